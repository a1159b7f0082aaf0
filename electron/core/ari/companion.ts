/**
 * A Companion (electron/shared/companion.ts) over ARI alone, for sites that enable ARI and give
 * the desk no AMI user: the agent's state, calls, click-to-dial, hang up and recording control.
 *
 * On every (re)connect of the events WebSocket it subscribes the application to the agent's
 * endpoint and device state (`endpoint:PJSIP/1001`, `deviceState:PJSIP/1001`: the phone's channels
 * and state reach the app without subscribeAll), reads the Asterisk version, the endpoint and the
 * channels, and only then applies the events that arrived meanwhile (snapshot, then changes: no
 * ghost call after a drop).
 *
 * Queues need AMI (ARI has no queue resource): pause, unpause, queue log-in and log-out answer so,
 * and `queues` stays empty. Transfers need AMI too. Recording works for calls in a Stasis
 * application only (ARI records only those; Asterisk answers 409 otherwise).
 */
import type { Companion, DialPreview, RecordOp, VerbResult } from '../../shared/companion.ts';
import type { CallInfo, Snapshot } from '../../shared/snapshot.ts';
import { agentIdentity, type Technology } from '../agent/identity.ts';
import type { BackoffStrategy } from '../ami/backoff.ts';
import type { Clock } from '../ami/clock.ts';
import type { DialRules } from '../dialing/normalize.ts';
import { callToActOn, dialPreview, isVerbResult } from '../actions/agent-verbs.ts';
import { BufferedSync } from '../sync/buffered-sync.ts';
import { cannotDial } from '../actions/errors.ts';
import { actionPhrases } from '../../shared/phrases/actions.ts';
import { phrase, phraseOfError, refused, succeeded, type PhraseCode } from '../../shared/phrases/index.ts';
import { emptyAriState, reduceAri, type AriAgentState, type AriInput } from './agent.ts';
import { AriClient } from './client.ts';
import { originateDial } from './dial.ts';
import { AriError } from './errors.ts';
import { AriEventStream, type AriLogger, type AriStreamStatus } from './events.ts';
import type { AriEvent } from './types.ts';

export interface AriCompanionConfig {
  /** `http://127.0.0.1:8088` (or https with the certificate checked). */
  url: string;
  username: string;
  /** The ARI password, or a function that reads it (from the keychain) when needed. */
  secret: string | (() => string | Promise<string>);
  ca?: string | Buffer;
  /** The Stasis application name of this desk. Default `pbx-companion-EXTENSION`. */
  app?: string;
  extension: string;
  technology?: Technology;
  device?: string;
  /** Where click-to-dial continues once the agent answers. Default `from-internal`. */
  context?: string;
  dialRules?: DialRules;
  /** ChannelVarset names to keep in a call's `vars`, besides ari.conf's `channelvars`. */
  variables?: string[];
  label?: string;
  clock?: () => number;
  logger?: AriLogger;
  /** Tuning, mostly for tests. */
  timeoutMs?: number;
  maxEventBytes?: number;
  pingIntervalMs?: number;
  reconnect?: boolean;
  backoff?: BackoffStrategy;
  random?: () => number;
  timers?: Clock;
}

export interface AriCompanion extends Companion {
  readonly client: AriClient;
  readonly app: string;
  /** The app's events (for supervise() and other ARI features the shells enable). */
  readonly events: AriEventStream;
  /** The computer woke or the network changed: check the event stream now (AriEventStream.checkNow). */
  checkConnection(): void;
  close(): Promise<void>;
}

export const QUEUES_NEED_AMI = actionPhrases['verb.queues-need-ami'];
const DEFAULT_DIAL_RULES: DialRules = { defaultCountry: 'US' };

