/**
 * The one IPC contract between the preload and the main process. Each invoke channel is declared
 * once, below: the schema of its arguments, the `window.companion` method that calls it, and the type
 * of its result. Each push channel (main -> windows) likewise: its payload and the method that
 * listens to it. Everything else is derived from these two tables, as Electron Fiddle and GitHub
 * Desktop do: main's handler types (InvokeHandlers; electron/main/ipc.ts validates every payload
 * against the schema), the preload bridge's type (PreloadBridge, electron/preload/bridge.ts) and the
 * renderer's (renderer/src/lib/bridge.ts).
 */
import { z } from 'zod';
import type { Capabilities, ConnectionTestReport, PopPreview, TlsProbeReport } from './bridge.ts';
import type { ContactSearchResult } from './contacts.ts';
import { MAX_CONTACT_QUERY } from './contacts.ts';
import type { DialPreview, VerbResult } from './companion.ts';
import { HOST_MAX, PORT_MAX, PORT_MIN, USER_MAX, hasControlCharacters } from './fields.ts';
import type { Phrase } from './phrases/index.ts';
import type { Settings, SettingsNotice } from './settings.ts';
import type { Snapshot } from './snapshot.ts';

/**
 * What every invoke answers: the handler's value, or why it was refused (never a throw across IPC):
 * `phrase` for the window to say in the agent's language, `error` the same in English for the log.
 */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: string; phrase: Phrase };

/**
 * What a read of the bridge (getSnapshot, getSettings) rejects with when main refuses it: a plain
 * object, not an Error, because contextBridge carries only an Error's message into the page.
 */
export interface IpcRejection {
  message: string;
  phrase: Phrase;
}

/** The selection or link text can be a whole page; the core reads only the start of it. */
const input = z.string().max(64 * 1024);
const name = z.string().min(1).max(200);
const optionalId = z.string().min(1).max(200).optional();
/** A line of text without control characters (these reach an AMI login). */
const line = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .refine((value) => !hasControlCharacters(value), 'must not contain control characters');
const secret = z.string().min(1).max(1024);
/** Which keychain secret: the AMI secret, the ARI password, the desk's NATS seed in relay mode, or the call log's shared secret. */
const secretKind = z.enum(['ami', 'ari', 'nats', 'calllog']);
export type SecretKind = z.infer<typeof secretKind>;

/** The unsaved login "Test connection" tries: the settings window's values. */
const connectionTarget = z.strictObject({
  host: line(1, HOST_MAX),
  port: z.number().int().min(PORT_MIN).max(PORT_MAX),
  tls: z.boolean(),
  username: line(1, USER_MAX),
  /** Only named in the manager.conf stanza; any text here (the form says what is wrong with it). */
  extension: line(0, 40).optional(),
  /** The login method (settings pbx.auth); default md5. */
  auth: z.enum(['md5', 'plain']).optional(),
});
export type ConnectionTestTarget = z.infer<typeof connectionTarget>;

/** The unsaved ARI login its "Test connection" tries. */
const ariTarget = z.strictObject({
  url: line(1, 2000),
  username: line(1, USER_MAX),
  /** The CA file the form shows; the test uses a CA file only once it is saved (main reads no other path). */
  caFile: line(0, 4096).optional(),
});
export type AriConnectionTestTarget = z.infer<typeof ariTarget>;

/** One invoke channel: its arguments' schema, the bridge method that calls it and, as a type only, its result. */
export interface InvokeChannelSpec<Method extends string = string, Args extends z.ZodTuple = z.ZodTuple, Result = unknown> {
  readonly method: Method;
  readonly args: Args;
  /** Never set at run time: it carries the result's type. */
  readonly result?: Result;
}
/** `answers<Result>()('method', z.tuple([...]))`: the result comes first, as TypeScript cannot infer it. */
const answers =
  <Result>() =>
  <const Method extends string, Args extends z.ZodTuple>(method: Method, args: Args): InvokeChannelSpec<Method, Args, Result> => ({
    method,
    args,
  });

