/**
 * The AMI client: one logged-in connection to a PBX, kept alive.
 *
 * - `connect()` opens TCP or TLS, waits for the banner, logs in (plain or MD5) and resolves; a
 *   failure rejects with an AmiLoginError that says which (auth-failed, connection-refused,
 *   tls-untrusted, timeout, ...).
 * - Actions are promises matched by ActionID, each with a timeout; list actions collect their items
 *   until `EventList: Complete` while other events keep flowing to `onEvent`.
 * - When the connection drops (socket close, `Event: Shutdown`, garbage bytes, a keepalive Ping
 *   unanswered), pending actions are rejected and never re-sent, and the client reconnects with
 *   jittered backoff from the first attempt. `onLogin` fires on every (re)login so the agent sync
 *   can run its lists again.
 * - A wrong secret (`Authentication failed`) or an untrusted certificate stops retrying (status
 *   `disconnected` with the error): retrying cannot fix them, and every failed login lands in the
 *   PBX's security log, where fail2ban may ban the whole office. Every other failure keeps retrying
 *   until `close()`: a close by the PBX before the banner or the login's answer (Asterisk's
 *   `authlimit`, a restart, a TLS proxy whose backend is down), `Asterisk is shutting down`, a
 *   Login left unanswered.
 * - `status` changes only through `setStatus()`.
 */
import { phrase, type Phrase } from '../../shared/phrases/index.ts';
import { AmiAction } from './action.ts';
import { defaultBackoff, type BackoffStrategy } from './backoff.ts';
import { systemClock, type Clock } from './clock.ts';
import { AmiConnectionError, AmiLoginError, AmiResponseError, AmiTimeoutError } from './errors.ts';
import { DEFAULT_MAX_MESSAGE_BYTES } from './framer.ts';
import { login, type AuthType } from './login.ts';
import type { AmiMessage } from './message.ts';
import { AmiSession } from './session.ts';
import { connectError, defaultSocketFactory, type ConnectTarget, type SocketFactory, type TlsOptions } from './transport.ts';
import type { ActionOptions, AmiConnection, ClientStatus, ListResult } from './types.ts';

export interface AmiLogger {
  warn(message: string): void;
}

export interface AmiClientOptions {
  host: string;
  /** Default 5038, or 5039 with TLS. */
  port?: number;
  username: string;
  /** The secret, or `getSecret` to read it (from the keychain) on every login. */
  secret?: string;
  getSecret?: () => string | Promise<string>;
  /** TLS with certificate verification on (true), or with a CA / server name. */
  tls?: boolean | TlsOptions;
  authType?: AuthType;
  /** The Login's `Events:` mask. Default `on`. */
  events?: string;
  /** Default timeout of an action (a list: until its Complete). Default 10 s. */
  actionTimeoutMs?: number;
  /** Time allowed from opening the socket to a completed login. Default: actionTimeoutMs. */
  connectTimeoutMs?: number;
  /** A Ping every interval once logged in; 0 turns it off. Default 20 s. */
  keepaliveIntervalMs?: number;
  /** A Ping unanswered this long means a half-open socket. Default: actionTimeoutMs. */
  keepaliveTimeoutMs?: number;
  /** checkNow()'s Ping (after sleep, unlock, a network change) unanswered this long means the session is gone. Default 3 s. */
  wakeCheckTimeoutMs?: number;
  /** Reconnect after a drop (default true). A deliberate close() always stops it. */
  reconnect?: boolean;
  backoff?: BackoffStrategy;
  random?: () => number;
  clock?: Clock;
  socketFactory?: SocketFactory;
  maxMessageBytes?: number;
  logger?: AmiLogger;
  /** ActionIDs are this prefix plus a counter. Default: `pc` + random letters + `-`. */
  actionIdPrefix?: string;
}

/** Counts that must stay flat across reconnects (tests watch them). */
export interface AmiClientDiagnostics {
  pendingActions: number;
  /** Bytes the pending answers hold (list items as received); at most MAX_ANSWER_BYTES per action. */
  pendingBytes: number;
  listeners: number;
  timers: number;
  sessions: number;
  unknownResponses: number;
}

const silentLogger: AmiLogger = { warn: () => {} };

export class AmiClient implements AmiConnection {
  private currentStatus: ClientStatus = 'disconnected';
  private error: Error | null = null;
  private session: AmiSession | null = null;
  private inFlight: Promise<void> | null = null;
  private closedForGood = false;
  private retryTimer: unknown = null;
  private keepaliveTimer: unknown = null;
  /** A checkNow() Ping is out: further calls (resume events come in bursts) wait for its answer. */
  private checking = false;
  private failures = 0;
  private counter = 0;
  private unknownResponses = 0;
  private banner: string | null = null;
  private readonly eventListeners = new Set<(event: AmiMessage) => void>();
  private readonly statusListeners = new Set<(status: ClientStatus, error: Error | null) => void>();
  private readonly loginListeners = new Set<(response: AmiMessage) => void>();
  private readonly bannerListeners = new Set<(banner: string) => void>();

