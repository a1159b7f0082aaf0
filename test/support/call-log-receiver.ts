/**
 * A CRM's call-log endpoint on node:http (port 0), for the call-log tests: it keeps every POST it
 * read (headers and body) and answers as `answer` says: a status (200 by default), `hang` (reads the
 * request, never answers), or a redirect. `down()` and `up()` close and reopen it on the same port.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedPost {
  headers: IncomingHttpHeaders;
  body: string;
}

export type ReceiverAnswer = { status: number; body?: string; location?: string } | 'hang';

export interface CallLogReceiver {
  /** `http://127.0.0.1:PORT/calls` */
  url: string;
  posts: ReceivedPost[];
  /** Decides the answer to each POST (after it is read and kept). */
  answer: (post: ReceivedPost) => ReceiverAnswer;
  /** Resolves once `count` posts have arrived. */
  until(count: number): Promise<void>;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startCallLogReceiver(): Promise<CallLogReceiver> {
  const waiters: { count: number; resolve: () => void }[] = [];
  const receiver: CallLogReceiver = {
    url: '',
    posts: [],
    answer: () => ({ status: 200, body: '{"ok":true}' }),
    until: (count) =>
      new Promise<void>((resolve) => {
        if (receiver.posts.length >= count) resolve();
        else waiters.push({ count, resolve });
      }),
    down: () => close(server),
    up: async () => {
      server = make();
      await listen(server, port);
    },
    close: () => close(server),
  };
  const make = (): Server =>
    createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const post = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
        receiver.posts.push(post);
        for (const waiter of waiters.filter((w) => receiver.posts.length >= w.count)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
        const answer = receiver.answer(post);
        if (answer === 'hang') return;
        response.writeHead(answer.status, answer.location ? { location: answer.location } : {});
        response.end(answer.body ?? '');
      });
    });
  let server = make();
  await listen(server, 0);
  const port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${port}/calls`;
  return receiver;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
