/**
 * The AMI client over real TCP (and TLS) on 127.0.0.1 against the scripted server. Timeouts are
 * short so failures show quickly; nothing here asserts how long anything took.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AmiAction } from '../../../electron/core/ami/action.ts';
import { fullJitter } from '../../../electron/core/ami/backoff.ts';
import { AmiClient, type AmiClientOptions } from '../../../electron/core/ami/client.ts';
import { AmiConnectionError, AmiLoginError, AmiResponseError, AmiTimeoutError } from '../../../electron/core/ami/errors.ts';
import { frameAll } from '../../../electron/core/ami/framer.ts';
import type { AmiMessage } from '../../../electron/core/ami/message.ts';
import { MAX_ANSWER_BYTES } from '../../../electron/core/ami/pending.ts';
import { PhrasedError } from '../../../electron/core/errors/phrased-error.ts';
import type { ClientStatus } from '../../../electron/core/ami/types.ts';
import { ScriptedAmiServer, type ScriptedServerOptions } from '../../support/scripted-ami-server.ts';
import { readRaw } from '../../support/fixtures.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(options: ScriptedServerOptions = {}): Promise<ScriptedAmiServer> {
  const server = await ScriptedAmiServer.start(options);
  cleanups.push(() => server.close());
  return server;
}

function client(server: ScriptedAmiServer | number, options: Partial<AmiClientOptions> = {}): AmiClient {
  const c = new AmiClient({
    host: '127.0.0.1',
    port: typeof server === 'number' ? server : server.port,
    username: 'agentapp',
    secret: 's3cret',
    keepaliveIntervalMs: 0,
    backoff: () => 1,
    ...options,
  });
  cleanups.push(() => c.close());
  return c;
}

function nextStatus(c: AmiClient, wanted: ClientStatus): Promise<Error | null> {
  return new Promise((resolve) => {
    const off = c.onStatus((status, error) => {
      if (status !== wanted) return;
      off();
      resolve(error);
    });
  });
}

function nextLogin(c: AmiClient): Promise<void> {
  return new Promise((resolve) => {
    const off = c.onLogin(() => {
      off();
      resolve();
    });
  });
}

/** A port nobody listens on (it was free a moment ago). */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((r) => probe.close(r));
  return port;
}

async function loginError(promise: Promise<unknown>): Promise<AmiLoginError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AmiLoginError);
  return error as AmiLoginError;
}