  private readonly target: ConnectTarget;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly backoff: BackoffStrategy;
  private readonly socketFactory: SocketFactory;
  private readonly logger: AmiLogger;
  private readonly idPrefix: string;
  private readonly actionTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly keepaliveIntervalMs: number;
  private readonly keepaliveTimeoutMs: number;
  private readonly wakeCheckTimeoutMs: number;

  constructor(private readonly options: AmiClientOptions) {
    const tlsOptions = options.tls === true ? {} : options.tls || null;
    const port = options.port ?? (tlsOptions ? 5039 : 5038);
    if (!options.host) throw new TypeError('AMI client: give the PBX host');
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new TypeError(`AMI client: port ${port} is not a TCP port`);
    if (!options.username) throw new TypeError('AMI client: give the AMI user name');
    if (options.secret === undefined && !options.getSecret) throw new TypeError('AMI client: give the secret or getSecret()');
    this.target = { host: options.host, port, tls: tlsOptions };
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.backoff = options.backoff ?? defaultBackoff;
    this.socketFactory = options.socketFactory ?? defaultSocketFactory;
    this.logger = options.logger ?? silentLogger;
    this.idPrefix = options.actionIdPrefix ?? `pc${Math.floor(this.random() * 36 ** 4).toString(36)}-`;
    this.actionTimeoutMs = options.actionTimeoutMs ?? 10_000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? this.actionTimeoutMs;
    this.keepaliveIntervalMs = options.keepaliveIntervalMs ?? 20_000;
    this.keepaliveTimeoutMs = options.keepaliveTimeoutMs ?? this.actionTimeoutMs;
    this.wakeCheckTimeoutMs = options.wakeCheckTimeoutMs ?? 3000;
  }

  get status(): ClientStatus {
    return this.currentStatus;
  }

  /** Why the client is not connected (null while connected or never tried). */
  get lastError(): Error | null {
    return this.error;
  }

  /** The version in the banner (`Asterisk Call Manager/11.0.0` gives `11.0.0`). */
  get amiVersion(): string | null {
    return this.banner?.match(/\/(\S+)$/)?.[1] ?? null;
  }

  get diagnostics(): AmiClientDiagnostics {
    return {
      pendingActions: this.session?.pendingCount ?? 0,
      pendingBytes: this.session?.pendingBytes ?? 0,
      listeners: this.eventListeners.size + this.statusListeners.size + this.loginListeners.size + this.bannerListeners.size,
      timers: (this.retryTimer === null ? 0 : 1) + (this.keepaliveTimer === null ? 0 : 1),
      sessions: this.session && !this.session.isEnded ? 1 : 0,
      unknownResponses: this.unknownResponses,
    };
  }

  /**
   * Connects and logs in. Resolves when logged in; rejects with an AmiLoginError. After a retryable
   * failure (refused, timeout, network) the client keeps trying in the background when `reconnect`
   * is on: watch onStatus / onLogin.
   */
  connect(): Promise<void> {
    if (this.closedForGood) return Promise.reject(new AmiLoginError('closed', phrase('ami.client-closed-connect')));
    if (this.currentStatus === 'connected') return Promise.resolve();
    if (this.inFlight) return this.inFlight;
    this.cancelRetry();
    return this.attempt();
  }

  /** Logs off (when logged in), closes the socket and stops reconnecting for good. */
  async close(): Promise<void> {
    if (this.closedForGood) return;
    this.closedForGood = true;
    this.cancelRetry();
    this.stopKeepalive();
    const session = this.session;
    if (session && this.currentStatus === 'connected') {
      // Best effort: a PBX that does not answer must not hold the app's quit.
      await session.send(AmiAction.build('Logoff'), this.nextId(), false, Math.min(this.actionTimeoutMs, 2000)).catch(() => {});
    }
    session?.destroy(new AmiConnectionError(phrase('ami.client-closed')));
    this.setStatus('closed');
  }

