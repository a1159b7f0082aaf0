/**
 * A small real AMI server for tests: TCP (or TLS) on 127.0.0.1, port 0. It greets with the banner,
 * answers Login (plain and MD5), Challenge, Ping and Logoff with Asterisk's exact wording (from the
 * transcripts in ../shared/fixtures), refuses everything before login with `Permission denied`,
 * and lets a test script the rest: a handler per action, pushed events, raw bytes, a stall, a drop.
 * Not the demo PBX (electron/core/demo): it knows nothing of calls or queues.
 */
import { createHash, randomInt } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import { AmiFramer } from '../../electron/core/ami/framer.ts';
import type { AmiMessage } from '../../electron/core/ami/message.ts';

export type Fields = ReadonlyArray<readonly [string, string]> | Readonly<Record<string, string>>;

export interface ScriptedUser {
  secret: string;
  /** Actions this user may not run: answered `Permission denied`, as Asterisk does for a missing write class. */
  deny?: readonly string[];
  /** Send `Event: FullyBooted` after the login (Asterisk does when the user reads `system`). Default true. */
  fullyBooted?: boolean;
}

/** Answers one action; return false to fall through to the built-in answers. */
export type ActionHandler = (action: AmiMessage, conn: ScriptedConnection) => void | boolean;

export interface ScriptedServerOptions {
  users?: Record<string, ScriptedUser>;
  banner?: string;
  /** Asterisk answers a wrong secret after about a second, then closes; tests shorten it. Default 20 ms. */
  authFailDelayMs?: number;
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Default 0 (any free port). */
  port?: number;
}

export const BANNER = 'Asterisk Call Manager/11.0.0';

export class ScriptedConnection {
  username: string | null = null;
  readonly actions: AmiMessage[] = [];
  private stalled = false;
  private challenge: string | null = null;

  constructor(
    readonly socket: net.Socket,
    private readonly server: ScriptedAmiServer,
  ) {
    const framer = new AmiFramer({ onMessage: (m) => this.receive(m) }, { expectBanner: false });
    socket.on('data', (chunk: Buffer) => {
      try {
        framer.push(chunk);
      } catch {
        socket.destroy();
      }
    });
    socket.on('error', () => {});
  }

  get loggedIn(): boolean {
    return this.username !== null;
  }

