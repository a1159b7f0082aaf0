/**
 * The ARI events WebSocket: `/ari/events?app=NAME&subscribeAll=false`, authorised by the
 * Authorization header on the upgrade (never `api_key` in the URL, which Asterisk and proxies log).
 *
 * - Reconnects after any drop with jittered backoff from the first attempt (ami/backoff.ts): after
 *   an Asterisk restart every desk reconnects at once.
 * - A 401 on the upgrade stops retrying (status `failed`): a wrong password does not fix itself,
 *   and each try lands in Asterisk's security log.
 * - Messages over `maxPayloadBytes` (default 1 MB) close the socket (ws answers 1009) and are
 *   logged; the stream reconnects. A message that is not JSON is logged and skipped.
 * - `onOpen` fires on every (re)connect so the owner can resubscribe and resync: events missed
 *   while the socket was down are gone.
 */
import WebSocket from 'ws';
import { defaultBackoff, type BackoffStrategy } from '../ami/backoff.ts';
import { systemClock, type Clock } from '../ami/clock.ts';
import { phrase, phraseOfError } from '../../shared/phrases/index.ts';
import { AriError, networkError, statusError } from './errors.ts';
import type { AriHttp } from './http.ts';
import { segment } from './path.ts';
import type { AriEvent } from './types.ts';

export type AriStreamStatus = 'disconnected' | 'connecting' | 'live' | 'reconnecting' | 'failed';

export interface AriLogger {
  warn(message: string): void;
}

export interface AriEventStreamOptions {
  http: AriHttp;
  /** The Stasis application's name. */
  app: string;
  /** Default false: only the app's own subscriptions (its channels, and what it subscribes to). */
  subscribeAll?: boolean;
  /** Default 1 MB. */
  maxPayloadBytes?: number;
  /** Time allowed for the upgrade. Default 10 s. */
  handshakeTimeoutMs?: number;
  /** A WebSocket ping this often; no pong by the next one means a half-open socket. 0: off. Default 20 s. */
  pingIntervalMs?: number;
  /** Reconnect after a drop (default true). close() always stops it. */
  reconnect?: boolean;
  backoff?: BackoffStrategy;
  random?: () => number;
  clock?: Clock;
  logger?: AriLogger;
}

export const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;

export class AriEventStream {
  private currentStatus: AriStreamStatus = 'disconnected';
  private lastError: AriError | null = null;
  private notifiedError: AriError | null = null;
  private socket: WebSocket | null = null;
  private attempt = 0;
  private timer: unknown = null;
  private pingTimer: unknown = null;
  private checkTimer: unknown = null;
  private closed = false;
  private readonly eventListeners = new Set<(event: AriEvent) => void>();
  private readonly openListeners = new Set<() => void>();
  private readonly statusListeners = new Set<(status: AriStreamStatus, error: AriError | null) => void>();
  private readonly clock: Clock;
  private readonly logger: AriLogger;
  private readonly url: string;

  constructor(private readonly options: AriEventStreamOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? { warn: () => {} };
    const { secure, host, port, base } = options.http.target;
    const hostPart = host.includes(':') ? `[${host}]` : host;
    this.url = `${secure ? 'wss' : 'ws'}://${hostPart}:${port}${base}/events?app=${segment(options.app, 'application name')}&subscribeAll=${options.subscribeAll === true}`;
  }

  get status(): AriStreamStatus {
    return this.currentStatus;
  }

  get error(): AriError | null {
    return this.lastError;
  }

  onEvent(listener: (event: AriEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onOpen(listener: () => void): () => void {
    this.openListeners.add(listener);
    return () => this.openListeners.delete(listener);
  }

  onStatus(listener: (status: AriStreamStatus, error: AriError | null) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Opens the socket (and keeps it open). Idempotent. */
  start(): void {
    if (this.closed || this.socket || this.timer !== null) return;
    this.open();
  }

  /** Drops the socket and reconnects after backoff (e.g. when a resync failed). */
  restart(reason: AriError): void {
    if (this.closed) return;
    this.lastError = reason;
    this.socket?.terminate();
  }

  /**
   * Checks the socket now instead of at the next ping (the machine woke, the network changed): a ping
   * unanswered within `timeoutMs` replaces the socket; a wait for a reconnect ends now. Calls while a
   * check is out are one.
   */
  checkNow(timeoutMs = 3000): void {
    if (this.closed) return;
    if (this.timer !== null) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
      this.attempt = 0;
      void this.open();
      return;
    }
    const socket = this.socket as (WebSocket & { awaitingPong?: boolean }) | null;
    if (!socket || socket.readyState !== WebSocket.OPEN || this.checkTimer !== null) return;
    socket.awaitingPong = true;
    socket.ping();
    this.checkTimer = this.clock.setTimeout(() => {
      this.checkTimer = null;
      if (socket.awaitingPong && this.socket === socket) {
        this.lastError = new AriError('timeout', phrase('ari.events-half-open'));
        socket.terminate();
      }
    }, timeoutMs);
  }

  /** Stops for good: closes the socket, cancels any reconnect. */
  async close(): Promise<void> {
    this.closed = true;
    this.cancelTimers();
    const socket = this.socket;
    this.socket = null;
    if (socket && socket.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        if (socket.readyState === WebSocket.OPEN) socket.close(1000);
        else socket.terminate();
      });
    }
    this.setStatus('disconnected', null);
  }

