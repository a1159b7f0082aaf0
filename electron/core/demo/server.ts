/**
 * The demo PBX's AMI server: a TCP listener on loopback that greets like Asterisk 22, logs users
 * in (plain or MD5 challenge), checks manager.conf-style permissions, hands each action to its
 * handler and fans events out to the sessions allowed to read them. A client that sends garbage
 * gets Asterisk's answer; one that sends an endless line is cut off; the others carry on.
 */
import { createHash, randomInt } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { AmiFramer } from '../ami/framer.ts';
import type { AmiMessage } from '../ami/message.ts';
import { extensionStatus, plain, type DemoEvent, type EventClass, type HintView, type Pairs } from './events.ts';
import { isKnownAction, mayRun, parseClasses } from './permissions.ts';
import { Session } from './session.ts';

export const BANNER = 'Asterisk Call Manager/11.0.0';

export interface DemoUser {
  username: string;
  secret: string;
  /** manager.conf `read`, e.g. `system,call,agent` or `all`. */
  read: string;
  /** manager.conf `write`, e.g. `call,originate` or `all`. */
  write: string;
}

export interface ActionContext {
  session: Session;
  message: AmiMessage;
  actionId: string | undefined;
  /** Header value, '' when absent (as Asterisk's astman_get_header). */
  header(key: string): string;
}

export type ActionHandler = (ctx: ActionContext) => void;

export interface ServerOptions {
  host: string;
  port: number;
  users: readonly DemoUser[];
  authFailDelayMs: number;
  /** A client that sends more than this without ending a message is disconnected. */
  maxMessageBytes: number;
  now: () => number;
  /** Seconds since the PBX (re)started, for FullyBooted. */
  uptime: () => number;
  /** True between a restart and the phones coming back: logins see hints as Unavailable. */
  booting: () => boolean;
  hints: () => HintView[];
}

export class AmiServer {
  private server: Server | undefined;
  private nextId = 1;
  readonly sessions = new Map<number, Session>();
  /** Closed sessions are kept (a bounded number) so tests can read what they sent. */
  private readonly finished: Session[] = [];
  private port = 0;
  private handlers: Record<string, ActionHandler> = {};
  private users: readonly DemoUser[];
  /** Fault injection (control.slowDown): every action is handled this long after it arrives. */
  actionDelayMs = 0;
  /** Fault injection (control.withholdListComplete): list `...Complete` events that are never sent. */
  readonly withheldCompletes = new Set<string>();

  constructor(private readonly options: ServerOptions) {
    this.users = options.users;
  }

  /** The admin changes a user's secret; sessions already logged in stay. False for an unknown user. */
  setSecret(username: string, secret: string): boolean {
    const known = this.users.some((u) => u.username.toLowerCase() === username.toLowerCase());
    this.users = this.users.map((u) => (u.username.toLowerCase() === username.toLowerCase() ? { ...u, secret } : u));
    return known;
  }

  setHandlers(handlers: Record<string, ActionHandler>): void {
    this.handlers = Object.fromEntries(Object.entries(handlers).map(([k, v]) => [k.toLowerCase(), v]));
  }

  get listeningPort(): number {
    return this.port;
  }

