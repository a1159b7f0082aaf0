/**
 * The AMI client's errors, typed so callers can tell them apart without parsing messages.
 * Every message is a sentence a person (an agent or an admin) can act on, carried as a phrase too
 * (PhrasedError) so a shell can say it in the agent's language.
 */
import { phrase, verbatim, type Phrase } from '../../shared/phrases/index.ts';
import { PhrasedError } from '../errors/phrased-error.ts';
import type { AmiMessage } from './message.ts';

/** A string is someone else's words (passed through as they are); ours are phrases. */
const said = (words: string | Phrase): Phrase => (typeof words === 'string' ? verbatim(words) : words);

/**
 * Why a connect or login failed. `closed` is our own close(); `dropped` is the PBX (or a proxy)
 * closing before the login completed, as Asterisk does beyond `authlimit` or while restarting;
 * `pbx-busy` is a login refused for a reason other than the secret (`Asterisk is shutting down`).
 */
export type AmiLoginErrorKind =
  | 'auth-failed'
  | 'pbx-busy'
  | 'dropped'
  | 'connection-refused'
  | 'host-not-found'
  | 'network'
  | 'tls-untrusted'
  | 'tls-failed'
  | 'timeout'
  | 'not-ami'
  | 'closed';

export class AmiLoginError extends PhrasedError {
  override name = 'AmiLoginError';
  constructor(
    readonly kind: AmiLoginErrorKind,
    message: string | Phrase,
    options?: { cause?: unknown },
  ) {
    super(said(message), options);
  }

  /**
   * Retrying cannot fix a wrong secret or an untrusted certificate (it only fills the PBX's security
   * log), and our own close asked for no more. Everything else passes: retry it.
   */
  get retryable(): boolean {
    return this.kind !== 'auth-failed' && this.kind !== 'tls-untrusted' && this.kind !== 'closed';
  }
}

/** `Response: Error`: carries the PBX's Message verbatim (e.g. `Permission denied`). */
export class AmiResponseError extends PhrasedError {
  override name = 'AmiResponseError';
  readonly pbxMessage: string;
  constructor(
    readonly action: string,
    readonly response: AmiMessage,
  ) {
    const pbxMessage = response.get('Message') ?? '';
    super(pbxMessage ? phrase('ami.response-error', { action, message: pbxMessage }) : phrase('ami.response-no-message', { action }));
    this.pbxMessage = pbxMessage;
  }

  get permissionDenied(): boolean {
    return this.pbxMessage === 'Permission denied';
  }

  /** The action does not exist on this PBX (module not loaded, or removed in this version). */
  get unknownAction(): boolean {
    return this.pbxMessage.startsWith('Invalid/unknown command');
  }

  /**
   * The module behind the action is not there (yet): right after a restart Asterisk answers
   * `Invalid/unknown command` for QueueStatus until app_queue has loaded, and some actions say
   * `... not loaded`. Worth asking again once the PBX says FullyBooted.
   */
  get moduleMissing(): boolean {
    return this.unknownAction || /\bnot loaded\b/i.test(this.pbxMessage);
  }
}

/** No answer within the action's timeout (a list counts until its Complete event). */
export class AmiTimeoutError extends PhrasedError {
  override name = 'AmiTimeoutError';
  constructor(
    readonly action: string,
    readonly timeoutMs: number,
  ) {
    super(phrase('ami.action-timeout', { action, ms: timeoutMs }));
  }
}

/** The connection is not there, or went away before the answer came. The action is never re-sent. */
export class AmiConnectionError extends PhrasedError {
  override name = 'AmiConnectionError';
  constructor(message: string | Phrase, options?: { cause?: unknown }) {
    super(said(message), options);
  }
}
