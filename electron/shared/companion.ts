/**
 * The one interface the shells (tray, renderer via preload, CLI) use: snapshot, subscribe, verbs.
 * A direct AMI core implements it today; a relay mode may later, without touching the shells.
 * Type-only, safe for the renderer.
 */
import type { Phrase } from './phrases/index.ts';
import type { Snapshot } from './snapshot.ts';

/**
 * What a verb answers: ok, or an error in words the agent understands. `message` and `error` are
 * English; `phrase` is the same words as a code the renderer says in the agent's language.
 */
export type VerbResult = { ok: true; message?: string; phrase?: Phrase } | { ok: false; error: string; phrase?: Phrase };

export interface DialPreview {
  ok: boolean;
  /** What the agent typed or selected, trimmed. */
  input: string;
  /** The number as it will be dialled (the PBX's dial string), when ok. */
  dialString?: string;
  /** The number in E.164 when it is a public number. */
  e164?: string;
  /** A friendly display form, e.g. `+34 912 34 56 78`. */
  display?: string;
  /** Why it cannot be dialled, when not ok (English). */
  error?: string;
  /** The same as a phrase, for the renderer to say in the agent's language. */
  errorPhrase?: Phrase;
  /**
   * When ok but the number may not exist (a possible length that libphonenumber's metadata does
   * not know): it is dialled all the same; the preview says this beside it (English).
   */
  warning?: string;
  /** The same as a phrase. */
  warningPhrase?: Phrase;
  /** The desk's country the number was read in (ISO 3166, e.g. `ES`), as the settings' dialing.defaultCountry says. */
  country?: string;
  /** The number taken out of pasted text ("call me at 555-0147"), as the hotkey takes it from a selection. */
  found?: string;
}

export type RecordOp = 'start' | 'stop' | 'mute' | 'unmute';

export interface CompanionVerbs {
  previewDial(input: string): Promise<DialPreview>;
  dial(input: string): Promise<VerbResult>;
  pause(options: { queue?: string; reason: string }): Promise<VerbResult>;
  unpause(options: { queue?: string }): Promise<VerbResult>;
  queueLogin(queue: string): Promise<VerbResult>;
  queueLogout(queue: string): Promise<VerbResult>;
  record(op: RecordOp, callId?: string): Promise<VerbResult>;
  hangup(callId?: string): Promise<VerbResult>;
  transfer(target: string, options?: { attended?: boolean; callId?: string }): Promise<VerbResult>;
}

/**
 * The agent pool (Issabel's call center): log in (the agent's own phone rings into AgentLogin and
 * holds the login call) and log out. The AMI core's verbs have them; the shells' bridge not yet.
 */
export interface AgentPoolVerbs {
  agentLogin(): Promise<VerbResult>;
  agentLogout(): Promise<VerbResult>;
}

/** The call log to the CRM: the agent's disposition and note for a call that ended. */
export interface CallLogVerbs {
  setDisposition(callId: string, code: string, note?: string): Promise<VerbResult>;
}

export interface Companion extends CompanionVerbs {
  snapshot(): Snapshot;
  /** Called with every new snapshot; returns an unsubscribe. */
  subscribe(listener: (snapshot: Snapshot) => void): () => void;
}
