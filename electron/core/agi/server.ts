/**
 * The FastAGI server: Asterisk's `AGI(agi://host:4573/validate?...)` connects here, sends its
 * environment block, and the script it named (validate.ts) runs commands until it is done; then
 * the socket is closed and the dialplan goes on. Whatever a peer does, it costs bounded memory and
 * time and never reaches another call: only addresses on the allow-list get in, each peer and the
 * whole server have a connection limit, a silent peer is dropped after the idle timeout, a line is at
 * most maxLineBytes and the environment block at most MAX_ENVIRONMENT_LINES lines. Each refusal or
 * drop is one log line (refusals of the same peer are counted, not repeated).
 */
import { BlockList, createServer, isIP, type AddressInfo, type Server, type Socket } from 'node:net';
import { printable } from '../../shared/control-characters.ts';
import {
  AgiEnvironmentReader,
  AgiLineReader,
  AgiProtocolError,
  AgiReplyReader,
  agiRequest,
  DEFAULT_MAX_LINE_BYTES,
  HANGUP_LINE,
  type AgiEnvironment,
  type AgiReply,
  type AgiRequest,
} from './codec.ts';

export const DEFAULT_AGI_PORT = 4573;
export const DEFAULT_MAX_CONNECTIONS = 1000;
export const DEFAULT_MAX_PER_PEER = 500;
export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;

/** The caller hung up (or the PBX went away): the script stops, there is nobody to answer. */
export class AgiHangupError extends Error {
  override name = 'AgiHangupError';
}

/** What a script sees of one call. */
export interface AgiSession {
  readonly env: AgiEnvironment;
  readonly request: AgiRequest;
  /** `10.0.0.5:41234 PJSIP/9000-00000003`, the start of every log line about this call. */
  readonly label: string;
  /**
   * Sends one command (built by codec.ts) and waits for its answer; AgiHangupError once the caller
   * is gone. Commands sent in the same tick go out in one write and are answered in order.
   */
  command(line: string): Promise<AgiReply>;
  readonly hungUp: boolean;
  log(message: string): void;
}

export type AgiScript = (session: AgiSession) => Promise<void>;

export interface AgiLogger {
  info(line: string): void;
  warn(line: string): void;
}

export interface AgiServerOptions {
  /** Scripts by name: `validate` for `agi://host/validate?...`. */
  scripts: Readonly<Record<string, AgiScript>>;
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Addresses (`10.0.0.5`) or subnets (`10.0.0.0/24`) that may connect. Default the loopback only. */
  allow?: readonly string[];
  maxConnections?: number;
  maxPerPeer?: number;
  /** A peer silent this long (no environment line, no answer) is dropped. */
  idleTimeoutMs?: number;
  maxLineBytes?: number;
  logger?: AgiLogger;
}

export interface AgiServer {
  readonly host: string;
  readonly port: number;
  /** Open connections now. */
  connections(): number;
  close(): Promise<void>;
}

/** `--allow 10.0.0.5,10.1.0.0/16` as a BlockList of allowed peers; throws with the entry at fault. */
export function allowList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', bits, extra] = entry.trim().split('/');
    const family = isIP(address);
    const prefix = bits === undefined ? undefined : Number(bits);
    const maxBits = family === 6 ? 128 : 32;
    if (family === 0 || extra !== undefined || (prefix !== undefined && !(Number.isInteger(prefix) && prefix >= 0 && prefix <= maxBits)))
      throw new Error(`"${entry.slice(0, 60)}" is not an IP address or a subnet such as 10.0.0.0/24`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, prefix, type);
  }
  return list;
}

/** `::ffff:10.0.0.5` (an IPv4 peer on a dual-stack socket) is 10.0.0.5. */
function peerAddress(socket: Socket): string {
  return (socket.remoteAddress ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
}

function isAllowed(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

export async function startAgiServer(options: AgiServerOptions): Promise<AgiServer> {
  const host = options.host ?? '127.0.0.1';
  const allowed = allowList(options.allow ?? ['127.0.0.0/8', '::1']);
  const maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const maxPerPeer = options.maxPerPeer ?? DEFAULT_MAX_PER_PEER;
  const logger = options.logger ?? { info: () => {}, warn: () => {} };
  const open = new Set<Socket>();
  const perPeer = new Map<string, number>();
  const refusals = new Map<string, number>();

  /** The 1st, 10th, 100th... refusal of a peer for one reason: a flood is a few lines, not thousands. */
  const refuse = (socket: Socket, peer: string, why: string): void => {
    const key = `${peer} ${why}`;
    const count = (refusals.get(key) ?? 0) + 1;
    refusals.set(key, count);
    if (Number.isInteger(Math.log10(count))) logger.warn(`agi: refused ${peer}: ${why}${count > 1 ? ` (${count} times so far)` : ''}`);
    socket.destroy();
  };

  const server: Server = createServer((socket) => {
    const peer = peerAddress(socket);
    if (!isAllowed(allowed, peer)) return refuse(socket, peer, 'not on the allow-list');
    if (open.size >= maxConnections) return refuse(socket, peer, `already ${maxConnections} connections in all`);
    const mine = perPeer.get(peer) ?? 0;
    if (mine >= maxPerPeer) return refuse(socket, peer, `already ${maxPerPeer} connections from this address`);
    open.add(socket);
    perPeer.set(peer, mine + 1);
    socket.once('close', () => {
      open.delete(socket);
      const left = (perPeer.get(peer) ?? 1) - 1;
      if (left === 0) perPeer.delete(peer);
      else perPeer.set(peer, left);
    });
    new AgiConnection(socket, `${peer}:${socket.remotePort}`, options, logger).start();
  });
  // The default backlog (511) would drop a burst of calls before we can even count them.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port ?? DEFAULT_AGI_PORT, host, backlog: 2048 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => logger.warn(`agi: server error: ${error.message}`));
  const address = server.address() as AddressInfo;
  return {
    host: address.address,
    port: address.port,
    connections: () => open.size,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of open) socket.destroy();
      await closed;
    },
  };
}