describe('login', () => {
  it('logs in with a plain secret, goes through the statuses in order and sends Events: on', async () => {
    const server = await serve();
    const c = client(server);
    const statuses: ClientStatus[] = [];
    const events: string[] = [];
    let logins = 0;
    c.onStatus((s) => statuses.push(s));
    c.onEvent((e) => events.push(e.name));
    c.onLogin(() => logins++);
    await c.connect();
    expect(statuses).toEqual(['connecting', 'authenticating', 'connected']);
    expect(c.status).toBe('connected');
    expect(c.amiVersion).toBe('11.0.0');
    expect(logins).toBe(1);
    const [loginAction] = server.received('Login');
    expect(loginAction!.get('Username')).toBe('agentapp');
    expect(loginAction!.get('Secret')).toBe('s3cret');
    expect(loginAction!.get('Events')).toBe('on');
    const pong = await c.action(AmiAction.build('Ping'));
    expect(pong.get('Ping')).toBe('Pong');
    expect(events).toContain('FullyBooted');
  });

  it('logs in with MD5: Challenge, then a Key and no Secret on the wire', async () => {
    const server = await serve();
    const c = client(server, { authType: 'md5', events: 'call,agent,system' });
    await c.connect();
    expect(server.actions.map((a) => a.get('Action'))).toEqual(['Challenge', 'Login']);
    const loginAction = server.received('Login')[0]!;
    expect(loginAction.get('AuthType')).toBe('MD5');
    expect(loginAction.get('Key')).toMatch(/^[0-9a-f]{32}$/);
    expect(loginAction.has('Secret')).toBe(false);
    expect(loginAction.get('Events')).toBe('call,agent,system');
  });

  it('reads the secret through getSecret on every login', async () => {
    const server = await serve();
    let asked = 0;
    const c = client(server, { secret: undefined, getSecret: async () => (asked++, 's3cret') });
    await c.connect();
    const relogin = nextLogin(c);
    (await server.loggedIn()).drop();
    await relogin;
    expect(asked).toBe(2);
  });

  it('a wrong secret is a typed auth-failed error and stops retrying', async () => {
    const server = await serve();
    const c = client(server, { secret: 'wrong-secret', authType: 'md5' });
    const error = await loginError(c.connect());
    expect(error.kind).toBe('auth-failed');
    expect(error.message).toContain('Authentication failed');
    expect(error.message).toContain('"agentapp"');
    expect(c.status).toBe('disconnected');
    expect(c.lastError).toBe(error);
    // No reconnect is scheduled: nothing would ever try again on its own.
    expect(c.diagnostics.timers).toBe(0);
    expect(server.received('Login')).toHaveLength(1);
  });

  it('a refused connection is a typed connection-refused error', async () => {
    const port = await freePort();
    const c = client(port, { reconnect: false });
    const error = await loginError(c.connect());
    expect(error.kind).toBe('connection-refused');
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(c.status).toBe('disconnected');
  });

  it('keeps retrying a refused connection in the background and logs in once the PBX is up', async () => {
    const port = await freePort();
    const c = client(port, { backoff: () => 20 });
    const error = await loginError(c.connect());
    expect(error.kind).toBe('connection-refused');
    expect(c.status).toBe('reconnecting');
    const relogin = nextLogin(c);
    await serve({ port });
    await relogin;
    expect(c.status).toBe('connected');
  });

  it('a server that never greets is a timeout error', async () => {
    const sockets: net.Socket[] = [];
    const server = net.createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => (sockets.forEach((s) => s.destroy()), server.close(() => r()))));
    const c = client((server.address() as net.AddressInfo).port, { reconnect: false, connectTimeoutMs: 100 });
    const error = await loginError(c.connect());
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('TLS');
  });

  it('a server that is not AMI is a not-ami error', async () => {
    const server = net.createServer((s) => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => server.close(() => r())));
    const c = client((server.address() as net.AddressInfo).port, { reconnect: false });
    expect((await loginError(c.connect())).kind).toBe('not-ami');
  });

  it('actions before login are refused locally; a denied action carries Permission denied verbatim', async () => {
    const server = await serve({ users: { agentapp: { secret: 's3cret', deny: ['QueuePause'] } } });
    const c = client(server);
    await expect(c.action(AmiAction.build('Ping'))).rejects.toBeInstanceOf(AmiConnectionError);
    await c.connect();
    const error = await c.action(AmiAction.build('QueuePause', { Interface: 'PJSIP/1001', Paused: true })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmiResponseError);
    expect((error as AmiResponseError).pbxMessage).toBe('Permission denied');
    expect((error as AmiResponseError).permissionDenied).toBe(true);
    const unknown = (await c.action(AmiAction.build('NoSuchAction')).catch((e: unknown) => e)) as AmiResponseError;
    expect(unknown.pbxMessage).toBe('Invalid/unknown command: NoSuchAction. Use Action: ListCommands to show available commands.');
    expect(unknown.unknownAction).toBe(true);
  });

  it('refuses an object that only looks like an action', async () => {
    const server = await serve();
    const c = client(server);
    await c.connect();
    const fake = { name: 'Ping', serialize: () => 'Action: Ping\r\n\r\nAction: Originate\r\n\r\n' } as unknown as AmiAction;
    await expect(c.action(fake)).rejects.toThrow(/AmiAction.build/);
    expect(server.received('Originate')).toHaveLength(0);
  });
});