  listen(port = this.options.port): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = createServer((socket) => this.accept(socket));
      server.once('error', reject);
      server.listen(port, this.options.host, () => {
        server.off('error', reject);
        server.on('error', () => undefined);
        const address = server.address();
        this.port = typeof address === 'object' && address ? address.port : port;
        this.server = server;
        resolve(this.port);
      });
    });
  }

  /**
   * Stops accepting connections at once. Sessions stay until they close; close()'s callback
   * would wait for them, and a client that never closes its side must not hold a restart up.
   */
  stopListening(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    server?.close();
    return Promise.resolve();
  }

  /** Ends every session: politely (FIN after what is queued) or at once (RST-like destroy). */
  closeSessions(how: 'end' | 'destroy'): void {
    for (const s of [...this.sessions.values()]) {
      s.closing = true;
      if (how === 'end') {
        if (s.stalled) s.resume();
        s.socket.end();
      } else s.socket.destroy();
    }
  }

  async close(): Promise<void> {
    this.closeSessions('destroy');
    await this.stopListening();
  }

  broadcast(event: DemoEvent): void {
    for (const s of this.sessions.values()) if (s.wants(event.klass)) s.sendEvent(event);
  }

  allSessions(): Session[] {
    return [...this.finished, ...this.sessions.values()].sort((a, b) => a.id - b.id);
  }

  session(id: number): Session | undefined {
    return this.sessions.get(id) ?? this.finished.find((s) => s.id === id);
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    const session = new Session(this.nextId++, socket, this.options.now());
    session.withheld = this.withheldCompletes;
    this.sessions.set(session.id, session);
    const framer = new AmiFramer(
      { onMessage: (m) => this.onMessage(session, m) },
      { expectBanner: false, maxMessageBytes: this.options.maxMessageBytes },
    );
    socket.on('data', (chunk: Buffer) => {
      session.record(chunk);
      if (session.closing) return;
      try {
        framer.push(normaliseLineEnds(session, chunk));
      } catch {
        // An endless message: refuse it and cut this client off; the others are not affected.
        session.respond(undefined, 'Error', [
          ['Message', `Message too long: more than ${this.options.maxMessageBytes} bytes without an end`],
        ]);
        session.closing = true;
        socket.end();
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      session.closed = true;
      this.sessions.delete(session.id);
      this.finished.push(session);
      if (this.finished.length > 64) this.finished.shift();
    });
    socket.write(`${BANNER}\r\n`);
  }

  private onMessage(session: Session, message: AmiMessage): void {
    if (session.closing) return;
    // Equal delays keep the actions in order: timers of the same length fire as they were set.
    if (this.actionDelayMs > 0) setTimeout(() => this.handle(session, message), this.actionDelayMs);
    else this.handle(session, message);
  }

  private handle(session: Session, message: AmiMessage): void {
    if (session.closing || session.closed) return;
    const actionId = message.get('ActionID');
    const action = (message.get('Action') ?? '').trim();
    if (!action) {
      session.respond(actionId, 'Error', [['Message', 'Missing action in request']]);
      return;
    }
    const lower = action.toLowerCase();
    if (lower === 'login') return this.login(session, message, actionId);
    if (lower === 'challenge') return this.challenge(session, message, actionId);
    if (lower === 'logoff') {
      session.respond(actionId, 'Goodbye', [['Message', 'Thanks for all the fish.']]);
      session.closing = true;
      session.socket.end();
      return;
    }
    if (!session.authenticated) {
      session.respond(actionId, 'Error', [['Message', 'Permission denied']]);
      return;
    }
    if (!isKnownAction(lower) || (!this.handlers[lower] && lower !== 'events')) {
      session.respond(actionId, 'Error', [
        ['Message', `Invalid/unknown command: ${action}. Use Action: ListCommands to show available commands.`],
      ]);
      this.broadcast(this.securityEvent(session, 'RequestBadFormat', 'Error', [['RequestType', `Action: ${action}`]]));
      return;
    }
    if (!mayRun(lower, session.write)) {
      session.respond(actionId, 'Error', [['Message', 'Permission denied']]);
      return;
    }
    if (lower === 'events') return this.events(session, message, actionId);
    const ctx: ActionContext = { session, message, actionId, header: (k) => message.get(k) ?? '' };
    try {
      this.handlers[lower]!(ctx);
    } catch (error) {
      // A handler bug must not take the PBX down: answer as Asterisk would for a failed action.
      session.respond(actionId, 'Error', [['Message', `Internal error: ${(error as Error).message}`.slice(0, 200)]]);
    }
  }

  private challenge(session: Session, message: AmiMessage, actionId: string | undefined): void {
    if ((message.get('AuthType') ?? '').toLowerCase() !== 'md5') {
      session.respond(actionId, 'Error', [['Message', 'Must specify AuthType']]);
      return;
    }
    session.challenge ??= String(randomInt(100_000_000, 999_999_999));
    session.respond(actionId, 'Success', [['Challenge', session.challenge]]);
  }

  private login(session: Session, message: AmiMessage, actionId: string | undefined): void {
    if (session.authenticated) {
      session.respond(actionId, 'Success', [['Message', 'Already authenticated']]);
      return;
    }
    const username = message.get('Username') ?? '';
    const user = this.users.find((u) => u.username.toLowerCase() === username.toLowerCase());
    let ok = false;
    if (user) {
      if ((message.get('AuthType') ?? '').toLowerCase() === 'md5') {
        // manager.c compares with strcmp: the lower-case hex md5 of challenge + secret, nothing else.
        const key = message.get('Key') ?? '';
        ok =
          session.challenge !== undefined &&
          key ===
            createHash('md5')
              .update(session.challenge + user.secret)
              .digest('hex');
      } else ok = message.get('Secret') === user.secret;
    }
    if (!ok || !user) {
      // Asterisk answers a bad login only after a pause, then hangs up.
      session.closing = true;
      setTimeout(() => {
        session.respond(actionId, 'Error', [['Message', 'Authentication failed']]);
        session.socket.end();
      }, this.options.authFailDelayMs);
      return;
    }
    session.username = user.username;
    session.authenticated = true;
    session.read = parseClasses(user.read);
    session.write = parseClasses(user.write);
    const events = message.get('Events');
    if (events !== undefined) session.eventMask = eventMask(events);
    session.respond(actionId, 'Success', [['Message', 'Authentication accepted']]);
    const auth = this.securityEvent(
      session,
      'SuccessfulAuth',
      'Informational',
      [
        ['UsingPassword', '0'],
        ['SessionTV', this.tv(session.startedAt)],
      ],
      user.username,
    );
    if (this.options.booting()) {
      // Fixture 12: right after a restart, hints report Unavailable with an empty Hint, then FullyBooted.
      this.broadcast(auth);
      for (const h of this.options.hints()) if (session.wants('call')) session.sendEvent(extensionStatus({ ...h, status: 4 }, ''));
      if (session.wants('system'))
        session.sendEvent(
          plain('FullyBooted', 'system', [
            ['Status', 'Fully Booted'],
            ['Uptime', '0'],
            ['LastReload', '0'],
          ]),
        );
      return;
    }
    const up = String(this.options.uptime());
    if (session.wants('system'))
      session.sendEvent(
        plain('FullyBooted', 'system', [
          ['Uptime', up],
          ['LastReload', up],
          ['Status', 'Fully Booted'],
        ]),
      );
    this.broadcast(auth);
  }

  private events(session: Session, message: AmiMessage, actionId: string | undefined): void {
    const mask = eventMask(message.get('EventMask') ?? '');
    session.eventMask = mask;
    session.respond(actionId, 'Success', [['Events', mask === 'all' || mask.size > 0 ? 'On' : 'Off']]);
  }

  private tv(ms: number): string {
    return new Date(ms).toISOString().replace('Z', '+0000');
  }

  private securityEvent(session: Session, name: string, severity: string, extra: Pairs, account = session.username): DemoEvent {
    const pairs: Pairs = [
      ['EventTV', this.tv(this.options.now())],
      ['Severity', severity],
      ['Service', 'AMI'],
      ['EventVersion', '1'],
    ];
    if (name === 'SuccessfulAuth') pairs.push(['AccountID', account ?? '']);
    pairs.push(
      ['SessionID', `0x${(0x7f5064000000 + session.id * 0x1460).toString(16)}`],
      ['LocalAddress', session.local],
      ['RemoteAddress', session.remote],
      ...extra,
    );
    if (name !== 'SuccessfulAuth') pairs.push(['SessionTV', this.tv(session.startedAt)], ['AccountID', account ?? '']);
    return plain(name, 'security', pairs);
  }
}

