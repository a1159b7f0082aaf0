/**
 * The facade every shell uses (tray, renderer through preload, CLI, tests): one Companion with a
 * snapshot, a subscription and the agent's verbs, over one AMI connection to the agent's PBX.
 * It composes the parts and holds no logic of its own: AmiClient (ami/), AgentEngine (agent/),
 * the verbs (actions/), the dialing rules (dialing/) and the screen pop (screenpop/).
 */
import { AmiClient, type AmiClientDiagnostics, type AmiClientOptions } from './ami/client.ts';
import type { AuthType } from './ami/login.ts';
import type { TlsOptions } from './ami/transport.ts';
import { agentIdentity, type Technology } from './agent/identity.ts';
import { AgentEngine } from './agent/sync.ts';
import { createAgentVerbs } from './actions/agent-verbs.ts';
import { AfterCallWork } from './actions/after-call.ts';
import { setPaused } from './actions/pause.ts';
import { systemClock, type Clock } from './ami/clock.ts';
import { ActionRunner } from './actions/runner.ts';
import type { DialRules } from './dialing/normalize.ts';
import { createScreenPop, type LifecycleDecision, type PopDecision } from './screenpop/screenpop.ts';
import type { TriggerOptions } from './screenpop/trigger.ts';
import { CallLog, type CallLogOptions } from './calllog/index.ts';
import type { TeamSettings } from './team/engine.ts';
import { attachTeam } from './team/attach.ts';
import type { AgentPoolVerbs, CallLogVerbs, Companion, CompanionVerbs, VerbResult } from '../shared/companion.ts';
import type { Snapshot } from '../shared/snapshot.ts';
import { english, phrase, phraseOfError, type Phrase } from '../shared/phrases/index.ts';
import { plainTextNotice } from '../shared/network.ts';

export interface PbxConnectionConfig {
  host: string;
  port?: number;
  tls?: boolean;
  /** PEM of the CA that signed the PBX's certificate (TLS), when it is not a public one. */
  ca?: string | Buffer;
  /** How the AMI user logs in; default md5 (the secret never crosses the wire). */
  auth?: AuthType;
  username: string;
  extension: string;
  technology?: Technology;
  device?: string;
  hintContext?: string;
  localMemberContext?: string;
  /** The agent number in the agent pool (Issabel's call center), e.g. `9001`. */
  agent?: string;
  originateContext?: string;
  /** How click-to-dial rings the agent first; default the device. FreePBX: `Local/1001@originate-skipvm`. */
  originateChannel?: string;
}

export interface ScreenPopConfig {
  template: string;
  allowedSchemes?: readonly string[];
  trigger?: TriggerOptions;
}

export interface CompanionConfig {
  pbx: PbxConnectionConfig;
  /** The AMI secret, or a function that reads it (from the keychain) on every login. */
  secret: string | (() => string | Promise<string>);
  /** Shown in the UI beside the connection state, e.g. "Demo PBX". */
  label?: string;
  dialRules?: DialRules;
  queueLog?: boolean;
  recordingTemplate?: string;
  /** MixMonitor's options for recordings the agent starts, e.g. `b`. */
  recordingOptions?: string;
  /** Pause the agent for `seconds` after an answered queue call (after-call work); `timers` for tests. */
  afterCallWork?: { seconds: number; reason?: string; timers?: Clock } | null;
  screenPop?: ScreenPopConfig | null;
  /** The call log to the CRM (records of ended calls, dispositions); the agent's extension is filled in. */
  callLog?: Omit<CallLogOptions, 'agentExtension' | 'onNotice'> | null;
  /** The team view's colleagues besides the agent's queues' members, and its bound (settings team.*). */
  team?: TeamSettings;
  /** Told of every screen pop decision (the shell opens the URL, a window or a notification). */
  onPop?: (pop: PopDecision) => void;
  /** Told when a popped call left unanswered (close the pop or say so) or rings here again (show it again). */
  onPopLifecycle?: (decision: LifecycleDecision) => void;
  /** Told of news the agent should read: how a click-to-dial ended, a pop that could not open (English, and the phrase to translate). */
  onNotice?: (text: string, level: 'info' | 'error', phrase?: Phrase) => void;
  clock?: () => number;
  logger?: { warn(message: string): void };
  /** After a sync failed on a live connection (a list that never completed), try again after this long (default 10 s). */
  syncRetryMs?: number;
  /** Client tuning for tests: keepalive, timeouts, reconnect backoff. */
  client?: Pick<
    AmiClientOptions,
    | 'keepaliveIntervalMs'
    | 'keepaliveTimeoutMs'
    | 'wakeCheckTimeoutMs'
    | 'actionTimeoutMs'
    | 'connectTimeoutMs'
    | 'reconnect'
    | 'backoff'
    | 'random'
    | 'socketFactory'
  >;
}

