/**
 * The ARI client's one error type. `kind` lets callers decide (retry or not, show where) without
 * parsing words; `message` is a sentence an agent or an admin can act on. Messages name the method
 * and the resource path, never the URL's query or the Authorization header.
 */
import { UNTRUSTED_CERT_CODES } from '../ami/transport.ts';

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

export class AriError extends Error {
  override name = 'AriError';
  constructor(
    readonly kind: AriErrorKind,
    message: string,
    readonly details: { status?: number; pbxMessage?: string; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
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
  if (code === 'ECONNREFUSED')
    return new AriError('connection-refused', `Asterisk at ${where} refused the connection: is its HTTP server on (http.conf enabled = yes, bindport) and ARI enabled (ari.conf enabled = yes)?`, cause);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new AriError('host-not-found', `the ARI host in ${where} was not found (DNS): check the URL`, cause);
  if (code === 'ETIMEDOUT') return new AriError('timeout', `Asterisk at ${where} did not answer (timed out): check the URL and any firewall`, cause);
  if (UNTRUSTED_CERT_CODES.has(code))
    return new AriError('tls-untrusted', `the TLS certificate of ${where} is not trusted (${detail}): give its CA certificate (the "ca" option), do not turn verification off`, cause);
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || /SSL|TLS/.test(detail))
    return new AriError('tls-failed', `the TLS handshake with ${where} failed (${detail}): is this Asterisk's HTTPS port (http.conf tlsbindaddr)?`, cause);
  if (code === 'ECONNRESET' || code === 'ECONNABORTED' || /socket hang up|aborted/i.test(detail))
    return new AriError('bad-response', `the connection to ${where} closed before the answer was complete (truncated)`, cause);
  return new AriError('network', `the connection to ${where} failed: ${detail}`, cause);
}

/** What Asterisk's HTTP status means, with its own message where it gave one. */
export function statusError(status: number, pbxMessage: string | undefined, what: string): AriError {
  const said = pbxMessage ? `: ${pbxMessage}` : '';
  const details = { status, pbxMessage };
  switch (status) {
    case 400:
      return new AriError('bad-request', `Asterisk refused ${what} as a bad request${said}`, details);
    case 401:
      return new AriError('auth', `wrong ARI user or password (ari.conf) for ${what}`, details);
    case 403:
      return /write/i.test(pbxMessage ?? '')
        ? new AriError('forbidden', `the ARI user is read-only (ari.conf read_only = yes): ${what} needs write access`, details)
        : new AriError('forbidden', `Asterisk forbade ${what}${said}`, details);
    case 404:
      return new AriError('not-found', pbxMessage ? `${pbxMessage} (${what})` : `${what}: not found (is the URL's prefix right, is the module loaded?)`, details);
    case 409:
      return new AriError('conflict', `conflict: ${pbxMessage ?? 'Asterisk cannot do that in the current state'} (${what})`, details);
    case 503:
      return new AriError('http', `ARI is unavailable (503)${said} (${what})`, details);
    default:
      return new AriError('http', `Asterisk answered ${status} to ${what}${said}`, details);
  }
}
