/**
 * The FastAGI service against what the "Bad input" lists: an endless environment block, a
 * line of 1 MB, bytes that are not UTF-8, a HANGUP in the middle of a command, a CRM that answers
 * junk, a redirect or nothing, 1,000 connections at once. Each gives a clear log line and no
 * crash, and a well-behaved call made meanwhile is answered as usual.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startAgiServer, type AgiServer, type AgiServerOptions } from '../../electron/core/agi/server.ts';
import { validateScript } from '../../electron/core/agi/validate.ts';
import { environmentBlock, runFastAgi, type FastAgiCall } from '../../electron/core/demo/fastagi.ts';
import { startCrmStub, type CrmStub } from '../support/crm-stub.ts';

let crm: CrmStub;
const servers: AgiServer[] = [];
const sockets: Socket[] = [];
const logs: string[] = [];
const logger = { info: (l: string) => logs.push(l), warn: (l: string) => logs.push(l) };

beforeAll(async () => {
  crm = await startCrmStub();
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close()));
  logs.length = 0;
});

afterAll(async () => {
  await crm.close();
});

async function serve(path = '/customer', options: Partial<AgiServerOptions> = {}): Promise<AgiServer> {
  const server = await startAgiServer({
    port: 0,
    scripts: { validate: validateScript({ lookup: { url: `${crm.base}${path}?n={number}` } }) },
    logger,
    ...options,
  });
  servers.push(server);
  return server;
}

function call(server: AgiServer, fields: Partial<FastAgiCall> = {}): ReturnType<typeof runFastAgi> {
  return runFastAgi({ host: '127.0.0.1', port: server.port, script: 'validate', callerId: '+15550109000', ...fields });
}

/** A raw connection; resolves when the server closes it. */
function raw(server: AgiServer, localAddress?: string): { socket: Socket; closed: Promise<void> } {
  const socket = connect({ host: '127.0.0.1', port: server.port, ...(localAddress ? { localAddress } : {}) });
  socket.on('error', () => {});
  sockets.push(socket);
  return { socket, closed: new Promise((resolve) => socket.once('close', () => resolve())) };
}

async function wellBehavedCallWorks(server: AgiServer): Promise<void> {
  const result = await call(server);
  expect(result.variables).toMatchObject({ CUSTOMER_VALID: '1', CUSTOMER_ID: 'C-1042' });
}

