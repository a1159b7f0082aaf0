/**
 * A small real ARI server for tests: HTTP and the events WebSocket on 127.0.0.1, port 0, built
 * from Asterisk 22's recorded answers in ../shared/fixtures/asterisk-22/13-ari-stasis.ari.jsonl.
 *
 * - REST: a request is answered with the body, status and headers Asterisk recorded for the same
 *   method and path (the query is not compared: our client's originate has its own query). A path
 *   recorded several times (GET /ari/channels: empty, one channel, two, empty) is answered as
 *   Asterisk answered it at the current point of the recording: the last answer recorded before the
 *   next WebSocket event still to play.
 * - WebSocket `/ari/events?app=NAME`: `play()` sends the recorded events in order (the fixture's
 *   call: 9000 -> Stasis, PJSIP/1001 originated, answered, hung up).
 * - Basic auth against ari.conf's user (ariuser/aripass in the fixture's conf/ari.conf).
 * - HTTPS and WSS instead of plain HTTP with `tls: { key, cert }`.
 *
 * Answers NOT in the recording, each written as Asterisk's source writes it (res_ari.c and the
 * resources), and marked `synthetic` in `requests`: 401 `{"message":"Authentication required"}`
 * with `WWW-Authenticate: Basic realm="Asterisk REST Interface"`; 404 `{"message":"Resource not
 * found"}` for a path no resource serves; `{"message":"Endpoint not found"}` for an unknown endpoint; POST/DELETE /applications/{app}/subscription (the
 * recorded application, with the subscribed sources); GET /recordings/stored (`[]`). A 404 for an
 * unknown channel id reuses the recorded `{"message":"Channel not found"}`.
 * - POST /channels with a click-to-dial `channelId` (OWN_DIAL_PREFIX..., the id the client chooses,
 *   as Asterisk allows): from then on the recorded originated channel carries that id, in the
 *   answer, in every later answer and in every event played, as Asterisk would send it. (Other
 *   chosen ids, such as supervise()'s, keep the recorded id: their tests name it.)
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { isOwnDial } from '../../electron/core/ari/dial.ts';
import { fixturePath } from './fixtures.ts';

export const ARI_FIXTURE = 'asterisk-22/13-ari-stasis.ari.jsonl';

interface Line {
  index: number;
  kind: string;
  method?: string;
  path?: string;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  event?: Record<string, unknown>;
}

export interface ReceivedRequest {
  method: string;
  /** The path without the query. */
  path: string;
  /** The raw request target, as sent (to check that no secret is in it). */
  url: string;
  query: Record<string, string>;
  body: unknown;
  authorization: string | undefined;
  status: number;
  synthetic: boolean;
}

export interface ReceivedSocket {
  url: string;
  app: string | null;
  subscribeAll: string | null;
  authorization: string | undefined;
}

/** A test's own answer for one method and path (non-JSON, truncated, huge...). */
export type Override = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface AriServerOptions {
  /** user -> password. Default ari.conf's `ariuser` / `aripass`. */
  users?: Record<string, string>;
  fixture?: string;
  /** Serve HTTPS and WSS with this key and certificate (PEM), as http.conf's tlsenable does. */
  tls?: { key: Buffer | string; cert: Buffer | string };
}

export function readAriFixture(name = ARI_FIXTURE): Line[] {
  return readFileSync(fixturePath(name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, index) => ({ index, ...(JSON.parse(l) as Omit<Line, 'index'>) }));
}

/** The recorded WebSocket events, in order. */
export function recordedEvents(name = ARI_FIXTURE): Record<string, unknown>[] {
  return readAriFixture(name)
    .filter((l) => l.kind === 'ws-event')
    .map((l) => l.event!);
}

export class AriTestServer {
  readonly requests: ReceivedRequest[] = [];
  readonly socketsOpened: ReceivedSocket[] = [];
  /** WebSocket upgrades refused with 401. */
  upgradesRefused = 0;
  private readonly lines: Line[];
  private readonly eventLines: Line[];
  private played = 0;
  private readonly overrides = new Map<string, Override>();
  private readonly sockets = new Set<WebSocket>();
  private readonly connections = new Set<Socket>();
  private readonly subscriptions = new Map<string, Set<string>>();
  private socketWaiters: Array<{ count: number; resolve: () => void }> = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  /** The recorded originated channel's id, and the id a POST /channels chose for it. */
  private channelAlias: { recorded: string; chosen: string } | null = null;

  /** TLS handshakes completed (HTTPS only). */
  handshakes = 0;