/** Builds the companion and connects; resolves once the first connection attempt has settled. */
export async function createAriCompanion(config: AriCompanionConfig): Promise<AriCompanion> {
  const identity = agentIdentity({ extension: config.extension, technology: config.technology, device: config.device || undefined });
  const app = config.app ?? `pbx-companion-${identity.extension}`;
  const client = new AriClient({
    url: config.url,
    username: config.username,
    ...(typeof config.secret === 'string' ? { secret: config.secret } : { getSecret: config.secret }),
    ca: config.ca,
    timeoutMs: config.timeoutMs,
  });
  const stream = new AriEventStream({
    http: client.http,
    app,
    maxPayloadBytes: config.maxEventBytes,
    pingIntervalMs: config.pingIntervalMs,
    reconnect: config.reconnect,
    backoff: config.backoff,
    random: config.random,
    clock: config.timers,
    logger: config.logger,
  });
  const now = config.clock ?? Date.now;
  const logger = config.logger ?? { warn: () => {} };
  const dialRules = config.dialRules ?? DEFAULT_DIAL_RULES;
  const listeners = new Set<(snapshot: Snapshot) => void>();
  const recordings = new Map<string, string>();
  let state: AriAgentState = emptyAriState(identity, { variables: config.variables, now: now() });
  let shown: Snapshot | null = null;

  const view = (): Snapshot => {
    const snap = state.snapshot;
    if (!config.label) return snap;
    if (
      shown?.calls !== snap.calls ||
      shown.connection.status !== snap.connection.status ||
      shown.extension !== snap.extension ||
      shown.history !== snap.history ||
      shown.connection.error !== snap.connection.error
    )
      shown = { ...snap, connection: { ...snap.connection, label: config.label } };
    return shown;
  };
  const apply = (input: AriInput) => {
    const next = reduceAri(state, input, now());
    if (next.snapshot === state.snapshot) {
      state = next;
      return;
    }
    state = next;
    const snapshot = view();
    for (const listener of [...listeners]) listener(snapshot);
  };

  // Events are held while a resync reads the PBX's state; an overtaken resync is dropped.
  const gate = new BufferedSync<AriEvent>();
  let settleFirst: (() => void) | null = null;
  const firstSettled = new Promise<void>((resolve) => (settleFirst = resolve));

  stream.onEvent((event) => {
    if (gate.holding) gate.hold(event);
    else apply({ kind: 'event', event });
  });
  stream.onStatus((status: AriStreamStatus, error) => {
    if (status === 'live') return; // resync() says when the snapshot is live
    const mapped =
      status === 'connecting' ? 'connecting' : status === 'reconnecting' ? 'reconnecting' : status === 'failed' ? 'failed' : 'disconnected';
    apply({ kind: 'connection', status: mapped, error: error ? phraseOfError(error) : null });
    if (status !== 'connecting') settleFirst?.();
  });
  stream.onOpen(() => void resync());

  /**
   * The PBX's state over REST as one `sync` input. ARI has no list actions: the four requests are
   * one "list" for the shared skeleton, so an overtaken resync is dropped when they are all in.
   */
  async function readState(): Promise<{ sync: AriInput; asteriskVersion: string | null }> {
    await client.applications.subscribe(app, [`endpoint:${identity.device}`, `deviceState:${identity.device}`]);
    const info = await client.asterisk.info();
    const endpoint = await client.endpoints.get(identity.device).catch((error: unknown) => {
      if (error instanceof AriError && error.kind === 'not-found')
        throw new AriError('not-found', phrase('ari.endpoint-missing', { device: identity.device }), error.details);
      throw error;
    });
    const channels = await client.channels.list();
    return { sync: { kind: 'sync', endpoint, channels }, asteriskVersion: info?.system?.version ?? null };
  }

  async function resync(): Promise<void> {
    const ticket = gate.begin();
    apply({ kind: 'connection', status: 'syncing', error: null });
    let asteriskVersion: string | null = null;
    try {
      const read = readState().then((state) => {
        asteriskVersion = state.asteriskVersion;
        return [state.sync];
      });
      const held = await gate.run(ticket, [read], apply);
      if (held === null) return;
      for (const event of held) apply({ kind: 'event', event });
      apply({ kind: 'connection', status: 'live', error: null, asteriskVersion });
    } catch (error) {
      if (!gate.current(ticket)) return;
      gate.release();
      const reason = error instanceof AriError ? error : new AriError('bad-response', String(error));
      logger.warn(`ARI resync failed: ${reason.message}`);
      stream.restart(reason);
    } finally {
      if (gate.current(ticket)) settleFirst?.();
    }
  }

  // The AMI verbs' choice of call and refusals (actions/agent-verbs.ts): every call here has its
  // channel and its channel id (`uniqueid`), so the same rule picks the same call.
  const callOrError = (callId: string | undefined, noCall: PhraseCode): CallInfo | VerbResult =>
    callToActOn(state.snapshot, callId, noCall);
  const isCall = (x: CallInfo | VerbResult): x is CallInfo => !isVerbResult(x);
  const failed = (error: unknown, notFound: PhraseCode = 'verb.call-ended'): VerbResult => {
    if (error instanceof AriError && error.kind === 'not-found' && /Channel not found|Recording not found/i.test(error.pbxMessage ?? ''))
      return refused(notFound);
    return { ok: false, error: error instanceof Error ? error.message : String(error), phrase: phraseOfError(error) };
  };
  const noQueues = async (): Promise<VerbResult> => refused('verb.queues-need-ami');

  const previewDial = async (input: string): Promise<DialPreview> => dialPreview(input, dialRules);

  stream.start();
  await firstSettled;

  return {
    client,
    app,
    events: stream,
    checkConnection: () => stream.checkNow(),
    snapshot: view,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    previewDial,
    async dial(input) {
      const plan = dialPreview(input, dialRules);
      if (!plan.ok || !plan.dialString) return cannotDial(plan);
      try {
        const { channel, display } = await originateDial(client, {
          device: identity.device,
          plan: { ...plan, dialString: plan.dialString },
          context: config.context,
        });
        apply({ kind: 'originated', channel, number: plan.dialString });
        return succeeded('dial.will-ring', { exten: display });
      } catch (error) {
        return failed(error);
      }
    },
    async hangup(callId) {
      const call = callOrError(callId, 'verb.no-call-to-hang-up');
      if (!isCall(call)) return call;
      try {
        await client.channels.hangup(call.uniqueid!);
        return succeeded('verb.hung-up');
      } catch (error) {
        return failed(error);
      }
    },
    async record(op: RecordOp, callId?: string) {
      const call = callOrError(callId, 'verb.no-call-to-record');
      if (!isCall(call)) return call;
      const channelId = call.uniqueid!;
      const name = recordings.get(channelId);
      try {
        if (op === 'start') {
          const file = `companion-${identity.extension}-${channelId.replace(/[^A-Za-z0-9_-]/g, '_')}-${now()}`;
          await client.channels.record(channelId, { name: file, format: 'wav', ifExists: 'fail' });
          recordings.set(channelId, file);
          apply({ kind: 'recording', channelId, recording: 'on' });
          return succeeded('verb.recording');
        }
        if (!name) return refused('verb.no-recording-started');
        if (op === 'stop') {
          await client.recordings.live.stop(name);
          recordings.delete(channelId);
          apply({ kind: 'recording', channelId, recording: 'off' });
          return succeeded('verb.recording-stopped');
        }
        if (op === 'mute') await client.recordings.live.mute(name);
        else await client.recordings.live.unmute(name);
        apply({ kind: 'recording', channelId, recording: op === 'mute' ? 'muted' : 'on' });
        return succeeded(op === 'mute' ? 'verb.recording-muted' : 'verb.recording-resumed');
      } catch (error) {
        if (error instanceof AriError && error.kind === 'conflict' && /Stasis/i.test(error.pbxMessage ?? ''))
          return refused('verb.ari-records-stasis-only');
        return failed(error, 'verb.recording-ended');
      }
    },
    pause: noQueues,
    unpause: noQueues,
    queueLogin: noQueues,
    queueLogout: noQueues,
    async transfer() {
      return refused('verb.transfers-need-ami');
    },
    async close() {
      gate.overtake();
      listeners.clear();
      await stream.close();
    },
  };
}