  /** Writes one message (CRLF CRLF added). */
  send(fields: Fields): void {
    const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
    this.raw(pairs.map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n');
  }

  /** `Response: <word>`, the action's ActionID, then the fields, in Asterisk's order. */
  reply(action: AmiMessage, response: 'Success' | 'Error' | 'Goodbye', fields: Fields = {}): void {
    const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
    const id = action.get('ActionID');
    this.send([['Response', response], ...(id === undefined ? [] : [['ActionID', id] as const]), ...pairs]);
  }

  event(name: string, fields: Fields = {}): void {
    const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
    this.send([['Event', name], ...pairs]);
  }

  raw(bytes: string | Buffer): void {
    if (!this.stalled && !this.socket.destroyed) this.socket.write(bytes);
  }

  /** Stops answering anything while keeping the socket open: a half-open connection as the client sees it. */
  stall(): void {
    this.stalled = true;
  }

  /** Closes the socket at once (RST-like), as a crash or a cable pulled would. */
  drop(): void {
    this.socket.destroy();
  }

  /** Closes cleanly (FIN), as Asterisk does after a failed login or a Logoff. */
  end(): void {
    this.socket.end();
  }

  private receive(action: AmiMessage): void {
    this.actions.push(action);
    this.server.actions.push(action);
    if (this.stalled) return;
    const name = action.get('Action') ?? '';
    const key = name.toLowerCase();
    if (key === 'login') {
      // A scripted Login answer (a refusal while shutting down, silence) comes before the built-in one.
      const scripted = this.server.handlers.get('login');
      if (scripted && scripted(action, this) !== false) return;
      return this.login(action);
    }
    if (key === 'challenge') {
      this.challenge = String(randomInt(100_000_000, 999_999_999));
      return this.reply(action, 'Success', { Challenge: this.challenge });
    }
    if (!this.loggedIn) return this.reply(action, 'Error', { Message: 'Permission denied' });
    const user = this.server.users[this.username!]!;
    if (user.deny?.some((d) => d.toLowerCase() === key)) return this.reply(action, 'Error', { Message: 'Permission denied' });
    const handler = this.server.handlers.get(key);
    if (handler && handler(action, this) !== false) return;
    if (key === 'ping') return this.reply(action, 'Success', { Ping: 'Pong', Timestamp: (Date.now() / 1000).toFixed(6) });
    if (key === 'logoff') {
      this.reply(action, 'Goodbye', { Message: 'Thanks for all the fish.' });
      return this.end();
    }
    this.reply(action, 'Error', { Message: `Invalid/unknown command: ${name}. Use Action: ListCommands to show available commands.` });
  }

  private login(action: AmiMessage): void {
    const name = action.get('Username') ?? '';
    const user = this.server.users[name];
    const md5 = action.get('AuthType')?.toLowerCase() === 'md5';
    const ok =
      user !== undefined &&
      (md5
        ? this.challenge !== null &&
          action.get('Key') ===
            createHash('md5')
              .update(this.challenge + user.secret)
              .digest('hex')
        : action.get('Secret') === user.secret);
    if (!ok) {
      setTimeout(() => {
        this.reply(action, 'Error', { Message: 'Authentication failed' });
        this.end();
      }, this.server.authFailDelayMs);
      return;
    }
    this.username = name;
    this.reply(action, 'Success', { Message: 'Authentication accepted' });
    if (user.fullyBooted !== false)
      this.event('FullyBooted', { Privilege: 'system,all', Uptime: '4', LastReload: '4', Status: 'Fully Booted' });
  }
}

export class ScriptedAmiServer {
  readonly connections: ScriptedConnection[] = [];
  /** Every action received on every connection, in order. */
  readonly actions: AmiMessage[] = [];
  readonly handlers = new Map<string, ActionHandler>();
  readonly users: Record<string, ScriptedUser>;
  readonly authFailDelayMs: number;
  /**
   * Decides per connection whether it gets the banner (default: yes). Return false and drop() or
   * end() it to play a PBX that closes before greeting (Asterisk beyond `authlimit`, a restart's reset).
   */
  greet: (conn: ScriptedConnection) => boolean = () => true;
  private waiters: Array<(conn: ScriptedConnection) => void> = [];

  private constructor(
    private readonly server: net.Server,
    options: ScriptedServerOptions,
  ) {
    this.users = options.users ?? { agentapp: { secret: 's3cret' } };
    this.authFailDelayMs = options.authFailDelayMs ?? 20;
    const banner = options.banner ?? BANNER;
    server.on(options.tls ? 'secureConnection' : 'connection', (socket: net.Socket) => {
      const conn = new ScriptedConnection(socket, this);
      this.connections.push(conn);
      socket.on('close', () => this.connections.splice(this.connections.indexOf(conn), 1));
      if (this.greet(conn)) socket.write(`${banner}\r\n`);
      for (const waiter of this.waiters.splice(0)) waiter(conn);
    });
    // A TLS client that refuses our certificate resets the handshake: not a test failure.
    server.on('tlsClientError', () => {});
  }

  static async start(options: ScriptedServerOptions = {}): Promise<ScriptedAmiServer> {
    const server = options.tls ? tls.createServer({ key: options.tls.key, cert: options.tls.cert }) : net.createServer();
    const scripted = new ScriptedAmiServer(server, options);
    await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
    return scripted;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** Scripts the answer to an action (by name, case-insensitive). */
  on(action: string, handler: ActionHandler): this {
    this.handlers.set(action.toLowerCase(), handler);
    return this;
  }

  /** The next connection to arrive. */
  nextConnection(): Promise<ScriptedConnection> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** An open, logged-in connection, once there is one. */
  async loggedIn(): Promise<ScriptedConnection> {
    for (;;) {
      const conn = this.connections.find((c) => c.loggedIn && !c.socket.destroyed);
      if (conn) return conn;
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Actions named `name` received so far. */
  received(name: string): AmiMessage[] {
    return this.actions.filter((a) => a.get('Action')?.toLowerCase() === name.toLowerCase());
  }

  async close(): Promise<void> {
    for (const conn of [...this.connections]) conn.drop();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
