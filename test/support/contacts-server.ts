/**
 * A CRM's contacts search on node:http, for the contacts tests (unit and e2e): `/search?q=TEXT` answers
 * the PEOPLE whose name holds TEXT as a JSON array of {name, number}; `/wrapped` the same as
 * {"contacts": [...]}; `/slow` answers nothing until the test ends; `/html` a login page; `/shape` JSON
 * that is no list of contacts; `/error` a 500; `/huge` 1 MB of contacts; `/hostile` a name with markup
 * and control characters. Every request is kept (with the time its connection closed, for aborts).
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const PEOPLE = [
  { name: 'Lucía Fernández', number: '+34 912 345 678' },
  { name: 'Luis Ortega', number: 1002 },
  { name: 'Ada Lovelace', number: '+1 555 010 9000' },
];
export const HOSTILE_NAME = '<img src=x onerror="window.__owned=1">Eve\u001b[31m\r\nEvil';

export interface ContactsServer {
  /** `http://127.0.0.1:PORT` */
  base: string;
  /** The path and query of every request, in order. */
  requests: string[];
  /** How many requests' connections closed before an answer (aborted by the client). */
  aborted(): number;
  close(): Promise<void>;
}

export async function startContactsServer(): Promise<ContactsServer> {
  const requests: string[] = [];
  const pending = new Set<ServerResponse>();
  let aborted = 0;
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const url = new URL(request.url ?? '/', 'http://stub');
    const query = (url.searchParams.get('q') ?? '').toLowerCase();
    const found = PEOPLE.filter((person) => person.name.toLowerCase().includes(query));
    const json = (body: unknown) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    switch (url.pathname) {
      case '/search':
        return json(found);
      case '/wrapped':
        return json({ contacts: found, total: found.length });
      case '/slow':
        pending.add(response);
        response.on('close', () => {
          if (!response.writableEnded) aborted++;
          pending.delete(response);
        });
        return;
      case '/html':
        response.writeHead(200, { 'content-type': 'text/html' });
        return response.end('<!doctype html><title>Sign in</title><form>Login required</form>');
      case '/shape':
        return json({ error: 'no', results: 3 });
      case '/error':
        response.writeHead(500, { 'content-type': 'application/json' });
        return response.end('{"error":"database down"}');
      case '/huge':
        return json(Array.from({ length: 20_000 }, (_, i) => ({ name: `Person ${i} ${'x'.repeat(20)}`, number: `+3491${i}` })));
      case '/hostile':
        return json([{ name: HOSTILE_NAME, number: '+34 600 000 001' }, { name: 'no number' }, 'junk', { name: '', number: '1' }]);
      default:
        response.writeHead(404);
        return response.end();
    }
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    aborted: () => aborted,
    async close() {
      for (const response of pending) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
