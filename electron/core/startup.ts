/**
 * From saved settings to a running core:
 *
 * - an AMI host: the AMI companion (state, queues, dial, hang up, recording, transfers). With ARI
 *   on as well, ARI adds one thing AMI does poorly: supervisor listen and whisper (snoop + bridge),
 *   for a user the settings mark as a supervisor. Everything else stays on AMI: AMI recording
 *   (MixMonitor) already covers every call, Stasis or not, so a second recording path would only
 *   split one button in two. A non-supervisor with ARI on gets no ARI connection at all.
 * - no AMI host, ARI on (enabled, URL, user, password): the ARI companion is the core (state,
 *   calls, dial, hang up, recording of Stasis calls; queues and transfers answer that they need AMI).
 * - relay mode (pbx.mode 'relay'): the desk companion (relay/desk-companion.ts), which reads the agent
 *   from a `pbx-companion relay` over NATS with the desk's seed from the keychain; the AMI and ARI
 *   fields are not used. It is a Companion like the others: the shells cannot tell it apart.
 * - neither: the built-in demo PBX started in-process on loopback (a real AMI server), so a fresh
 *   install shows a working call center with a visible "Demo PBX" label instead of an empty window.
 */
import { readFile } from 'node:fs/promises';
import type { Companion } from '../shared/companion.ts';
import { english, phrase, phraseOfError, type Phrase, type PhraseCode, type PhraseParam } from '../shared/phrases/index.ts';
import { agentIdentity } from './agent/identity.ts';
import { AriClient } from './ari/client.ts';
import { createAriCompanion } from './ari/companion.ts';
import { AriEventStream } from './ari/events.ts';
import { createSupervisorDesk, type SupervisorDesk } from './ari/supervisor-desk.ts';
import { createCompanion, watchScreenPop, type CompanionConfig } from './companion.ts';
import { startDemoPbx } from './demo/index.ts';
import { startCallGenerator } from './demo/generator.ts';
import { PhrasedError } from './errors/phrased-error.ts';
import { createDeskCompanion } from './relay/desk-companion.ts';
import type { Settings } from './settings/schema.ts';
import type { LifecycleDecision, PopDecision } from './screenpop/screenpop.ts';

export const DEMO_LABEL = 'Demo PBX';
/** What the demo's screen pop opens when the settings have no template of their own. */
export const DEMO_POP_TEMPLATE = 'https://crm.example.com/customer?id={var.CUSTOMER_ID}&phone={number}&queue={queue}';

export interface StartHooks {
  onPop?: (pop: PopDecision) => void;
  onPopLifecycle?: (decision: LifecycleDecision) => void;
  /** `phrase` is `text` as a phrase, for a shell that says it in the agent's language. */
  onNotice?: (text: string, level: 'info' | 'error', phrase?: Phrase) => void;
  logger?: { warn(message: string): void };
  /** The user data folder (the call log's outbox); without one there is no call log. */
  stateDir?: string;
}

/** The secrets from the keychain; null where none is stored. */
export interface StartSecrets {
  ami: string | null;
  ari: string | null;
  /** Relay mode: the desk's NATS seed (or password), kept under natsAccount(relayUser(settings)). */
  nats?: string | null;
  /** The call log's shared HMAC secret, kept under callLogAccount(settings.callLog.url). */
  callLog?: string | null;
}

/** What start-up hands the shell: a Companion it can close, and listen/whisper for supervisors. */
export type StartedCore = Companion & {
  close(): Promise<void>;
  /** Present when settings.ari.supervisor is on and ARI is configured (with or without AMI). */
  supervisor?: SupervisorDesk;
};

/** True when the settings name no PBX at all (no AMI host, no ARI): the app then runs on the demo. */
export function usesDemo(settings: Settings): boolean {
  return settings.pbx.host.trim() === '' && !usesAri(settings);
}

/** The desk's NATS user in relay mode: settings.pbx.relay.user with `{extension}` filled in (`desk-1001`). */
export function relayUser(settings: Settings): string {
  return settings.pbx.relay.user.replaceAll('{extension}', settings.pbx.extension.trim());
}

/** True when ARI is switched on with an address and a user (the password is in the keychain). */
export function usesAri(settings: Settings): boolean {
  const { ari } = settings;
  return ari.enabled && ari.url.trim() !== '' && ari.username.trim() !== '';
}