  private async open(): Promise<void> {
    this.setStatus(this.attempt === 0 ? 'connecting' : 'reconnecting', this.lastError);
    let authorization: string;
    try {
      authorization = await this.options.http.authorization();
    } catch (error) {
      this.fail(
        error instanceof AriError
          ? error
          : new AriError('invalid-input', phrase('ari.password-unreadable', { detail: phraseOfError(error) })),
      );
      return;
    }
    if (this.closed) return;
    const socket = new WebSocket(this.url, {
      headers: { Authorization: authorization },
      maxPayload: this.options.maxPayloadBytes ?? DEFAULT_MAX_EVENT_BYTES,
      handshakeTimeout: this.options.handshakeTimeoutMs ?? 10_000,
      perMessageDeflate: false,
      followRedirects: false,
      ...(this.options.http.target.secure ? { ca: this.options.http.ca, rejectUnauthorized: true } : {}),
    });
    this.socket = socket;
    let refused: AriError | null = null;
    const where = this.options.http.target.where;

    socket.on('unexpected-response', (_request, response) => {
      refused = statusError(response.statusCode ?? 0, undefined, phrase('ari.events-socket'));
      response.resume();
      socket.terminate();
    });
    socket.on('open', () => {
      this.attempt = 0;
      this.lastError = null;
      this.setStatus('live', null);
      this.startPing(socket);
      for (const listener of [...this.openListeners]) listener();
    });
    socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      if (isBinary) return this.logger.warn('ARI events: a binary message was skipped');
      let event: unknown;
      const text = data.toString();
      try {
        event = JSON.parse(text);
      } catch {
        this.logger.warn(`ARI events: a message that is not JSON was skipped ("${text.slice(0, 60)}")`);
        return;
      }
      if (!event || typeof event !== 'object' || typeof (event as AriEvent).type !== 'string') {
        this.logger.warn('ARI events: a message without a "type" was skipped');
        return;
      }
      for (const listener of [...this.eventListeners]) listener(event as AriEvent);
    });
    socket.on('pong', () => {
      (socket as WebSocket & { awaitingPong?: boolean }).awaitingPong = false;
    });
    socket.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        const limit = this.options.maxPayloadBytes ?? DEFAULT_MAX_EVENT_BYTES;
        refused = new AriError('too-large', phrase('ari.event-too-large', { limit }));
        this.logger.warn(`ARI events: ${refused.message}`);
      } else if (!refused) {
        refused = networkError(error, where);
      }
    });
    socket.on('close', () => {
      this.stopPing();
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.closed) return;
      const error = refused ?? this.lastError ?? new AriError('network', phrase('ari.events-closed', { where }));
      if (!error.retryable || this.options.reconnect === false) {
        this.fail(error);
        return;
      }
      this.lastError = error;
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    const random = this.options.random ?? Math.random;
    const delay = (this.options.backoff ?? defaultBackoff)(this.attempt++, random);
    this.setStatus('reconnecting', this.lastError);
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      if (!this.closed) void this.open();
    }, delay);
  }

  private fail(error: AriError): void {
    this.lastError = error;
    this.setStatus(this.options.reconnect === false && error.retryable ? 'disconnected' : 'failed', error);
  }

  private startPing(socket: WebSocket): void {
    const interval = this.options.pingIntervalMs ?? 20_000;
    if (interval <= 0) return;
    const tick = () => {
      const s = socket as WebSocket & { awaitingPong?: boolean };
      if (s.awaitingPong) {
        this.lastError = new AriError('timeout', phrase('ari.events-half-open'));
        socket.terminate();
        return;
      }
      s.awaitingPong = true;
      socket.ping();
      this.pingTimer = this.clock.setTimeout(tick, interval);
    };
    this.pingTimer = this.clock.setTimeout(tick, interval);
  }

  private stopPing(): void {
    if (this.pingTimer !== null) this.clock.clearTimeout(this.pingTimer);
    this.pingTimer = null;
  }

  private cancelTimers(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    if (this.checkTimer !== null) this.clock.clearTimeout(this.checkTimer);
    this.checkTimer = null;
    this.stopPing();
  }

  private setStatus(status: AriStreamStatus, error: AriError | null): void {
    if (status === this.currentStatus && error === this.notifiedError) return;
    this.currentStatus = status;
    this.notifiedError = error;
    for (const listener of [...this.statusListeners]) listener(status, error);
  }
}