/** Every invoke channel: result, `window.companion` method, argument schema. */
export const invokeChannels = {
  'snapshot:get': answers<Snapshot>()('getSnapshot', z.tuple([])),
  'dial:preview': answers<DialPreview>()('previewDial', z.tuple([input])),
  'dial:start': answers<VerbResult>()('dial', z.tuple([input])),
  /** The dial request a link or the hotkey left while the popover was still loading (taken once). */
  'dial:take-pending': answers<DialRequest | null>()('takePendingDialRequest', z.tuple([])),
  /** The contacts the settings name (a CSV file, an HTTP search) that match what the agent typed; a new search aborts the one before. */
  'contacts:search': answers<ContactSearchResult>()('searchContacts', z.tuple([line(1, MAX_CONTACT_QUERY)])),
  'agent:pause': answers<VerbResult>()('pause', z.tuple([z.strictObject({ queue: name.optional(), reason: z.string().max(200) })])),
  'agent:unpause': answers<VerbResult>()('unpause', z.tuple([z.strictObject({ queue: name.optional() })])),
  'queue:login': answers<VerbResult>()('queueLogin', z.tuple([name])),
  'queue:logout': answers<VerbResult>()('queueLogout', z.tuple([name])),
  /** The agent pool (Issabel's call center): log in (the agent's own phone rings into AgentLogin) and out. */
  'agent:login': answers<VerbResult>()('agentLogin', z.tuple([])),
  'agent:logout': answers<VerbResult>()('agentLogout', z.tuple([])),
  /** The agent's disposition and note for a call that ended (the call log to the CRM); the core checks them in full. */
  'call:disposition': answers<VerbResult>()('setDisposition', z.tuple([name, z.string().min(1).max(200), input.optional()])),
  'call:record': answers<VerbResult>()('record', z.tuple([z.enum(['start', 'stop', 'mute', 'unmute']), optionalId])),
  'call:hangup': answers<VerbResult>()('hangup', z.tuple([optionalId])),
  'call:transfer': answers<VerbResult>()(
    'transfer',
    z.tuple([z.string().min(1).max(64), z.strictObject({ attended: z.boolean().optional(), callId: optionalId }).optional()]),
  ),
  'history:dismiss': answers<VerbResult>()('dismissMissedCall', z.tuple([name])),
  'settings:get': answers<SettingsView>()('getSettings', z.tuple([])),
  /** The settings are validated in full by the settings store; here only their outer shape. */
  'settings:save': answers<VerbResult>()('saveSettings', z.tuple([z.record(z.string(), z.unknown())])),
  /** Runs the doctor's checks; without the secret main uses the one the keychain keeps for that login. */
  'settings:test-connection': answers<ConnectionTestReport>()('testConnection', z.tuple([connectionTarget, secret.optional()])),
  /** As settings:test-connection, for ARI: without the secret, the one the keychain keeps for that login. */
  'settings:test-ari': answers<ConnectionTestReport>()('testAriConnection', z.tuple([ariTarget, secret.optional()])),
  /** Compiles the template as the screen pop will (placeholders, allowed schemes) and fills it for a sample call. */
  'settings:preview-pop': answers<PopPreview>()(
    'previewPop',
    z.tuple([z.string().max(4000), z.strictObject({ allowedSchemes: z.array(z.string().min(1).max(32)).max(16).optional() }).optional()]),
  ),
  /** Whether the typed PBX host offers AMI over TLS on 5039 (a handshake and the banner; the first-run wizard's default). */
  'settings:probe-tls': answers<TlsProbeReport>()('probeTls', z.tuple([line(1, HOST_MAX)])),
  /** Stores a secret in the OS keychain; the renderer can never read one back. */
  'credentials:set': answers<VerbResult>()('setSecret', z.tuple([secretKind, secret])),
  'credentials:delete': answers<VerbResult>()('deleteSecret', z.tuple([secretKind])),
  'shortcut:check': answers<VerbResult>()('checkShortcut', z.tuple([z.string().min(1).max(60)])),
  'window:open-settings': answers<VerbResult>()('openSettings', z.tuple([])),
  'window:hide': answers<VerbResult>()('hideWindow', z.tuple([])),
  /** What the running core offers beyond the Companion verbs; the popover shows the supervisor control only when `supervise` is true. */
  'app:capabilities': answers<Capabilities>()('getCapabilities', z.tuple([])),
  /** Listen to or whisper to the connected call of the agent at this extension (supervisors only): the core words a bad one. */
  'supervisor:start': answers<VerbResult>()('supervise', z.tuple([line(1, 40), z.enum(['listen', 'whisper'])])),
  'supervisor:stop': answers<VerbResult>()('stopSupervising', z.tuple([])),
} as const satisfies Record<string, InvokeChannelSpec>;