/** The parts of the config that come from settings alone (dialing, screen pop, recording). */
function sharedConfig(settings: Settings, hooks: StartHooks, template: string): Omit<CompanionConfig, 'pbx' | 'secret'> {
  const pop = settings.screenPop;
  return {
    dialRules: settings.dialing,
    afterCallWork: settings.afterCallWorkSeconds > 0 ? { seconds: settings.afterCallWorkSeconds } : null,
    recordingTemplate: settings.recording.fileTemplate,
    recordingOptions: settings.recording.options || undefined,
    screenPop:
      pop.trigger === 'never' || !template
        ? null
        : {
            template,
            allowedSchemes: pop.allowedSchemes,
            trigger: {
              when: pop.trigger === 'answered' ? 'answer' : 'ring',
              queues: pop.queues.length > 0 ? pop.queues : null,
              directions: pop.directCalls ? ['inbound', 'internal'] : ['inbound'],
            },
          },
    team: settings.team,
    onPop: hooks.onPop,
    onPopLifecycle: hooks.onPopLifecycle,
    onNotice: hooks.onNotice,
    logger: hooks.logger,
  };
}

/**
 * The core for these settings. `secrets` come from the keychain (a bare string is the AMI secret,
 * as older callers pass it). Throws, in words, when a needed secret or the extension is missing.
 */
export async function companionForSettings(
  settings: Settings,
  secrets: StartSecrets | string | null,
  hooks: StartHooks = {},
): Promise<StartedCore> {
  const {
    ami,
    ari,
    nats = null,
    callLog: callLogSecret = null,
  } = typeof secrets === 'string' || secrets === null ? { ami: secrets, ari: null } : secrets;
  const callLog = callLogConfig(settings, callLogSecret, hooks);
  const ariLogin = `${settings.ari.username}@${settings.ari.url}`;
  if (settings.pbx.mode === 'relay') return relayCompanion(settings, nats, hooks);
  if (usesDemo(settings)) return demoCompanion(settings, hooks, callLog);
  if (settings.pbx.host.trim() === '') {
    if (ari === null) throw PhrasedError.of('startup.no-ari-password', { login: ariLogin });
    return ariCompanion(settings, ari, hooks);
  }
  if (ami === null) throw PhrasedError.of('startup.no-ami-secret', { login: `${settings.pbx.username}@${settings.pbx.host}` });
  const { pbx } = settings;
  const ca = pbx.tls && pbx.caFile ? await readFile(pbx.caFile) : undefined;
  const core = await createCompanion({
    ...sharedConfig(settings, hooks, settings.screenPop.template),
    pbx: { ...pbx, ca, originateChannel: pbx.originateChannel.replaceAll('{extension}', pbx.extension) || undefined },
    secret: ami,
    queueLog: pbx.queueLog,
    label: pbx.label || undefined,
    callLog,
  });
  if (!usesAri(settings)) return core;
  if (!settings.ari.supervisor) {
    hooks.logger?.warn(
      'ARI is on, but beside AMI it only adds supervisor listen and whisper, and this user is not marked as a supervisor: ARI is not used.',
    );
    return core;
  }
  if (ari === null) {
    notice(hooks, 'startup.no-ari-password-supervisor', { login: ariLogin });
    return core;
  }
  try {
    return await withSupervisorDesk(core, settings, ari, hooks);
  } catch (error) {
    // AMI works on; only listen and whisper are lost.
    notice(hooks, 'startup.ari-failed', { why: phraseOfError(error) });
    return core;
  }
}

/** An error notice: its English for `text`, the phrase beside it. */
function notice(hooks: StartHooks, code: PhraseCode, params: Record<string, PhraseParam>): void {
  const said = phrase(code, params);
  hooks.onNotice?.(english(said), 'error', said);
}

/** The desk's Stasis application: settings.ari.app with `{extension}` filled in. */
export function ariAppName(settings: Settings): string {
  return settings.ari.app.replaceAll('{extension}', settings.pbx.extension.trim());
}

async function ariCa(settings: Settings): Promise<Buffer | undefined> {
  const file = settings.ari.caFile;
  if (!file || !settings.ari.url.trim().toLowerCase().startsWith('https:')) return undefined;
  try {
    return await readFile(file);
  } catch (error) {
    throw PhrasedError.of('startup.ari-ca-unreadable', { file, detail: phraseOfError(error) }, { cause: error });
  }
}

/** No AMI host: the ARI companion is the core, with the screen pop fed by its snapshots. */
async function ariCompanion(settings: Settings, secret: string, hooks: StartHooks): Promise<StartedCore> {
  const { pbx } = settings;
  if (!pbx.extension.trim()) throw PhrasedError.of('startup.no-extension');
  const core = await createAriCompanion({
    url: settings.ari.url.trim(),
    username: settings.ari.username.trim(),
    secret,
    ca: await ariCa(settings),
    app: ariAppName(settings),
    extension: pbx.extension.trim(),
    technology: pbx.technology,
    context: pbx.originateContext,
    dialRules: settings.dialing,
    label: pbx.label || undefined,
    logger: hooks.logger,
  });
  const identity = agentIdentity({ extension: pbx.extension, technology: pbx.technology });
  watchScreenPop(sharedConfig(settings, hooks, settings.screenPop.template), identity.extension, (listener) => core.subscribe(listener));
  if (!settings.ari.supervisor) return core;
  const supervisor = createSupervisorDesk({
    client: core.client,
    events: core.events,
    app: core.app,
    device: identity.device,
    technology: pbx.technology,
  });
  return {
    ...core,
    supervisor,
    async close() {
      await supervisor.close();
      await core.close();
    },
  };
}

