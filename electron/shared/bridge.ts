/**
 * What `window.companion` carries besides the IPC contract: the payload types its answers use, and
 * the part of the bridge every shell has (CompanionBridge). The methods themselves are declared once
 * in ipc.ts (PreloadBridge); the end-to-end tests implement the same methods over a WebSocket to a
 * real core. Type-only, safe for the renderer.
 */
import type { CompanionVerbs } from './companion.ts';
import type { PreloadBridge } from './ipc.ts';
import type { Phrase } from './phrases/index.ts';

export type { AriConnectionTestTarget, ConnectionTestTarget } from './ipc.ts';

/** The bridge every shell has: the snapshot, its updates and the Companion verbs; the screen pop where the shell has one. */
export type CompanionBridge = Pick<PreloadBridge, 'getSnapshot' | 'onSnapshot' | keyof CompanionVerbs> &
  Partial<Pick<PreloadBridge, 'onPop'>>;

declare global {
  interface Window {
    companion: CompanionBridge;
  }
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
  /** The technology of the extension's phone as its hint says (`SIP` on Issabel's chan_sip); null when unknown. */
  technology?: 'PJSIP' | 'SIP' | 'IAX2' | null;
}

/** What the running core offers beyond the Companion verbs; the UI shows a control only where it is true. */
export interface Capabilities {
  /** Supervisor listen and whisper (ARI on and this user marked as a supervisor in the settings). */
  supervise: boolean;
}

export type SuperviseMode = 'listen' | 'whisper';

/** The screen-pop template filled in for a sample call, or why it cannot be saved. */
export type PopPreview = { ok: true; url: string } | { ok: false; error: string; phrase?: Phrase };
