/**
 * The one IPC contract between the preload and the main process: every invoke channel with the
 * schema of its arguments and the type of its result, and the push channels main sends to windows.
 * Main validates every payload against these schemas (electron/main/ipc.ts); the preload names the
 * channels from here, so no channel string is written twice.
 */
import { z } from 'zod';
import type { Capabilities, CompanionBridge, ConnectionTestReport, PopPreview, SettingsBridge, SuperviseMode, TlsProbeReport } from './bridge.ts';
import type { DialPreview, VerbResult } from './companion.ts';
import type { Phrase } from './phrases/index.ts';
import type { Snapshot } from './snapshot.ts';
import type { Settings } from '../core/settings/schema.ts';
import type { SettingsNotice } from '../core/settings/store.ts';

/** What every invoke answers: the handler's value, or why it was refused (never a throw across IPC). */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: string };

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
    // eslint-disable-next-line no-control-regex
    .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'must not contain control characters');
const secret = z.string().min(1).max(1024);
/** The unsaved login "Test connection" tries (ConnectionTestTarget). */
const connectionTarget = z.strictObject({
  host: line(1, 253),
  port: z.number().int().min(1).max(65535),
  tls: z.boolean(),
  username: line(1, 80),
  extension: line(0, 40).optional(),
  auth: z.enum(['md5', 'plain']).optional(),
});
/** The unsaved ARI login its "Test connection" tries (AriConnectionTestTarget). */
const ariTarget = z.strictObject({
  url: line(1, 2000),
  username: line(1, 80),
  caFile: line(0, 4096).optional(),
});

/** Argument schemas, one tuple per invoke channel. */
export const invokeSchemas = {
  'snapshot:get': z.tuple([]),
  'dial:preview': z.tuple([input]),
  'dial:start': z.tuple([input]),
  /** The dial request a link or the hotkey left while the popover was still loading (taken once). */
  'dial:take-pending': z.tuple([]),
  'agent:pause': z.tuple([z.strictObject({ queue: name.optional(), reason: z.string().max(200) })]),
  'agent:unpause': z.tuple([z.strictObject({ queue: name.optional() })]),
  'queue:login': z.tuple([name]),
  'queue:logout': z.tuple([name]),
  'call:record': z.tuple([z.enum(['start', 'stop', 'mute', 'unmute']), optionalId]),
  'call:hangup': z.tuple([optionalId]),
  'call:transfer': z.tuple([z.string().min(1).max(64), z.strictObject({ attended: z.boolean().optional(), callId: optionalId }).optional()]),
  'history:dismiss': z.tuple([name]),
  'settings:get': z.tuple([]),
  /** The settings are validated in full by the settings store; here only their outer shape. */
  'settings:save': z.tuple([z.record(z.string(), z.unknown())]),
  /** The secret is optional: without it main uses the one the keychain keeps for that login. */
  'settings:test-connection': z.tuple([connectionTarget, secret.optional()]),
  /** As settings:test-connection, for ARI: without the secret, the one the keychain keeps for that login. */
  'settings:test-ari': z.tuple([ariTarget, secret.optional()]),
  'settings:preview-pop': z.tuple([z.string().max(4000), z.strictObject({ allowedSchemes: z.array(z.string().min(1).max(32)).max(16).optional() }).optional()]),
  /** Whether the typed PBX host offers AMI over TLS on 5039 (the first-run wizard's default). */
  'settings:probe-tls': z.tuple([line(1, 253)]),
  'credentials:set': z.tuple([z.strictObject({ kind: z.enum(['ami', 'ari']), secret })]),
  'credentials:delete': z.tuple([z.strictObject({ kind: z.enum(['ami', 'ari']) })]),
  'shortcut:check': z.tuple([z.string().min(1).max(60)]),
  'window:open-settings': z.tuple([]),
  'window:hide': z.tuple([]),
  /** What the running core offers beyond the Companion verbs (listen and whisper for supervisors). */
  'app:capabilities': z.tuple([]),
  /** Listen to or whisper to the connected call of the agent at this extension (supervisors only). */
  'supervisor:start': z.tuple([line(1, 40), z.enum(['listen', 'whisper'])]),
  'supervisor:stop': z.tuple([]),
} as const;

export type InvokeChannel = keyof typeof invokeSchemas;
export type InvokeArgs<C extends InvokeChannel> = z.infer<(typeof invokeSchemas)[C]>;

