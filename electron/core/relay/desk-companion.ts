/**
 * The desk's Companion in relay mode: the same snapshot, subscription and verbs as the direct one
 * (companion.ts), read from the relay over NATS instead of the PBX, so the shells cannot tell them
 * apart.
 *
 * On connect and on every reconnect it asks for the current snapshot (`get`), then applies the
 * published changes in order: seq + 1 is applied, the same seq is nothing new, anything else (a
 * gap, or a restarted relay counting from 1 again) fetches the whole snapshot again. The relay's
 * sign of life (RELAY_ALIVE, every few seconds) from another relay instance than the snapshot's, or
 * while the picture is stale, fetches it again too. While NATS or the relay cannot be reached (a
 * disconnect, a `get` unanswered, no message at all for `staleAfterMs`) the last snapshot stays
 * on show marked stale (status reconnecting), never emptied.
 *
 * Verbs are requests on the agent's own verb subjects (listen and whisper too, for a supervisor).
 * As in direct mode, and on the snapshots received: the screen pop and after-call work run here
 * (ACW pauses through the relay's verbs), and the relay's notices (how a click-to-dial ended) go
 * to onNotice.
 *
 * The team view comes from the relay's one picture for all desks (desk-team.ts): this desk makes
 * its own `team` from it, for its queues and its `team.extensions`, and its own figures (`me`)
 * from its snapshots, as a direct desk does (team/my-figures.ts).
 */
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { agentIdentity, type IdentitySettings } from '../agent/identity.ts';
import { emptySnapshot } from '../agent/state.ts';
import { dialPreview } from '../actions/agent-verbs.ts';
import type { DialRules } from '../dialing/normalize.ts';
import { watchScreenPop, type CompanionConfig, type ScreenPopHooks } from '../companion.ts';
import { AfterCallWork } from '../actions/after-call.ts';
import type { Membership, PauseRequest } from '../actions/pause.ts';
import { systemClock } from '../ami/clock.ts';
import type { Companion, VerbResult } from '../../shared/companion.ts';
import { english, phrase, refusal, refused, type Phrase } from '../../shared/phrases/index.ts';
import type { ConnectionStatus, Snapshot } from '../../shared/snapshot.ts';
import { MyDay } from '../team/my-figures.ts';
import { DeskTeam } from './desk-team.ts';
import { natsAuthOptions } from './nats-auth.ts';
import {
  deskInboxPrefix,
  getSubject,
  noticeSubject,
  RELAY_ALIVE,
  snapshotSubject,
  TEAM_GET,
  TEAM_SUBJECT,
  verbSubject,
} from './subjects.ts';
import { decodeAlive, decodeNotice, decodeSnapshot, decodeVerbResult, type SupervisorVerbs, type VerbName } from './wire.ts';

export interface DeskCompanionConfig extends Partial<ScreenPopHooks>, Pick<CompanionConfig, 'afterCallWork' | 'onNotice' | 'team'> {
  /** The NATS servers, e.g. `nats://relay-1:4222` (several for a cluster). */
  servers: readonly string[];
  /** The desk's own NATS credential: its nkey seed (`SU...`, as `relay --print-nats-conf` hands out) or a password for `user`. */
  credential?: string;
  user?: string;
  identity: IdentitySettings;
  dialRules?: DialRules;
  /** No message from the relay for this long (its sign of life included) marks the picture stale. Default 15000 ms. */
  staleAfterMs?: number;
  /** How long a `get` or a verb waits for the relay. Default 5000 ms (a verb: 20000 ms). */
  requestTimeoutMs?: number;
  verbTimeoutMs?: number;
  /** Between two reconnect attempts to NATS; default 2000 ms (a cluster: a short wait, see issue 17). */
  reconnectTimeWaitMs?: number;
  /**
   * How long start-up waits for the first NATS connection before it returns a desk that says the
   * relay cannot be reached (it keeps trying in the background); default 3000 ms.
   */
  firstConnectWaitMs?: number;
  /** This desk's user is a supervisor (settings): it gets listen and whisper, which the relay allows only to those it names. */
  supervisor?: boolean;
  clock?: () => number;
  logger?: { warn(message: string): void };
}

