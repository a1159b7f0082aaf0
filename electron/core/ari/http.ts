/**
 * HTTP to ARI: one JSON request, basic auth in the Authorization header, a timeout, a bounded
 * answer, errors in words.
 *
 * Why node:http/https and not the global fetch: fetch in Node 20 verifies TLS only against the
 * built-in roots; a per-connection CA needs undici's Agent as `dispatcher`, and undici is not a
 * dependency (Node's bundled copy cannot be imported). node:https takes `ca` directly, the same
 * option `ws` takes for the events socket, and a streamed body lets us stop reading at the size
 * limit instead of buffering whatever arrives.
 */
import http from 'node:http';
import https from 'node:https';
import { CONTROL_CHARACTERS } from '../../shared/control-characters.ts';
import { phrase } from '../../shared/phrases/index.ts';
import { AriError, networkError, statusError } from './errors.ts';
import { query as buildQuery } from './path.ts';

export interface AriConnectionOptions {
  /** `http://127.0.0.1:8088` or `https://pbx.example.com:8089`, with http.conf's `prefix` if it has one. */
  url: string;
  username: string;
  /** The password, or `getSecret` to read it (from the keychain) on every request. */
  secret?: string;
  getSecret?: () => string | Promise<string>;
  /** PEM of the CA that signed Asterisk's certificate, when it is not a public one. Verification is always on. */
  ca?: string | Buffer;
  /** Per request. Default 10 s. */
  timeoutMs?: number;
  /** Larger answers are refused. Default 1 MB. */
  maxResponseBytes?: number;
}

export interface AriTarget {
  secure: boolean;
  host: string;
  port: number;
  /** The path up to and including `/ari`, e.g. `/ari` or `/asterisk/ari`. */
  base: string;
  /** `host:port`, for messages. */
  where: string;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

/** Reads the ARI URL; refuses credentials in it (they would end up in logs and history). */
export function parseAriUrl(url: string): AriTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AriError('invalid-input', phrase('ari.url-invalid', { url: String(url).slice(0, 100) }));
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new AriError('invalid-input', phrase('ari.url-scheme', { scheme: parsed.protocol }));
  if (parsed.username || parsed.password) throw new AriError('invalid-input', phrase('ari.url-credentials'));
  if (parsed.search || parsed.hash) throw new AriError('invalid-input', phrase('ari.url-query'));
  const secure = parsed.protocol === 'https:';
  const port = parsed.port ? Number(parsed.port) : secure ? 8089 : 8088;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  // http.conf may set a prefix; accept the URL with or without the trailing /ari.
  const prefix = parsed.pathname.replace(/\/+$/, '').replace(/\/ari$/, '');
  return { secure, host, port, base: `${prefix}/ari`, where: `${parsed.hostname}:${port}` };
}

/** `Basic base64(user:password)`; refuses what would break the header or the split at ':'. */
export function basicAuth(username: string, secret: string): string {
  if (typeof username !== 'string' || username === '' || username.includes(':') || CONTROL_CHARACTERS.test(username))
    throw new AriError('invalid-input', phrase('ari.user-invalid'));
  if (typeof secret !== 'string' || CONTROL_CHARACTERS.test(secret)) throw new AriError('invalid-input', phrase('ari.password-invalid'));
  return 'Basic ' + Buffer.from(`${username}:${secret}`, 'utf8').toString('base64');
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON (POST /channels takes `variables` in the body). */
  body?: unknown;
  timeoutMs?: number;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Requests to one ARI. Stateless apart from its options: safe to share. */
export class AriHttp {
  readonly target: AriTarget;
  private readonly options: AriConnectionOptions;

  constructor(options: AriConnectionOptions) {
    this.target = parseAriUrl(options.url);
    if (options.secret === undefined && options.getSecret === undefined) throw new AriError('invalid-input', phrase('ari.no-password'));
    basicAuth(options.username, options.secret ?? 'x');
    this.options = options;
  }

  /** The Authorization header's value (for the events WebSocket too). */
  async authorization(): Promise<string> {
    const secret = this.options.secret ?? (await this.options.getSecret!());
    return basicAuth(this.options.username, secret);
  }

  get ca(): string | Buffer | undefined {
    return this.options.ca;
  }

  /**
   * Sends one request to `path` (relative to /ari, already encoded: build it with path.ts) and
   * resolves with the parsed JSON answer, or null for 204 / an empty body.
   */
  async request<T = unknown>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    const what = `${method} ${path}`;
    const search = buildQuery(options.query ?? {});
    const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body), 'utf8');
    const headers: Record<string, string> = { Authorization: await this.authorization(), Accept: 'application/json' };
    if (payload) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(payload.length);
    }
    const { status, body } = await this.send(
      method,
      this.target.base + path + search,
      headers,
      payload,
      options.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      what,
    );
    if (status >= 200 && status < 300) {
      if (status === 204 || body.length === 0) return null as T;
      return parseJson(body, what) as T;
    }
    throw statusError(status, messageOf(body), what);
  }

  private send(
    method: string,
    path: string,
    headers: Record<string, string>,
    payload: Buffer | undefined,
    timeoutMs: number,
    what: string,
  ): Promise<{ status: number; body: Buffer }> {
    const { secure, host, port, where } = this.target;
    const limit = this.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (error: AriError) => {
        if (settled) return;
        settled = true;
        request.destroy();
        reject(error);
      };
      const request = (secure ? https : http).request({
        method,
        host,
        port,
        path,
        headers,
        agent: false,
        ...(secure ? { ca: this.options.ca, rejectUnauthorized: true } : {}),
      });
      const timer = setTimeout(
        () => fail(new AriError('timeout', phrase('ari.request-timeout', { where, what, ms: timeoutMs }))),
        timeoutMs,
      );
      timer.unref?.();
      request.on('error', (error) => {
        clearTimeout(timer);
        fail(networkError(error, where));
      });
      request.on('response', (response) => {
        const declared = Number(response.headers['content-length']);
        if (declared > limit) {
          clearTimeout(timer);
          fail(new AriError('too-large', phrase('ari.too-large-declared', { what, size: declared, limit })));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limit) {
            clearTimeout(timer);
            fail(new AriError('too-large', phrase('ari.too-large', { what, limit })));
            return;
          }
          chunks.push(chunk);
        });
        response.on('aborted', () => {
          clearTimeout(timer);
          fail(truncated(what));
        });
        response.on('error', (error) => {
          clearTimeout(timer);
          fail(error.message === 'aborted' ? truncated(what) : networkError(error, where));
        });
        response.on('end', () => {
          clearTimeout(timer);
          if (settled) return;
          if (!response.complete) {
            fail(truncated(what));
            return;
          }
          settled = true;
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) });
        });
      });
      request.end(payload);
    });
  }
}

function truncated(what: string): AriError {
  return new AriError('bad-response', phrase('ari.truncated', { what }));
}

function parseJson(body: Buffer, what: string): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    const start = body.toString('utf8', 0, 40).replace(/\s+/g, ' ').trim();
    throw new AriError('bad-response', phrase('ari.not-json', { what, start: `${start}${body.length > 40 ? '...' : ''}` }));
  }
}

/** Asterisk's `{"message": "..."}` (or `{"error": ...}`), if the body is JSON at all. */
function messageOf(body: Buffer): string | undefined {
  try {
    const json = JSON.parse(body.toString('utf8')) as { message?: unknown; error?: unknown };
    const text = typeof json?.message === 'string' ? json.message : typeof json?.error === 'string' ? json.error : undefined;
    return text?.slice(0, 300);
  } catch {
    return undefined;
  }
}