/** What the settings window is shown: the settings, what the admin locked, and whether secrets are stored. */
export interface SettingsView {
  settings: Settings;
  locked: string[];
  readOnly: boolean;
  notices: SettingsNotice[];
  secrets: { ami: boolean; ari: boolean };
  /** Null when the keychain works; otherwise why secrets cannot be stored. */
  keychainProblem: string | null;
  keychainProblemPhrase?: Phrase | null;
}

/** Result types, one per invoke channel. */
export interface InvokeResults {
  'snapshot:get': Snapshot;
  'dial:preview': DialPreview;
  'dial:start': VerbResult;
  'dial:take-pending': DialRequest | null;
  'agent:pause': VerbResult;
  'agent:unpause': VerbResult;
  'queue:login': VerbResult;
  'queue:logout': VerbResult;
  'call:record': VerbResult;
  'call:hangup': VerbResult;
  'call:transfer': VerbResult;
  'history:dismiss': VerbResult;
  'settings:get': SettingsView;
  'settings:save': VerbResult;
  'settings:test-connection': ConnectionTestReport;
  'settings:test-ari': ConnectionTestReport;
  'settings:preview-pop': PopPreview;
  'settings:probe-tls': TlsProbeReport;
  'credentials:set': VerbResult;
  'credentials:delete': VerbResult;
  'shortcut:check': VerbResult;
  'window:open-settings': VerbResult;
  'window:hide': VerbResult;
  'app:capabilities': Capabilities;
  'supervisor:start': VerbResult;
  'supervisor:stop': VerbResult;
}

/** A dial that came from outside the app (a link, the hotkey) waiting for the agent to confirm. */
export interface DialRequest {
  source: 'link' | 'hotkey';
  preview: DialPreview;
}

/** Push channels: main -> windows. */
export interface PushPayloads {
  'push:snapshot': Snapshot;
  'push:pop': { callId: string; url: string | null };
  'push:dial-request': DialRequest;
  'push:notice': { message: string; phrase?: Phrase };
  /** Sent when the running core changes what it offers (a new core after a save or a reconnect). */
  'push:capabilities': Capabilities;
}
export type PushChannel = keyof PushPayloads;
export const PUSH_CHANNELS: readonly PushChannel[] = ['push:snapshot', 'push:pop', 'push:dial-request', 'push:notice', 'push:capabilities'];

/** The handlers main registers: one function per invoke channel, taking the validated arguments. */
export type InvokeHandlers = {
  [C in InvokeChannel]: (...args: InvokeArgs<C>) => InvokeResults[C] | Promise<InvokeResults[C]>;
};

/** What the preload adds to the CompanionBridge for the shell: settings, secrets, history, windows. */
export interface ShellBridge {
  getSettings(): Promise<SettingsView>;
  saveSettings(settings: Record<string, unknown>): Promise<VerbResult>;
  /** Stores a secret in the OS keychain; the renderer can never read one back. */
  setSecret(kind: 'ami' | 'ari', secret: string): Promise<VerbResult>;
  deleteSecret(kind: 'ami' | 'ari'): Promise<VerbResult>;
  checkShortcut(accelerator: string): Promise<VerbResult>;
  dismissMissedCall(id: string): Promise<VerbResult>;
  openSettings(): Promise<VerbResult>;
  hideWindow(): Promise<VerbResult>;
  onDialRequest(listener: (request: DialRequest) => void): () => void;
  /** A dial request pushed before the page listened (the popover loads after a launch link), once. */
  takePendingDialRequest(): Promise<DialRequest | null>;
  onNotice(listener: (notice: { message: string; phrase?: Phrase }) => void): () => void;
  /** What the running core offers; the popover shows the supervisor control only when `supervise` is true. */
  getCapabilities(): Promise<Capabilities>;
  onCapabilities(listener: (capabilities: Capabilities) => void): () => void;
  /** Listen or whisper to an agent's call (a supervisor's core only; otherwise an error in words). */
  supervise(agent: string, mode: SuperviseMode): Promise<VerbResult>;
  stopSupervising(): Promise<VerbResult>;
}

/** `window.companion` as the Electron preload exposes it. */
export type PreloadBridge = CompanionBridge & ShellBridge & Required<SettingsBridge> & Required<Pick<CompanionBridge, 'onPop'>>;