/** A Companion that owns its connection: started by createCompanion, ended by close(). */
export interface CoreCompanion extends Companion, AgentPoolVerbs, CallLogVerbs {
  close(): Promise<void>;
  /** The AMI client's counts that must stay flat across reconnects (pending actions, listeners, timers). */
  diagnostics(): AmiClientDiagnostics;
  /** The computer woke, the screen was unlocked or the network changed: check the PBX session now (AmiClient.checkNow). */
  checkConnection(): void;
}

const DEFAULT_DIAL_RULES: DialRules = { defaultCountry: 'US' };

export type ScreenPopHooks = Pick<CompanionConfig, 'screenPop' | 'dialRules' | 'onPop' | 'onPopLifecycle' | 'logger'>;

/** The screen pop of `config` fed by any core's snapshots (the AMI engine's, or the ARI companion's); nothing when none is configured. */
export function watchScreenPop(
  config: ScreenPopHooks,
  extension: string,
  subscribe: (listener: (snapshot: Snapshot) => void) => unknown,
): void {
  if (!config.screenPop?.template) return;
  const pop = createScreenPop({
    template: config.screenPop.template,
    allowedSchemes: config.screenPop.allowedSchemes,
    trigger: config.screenPop.trigger,
    extension,
    defaultCountry: config.dialRules?.defaultCountry,
    open: (decision) => config.onPop?.(decision),
    lifecycle: (decision) => config.onPopLifecycle?.(decision),
    log: (message: string) => config.logger?.warn(message),
  });
  subscribe((snapshot) => void pop.onSnapshot(snapshot));
}

/**
 * Builds the core and starts connecting. Resolves once the first login attempt has settled; a
 * failure does not reject: the snapshot says what went wrong and the client keeps retrying where
 * retrying can help.
 */
