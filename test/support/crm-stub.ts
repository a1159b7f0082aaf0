/**
 * A small CRM on node:http for the AGI tests and bench: `/customer?n=KEY` answers the record of a
 * known key as JSON, 404 for others; `/slow` never answers; `/junk` answers HTML; `/redirect` sends
 * to `/junk`; `/loop` redirects to itself; `/to-file` to a file: URL; `/error` is a 500; `/binary` is
 * not UTF-8; `/big` is 100 kB, `/huge` 2 MB. `delayMs` holds every answer (the bench's 5 ms CRM).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const CUSTOMERS: Readonly<Record<string, Record<string, unknown>>> = {
  '+15550109000': { id: 'C-1042', name: 'Ada Lovelace', tier: 'gold' },
  '4242': { id: 'C-4242', name: 'Siobhán "Shiv" O’Brien\r\nEXEC System(rm -rf /)', tier: 'silver' },
  '1234': { id: 'C-1234', name: 'Grace Hopper', account: { manager: 'Zoë Müller' } },
};

export interface CrmStub {
  /** `http://127.0.0.1:PORT` */
  base: string;
  /** Requests received, by path and query. */
  requests: string[];
  close(): Promise<void>;
}

export async function startCrmStub(options: { delayMs?: number } = {}): Promise<CrmStub> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const url = new URL(request.url ?? '/', 'http://stub');
    const reply = (): void => {
      switch (url.pathname) {
        case '/customer': {
          const record = CUSTOMERS[url.searchParams.get('n') ?? ''];
          response.writeHead(record ? 200 : 404, { 'content-type': 'application/json' });
          response.end(record ? JSON.stringify(record) : '{"error":"no such customer"}');
          return;
        }
        case '/slow':
          return; // never answers
        case '/junk':
          response.writeHead(200, { 'content-type': 'text/html' });
          response.end('<html><body>Please sign in</body></html>');
          return;
        case '/redirect':
          response.writeHead(302, { location: '/junk' });
          response.end();
          return;
        case '/loop':
          response.writeHead(302, { location: request.url });
          response.end();
          return;
        case '/big':
        case '/huge':
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(`{"id":"${'x'.repeat(url.pathname === '/big' ? 100_000 : 2_000_000)}"}`);
          return;
        case '/to-file':
          response.writeHead(302, { location: 'file:///etc/passwd' });
          response.end();
          return;
        case '/binary':
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
          return;
        default:
          response.writeHead(500);
          response.end('boom');
      }
    };
    if (options.delayMs) setTimeout(reply, options.delayMs);
    else reply();
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