describe('list actions', () => {
  // The QueueStatus list of fixture 01b (items with conn-5), with real unsolicited events of the
  // same transcript written between its items.
  const messages = frameAll([readRaw('asterisk-22/01b-initial-sync-busy.ami.raw')]).messages;
  const list = messages.filter((m) => m.get('ActionID') === 'conn-5');
  const unsolicited = messages.filter((m) => m.kind === 'event' && !m.has('ActionID')).slice(2, 2 + list.length);

  it('collects the items by ActionID while unsolicited events keep flowing', async () => {
    const server = await serve();
    server.on('QueueStatus', (action, conn) => {
      const id = action.get('ActionID')!;
      const wire = list.flatMap((m, i) => [m.raw.replace('ActionID: conn-5', `ActionID: ${id}`), unsolicited[i]!.raw]);
      conn.raw(wire.map((m) => m + '\r\n\r\n').join(''));
    });
    const c = client(server);
    await c.connect();
    const seen: AmiMessage[] = [];
    c.onEvent((e) => seen.push(e));
    const result = await c.listAction(AmiAction.build('QueueStatus'));
    expect(result.response.get('EventList')).toBe('start');
    expect(result.items.map((m) => m.name)).toEqual(['QueueParams', 'QueueMember', 'QueueEntry', 'QueueParams', 'QueueMember']);
    expect(result.complete.name).toBe('QueueStatusComplete');
    expect(result.complete.get('ListItems')).toBe(String(result.items.length));
    expect(result.items[2]!.get('CallerIDNum')).toBe('+15550109000');
    // Every event reached onEvent, items and unsolicited ones alike, in the order sent.
    const expected = list.slice(1).flatMap((m, i) => [m.name, unsolicited[i + 1]!.name]);
    expect(seen.map((e) => e.name).slice(-expected.length)).toEqual(expected);
    expect(c.diagnostics.pendingActions).toBe(0);
  });

  it('a list that never completes times out and leaves nothing pending', async () => {
    const server = await serve();
    server.on('QueueStatus', (action, conn) => {
      conn.reply(action, 'Success', { EventList: 'start', Message: 'Queue status will follow' });
      conn.event('QueueParams', { Queue: 'support', ActionID: action.get('ActionID')! });
    });
    const c = client(server);
    await c.connect();
    const error = await c.listAction(AmiAction.build('QueueStatus'), { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmiTimeoutError);
    expect((error as Error).message).toContain('QueueStatus');
    expect(c.diagnostics.pendingActions).toBe(0);
    expect(c.status).toBe('connected');
  });

  it('a list whose items pass the 16 MB answer budget fails in words and recycles the connection; the bytes held stay under the budget', async () => {
    // A hostile PBX answering one list with large items (once grew the client to 1.5 GB in 12 s):
    // 48 items of 512 KB, then a Complete that a client without a budget would wait for.
    const server = await serve();
    server.on('QueueStatus', (action, conn) => {
      const id = action.get('ActionID')!;
      conn.reply(action, 'Success', { EventList: 'start', Message: 'Queue status will follow' });
      const item = `Event: QueueMember\r\nActionID: ${id}\r\nQueue: support\r\nName: ${'x'.repeat(512 * 1024)}\r\n\r\n`;
      for (let i = 0; i < 48; i++) conn.raw(item);
      conn.event('QueueStatusComplete', { ActionID: id, EventList: 'Complete', ListItems: '48' });
    });
    const c = client(server);
    await c.connect();
    let mostHeld = 0;
    c.onEvent(() => (mostHeld = Math.max(mostHeld, c.diagnostics.pendingBytes)));
    const reconnecting = nextStatus(c, 'reconnecting');
    const relogin = nextLogin(c);
    const error = await c.listAction(AmiAction.build('QueueStatus')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PhrasedError);
    expect((error as PhrasedError).phrase.code).toBe('ami.answer-too-big');
    expect((error as Error).message).toMatch(/^QueueStatus: the PBX sent more than 16 MB in answer/);
    expect(mostHeld).toBeGreaterThan(MAX_ANSWER_BYTES / 2);
    expect(mostHeld).toBeLessThanOrEqual(MAX_ANSWER_BYTES);
    // Closed as a fault, so the client logs in again by itself.
    expect((await reconnecting)!.message).toContain('more than 16 MB');
    await relogin;
    expect(server.received('Login')).toHaveLength(2);
    expect(c.diagnostics.pendingBytes).toBe(0);
    expect((await c.action(AmiAction.build('Ping'))).get('Ping')).toBe('Pong');
  });

  it('a list refused with Response: Error rejects with the PBX message', async () => {
    const server = await serve({ users: { agentapp: { secret: 's3cret', deny: ['CoreShowChannels'] } } });
    const c = client(server);
    await c.connect();
    await expect(c.listAction(AmiAction.build('CoreShowChannels'))).rejects.toThrow('CoreShowChannels: Permission denied');
  });
});

describe('timeouts and stray answers', () => {
  it('an unanswered action times out; its late answer is ignored and logged once', async () => {
    const server = await serve();
    const late: AmiMessage[] = [];
    server.on('Getvar', (action) => void late.push(action));
    const warnings: string[] = [];
    const c = client(server, { logger: { warn: (m) => warnings.push(m) } });
    await c.connect();
    await expect(c.action(AmiAction.build('Getvar', { Variable: 'X' }), { timeoutMs: 50 })).rejects.toBeInstanceOf(AmiTimeoutError);
    const conn = await server.loggedIn();
    conn.reply(late[0]!, 'Success', { Variable: 'X', Value: '1' });
    conn.send({ Response: 'Success', ActionID: 'nobody-1' });
    conn.send({ Response: 'Success' });
    // The client still answers in order after the strays.
    expect((await c.action(AmiAction.build('Ping'))).get('Ping')).toBe('Pong');
    expect(c.diagnostics.unknownResponses).toBe(3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(late[0]!.get('ActionID'));
  });

  it('a listener that throws does not break the connection', async () => {
    const server = await serve();
    const warnings: string[] = [];
    const c = client(server, { logger: { warn: (m) => warnings.push(m) } });
    c.onEvent(() => {
      throw new Error('listener bug');
    });
    await c.connect();
    expect((await c.action(AmiAction.build('Ping'))).get('Ping')).toBe('Pong');
    expect(warnings.some((w) => w.includes('listener bug'))).toBe(true);
  });
});

describe('drops and reconnects', () => {
  it('rejects pending actions when the connection drops and never sends them again', async () => {
    const server = await serve();
    server.on('Originate', () => {}); // never answered: the drop comes first
    const c = client(server);
    await c.connect();
    const originate = c.action(
      AmiAction.build('Originate', { Channel: 'PJSIP/1001', Exten: '700', Context: 'from-internal', Priority: 1 }),
    );
    while (server.received('Originate').length === 0) await new Promise((r) => setTimeout(r, 5));
    const reconnecting = nextStatus(c, 'reconnecting');
    const relogin = nextLogin(c);
    (await server.loggedIn()).drop();
    const error = await originate.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmiConnectionError);
    expect((error as Error).message).toMatch(/Originate got no answer.*not sent again/);
    expect(await reconnecting).toBeInstanceOf(Error);
    await relogin;
    expect(c.status).toBe('connected');
    await c.action(AmiAction.build('Ping'));
    expect(server.received('Originate')).toHaveLength(1);
    expect(server.received('Login')).toHaveLength(2);
  });

  it('treats Event: Shutdown as the PBX going away, reconnects and sees FullyBooted again', async () => {
    const server = await serve();
    const c = client(server);
    const events: string[] = [];
    c.onEvent((e) => events.push(e.name));
    await c.connect();
    const reconnecting = nextStatus(c, 'reconnecting');
    const relogin = nextLogin(c);
    const shutdown = readRaw('asterisk-22/12-reload-and-restart.conn3.ami.raw').toString('utf8');
    const raw = /Event: Shutdown\r\n[\s\S]*?\r\n\r\n/.exec(shutdown)![0];
    (await server.loggedIn()).raw(raw); // the server keeps its socket open: the client must act on the event alone
    expect((await reconnecting)!.message).toBe('the PBX is shutting down (Cleanly, restarting)');
    await relogin;
    await c.action(AmiAction.build('Ping')); // FullyBooted follows the login response, before this answer
    expect(events).toEqual(['FullyBooted', 'Shutdown', 'FullyBooted']);
  });

  it('catches a half-open socket with the keepalive Ping and reconnects', async () => {
    const server = await serve();
    const c = client(server, { keepaliveIntervalMs: 20, keepaliveTimeoutMs: 100 });
    await c.connect();
    const reconnecting = nextStatus(c, 'reconnecting');
    const relogin = nextLogin(c);
    (await server.loggedIn()).stall();
    expect((await reconnecting)!.message).toContain('half-open');
    await relogin;
    expect(server.received('Ping').length).toBeGreaterThan(0);
  });

  it('a socket that stalls halfway through a message is caught by the keepalive', async () => {
    const server = await serve();
    const c = client(server, { keepaliveIntervalMs: 20, keepaliveTimeoutMs: 100 });
    await c.connect();
    const reconnecting = nextStatus(c, 'reconnecting');
    const relogin = nextLogin(c);
    const conn = await server.loggedIn();
    conn.raw('Event: Newchannel\r\nChannel: PJSIP/10');
    conn.stall();
    expect((await reconnecting)!.message).toContain('half-open');
    await relogin;
    expect((await c.action(AmiAction.build('Ping'))).get('Ping')).toBe('Pong');
  });

  it('garbage without a message end is a clear error, then the connection recovers', async () => {
    const server = await serve();
    const c = client(server, { maxMessageBytes: 4096 });
    await c.connect();
    const reconnecting = nextStatus(c, 'reconnecting');
    const relogin = nextLogin(c);
    (await server.loggedIn()).raw(Buffer.from(Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 256).filter((b) => b !== 13)));
    expect((await reconnecting)!.message).toMatch(/not AMI.*more than 4096 bytes/);
    await relogin;
    expect((await c.action(AmiAction.build('Ping'))).get('Ping')).toBe('Pong');
  });

  it('a 10 MB message is refused at the 1 MiB default, then the connection recovers', async () => {
    const server = await serve();
    const c = client(server);
    await c.connect();
    const reconnecting = nextStatus(c, 'reconnecting');
    const relogin = nextLogin(c);
    (await server.loggedIn()).raw(`Event: Huge\r\nData: ${'x'.repeat(10 * 1024 * 1024)}\r\n\r\n`);
    expect((await reconnecting)!.message).toContain('more than 1048576 bytes');
    await relogin;
    expect(c.status).toBe('connected');
  });

  it('200 reconnects leave no pending actions, listeners or timers behind', async () => {
    const server = await serve();
    server.on('Getvar', () => {}); // left pending at every drop
    const c = client(server, { keepaliveIntervalMs: 60_000, backoff: () => 0 });
    c.onEvent(() => {});
    await c.connect();
    const before = c.diagnostics;
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    let rejected = 0;
    for (let i = 0; i < 200; i++) {
      c.action(AmiAction.build('Getvar', { Variable: 'X' })).catch(() => rejected++);
      while (server.received('Getvar').length <= i) await new Promise((r) => setImmediate(r));
      const relogin = nextLogin(c);
      (await server.loggedIn()).drop();
      await relogin;
    }
    expect(rejected).toBe(200);
    expect(c.diagnostics).toEqual(before);
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBeLessThanOrEqual(timersBefore + 1);
    expect(server.received('Getvar')).toHaveLength(200);
  });
});