  private constructor(
    private readonly server: http.Server | https.Server,
    private readonly users: Record<string, string>,
    fixture: string,
    private readonly secure: boolean,
  ) {
    this.lines = readAriFixture(fixture);
    this.eventLines = this.lines.filter((l) => l.kind === 'ws-event');
  }

  static async start(options: AriServerOptions = {}): Promise<AriTestServer> {
    const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }) : http.createServer();
    const ari = new AriTestServer(
      server,
      options.users ?? { ariuser: 'aripass' },
      options.fixture ?? ARI_FIXTURE,
      options.tls !== undefined,
    );
    server.on('secureConnection', () => ari.handshakes++);
    server.on('tlsClientError', () => undefined);
    server.on('request', (req, res) => ari.handle(req, res));
    server.on('upgrade', (req, socket, head) => ari.upgrade(req, socket as Socket, head));
    server.on('connection', (socket) => {
      ari.connections.add(socket);
      socket.on('close', () => ari.connections.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return ari;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `${this.secure ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  /** WebSockets open now. */
  get openSockets(): number {
    return this.sockets.size;
  }

  /** The recorded events not yet played. */
  get remainingEvents(): number {
    return this.eventLines.length - this.played;
  }

  /** Answers `METHOD path` (path with /ari, without the query) with a test's own handler. */
  override(method: string, path: string, handler: Override): this {
    this.overrides.set(`${method} ${path}`, handler);
    return this;
  }

  /** Sends the next `count` recorded events (default: all that remain) to every open WebSocket; returns them. */
  play(count = this.remainingEvents): Record<string, unknown>[] {
    const lines = this.eventLines.slice(this.played, this.played + count);
    this.played += lines.length;
    for (const line of lines) this.send(this.aliased(JSON.stringify(line.event)));
    return lines.map((l) => l.event!);
  }

  /** Plays recorded events up to and including the first for which `until` is true. */
  playUntil(until: (event: Record<string, unknown>) => boolean): Record<string, unknown>[] {
    const rest = this.eventLines.slice(this.played);
    const at = rest.findIndex((l) => until(l.event!));
    if (at < 0) throw new Error('no recorded event left matches');
    return this.play(at + 1);
  }

  /** Skips recorded events without sending them (as if they happened while no socket was open). */
  skip(count: number): void {
    this.played = Math.min(this.eventLines.length, this.played + count);
  }

  /** Sends text (or an object as JSON) to every open WebSocket. */
  send(message: string | object): void {
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    for (const socket of this.sockets) socket.send(text);
  }

  /** The server stops reading its sockets (no pong, no FIN): a laptop that slept, as the client sees it. */
  stallSockets(): void {
    for (const socket of this.sockets) (socket as unknown as { _socket: { pause(): void } })._socket.pause();
  }

  /** Cuts every WebSocket without a close frame, as a network drop or an Asterisk restart does. */
  dropSockets(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  /** Resolves once `count` WebSockets have been opened since the start. */
  waitForSockets(count: number): Promise<void> {
    if (this.socketsOpened.length >= count && this.sockets.size > 0) return Promise.resolve();
    return new Promise((resolve) => this.socketWaiters.push({ count, resolve }));
  }

  /** Requests received for `METHOD path`. */
  received(method: string, path: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
    for (const socket of this.connections) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- HTTP -------------------------------------------------------------------------------------

  private authorised(header: string | undefined): boolean {
    const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '');
    if (!m) return false;
    const text = Buffer.from(m[1]!, 'base64').toString('utf8');
    const colon = text.indexOf(':');
    return colon > 0 && this.users[text.slice(0, colon)] === text.slice(colon + 1);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = text;
      }
      const record: ReceivedRequest = {
        method: req.method ?? '',
        path: target.pathname,
        url: req.url ?? '',
        query: Object.fromEntries(target.searchParams),
        body,
        authorization: req.headers.authorization,
        status: 0,
        synthetic: false,
      };
      this.requests.push(record);
      const reply = (status: number, json: unknown, headers: Record<string, string> = {}, synthetic = true) => {
        record.status = status;
        record.synthetic = synthetic;
        const payload = json === undefined ? '' : this.aliased(JSON.stringify(json));
        res.writeHead(status, {
          server: 'Asterisk/22.10.1',
          'cache-control': 'no-cache, no-store',
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...headers,
          'content-length': String(Buffer.byteLength(payload)),
        });
        res.end(payload);
      };

      if (!this.authorised(req.headers.authorization)) {
        reply(401, { message: 'Authentication required' }, { 'www-authenticate': 'Basic realm="Asterisk REST Interface"' });
        return;
      }
      const override = this.overrides.get(`${record.method} ${record.path}`);
      if (override) {
        record.synthetic = true;
        record.status = -1;
        override(req, res);
        return;
      }
      if (record.method === 'POST' && record.path === '/ari/channels' && isOwnDial(record.query.channelId ?? '')) {
        const answer = this.lines.find((l) => l.kind === 'rest-response' && l.method === 'POST' && l.path?.startsWith('/ari/channels?'));
        this.channelAlias = { recorded: (answer!.body as { id: string }).id, chosen: record.query.channelId! };
      }
      const recorded = this.recordedAnswer(record.method, this.unaliased(record.path));
      if (recorded) {
        const { date: _date, 'content-length': _length, ...headers } = recorded.headers ?? {};
        reply(recorded.status!, recorded.status === 204 ? undefined : recorded.body, headers, false);
        return;
      }
      const subscription = /^\/ari\/applications\/([^/]+)\/subscription$/.exec(record.path);
      if (subscription && (record.method === 'POST' || record.method === 'DELETE')) {
        const app = decodeURIComponent(subscription[1]!);
        const sources = this.subscriptions.get(app) ?? new Set<string>();
        for (const source of (record.query.eventSource ?? '').split(',').filter(Boolean)) {
          if (record.method === 'POST') sources.add(source);
          else sources.delete(source);
        }
        this.subscriptions.set(app, sources);
        const base = this.lines.find((l) => l.kind === 'rest-response' && l.path === '/ari/applications/labapp')!.body as Record<
          string,
          unknown
        >;
        const of = (prefix: string) => [...sources].filter((s) => s.startsWith(prefix)).map((s) => s.slice(prefix.length));
        reply(200, { ...base, name: app, endpoint_ids: of('endpoint:'), device_names: of('deviceState:') });
        return;
      }
      if (record.method === 'GET' && record.path === '/ari/recordings/stored') {
        reply(200, []);
        return;
      }
      if (/^\/ari\/channels\/[^/]+(\/.*)?$/.test(record.path)) {
        const notFound = this.lines.find((l) => l.kind === 'rest-response' && l.status === 404)!;
        reply(404, notFound.body, {}, false);
        return;
      }
      if (record.method === 'GET' && /^\/ari\/endpoints\/[^/]+\/[^/]+$/.test(record.path)) {
        reply(404, { message: 'Endpoint not found' });
        return;
      }
      reply(404, { message: 'Resource not found' });
    });
  }

  /** JSON text with the recorded originated channel's id replaced by the id the client chose. */
  private aliased(text: string): string {
    const alias = this.channelAlias;
    return alias ? text.split(JSON.stringify(alias.recorded)).join(JSON.stringify(alias.chosen)) : text;
  }

  /** A request path naming the chosen id, as recorded. */
  private unaliased(path: string): string {
    const alias = this.channelAlias;
    return alias ? path.replace(`/ari/channels/${encodeURIComponent(alias.chosen)}`, `/ari/channels/${alias.recorded}`) : path;
  }

  /** The answer Asterisk recorded for this method and path at the current point of the call. */
  private recordedAnswer(method: string, path: string): Line | undefined {
    const answers = this.lines.filter((l) => l.kind === 'rest-response' && l.method === method && l.path?.split('?')[0] === path);
    if (answers.length === 0) return undefined;
    const next = this.eventLines[this.played]?.index ?? Infinity;
    const before = answers.filter((l) => l.index < next);
    return before.length > 0 ? before[before.length - 1] : answers[0];
  }

  // ---- WebSocket --------------------------------------------------------------------------------

  private upgrade(req: http.IncomingMessage, socket: Socket, head: Buffer): void {
    const target = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (target.pathname !== '/ari/events') {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (!this.authorised(req.headers.authorization)) {
      this.upgradesRefused++;
      const body = JSON.stringify({ message: 'Authentication required' });
      socket.end(
        `HTTP/1.1 401 Unauthorized\r\nServer: Asterisk/22.10.1\r\nWWW-Authenticate: Basic realm="Asterisk REST Interface"\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      );
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.sockets.add(ws);
      ws.on('close', () => this.sockets.delete(ws));
      ws.on('error', () => {});
      this.socketsOpened.push({
        url: req.url ?? '',
        app: target.searchParams.get('app'),
        subscribeAll: target.searchParams.get('subscribeAll'),
        authorization: req.headers.authorization,
      });
      const ready = this.socketWaiters.filter((w) => this.socketsOpened.length >= w.count);
      this.socketWaiters = this.socketWaiters.filter((w) => !ready.includes(w));
      for (const waiter of ready) waiter.resolve();
    });
  }
}