export interface DeskCompanion extends Companion {
  close(): Promise<void>;
  /** Listen and whisper through the relay, as a direct desk's ARI supervisor desk offers them. */
  supervisor?: SupervisorVerbs & { close(): Promise<void> };
}

type Listener = (snapshot: Snapshot) => void;

export async function createDeskCompanion(config: DeskCompanionConfig): Promise<DeskCompanion> {
  const identity = agentIdentity(config.identity);
  const extension = identity.extension;
  const clock = config.clock ?? Date.now;
  const staleAfterMs = config.staleAfterMs ?? 15_000;
  const requestTimeoutMs = config.requestTimeoutMs ?? 5000;
  const listeners = new Set<Listener>();
  let shown: Snapshot = withStatus(emptySnapshot(identity, clock()), 'connecting', null, clock());
  /** The relay's seq of what is shown; null until a `get` answered. */
  let seq: number | null = null;
  /** The relay instance that seq counts in (wire.ts), once known. */
  let instance: string | undefined;
  let fetching: Promise<void> | null = null;
  let closed = false;
  let heardAt = clock();
  let retry: ReturnType<typeof setTimeout> | null = null;

  /** What the shells see: the relay's picture, with this desk's after-call work countdown, team and figures. */
  const view = (snapshot: Snapshot): Snapshot => {
    const team = deskTeam.info(snapshot.queues.map((q) => q.name));
    return {
      ...snapshot,
      ...(acw ? { afterCallWork: acw.current() } : {}),
      ...(team ? { team } : {}),
      me: myDay.figures(clock()),
    };
  };
  const notify = (): void => {
    const next = view(shown);
    for (const listener of [...listeners]) {
      try {
        listener(next);
      } catch (error) {
        config.logger?.warn(`a snapshot listener failed: ${String(error)}`);
      }
    }
  };
  const show = (next: Snapshot): void => {
    if (next === shown) return;
    shown = next;
    acw?.observe(next);
    myDay.observe(next, clock());
    notify();
  };
  /** The last picture kept, marked stale with why (once: the same words are no change). */
  const stale = (why: Phrase): void => {
    seq = null;
    const c = shown.connection;
    if (c.stale && c.status !== 'live' && c.errorPhrase?.code === why.code) return;
    const status: ConnectionStatus = c.status === 'connecting' ? 'connecting' : 'reconnecting';
    show(withStatus(shown, status, why, clock()));
  };

  // Not awaited: with NATS down the app must still start, and say why, while this keeps trying.
  const connecting = connect({
    servers: [...config.servers],
    ...(config.credential ? natsAuthOptions(config.credential, config.user) : {}),
    inboxPrefix: deskInboxPrefix(extension),
    name: `pbx-companion desk ${extension}`,
    maxReconnectAttempts: -1,
    reconnectTimeWait: config.reconnectTimeWaitMs ?? 2000,
    waitOnFirstConnect: true,
  });
  let nc: NatsConnection | null = null;
  let sub: Subscription | null = null;
  let notices: Subscription | null = null;
  let alive: Subscription | null = null;
  let teamSub: Subscription | null = null;
  const myDay = new MyDay(clock());
  const deskTeam = new DeskTeam({
    ...config.team,
    extension,
    fetch: async () => {
      if (!nc) throw new Error('not connected to NATS yet');
      return (await nc.request(TEAM_GET, '', { timeout: requestTimeoutMs })).data;
    },
    onChange: notify,
    logger: config.logger,
  });

  const verb = async (name: VerbName, body: object): Promise<VerbResult> => {
    if (!nc) return refusal(phrase('relay.no-answer', { why: 'not connected to NATS yet' }));
    try {
      const reply = await nc.request(verbSubject(extension, name), JSON.stringify(body), { timeout: config.verbTimeoutMs ?? 20_000 });
      return decodeVerbResult(reply.data);
    } catch (error) {
      return refusal(phrase('relay.no-answer', { why: reasonOf(error) }));
    }
  };

  // After-call work runs at the desk, as in direct mode, pausing through the relay's verbs.
  const acwConfig = config.afterCallWork;
  const acw =
    acwConfig && acwConfig.seconds > 0
      ? new AfterCallWork({
          seconds: acwConfig.seconds,
          reason: acwConfig.reason,
          clock: acwConfig.timers ?? { ...systemClock, now: clock },
          setPaused: (memberships, request) => pauseThroughRelay(verb, memberships, request),
          onNotice: config.onNotice,
        })
      : null;
  acw?.onChange(notify);

  /** What the relay tells this agent beyond snapshots (how a click-to-dial ended): said as a direct desk says it. */
  const onNotice = (data: Uint8Array): void => {
    const notice = decodeNotice(data);
    if ('error' in notice) return config.logger?.warn(`desk: a notice from the relay was not read: ${english(notice.error)}`);
    config.onNotice?.(notice.text, notice.level, notice.phrase);
  };

  const refetchSoon = (): void => {
    if (retry || closed) return;
    retry = setTimeout(() => {
      retry = null;
      void fetchSnapshot();
    }, 1000);
    retry.unref?.();
  };

  /** Asks for the whole snapshot; published changes that arrive meanwhile wait for the answer. */
  const fetchSnapshot = (): Promise<void> => {
    if (fetching) return fetching;
    held = [];
    fetching = (async () => {
      try {
        if (!nc) return;
        const reply = await nc.request(getSubject(extension), '', { timeout: requestTimeoutMs });
        const message = decodeSnapshot(reply.data);
        if ('error' in message) {
          stale(message.error);
          return refetchSoon();
        }
        heardAt = clock();
        seq = message.seq;
        instance = message.relay;
        show(message.snapshot);
      } catch (error) {
        stale(phrase('relay.unreachable', { why: reasonOf(error) }));
        refetchSoon();
      } finally {
        fetching = null;
        const waiting = held;
        held = null;
        for (const data of waiting ?? []) onPublished(data);
      }
    })();
    return fetching;
  };

  let held: Uint8Array[] | null = null;
  const onPublished = (data: Uint8Array): void => {
    if (held) return void held.push(data);
    heardAt = clock();
    const message = decodeSnapshot(data);
    if ('error' in message) return stale(message.error);
    if (seq !== null && message.seq === seq) return; // the heartbeat
    if (seq !== null && message.seq === seq + 1 && message.relay === instance) {
      seq = message.seq;
      return show(message.snapshot);
    }
    void fetchSnapshot();
  };

  /** The relay lives: heard. Another instance than the snapshot's, or a stale picture: ask for the snapshot again. */
  const onAlive = (data: Uint8Array): void => {
    heardAt = clock();
    const alive = decodeAlive(data);
    if ('error' in alive) return config.logger?.warn(`desk: the relay's sign of life was not read: ${english(alive.error)}`);
    if (seq === null || alive.relay !== instance) void fetchSnapshot();
    deskTeam.alive(alive.relay);
  };

  /** Once connected: the agent's changes, the connection's life, then the whole snapshot. */
  const started = connecting.then(
    async (connection) => {
      if (closed) return void connection.close();
      nc = connection;
      sub = connection.subscribe(snapshotSubject(extension), {
        callback: (error, msg) => (error ? config.logger?.warn(`desk: ${error.message}`) : onPublished(msg.data)),
      });
      alive = connection.subscribe(RELAY_ALIVE, {
        callback: (error, msg) => (error ? config.logger?.warn(`desk: ${error.message}`) : onAlive(msg.data)),
      });
      notices = connection.subscribe(noticeSubject(extension), {
        callback: (error, msg) => (error ? config.logger?.warn(`desk: ${error.message}`) : onNotice(msg.data)),
      });
      // After what came with it: a ring read in the same chunk is shown before a colleague's lamp.
      teamSub = connection.subscribe(TEAM_SUBJECT, {
        callback: (error, msg) =>
          error ? config.logger?.warn(`desk: ${error.message}`) : void setImmediate(() => !closed && deskTeam.published(msg.data)),
      });
      // Stale while down, the whole snapshot again on every reconnect.
      void (async () => {
        for await (const status of connection.status()) {
          if (status.type === 'disconnect') stale(phrase('relay.unreachable', { why: 'NATS disconnected' }));
          else if (status.type === 'reconnect') void fetchSnapshot().then(() => deskTeam.refresh());
        }
      })();
      await connection.flush();
      await fetchSnapshot();
      await deskTeam.refresh();
    },
    (error: unknown) => stale(phrase('relay.unreachable', { why: reasonOf(error) })),
  );

  // A relay that died says nothing: its silence past staleAfterMs is the sign.
  const watchdog = setInterval(
    () => {
      if (closed || fetching || !shown.connection || seq === null) return;
      const silent = clock() - heardAt;
      if (silent < staleAfterMs) return;
      stale(phrase('relay.silent', { seconds: Math.round(silent / 1000) }));
      void fetchSnapshot();
    },
    Math.max(100, Math.min(1000, staleAfterMs / 4)),
  );
  watchdog.unref?.();

  let waiting: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<'waited'>((resolve) => (waiting = setTimeout(() => resolve('waited'), config.firstConnectWaitMs ?? 3000)));
  if ((await Promise.race([started, waited])) === 'waited') stale(phrase('relay.unreachable', { why: 'no NATS server answered yet' }));
  clearTimeout(waiting);

  const dialRules = config.dialRules ?? { defaultCountry: 'US' };

  const companion: DeskCompanion = {
    snapshot: () => view(shown),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    previewDial: async (input) => dialPreview(input, dialRules),
    dial: (input) => verb('dial', { number: input }),
    pause: ({ queue, reason }) => verb('pause', { queue, reason }),
    unpause: ({ queue }) => verb('unpause', { queue }),
    queueLogin: (queue) => verb('queue-login', { queue }),
    queueLogout: (queue) => verb('queue-logout', { queue }),
    record: (op, callId) => verb('record', { op, callId }),
    hangup: (callId) => verb('hangup', { callId }),
    transfer: (target, options = {}) => verb('transfer', { target, attended: options.attended, callId: options.callId }),
    async close() {
      closed = true;
      clearInterval(watchdog);
      if (retry) clearTimeout(retry);
      acw?.stop();
      sub?.unsubscribe();
      notices?.unsubscribe();
      alive?.unsubscribe();
      teamSub?.unsubscribe();
      await nc?.close();
    },
  };
  if (config.supervisor)
    companion.supervisor = {
      supervise: (agent, mode) => verb('supervise', { agent, mode }),
      stopSupervising: () => verb('stop-supervising', {}),
      close: async () => {},
    };
  watchScreenPop(config, extension, (listener) => companion.subscribe(listener));
  return companion;
}

/** Pauses or unpauses each membership by its queue, one verb each; the first refusal, or the first success. */
async function pauseThroughRelay(
  verb: (name: VerbName, body: object) => Promise<VerbResult>,
  memberships: readonly Membership[],
  request: PauseRequest,
): Promise<VerbResult> {
  const results = await Promise.all(
    memberships.map((m) =>
      request.paused ? verb('pause', { queue: m.queue, reason: request.reason ?? '' }) : verb('unpause', { queue: m.queue }),
    ),
  );
  return results.find((r) => !r.ok) ?? results[0] ?? refused('verb.not-member-any');
}

function withStatus(snapshot: Snapshot, status: ConnectionStatus, why: Phrase | null, now: number): Snapshot {
  const c = snapshot.connection;
  return {
    ...snapshot,
    connection: {
      ...c,
      status,
      stale: true,
      error: why ? english(why) : null,
      errorPhrase: why,
      since: c.status === status ? c.since : now,
    },
  };
}

/** A NATS error in a few words (no responders: the relay is not running). */
function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/no responders|503/i.test(text)) return 'no relay is running';
  if (/timeout/i.test(text)) return 'timed out';
  return text.slice(0, 120);
}