describe('checkNow (the computer woke, the network changed)', () => {
  it('while waiting out a long backoff, tries again now', async () => {
    const server = await serve();
    const c = client(server, { backoff: () => 600_000 });
    await c.connect();
    const reconnecting = nextStatus(c, 'reconnecting');
    (await server.loggedIn()).drop();
    await reconnecting;
    const relogin = nextLogin(c);
    c.checkNow();
    await relogin;
    expect(c.status).toBe('connected');
    expect(c.diagnostics).toMatchObject({ sessions: 1, pendingActions: 0 });
  });

  it('on a healthy session sends one Ping for a burst of checks and stays connected', async () => {
    const server = await serve();
    const c = client(server);
    await c.connect();
    const statuses: ClientStatus[] = [];
    c.onStatus((status) => statuses.push(status));
    for (let i = 0; i < 10; i++) c.checkNow();
    await vi.waitFor(() => expect(server.received('Ping')).toHaveLength(1));
    expect((await c.action(AmiAction.build('Ping'))).get('Ping')).toBe('Pong');
    expect(server.received('Ping')).toHaveLength(2);
    expect(statuses).toEqual([]);
  });
});

describe('close', () => {
  it('logs off, ends in closed and never reconnects', async () => {
    const server = await serve();
    const c = client(server);
    await c.connect();
    await c.close();
    expect(server.received('Logoff')).toHaveLength(1);
    expect(c.status).toBe('closed');
    expect(c.diagnostics).toMatchObject({ timers: 0, sessions: 0, pendingActions: 0 });
    expect((await loginError(c.connect())).kind).toBe('closed');
    await expect(c.action(AmiAction.build('Ping'))).rejects.toBeInstanceOf(AmiConnectionError);
  });

  it('stops a reconnect loop', async () => {
    const port = await freePort();
    const c = client(port, { backoff: () => 10 });
    await c.connect().catch(() => {});
    expect(c.status).toBe('reconnecting');
    await c.close();
    expect(c.status).toBe('closed');
    expect(c.diagnostics.timers).toBe(0);
  });
});