/** `on`, `off`, or a class list, as Login's `Events:` and the Events action take them. */
function eventMask(text: string): Set<EventClass> | 'all' {
  const t = text.trim().toLowerCase();
  if (t === 'on' || t === 'yes' || t === 'true' || t === 'all') return 'all';
  if (t === 'off' || t === 'no' || t === 'false' || t === '') return new Set();
  return parseClasses(t);
}

/** Asterisk accepts LF-only line ends; the framer wants CRLF, so lone LFs become CRLF. */
function normaliseLineEnds(session: Session, chunk: Buffer): Buffer {
  let lone = 0;
  let prevCR = session.lastWasCR;
  for (let i = 0; i < chunk.length; i++) {
    const b = chunk[i]!;
    if (b === 10 && !prevCR) lone++;
    prevCR = b === 13;
  }
  const wasCR = session.lastWasCR;
  session.lastWasCR = prevCR;
  if (lone === 0) return chunk;
  const out = Buffer.allocUnsafe(chunk.length + lone);
  let j = 0;
  prevCR = wasCR;
  for (let i = 0; i < chunk.length; i++) {
    const b = chunk[i]!;
    if (b === 10 && !prevCR) out[j++] = 13;
    out[j++] = b;
    prevCR = b === 13;
  }
  return out;
}