export async function createCompanion(config: CompanionConfig): Promise<CoreCompanion> {
  const { pbx } = config;
  const identity = agentIdentity({
    extension: pbx.extension,
    technology: pbx.technology,
    device: pbx.device || undefined,
    hintContext: pbx.hintContext,
    localMemberContext: pbx.localMemberContext,
    agent: pbx.agent || undefined,
  });
  const tls: boolean | TlsOptions = pbx.tls ? (pbx.ca ? { ca: pbx.ca } : true) : false;
  const client = new AmiClient({
    host: pbx.host,
    port: pbx.port,
    username: pbx.username,
    ...(typeof config.secret === 'string' ? { secret: config.secret } : { getSecret: config.secret }),
    tls,
    authType: pbx.auth ?? 'md5',
    logger: config.logger,
    ...config.client,
  });
  const clock = config.clock ?? Date.now;
  const engine = new AgentEngine({ connection: client, identity, clock, logger: config.logger, syncRetryMs: config.syncRetryMs });
  const label = config.label;
  const runner = new ActionRunner(client);
  const callLog = config.callLog ? await openCallLog(config, identity.extension) : null;
  // Watches before any shell does, so each shown snapshot carries the record and countdown it caused.
  if (callLog) engine.subscribe((snapshot) => callLog.observe(snapshot));
  const acwConfig = config.afterCallWork;
  const acw =
    acwConfig && acwConfig.seconds > 0
      ? new AfterCallWork({
          seconds: acwConfig.seconds,
          reason: acwConfig.reason,
          clock: acwConfig.timers ?? { ...systemClock, now: clock },
          setPaused: (memberships, request) => setPaused(runner, memberships, { ...request, queueLog: config.queueLog }),
          onNotice: config.onNotice,
          pending: callLog ? (callId) => callLog.needsDisposition(callId) : undefined,
        })
      : null;
  if (acw) engine.subscribe((snapshot) => acw.observe(snapshot));
  const team = attachTeam({ ...config.team, connection: client, identity, agent: engine, clock, logger: config.logger });
  const plainText = plainTextNotice({ host: pbx.host, tls: pbx.tls ?? false, auth: pbx.auth });
  const labelled = (snapshot: Snapshot): Snapshot =>
    label || plainText
      ? { ...snapshot, connection: { ...snapshot.connection, ...(label ? { label } : {}), ...(plainText ? { plainText } : {}) } }
      : snapshot;
  const shown = (snapshot: Snapshot): Snapshot => ({
    ...team.add(labelled(snapshot)),
    ...(acw ? { afterCallWork: acw.current() } : {}),
    ...(callLog ? { callLog: callLog.info() } : {}),
  });

  async function setDisposition(callId: string, code: string, note?: string): Promise<VerbResult> {
    if (!callLog) return { ok: false, error: english(phrase('calllog.url-empty')), phrase: phrase('calllog.url-empty') };
    const result = await callLog.dispose(callId, code, note);
    if (!result.ok) return result;
    // Saving is the agent's word that the after-call work is done.
    if (acw?.current()?.callId === callId) acw.endNow();
    const said = phrase('calllog.saved', { code });
    return { ok: true, message: english(said), phrase: said };
  }

  const verbs: CompanionVerbs & AgentPoolVerbs = createAgentVerbs({
    connection: client,
    runner,
    identity,
    snapshot: () => engine.snapshot(),
    dialRules: config.dialRules ?? DEFAULT_DIAL_RULES,
    originateChannel: pbx.originateChannel,
    context: pbx.originateContext,
    queueLog: config.queueLog,
    recordingTemplate: config.recordingTemplate,
    recordingOptions: config.recordingOptions,
    onDialOutcome: (result: VerbResult) =>
      config.onNotice?.(result.ok ? (result.message ?? 'Calling.') : result.error, result.ok ? 'info' : 'error', result.phrase),
    now: clock,
  });

  watchScreenPop(config, identity.extension, (listener) => engine.subscribe(listener));

  engine.start();
  team.start();
  await client.connect().catch(() => {
    // Shown in the snapshot (connection.status and error); the client retries where it can.
  });

  return {
    ...verbs,
    setDisposition,
    snapshot: () => shown(engine.snapshot()),
    subscribe: (listener) => {
      const off = [
        engine.subscribe((snapshot) => listener(shown(snapshot))),
        acw?.onChange(() => listener(shown(engine.snapshot()))),
        callLog?.onChange(() => listener(shown(engine.snapshot()))),
        team.engine.subscribe(() => listener(shown(engine.snapshot()))),
      ];
      return () => off.forEach((f) => f?.());
    },
    diagnostics: () => client.diagnostics,
    checkConnection: () => client.checkNow(),
    async close() {
      acw?.stop();
      team.stop();
      engine.stop();
      await client.close();
      await callLog?.close();
    },
  };
}

/** The call log, or null with a notice when its settings or its folder cannot be used: the calls go on without it. */
async function openCallLog(config: CompanionConfig, extension: string): Promise<CallLog | null> {
  try {
    return await CallLog.open({ ...config.callLog!, agentExtension: extension, onNotice: config.onNotice });
  } catch (error) {
    const said = phraseOfError(error);
    config.onNotice?.(english(said), 'error', said);
    return null;
  }
}
