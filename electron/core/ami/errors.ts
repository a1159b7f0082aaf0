/**
 * The AMI client's errors, typed so callers can tell them apart without parsing messages.
 * Every message is a sentence a person (an agent or an admin) can act on.
 */
import type { AmiMessage } from './message.ts';

/** Why a connect or login failed. */
export type AmiLoginErrorKind =
  | 'auth-failed'
  | 'connection-refused'
  | 'host-not-found'
  | 'network'
  | 'tls-untrusted'
  | 'tls-failed'
  | 'timeout'
  | 'not-ami'
  | 'closed';

export class AmiLoginError extends Error {
  override name = 'AmiLoginError';
  constructor(
    readonly kind: AmiLoginErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Retrying cannot fix a wrong secret or an untrusted certificate; it only fills the PBX's security log. */
  get retryable(): boolean {
    return this.kind !== 'auth-failed' && this.kind !== 'tls-untrusted' && this.kind !== 'closed';
  }
}

/** `Response: Error`: carries the PBX's Message verbatim (e.g. `Permission denied`). */
export class AmiResponseError extends Error {
  override name = 'AmiResponseError';
  readonly pbxMessage: string;
  constructor(
    readonly action: string,
    readonly response: AmiMessage,
  ) {
    const pbxMessage = response.get('Message') ?? '';
    super(`${action}: ${pbxMessage || 'the PBX answered Error without a message'}`);
    this.pbxMessage = pbxMessage;
  }

  get permissionDenied(): boolean {
    return this.pbxMessage === 'Permission denied';
  }

  /** The action does not exist on this PBX (module not loaded, or removed in this version). */
  get unknownAction(): boolean {
    return this.pbxMessage.startsWith('Invalid/unknown command');
  }
}

/** No answer within the action's timeout (a list counts until its Complete event). */
export class AmiTimeoutError extends Error {
  override name = 'AmiTimeoutError';
  constructor(
    readonly action: string,
    readonly timeoutMs: number,
  ) {
    super(`${action}: no answer from the PBX within ${timeoutMs} ms`);
  }
}

/** The connection is not there, or went away before the answer came. The action is never re-sent. */
export class AmiConnectionError extends Error {
  override name = 'AmiConnectionError';
}