/**
 * AMI is the core; ARI adds listen and whisper: the desk's application on the events WebSocket
 * (where the supervisor's answer arrives) and the REST client. Resolves once ARI's first
 * connection attempt has settled; a refusal (wrong password, untrusted certificate) is a notice.
 */
async function withSupervisorDesk(core: StartedCore, settings: Settings, secret: string, hooks: StartHooks): Promise<StartedCore> {
  const { pbx } = settings;
  const identity = agentIdentity({ extension: pbx.extension, technology: pbx.technology });
  const client = new AriClient({ url: settings.ari.url.trim(), username: settings.ari.username.trim(), secret, ca: await ariCa(settings) });
  const events = new AriEventStream({ http: client.http, app: ariAppName(settings), logger: hooks.logger });
  // A refusal does not fix itself (the stream stops retrying): say so once, when it happens.
  events.onStatus((status, error) => {
    if (status === 'failed')
      notice(hooks, 'startup.ari-stream-failed', { why: error ? phraseOfError(error) : phrase('ari.connection-failed') });
  });
  const settled = new Promise<void>((resolve) => {
    const off = events.onStatus((status) => {
      if (status === 'connecting') return;
      off();
      resolve();
    });
  });
  events.start();
  await settled;
  const supervisor = createSupervisorDesk({
    client,
    events,
    app: ariAppName(settings),
    device: identity.device,
    technology: pbx.technology,
  });
  return {
    ...core,
    supervisor,
    async close() {
      await supervisor.close();
      await events.close();
      await core.close();
    },
  };
}

/** Relay mode: the desk companion on the relay's NATS servers, logged in with the desk's seed. */
async function relayCompanion(settings: Settings, seed: string | null, hooks: StartHooks): Promise<StartedCore> {
  const { pbx } = settings;
  if (!pbx.extension.trim()) throw PhrasedError.of('startup.no-extension');
  const user = relayUser(settings);
  if (seed === null) throw PhrasedError.of('startup.no-nats-seed', { user });
  return createDeskCompanion({
    ...sharedConfig(settings, hooks, settings.screenPop.template),
    servers: pbx.relay.urls,
    user,
    credential: seed,
    identity: { extension: pbx.extension.trim(), technology: pbx.technology, hintContext: pbx.hintContext },
    // Listen and whisper go through the relay, which allows them only to the supervisors it names.
    supervisor: settings.ari.supervisor,
    // Short: a desk of a cluster moves to the next node in a fraction of a second (issue 17: 0.2 s at 100 ms).
    reconnectTimeWaitMs: 250,
  });
}

/**
 * The call log to the CRM as the settings and the keychain give it, or null: no URL, no user data
 * folder, or no shared secret stored (said: the records would be unsigned, so none are sent).
 */
function callLogConfig(settings: Settings, secret: string | null, hooks: StartHooks): CompanionConfig['callLog'] {
  const { url, dispositions, required } = settings.callLog;
  if (!url || !hooks.stateDir) return null;
  if (!secret) {
    notice(hooks, 'startup.no-calllog-secret', { url });
    return null;
  }
  return { url, secret, stateDir: hooks.stateDir, dispositions, required };
}

/** The demo PBX in-process, a call every 30 s, and a core connected to it; close() ends both. */
async function demoCompanion(settings: Settings, hooks: StartHooks, callLog: CompanionConfig['callLog']): Promise<StartedCore> {
  const extension = settings.pbx.extension.trim() || '1001';
  // The demo phone answers by itself a few seconds after it rings: no AMI action can answer a call.
  // agiIvr: the generated calls' customers come through the demo's FastAGI service, as a real IVR's would.
  const demo = await startDemoPbx({ extension, answerAfterMs: 4000, agiIvr: true });
  const stopCalls = startCallGenerator(demo.control, { everyMs: 30_000, talkMs: 20_000 });
  try {
    const core = await createCompanion({
      ...sharedConfig(settings, hooks, settings.screenPop.template || DEMO_POP_TEMPLATE),
      pbx: { host: demo.host, port: demo.port, username: 'agent', extension },
      secret: 'demo',
      // The demo's second phone (1002) is a colleague to watch and transfer to, unless the settings name others.
      team: { ...settings.team, extensions: settings.team.extensions.length > 0 ? settings.team.extensions : ['1002'] },
      label: DEMO_LABEL,
      callLog,
    });
    return {
      ...core,
      async close() {
        stopCalls();
        await core.close();
        await demo.close();
      },
    };
  } catch (error) {
    stopCalls();
    await demo.close();
    throw error;
  }
}