  /**
   * Checks the connection now instead of at the next keepalive: the machine woke from sleep, the
   * screen was unlocked or the network changed, and the socket may be dead without a FIN. A live
   * session gets a Ping with a short timeout (no answer: dropped and replaced at once); a client
   * waiting out its backoff tries again now, from a short backoff.
   */
  checkNow(): void {
    if (this.closedForGood || this.checking) return;
    if (this.retryTimer !== null) {
      this.cancelRetry();
      this.failures = 0;
      this.attempt().catch(() => {});
      return;
    }
    const session = this.session;
    if (this.currentStatus !== 'connected' || !session) return;
    this.checking = true;
    this.stopKeepalive();
    session
      .send(AmiAction.build('Ping'), this.nextId(), false, this.wakeCheckTimeoutMs)
      .then(
        () => !session.isEnded && this.startKeepalive(session),
        (error: unknown) => {
          if (error instanceof AmiTimeoutError) {
            this.failures = 0;
            session.destroy(new AmiConnectionError(phrase('ami.wake-check', { ms: this.wakeCheckTimeoutMs })));
          } else if (!session.isEnded) this.startKeepalive(session);
        },
      )
      .finally(() => (this.checking = false));
  }

  action(action: AmiAction, options?: ActionOptions): Promise<AmiMessage> {
    const session = this.liveSession(action);
    if (session instanceof Error) return Promise.reject(session);
    return session.send(action, this.nextId(), false, options?.timeoutMs ?? this.actionTimeoutMs);
  }

  listAction(action: AmiAction, options?: ActionOptions): Promise<ListResult> {
    const session = this.liveSession(action);
    if (session instanceof Error) return Promise.reject(session);
    return session.send(action, this.nextId(), true, options?.timeoutMs ?? this.actionTimeoutMs);
  }

  onEvent(listener: (event: AmiMessage) => void): () => void {
    return subscribe(this.eventListeners, listener);
  }

  onStatus(listener: (status: ClientStatus, error: Error | null) => void): () => void {
    return subscribe(this.statusListeners, listener);
  }

  /** After every successful login (the first and each reconnect), with the Login response. */
  onLogin(listener: (response: AmiMessage) => void): () => void {
    return subscribe(this.loginListeners, listener);
  }

  onBanner(listener: (banner: string) => void): () => void {
    return subscribe(this.bannerListeners, listener);
  }

  private liveSession(action: AmiAction): AmiSession | Error {
    // Callers cannot hand over a look-alike object: only a built AmiAction reaches the wire.
    if (!(action instanceof AmiAction)) return new TypeError('AMI actions must be built with AmiAction.build()');
    if (!this.session || this.currentStatus !== 'connected')
      return new AmiConnectionError(phrase('ami.not-sent', { action: action.name, status: phrase(`ami.status-${this.currentStatus}`) }));
    return this.session;
  }

  private nextId(): string {
    return `${this.idPrefix}${++this.counter}`;
  }

  /** One connection attempt, from socket to login. Settles once; schedules the next on failure. */
  private attempt(): Promise<void> {
    this.setStatus('connecting', this.error);
    const promise = new Promise<void>((resolve, reject) => {
      let loggedIn = false;
      let greeted = false;
      let socket: ReturnType<SocketFactory>;
      try {
        socket = this.socketFactory(this.target);
      } catch (error) {
        const failure = connectError(error, this.target);
        reject(failure);
        this.afterEnd(failure, false);
        return;
      }
      const where = `${this.target.host}:${this.target.port}`;
      const deadline = this.clock.setTimeout(() => {
        const code = greeted ? 'ami.no-login-answer' : 'ami.no-greeting';
        session.destroy(new AmiLoginError('timeout', phrase(code, { where, ms: this.connectTimeoutMs })));
      }, this.connectTimeoutMs);
      const session: AmiSession = new AmiSession(
        socket,
        {
          onBanner: (banner) => {
            greeted = true;
            this.banner = banner;
            this.emit(this.bannerListeners, banner);
            this.setStatus('authenticating', this.error);
            this.authenticate(session).then(
              (response) => {
                if (session.isEnded) return;
                this.clock.clearTimeout(deadline);
                loggedIn = true;
                this.failures = 0;
                this.setStatus('connected');
                this.startKeepalive(session);
                resolve();
                this.emit(this.loginListeners, response);
              },
              (error: unknown) => session.destroy(error instanceof Error ? error : new Error(String(error))),
            );
          },
          onMessageBeforeBanner: () => session.destroy(new AmiLoginError('not-ami', phrase('ami.not-ami', { where }))),
          onEvent: (event) => this.dispatchEvent(session, event),
          onUnknownResponse: (response) => this.unknownResponse(response),
          onEnd: (error) => {
            this.clock.clearTimeout(deadline);
            if (this.session === session) this.session = null;
            this.stopKeepalive();
            if (loggedIn) return this.afterEnd(error, true);
            const failure = this.loginError(error);
            reject(failure);
            this.afterEnd(failure, false);
          },
        },
        { clock: this.clock, maxMessageBytes: this.options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES },
      );
      this.session = session;
    });
    this.inFlight = promise;
    const clear = () => {
      if (this.inFlight === promise) this.inFlight = null;
    };
    promise.then(clear, clear);
    return promise;
  }

