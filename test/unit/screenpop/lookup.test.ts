import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileLookupUrl, lookupCaller } from '../../../electron/core/screenpop/lookup.ts';

// A real CRM-like endpoint on loopback; each path misbehaves in its own way.
const seen: string[] = [];
let server: Server;
let base = '';

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  res.on('error', () => undefined);
  switch (url.pathname) {
    case '/caller':
      seen.push(url.searchParams.get('n') ?? '');
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          name: 'Ada Lovelace',
          vip: true,
          score: 42,
          customer: { id: 'C-1042', tier: { level: 'gold' } },
          tags: ['a'],
          none: null,
        }),
      );
      return;
    case '/proto':
      res.end('{"__proto__":"x","constructor":"y"}');
      return;
    case '/html':
      res.setHeader('content-type', 'text/html');
      res.end('<!doctype html><html><body>Login required</body></html>');
      return;
    case '/garbage':
      res.end(Buffer.from([0xff, 0x00, 0x7b, 0x22, 0xc3, 0x28, 0x01, 0x02]));
      return;
    case '/latin1':
      res.end(Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d])); // {"n":"é"} in Latin-1
      return;
    case '/huge': {
      // 10 MB of valid JSON: too big, however well formed.
      res.setHeader('content-type', 'application/json');
      res.end(`{"name":"${'x'.repeat(10 * 1024 * 1024)}"}`);
      return;
    }
    case '/array':
      res.end('[{"name":"Ada"}]');
      return;
    case '/empty-object':
      res.end('{}');
      return;
    case '/empty':
      res.end();
      return;
    case '/error':
      res.statusCode = 500;
      res.end('{"name":"not this"}');
      return;
    case '/missing':
      res.statusCode = 404;
      res.end('{"error":"no such caller"}');
      return;
    case '/redirect':
      res.statusCode = 302;
      res.setHeader('location', '/caller?n=redirected');
      res.end();
      return;
    case '/hang':
      return; // headers never come
    case '/trickle':
      // Headers at once, then a body that never ends.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"name":');
      return;
    case '/reset':
      req.socket.destroy();
      return;
    default:
      res.statusCode = 404;
      res.end();
  }
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const quick = { timeoutMs: 300 };

describe('lookupCaller over real HTTP', () => {
  it('returns the JSON object as flat string fields, the number sent encoded', async () => {
    const record = await lookupCaller('+1 555 010&x=9000', { url: `${base}/caller?n={number}` });
    expect(record).toEqual({ name: 'Ada Lovelace', vip: 'true', score: '42', 'customer.id': 'C-1042', 'customer.tier.level': 'gold' });
    expect(seen.at(-1)).toBe('+1 555 010&x=9000');
  });

  it('sends the number in the format asked for', async () => {
    await lookupCaller('0034 912 345 678', { url: `${base}/caller?n={number}`, numberFormat: 'e164', defaultCountry: 'ES' });
    expect(seen.at(-1)).toBe('+34912345678');
  });

  it('follows a redirect', async () => {
    expect(await lookupCaller('1', { url: `${base}/redirect?n={number}` })).toMatchObject({ name: 'Ada Lovelace' });
    expect(seen.at(-1)).toBe('redirected');
  });

  it('keeps a field named __proto__ as a plain field', async () => {
    const record = await lookupCaller('1', { url: `${base}/proto` });
    expect(record && Object.getPrototypeOf(record)).toBe(null);
    expect(record && { ...record }).toEqual({ ['__proto__']: 'x', constructor: 'y' });
  });

  it.each([
    ['HTML', '/html'],
    ['binary garbage', '/garbage'],
    ['text that is not UTF-8', '/latin1'],
    ['10 MB', '/huge'],
    ['a JSON array', '/array'],
    ['an empty object', '/empty-object'],
    ['an empty body', '/empty'],
    ['a 500', '/error'],
    ['a 404', '/missing'],
    ['a reset connection', '/reset'],
  ])('returns null for %s', async (_what, path) => {
    expect(await lookupCaller('+15550109000', { url: `${base}${path}?n={number}`, ...quick })).toBeNull();
  });

  it('reads the 10 MB body when maxBytes allows it (so the null above is the size limit at work)', async () => {
    const record = await lookupCaller('1', { url: `${base}/huge`, maxBytes: 11 * 1024 * 1024, timeoutMs: 10_000 });
    expect(record?.name).toHaveLength(10 * 1024 * 1024);
  });

  it('returns null when the server never answers', async () => {
    expect(await lookupCaller('+15550109000', { url: `${base}/hang?n={number}`, timeoutMs: 150 })).toBeNull();
  });

  it('returns null when the body never ends', async () => {
    expect(await lookupCaller('+15550109000', { url: `${base}/trickle?n={number}`, timeoutMs: 150 })).toBeNull();
  });

  it('returns null when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await lookupCaller('1', { url: `http://127.0.0.1:${port}/caller?n={number}`, ...quick })).toBeNull();
  });

  it('returns null when the body passes maxBytes', async () => {
    expect(await lookupCaller('1', { url: `${base}/caller?n={number}`, maxBytes: 20 })).toBeNull();
  });

  it('returns null for a URL template it refuses', async () => {
    expect(await lookupCaller('1', { url: 'javascript:alert({number})' })).toBeNull();
    expect(await lookupCaller('1', { url: `${base}/caller?n={number}&c={var.CUSTOMER_ID}` })).toBeNull();
  });

  it('returns null in time even when an injected fetch ignores the abort', async () => {
    const never = () => new Promise<Response>(() => undefined);
    expect(await lookupCaller('1', { url: `${base}/caller?n={number}`, timeoutMs: 50, fetch: never })).toBeNull();
  });

  it('uses an injected fetch, with the rendered URL and an abort signal', async () => {
    const asked: string[] = [];
    const record = await lookupCaller('+1 555', {
      url: `${base}/caller?n={number}`,
      fetch: (url, init) => {
        asked.push(url);
        expect(init.signal).toBeInstanceOf(AbortSignal);
        return fetch(url, init);
      },
    });
    expect(asked).toEqual([`${base}/caller?n=%2B1%20555`]);
    expect(record).toMatchObject({ name: 'Ada Lovelace' });
  });
});

describe('compileLookupUrl', () => {
  it('allows only {number}, checks the scheme', () => {
    expect(compileLookupUrl('https://crm.example/api?n={number}').ok).toBe(true);
    expect(compileLookupUrl('https://crm.example/api?n={name}')).toMatchObject({
      ok: false,
      error: 'The placeholder {name} cannot be used here; allowed: {number}.',
      phrase: { code: 'pop.template.placeholder-not-allowed' },
    });
    expect(compileLookupUrl('ftp://crm.example/{number}')).toMatchObject({
      ok: false,
      error: 'The scheme "ftp:" is not allowed; allowed: http:, https:.',
    });
    expect(compileLookupUrl('https://crm.example/api?n={number}', ['http']).ok).toBe(false);
  });
});