describe('TLS', () => {
  let dir: string;
  let key: string;
  let cert: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ami-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    key = readFileSync(path.join(dir, 'key.pem'), 'utf8');
    cert = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a self-signed certificate by default with tls-untrusted, and does not retry', async () => {
    const server = await serve({ tls: { key, cert } });
    const c = client(server, { tls: true });
    const error = await loginError(c.connect());
    expect(error.kind).toBe('tls-untrusted');
    expect(error.message).toContain('not trusted');
    expect(c.status).toBe('disconnected');
    expect(server.received('Login')).toHaveLength(0);
  });

  it('accepts it with the ca option and logs in over TLS', async () => {
    const server = await serve({ tls: { key, cert } });
    const c = client(server, { tls: { ca: cert } });
    await c.connect();
    expect((await c.action(AmiAction.build('Ping'))).get('Ping')).toBe('Pong');
  });

  it('TLS against a plain AMI port is a tls-failed error', async () => {
    const server = await serve();
    const c = client(server, { tls: true, reconnect: false });
    expect((await loginError(c.connect())).kind).toBe('tls-failed');
  });
});

describe('backoff', () => {
  it('full jitter: random * min(2^n * 250, 30000), from the first attempt', () => {
    const backoff = fullJitter();
    const table: Array<[number, number, number]> = [
      [0, 1, 250],
      [0, 0.5, 125],
      [1, 1, 500],
      [3, 0.5, 1000],
      [7, 1, 30_000],
      [1000, 1, 30_000],
      [5, 0, 0],
    ];
    for (const [attempt, random, ms] of table) expect(backoff(attempt, () => random)).toBe(ms);
  });

  it('the client uses the injected strategy and random, counting attempts from 0 and resetting after a login', async () => {
    const server = await serve();
    const calls: number[] = [];
    const c = client(server, { backoff: (n) => (calls.push(n), 1) });
    await c.connect();
    for (let i = 0; i < 2; i++) {
      const relogin = nextLogin(c);
      (await server.loggedIn()).drop();
      await relogin;
    }
    expect(calls).toEqual([0, 0]);
  });
});