describe('hostile peers', () => {
  it('an endless environment block is dropped at the line limit, with a log line', async () => {
    const server = await serve();
    const { socket, closed } = raw(server);
    const line = Buffer.from('agi_padding: x\n'.repeat(100));
    const flood = setInterval(() => socket.writable && socket.write(line), 1);
    await wellBehavedCallWorks(server);
    await closed;
    clearInterval(flood);
    expect(logs.some((l) => /dropped: sent an environment block of more than 200 lines/.test(l))).toBe(true);
  });

  it('a line of 1 MB is dropped once it passes the line limit; bytes that are not UTF-8 too', async () => {
    const server = await serve();
    const big = raw(server);
    big.socket.write(Buffer.alloc(1024 * 1024, 0x61));
    const bad = raw(server);
    bad.socket.write(Buffer.concat([Buffer.from('agi_network: yes\nagi_channel: '), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('\n')]));
    await wellBehavedCallWorks(server);
    await Promise.all([big.closed, bad.closed]);
    expect(logs.some((l) => l.includes('dropped: sent a line longer than 8192 bytes'))).toBe(true);
    expect(logs.some((l) => l.includes('dropped: sent a line that is not UTF-8'))).toBe(true);
  });

  it('a peer that sends nothing is dropped after the idle timeout', async () => {
    const server = await serve('/customer', { idleTimeoutMs: 200 });
    const { closed } = raw(server);
    await closed;
    expect(logs.some((l) => l.includes('dropped: silent for 200 ms (idle timeout)'))).toBe(true);
  });

  it('an answer to no command, or words that are no answer, end the session', async () => {
    const server = await serve('/slow');
    const { socket, closed } = raw(server);
    socket.write(environmentBlock({ host: '127.0.0.1', port: server.port, script: 'validate', callerId: '1234' }));
    socket.write('200 result=1\n');
    await closed;
    expect(logs.some((l) => l.includes('dropped: sent an answer to no command'))).toBe(true);
  });

  it('a HANGUP in the middle of a command (the prompt) stops the script after its answer; later calls are unaffected', async () => {
    const server = await serve();
    const result = await call(server, { script: 'validate?prompt=custom/enter-account', digits: ['1234'], hangupDuring: 1 });
    expect(result.commands).toEqual(['GET DATA custom/enter-account 5000 10']);
    expect(logs.some((l) => l.includes('stopped: the caller hung up'))).toBe(true);
    await wellBehavedCallWorks(server);
  });

  it('a hang-up without the HANGUP line (AGISIGHUP=no): the 511 answer stops the script', async () => {
    const server = await serve();
    const result = await call(server, {
      script: 'validate?prompt=custom/enter-account',
      digits: ['', '1234'],
      hangupDuring: 1,
      sighup: false,
    });
    // The prompt in flight was answered (no digits); the next one got 511 and nothing followed it.
    expect(result.commands).toEqual(['GET DATA custom/enter-account 5000 10', 'GET DATA custom/enter-account 5000 10']);
    expect(logs.some((l) => l.includes('stopped: the channel is gone (511)'))).toBe(true);
  });

  it('a peer that closes mid-session stops the script without a crash', async () => {
    const server = await serve('/slow');
    const asked = crm.requests.length;
    const { socket } = raw(server);
    socket.write(environmentBlock({ host: '127.0.0.1', port: server.port, script: 'validate', callerId: '1234' }));
    await vi.waitFor(() => expect(crm.requests.slice(asked)).toContain('/slow?n=1234'));
    socket.destroy();
    await vi.waitFor(() => expect(logs.some((l) => l.includes('stopped: the PBX closed the connection'))).toBe(true), { timeout: 5000 });
  });

  it('an address off the allow-list is refused with a log line', async () => {
    const server = await serve('/customer', { allow: ['127.0.0.1'] });
    const { closed } = raw(server, '127.0.0.3');
    await closed;
    expect(logs).toContain('agi: refused 127.0.0.3: not on the allow-list');
    await wellBehavedCallWorks(server);
  });

  it('1,000 connections at once from one peer: the per-peer limit refuses the rest in a few log lines; another call is answered', async () => {
    const server = await serve('/customer', { maxPerPeer: 100, idleTimeoutMs: 2000 });
    const flood = Array.from({ length: 1000 }, () => raw(server, '127.0.0.2'));
    await vi.waitFor(() => expect(logs.some((l) => l.includes('(100 times so far)'))).toBe(true), { timeout: 10_000 });
    const started = performance.now();
    await wellBehavedCallWorks(server);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(server.connections()).toBeLessThanOrEqual(101);
    const refusals = logs.filter((l) => l.startsWith('agi: refused 127.0.0.2'));
    expect(refusals[0]).toBe('agi: refused 127.0.0.2: already 100 connections from this address');
    expect(refusals.length).toBeLessThanOrEqual(3);
    await Promise.all(flood.map((f) => f.closed));
  });

  it('1,000 calls at once are all validated', async () => {
    const server = await serve();
    const results = await Promise.all(Array.from({ length: 1000 }, () => call(server, { timeoutMs: 30_000 })));
    expect(results.every((r) => r.variables.CUSTOMER_VALID === '1')).toBe(true);
  });
});

describe('a CRM that misbehaves: CUSTOMER_VALID=unknown within the budget, and why in the log', () => {
  const cases: Array<[string, RegExp]> = [
    ['/junk', /the answer is not JSON/],
    ['/redirect', /the answer is not JSON/],
    ['/loop', /redirect/],
    ['/error', /HTTP status 500/],
    ['/binary', /encoded data was not valid/],
    ['/slow', /no answer within 1500 ms/],
    ['/huge', /an answer longer than 1048576 bytes/],
    ['/big', /the answer is longer than 65536 bytes/],
    ['/to-file', /a redirect to file:/],
  ];
  for (const [path, why] of cases) {
    it(path, async () => {
      const server = await serve(path);
      const result = await call(server);
      expect(result.variables).toMatchObject({ CUSTOMER_VALID: 'unknown', CUSTOMER_ID: '+15550109000' });
      expect(result.ms).toBeLessThan(1500 + 1000);
      const line = logs.find((l) => l.includes('CUSTOMER_VALID=unknown'));
      expect(line).toMatch(why);
    });
  }

  it('a CRM that is not there at all', async () => {
    const closed = await startCrmStub();
    await closed.close();
    const server = await startAgiServer({
      port: 0,
      scripts: { validate: validateScript({ lookup: { url: `${closed.base}/customer?n={number}` } }) },
      logger,
    });
    servers.push(server);
    const result = await call(server);
    expect(result.variables.CUSTOMER_VALID).toBe('unknown');
    expect(logs.find((l) => l.includes('CUSTOMER_VALID=unknown'))).toMatch(/connect ECONNREFUSED/);
  });
});