/** One call: the environment block, then the script's commands and their answers, then the close. */
class AgiConnection implements AgiSession {
  private readonly lines: AgiLineReader;
  private readonly environment = new AgiEnvironmentReader();
  private readonly replies = new AgiReplyReader();
  private phase: 'environment' | 'script' | 'done' = 'environment';
  /** The commands sent and not answered yet, oldest first: Asterisk answers them in order. */
  private readonly waiting: Array<{ resolve(reply: AgiReply): void; reject(error: Error): void }> = [];
  /** Why the call is over for the script (the caller hung up, the PBX closed, we dropped it); unset while it lasts. */
  private gone: string | undefined;
  env: AgiEnvironment = {};
  request: AgiRequest = { script: '', params: new URLSearchParams(), args: [] };
  label: string;

  constructor(
    private readonly socket: Socket,
    private readonly peer: string,
    private readonly options: AgiServerOptions,
    private readonly logger: AgiLogger,
  ) {
    this.label = peer;
    this.lines = new AgiLineReader(options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  }

  get hungUp(): boolean {
    return this.gone !== undefined;
  }

  start(): void {
    const socket = this.socket;
    socket.setNoDelay(true);
    socket.setTimeout(this.options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS);
    socket.on('timeout', () => this.drop(`silent for ${socket.timeout} ms (idle timeout)`));
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => {}); // a reset is followed by 'close', which says it
    socket.on('close', () => {
      if (this.phase === 'environment') this.log('closed before the environment block ended');
      this.phase = 'done';
      this.gone ??= 'the PBX closed the connection';
      this.settle(this.gone);
    });
  }

  log(message: string): void {
    this.logger.info(`agi: ${this.label}: ${printable(message)}`);
  }

  command(line: string): Promise<AgiReply> {
    if (this.gone) return Promise.reject(new AgiHangupError(this.gone));
    if (/[\r\n]/.test(line)) return Promise.reject(new AgiProtocolError('a command with a line break'));
    if (!this.socket.writableCorked) {
      this.socket.cork();
      process.nextTick(() => this.socket.uncork());
    }
    return new Promise<AgiReply>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.socket.write(`${line}\n`);
    }).then((reply) => {
      if (reply.code === 511) throw new AgiHangupError('the channel is gone (511)');
      return reply;
    });
  }

  private onData(chunk: Buffer): void {
    try {
      for (const line of this.lines.push(chunk)) {
        if (this.finished()) return;
        this.onLine(line);
      }
    } catch (error) {
      this.drop(error instanceof AgiProtocolError ? `sent ${error.message}` : String(error));
    }
  }

  private onLine(line: string): void {
    if (this.phase === 'environment') {
      if (!this.environment.add(line)) return;
      this.env = this.environment.environment;
      this.request = agiRequest(this.env);
      this.label = `${this.peer} ${this.env.channel ?? 'no channel'}`;
      this.phase = 'script';
      void this.runScript();
      return;
    }
    if (line === HANGUP_LINE) {
      // The answer to a command in flight still comes; every later command is refused at once.
      this.gone = 'the caller hung up';
      return;
    }
    const reply = this.replies.add(line);
    if (!reply) return;
    const waiting = this.waiting.shift();
    if (!waiting) throw new AgiProtocolError('an answer to no command');
    waiting.resolve(reply);
  }

  private async runScript(): Promise<void> {
    const script = Object.hasOwn(this.options.scripts, this.request.script) ? this.options.scripts[this.request.script] : undefined;
    try {
      if (!script) this.logger.warn(`agi: ${this.label}: no script named "${printable(this.request.script).slice(0, 60)}"`);
      else await script(this);
    } catch (error) {
      if (error instanceof AgiHangupError) this.log(`stopped: ${error.message}`);
      else this.logger.warn(`agi: ${this.label}: the script failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.phase = 'done';
      // Closing is how a FastAGI script ends: Asterisk goes on with the next priority.
      this.socket.end();
    }
  }

  private finished(): boolean {
    return this.phase === 'done';
  }

  private drop(why: string): void {
    if (this.finished()) return;
    this.logger.warn(`agi: ${this.label}: dropped: ${why}`);
    this.phase = 'done';
    this.gone = `dropped: ${why}`;
    this.settle(this.gone);
    this.socket.destroy();
  }

  private settle(why: string): void {
    for (const waiting of this.waiting.splice(0)) waiting.reject(new AgiHangupError(why));
  }
}