/** One push channel (main -> windows): the method that listens to it and, as a type only, its payload. */
export interface PushChannelSpec<Method extends string = string, Payload = unknown> {
  readonly method: Method;
  /** Never set at run time: it carries the payload's type. */
  readonly payload?: Payload;
}
const carries =
  <Payload>() =>
  <const Method extends string>(method: Method): PushChannelSpec<Method, Payload> => ({ method });

/** Every push channel: payload, `window.companion` subscription. */
export const pushChannels = {
  'push:snapshot': carries<Snapshot>()('onSnapshot'),
  /** A screen pop fired for a call. */
  'push:pop': carries<{ callId: string; url: string | null }>()('onPop'),
  'push:dial-request': carries<DialRequest>()('onDialRequest'),
  'push:notice': carries<{ message: string; phrase?: Phrase }>()('onNotice'),
  /** Sent when the running core changes what it offers (a new core after a save or a reconnect). */
  'push:capabilities': carries<Capabilities>()('onCapabilities'),
  /** A call's notification was clicked: the popover shows that call (its card, or its Recent entry), if it still has it. */
  'push:focus-call': carries<{ callId: string }>()('onFocusCall'),
} as const satisfies Record<string, PushChannelSpec>;

/** What the settings window is shown: the settings, what the admin locked, and whether secrets are stored. */
export interface SettingsView {
  settings: Settings;
  /** Dotted paths the admin locked. */
  locked: string[];
  readOnly: boolean;
  notices: SettingsNotice[];
  secrets: Record<SecretKind, boolean>;
  /** Null when the keychain works; otherwise why secrets cannot be stored. */
  keychainProblem: string | null;
  /** The same as a phrase, to say in the agent's language. */
  keychainProblemPhrase?: Phrase | null;
}

/** A dial that came from outside the app (a link, the hotkey) waiting for the agent to confirm. */
export interface DialRequest {
  source: 'link' | 'hotkey';
  preview: DialPreview;
}

// Derived from the tables above: nothing below names a channel.
type Invoke = typeof invokeChannels;
type Push = typeof pushChannels;
export type InvokeChannel = keyof Invoke;
export type InvokeArgs<C extends InvokeChannel> = z.infer<Invoke[C]['args']>;
export type InvokeResult<C extends InvokeChannel> = Invoke[C] extends InvokeChannelSpec<string, z.ZodTuple, infer R> ? R : never;
export type PushChannel = keyof Push;
export type PushPayloads = { [P in PushChannel]: Push[P] extends PushChannelSpec<string, infer T> ? T : never };
export const PUSH_CHANNELS = Object.keys(pushChannels) as PushChannel[];

/** The handlers main registers: one function per invoke channel, taking the validated arguments. */
export type InvokeHandlers = { [C in InvokeChannel]: (...args: InvokeArgs<C>) => InvokeResult<C> | Promise<InvokeResult<C>> };

/** `window.companion` as the Electron preload exposes it: one method per invoke channel, one subscription per push channel. */
export type PreloadBridge = { [C in InvokeChannel as Invoke[C]['method']]: (...args: InvokeArgs<C>) => Promise<InvokeResult<C>> } & {
  [P in PushChannel as Push[P]['method']]: (listener: (payload: PushPayloads[P]) => void) => () => void;
};