  private async authenticate(session: AmiSession): Promise<AmiMessage> {
    const secret = this.options.secret ?? (await this.options.getSecret!());
    return login((action) => session.send(action, this.nextId(), false, this.actionTimeoutMs), {
      username: this.options.username,
      secret,
      authType: this.options.authType ?? 'plain',
      events: this.options.events ?? 'on',
    });
  }

  /** A connection ended (wasLive: after login). Decides between retrying and stopping. */
  private afterEnd(error: Error, wasLive: boolean): void {
    if (this.closedForGood) return;
    const retry = this.options.reconnect !== false && (wasLive || !(error instanceof AmiLoginError) || error.retryable);
    if (!retry) return this.setStatus('disconnected', error);
    this.setStatus('reconnecting', error);
    const delay = this.backoff(this.failures++, this.random);
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = null;
      // A background attempt's failure is reported through onStatus and retried; nobody awaits it.
      this.attempt().catch(() => {});
    }, delay);
  }

  private loginError(error: Error): AmiLoginError {
    if (error instanceof AmiLoginError) return error;
    if (this.closedForGood) return new AmiLoginError('closed', phrase('ami.closed-before-login'), { cause: error });
    if (error instanceof AmiConnectionError) {
      const where = `${this.target.host}:${this.target.port}`;
      return new AmiLoginError('dropped', phrase('ami.pbx-closed-before-login', { where, why: error.phrase }), { cause: error });
    }
    return connectError(error, this.target);
  }

  private dispatchEvent(session: AmiSession, event: AmiMessage): void {
    this.emit(this.eventListeners, event);
    if (event.name === 'Shutdown')
      session.destroy(new AmiConnectionError(shuttingDown(event.get('Shutdown'), event.get('Restart') === 'True')));
  }

  private unknownResponse(response: AmiMessage): void {
    // Logged once per client: a late answer after a timeout is normal, a flood must not fill the log.
    if (this.unknownResponses++ === 0)
      this.logger.warn(
        `AMI: ignored a response with an unknown ActionID ${JSON.stringify(response.get('ActionID') ?? null)} (further ones are counted, not logged)`,
      );
  }

  private startKeepalive(session: AmiSession): void {
    if (this.keepaliveIntervalMs <= 0) return;
    this.keepaliveTimer = this.clock.setTimeout(() => {
      this.keepaliveTimer = null;
      session.send(AmiAction.build('Ping'), this.nextId(), false, this.keepaliveTimeoutMs).then(
        () => !session.isEnded && this.startKeepalive(session),
        (error: unknown) => {
          if (error instanceof AmiTimeoutError)
            session.destroy(new AmiConnectionError(phrase('ami.keepalive', { ms: this.keepaliveTimeoutMs })));
          else if (error instanceof AmiResponseError && !session.isEnded) this.startKeepalive(session);
        },
      );
    }, this.keepaliveIntervalMs);
  }

  private stopKeepalive(): void {
    if (this.keepaliveTimer !== null) this.clock.clearTimeout(this.keepaliveTimer);
    this.keepaliveTimer = null;
  }

  private cancelRetry(): void {
    if (this.retryTimer !== null) this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** The one place the status changes. */
  private setStatus(status: ClientStatus, error: Error | null = null): void {
    if (status === this.currentStatus && error === this.error) return;
    this.currentStatus = status;
    this.error = error;
    for (const listener of [...this.statusListeners]) this.call(() => listener(status, error));
  }

  private emit<T>(listeners: Set<(value: T) => void>, value: T): void {
    for (const listener of [...listeners]) this.call(() => listener(value));
  }

  /** A listener that throws must not break the connection for the others. */
  private call(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.logger.warn(`AMI: a listener threw: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Event: Shutdown in words: its Shutdown header (the PBX's word, e.g. Cleanly) and whether it restarts. */
function shuttingDown(how: string | undefined, restarting: boolean): Phrase {
  if (how) return restarting ? phrase('ami.shutting-down-how-restarting', { how }) : phrase('ami.shutting-down-how', { how });
  return restarting ? phrase('ami.shutting-down-restarting') : phrase('ami.shutting-down');
}

function subscribe<T>(set: Set<T>, listener: T): () => void {
  set.add(listener);
  return () => set.delete(listener);
}
