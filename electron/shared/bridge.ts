/**
 * What the preload script exposes to the renderer as `window.companion`: verbs and subscriptions,
 * nothing generic (never ipcRenderer itself). The Electron preload implements it over IPC; the
 * end-to-end tests implement it over a WebSocket to a real core. Type-only, safe for the renderer.
 */
import type { CompanionVerbs, VerbResult } from './companion.ts';
import type { Phrase } from './phrases/index.ts';
import type { Snapshot } from './snapshot.ts';

export interface CompanionBridge extends CompanionVerbs {
  getSnapshot(): Promise<Snapshot>;
  /** Called with every new snapshot; returns an unsubscribe. */
  onSnapshot(listener: (snapshot: Snapshot) => void): () => void;
  /** Called when the screen pop fires for a call. */
  onPop?(listener: (pop: { callId: string; url: string | null }) => void): () => void;
}

declare global {
  interface Window {
    companion: CompanionBridge;
  }
}

/** The PBX login a "Test connection" tries: the settings window's unsaved values. */
export interface ConnectionTestTarget {
  host: string;
  port: number;
  tls: boolean;
  username: string;
  extension?: string;
  /** The login method (settings pbx.auth); default md5. */
  auth?: 'md5' | 'plain';
}

/** Whether the PBX offers AMI over TLS (host:5039): the first-run wizard turns TLS on when it does. */
export interface TlsProbeReport {
  offered: boolean;
  port: number;
  /** Whether this computer trusts its certificate; null when not offered. */
  trusted: boolean | null;
}

/**
 * One of the doctor's checks (electron/core/doctor/checks.ts), as the settings window shows it.
 * `id` is `login`, an AMI action name (`QueuePause`, ...) or `events`; for ARI `ari-reachable`,
 * `ari-credentials`, `ari-version`, a module (`res_ari_channels`), `ari-write`, `ari-events`. The renderer words it.
 */
export interface ConnectionCheck {
  id: string;
  /** ok; warning = an optional feature will not work; fail = something the app needs will not work. */
  state: 'ok' | 'warning' | 'fail';
  /** What the PBX or the network said, when not ok (English, as received). */
  detail: string;
  /** The same as a phrase, when it is the app's words rather than the PBX's (a failed login, a missing secret). */
  detailPhrase?: Phrase;
  /** The manager.conf write class that grants it, when the check is about a right (`agent`). */
  needs?: string;
}

export interface ConnectionTestReport {
  /** True when every needed check passed. */
  ok: boolean;
  checks: ConnectionCheck[];
  asteriskVersion: string | null;
  /** The least-privilege manager.conf stanza for this user, to hand to the PBX admin. */
  stanza: string;
}

/** The ARI login an ARI "Test connection" tries: the settings window's unsaved values. */
export interface AriConnectionTestTarget {
  url: string;
  username: string;
  /** The CA file the form shows; the test uses a CA file only once it is saved (main reads no other path). */
  caFile?: string;
}

/** What the running core offers beyond the Companion verbs; the UI shows a control only where it is true. */
export interface Capabilities {
  /** Supervisor listen and whisper (ARI on and this user marked as a supervisor in the settings). */
  supervise: boolean;
}

export type SuperviseMode = 'listen' | 'whisper';

/** Supervisor listen and whisper as the renderer uses them; each may be missing (a shell without them). */
export interface SupervisorBridge {
  getCapabilities?(): Promise<Capabilities>;
  onCapabilities?(listener: (capabilities: Capabilities) => void): () => void;
  /** Rings this desk's phone into a listen (or whisper) on the connected call of the agent at `agent` (an extension). */
  supervise?(agent: string, mode: SuperviseMode): Promise<VerbResult>;
  stopSupervising?(): Promise<VerbResult>;
}

/** The screen-pop template filled in for a sample call, or why it cannot be saved. */
export type PopPreview = { ok: true; url: string } | { ok: false; error: string; phrase?: Phrase };

/**
 * Settings-window helpers the shell may add to `window.companion` (optional: the renderer checks
 * each one is there). The Electron preload still has to implement them (ipc.ts owns its channels).
 */
export interface SettingsBridge {
  /** Runs the doctor's checks against `target`; without `secret`, the one stored for that login is used. */
  testConnection?(target: ConnectionTestTarget, secret?: string): Promise<ConnectionTestReport>;
  /** The doctor's ARI checks against `target`; without `secret`, the one stored for that ARI login is used. */
  testAriConnection?(target: AriConnectionTestTarget, secret?: string): Promise<ConnectionTestReport>;
  /** Compiles `template` as the screen pop will (placeholders, allowed schemes) and renders it for a sample call. */
  previewPop?(template: string, options?: { allowedSchemes?: string[] }): Promise<PopPreview>;
  /** Looks whether `host` offers AMI over TLS on 5039 (a handshake and the banner; nothing is sent). */
  probeTls?(host: string): Promise<TlsProbeReport>;
}

/**
 * The settings as the renderer reads and writes them: the parts of the settings schema's output
 * (electron/core/settings/schema.ts) the settings window shows, with the rest passed through untouched.
 * Written out here because the renderer may not reach core types; test/e2e/support/shell-backend.ts
 * checks at compile time that the real SettingsView and PreloadBridge fit these shapes.
 */
export interface SettingsData {
  pbx: { host: string; port: number; tls: boolean; auth?: 'md5' | 'plain'; username: string; extension: string; [key: string]: unknown };
  screenPop: {
    template: string;
    trigger: 'ringing' | 'answered' | 'never';
    open: 'browser' | 'window' | 'notification';
    allowedSchemes: string[];
    [key: string]: unknown;
  };
  ari: { enabled: boolean; url: string; username: string; app: string; caFile?: string; supervisor: boolean; [key: string]: unknown };
  dialing: { defaultCountry: string; outboundPrefix: string; internalPattern: string; confirmBeforeDial: boolean; hotkey: string; [key: string]: unknown };
  pauseReasons: { code: string; label: { en: string; es: string } }[];
  language: 'auto' | 'en' | 'es';
  theme: 'system' | 'light' | 'dark';
  autostart: boolean;
  [key: string]: unknown;
}

/** What getSettings answers (SettingsView in ipc.ts), as the renderer reads it. */
export interface SettingsViewData {
  settings: SettingsData;
  /** Dotted paths the admin locked. */
  locked: string[];
  readOnly: boolean;
  notices: { kind: string; message: string; phrase?: Phrase; backupPath?: string }[];
  secrets: { ami: boolean; ari: boolean };
  keychainProblem: string | null;
  /** The same as a phrase, to say in the agent's language. */
  keychainProblemPhrase?: Phrase | null;
}

/** The shell's methods (ShellBridge in ipc.ts) as the renderer uses them; each may be missing. */
export interface RendererShell {
  getSettings(): Promise<SettingsViewData>;
  saveSettings(settings: Record<string, unknown>): Promise<VerbResult>;
  setSecret(kind: 'ami' | 'ari', secret: string): Promise<VerbResult>;
  deleteSecret(kind: 'ami' | 'ari'): Promise<VerbResult>;
  checkShortcut(accelerator: string): Promise<VerbResult>;
  dismissMissedCall(id: string): Promise<VerbResult>;
  openSettings(): Promise<VerbResult>;
  hideWindow(): Promise<VerbResult>;
  onNotice(listener: (notice: { message: string; phrase?: Phrase }) => void): () => void;
}
