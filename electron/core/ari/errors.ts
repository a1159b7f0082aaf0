/**
 * The ARI client's one error type. `kind` lets callers decide (retry or not, show where) without
 * parsing words; `message` is a sentence an agent or an admin can act on. Messages name the method
 * and the resource path, never the URL's query or the Authorization header.
 */
import { phrase, phraseOfError, verbatim, type Phrase, type PhraseParam } from '../../shared/phrases/index.ts';
import { UNTRUSTED_CERT_CODES } from '../ami/transport.ts';
import { PhrasedError } from '../errors/phrased-error.ts';

export type AriErrorKind =
  /** Bad input refused before anything was sent (CR/LF, `/` in an id, a URL with a password in it). */
  | 'invalid-input'
  /** 401: wrong ARI user or password. */
  | 'auth'
  /** 403: the user is read_only, or another refusal. */
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'bad-request'
  /** Any other HTTP status from Asterisk (405, 412, 422, 500, 501, 503). */
  | 'http'
  | 'timeout'
  | 'connection-refused'
  | 'host-not-found'
  | 'tls-untrusted'
  | 'tls-failed'
  | 'network'
  /** Not JSON, truncated, or not what ARI answers. */
  | 'bad-response'
  | 'too-large';

export class AriError extends PhrasedError {
  override name = 'AriError';
  /** `message` as a phrase; a string is someone else's words, passed through as they are. */
  constructor(
    readonly kind: AriErrorKind,
    message: string | Phrase,
    readonly details: { status?: number; pbxMessage?: string; cause?: unknown } = {},
  ) {
    super(typeof message === 'string' ? verbatim(message) : message, details.cause === undefined ? undefined : { cause: details.cause });
  }

  get status(): number | undefined {
    return this.details.status;
  }

  /** Asterisk's own words (the body's `message`), e.g. "Channel not found". */
  get pbxMessage(): string | undefined {
    return this.details.pbxMessage;
  }

  /** Retrying cannot fix a wrong password, an untrusted certificate or a refused input. */
  get retryable(): boolean {
    return !['auth', 'forbidden', 'tls-untrusted', 'invalid-input'].includes(this.kind);
  }
}

/** A socket-level failure (no HTTP answer) in words. `where` is `host:port`. */
export function networkError(error: unknown, where: string): AriError {
  if (error instanceof AriError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  const detail = error instanceof Error ? error.message : String(error);
  const cause = { cause: error };
  if (code === 'ECONNREFUSED') return new AriError('connection-refused', phrase('ari.refused', { where }), cause);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new AriError('host-not-found', phrase('ari.host-not-found', { where }), cause);
  if (code === 'ETIMEDOUT') return new AriError('timeout', phrase('ari.timed-out', { where }), cause);
  if (UNTRUSTED_CERT_CODES.has(code)) return new AriError('tls-untrusted', phrase('ari.tls-untrusted', { where, detail }), cause);
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || /SSL|TLS/.test(detail))
    return new AriError('tls-failed', phrase('ari.tls-failed', { where, detail }), cause);
  if (code === 'ECONNRESET' || code === 'ECONNABORTED' || /socket hang up|aborted/i.test(detail))
    return new AriError('bad-response', phrase('ari.connection-cut', { where }), cause);
  return new AriError('network', phrase('ari.network', { where, detail: phraseOfError(error) }), cause);
}

/**
 * What Asterisk's HTTP status means, with its own message where it gave one. `what` is the request
 * (`GET /channels/1`, passed as is) or a phrase such as ari.events-socket.
 */
export function statusError(status: number, pbxMessage: string | undefined, what: string | Phrase): AriError {
  const details = { status, pbxMessage };
  // An empty message from Asterisk counts as none (as it always did).
  const message = pbxMessage || undefined;
  const said: Record<string, PhraseParam> = message === undefined ? { what } : { what, message };
  switch (status) {
    case 400:
      return new AriError('bad-request', phrase(message ? 'ari.bad-request-said' : 'ari.bad-request', said), details);
    case 401:
      return new AriError('auth', phrase('ari.auth', { what }), details);
    case 403:
      return /write/i.test(pbxMessage ?? '')
        ? new AriError('forbidden', phrase('ari.read-only', { what }), details)
        : new AriError('forbidden', phrase(message ? 'ari.forbidden-said' : 'ari.forbidden', said), details);
    case 404:
      return new AriError('not-found', phrase(message ? 'ari.not-found-said' : 'ari.not-found', said), details);
    case 409:
      return new AriError('conflict', phrase('ari.conflict', { what, message: pbxMessage ?? phrase('ari.conflict-state') }), details);
    case 503:
      return new AriError('http', phrase(message ? 'ari.unavailable-said' : 'ari.unavailable', said), details);
    default:
      return new AriError('http', phrase(message ? 'ari.http-status-said' : 'ari.http-status', { ...said, status }), details);
  }
}
