/**
 * The events WebSocket against the test ARI server (a real WebSocket on 127.0.0.1): the recorded
 * events arrive in order; drops, a 10 MB message, junk and a wrong password are survived or
 * reported in words.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AriEventStream, type AriStreamStatus } from '../../../electron/core/ari/events.ts';
import { AriHttp } from '../../../electron/core/ari/http.ts';
import type { AriEvent } from '../../../electron/core/ari/types.ts';
import { AriTestServer } from '../../support/ari-server.ts';

let server: AriTestServer;
let stream: AriEventStream | null = null;

beforeEach(async () => {
  server = await AriTestServer.start();
});
afterEach(async () => {
  await stream?.close();
  stream = null;
  await server.close();
});

function open(secret = 'aripass', options: { logs?: string[]; maxPayloadBytes?: number } = {}) {
  const received: AriEvent[] = [];
  const statuses: AriStreamStatus[] = [];
  let opens = 0;
  stream = new AriEventStream({
    http: new AriHttp({ url: server.url, username: 'ariuser', secret }),
    app: 'labapp',
    backoff: () => 0,
    pingIntervalMs: 0,
    maxPayloadBytes: options.maxPayloadBytes,
    logger: { warn: (m) => options.logs?.push(m) },
  });
  stream.onEvent((e) => received.push(e));
  stream.onStatus((s) => statuses.push(s));
  stream.onOpen(() => opens++);
  stream.start();
  return { received, statuses, opens: () => opens, stream };
}

/** Resolves when `stream` reaches `status` (now or later). */
function reach(s: AriEventStream, status: AriStreamStatus): Promise<void> {
  if (s.status === status) return Promise.resolve();
  return new Promise((resolve) => {
    const off = s.onStatus((now) => {
      if (now === status) {
        off();
        resolve();
      }
    });
  });
}

/** Resolves once `received` holds `count` events (they arrive asynchronously over the socket). */
function receivedCount(s: AriEventStream, received: AriEvent[], count: number): Promise<void> {
  if (received.length >= count) return Promise.resolve();
  return new Promise((resolve) => {
    const off = s.onEvent(() => {
      if (received.length >= count) {
        off();
        resolve();
      }
    });
  });
}

describe('ARI events WebSocket', () => {
  it('opens /ari/events?app=labapp&subscribeAll=false with the Authorization header and gets the recorded events in order', async () => {
    const { received, stream: s } = open();
    await reach(s, 'live');
    expect(server.socketsOpened).toEqual([
      {
        url: '/ari/events?app=labapp&subscribeAll=false',
        app: 'labapp',
        subscribeAll: 'false',
        authorization: 'Basic ' + Buffer.from('ariuser:aripass').toString('base64'),
      },
    ]);
    const sent = server.play();
    await receivedCount(s, received, sent.length);
    expect(received).toEqual(sent);
    expect(received.map((e) => e.type).slice(0, 4)).toEqual(['StasisStart', 'ChannelEnteredBridge', 'Dial', 'ChannelStateChange']);
  });

  it('reconnects after the socket drops, and says so in its status', async () => {
    const { received, statuses, opens, stream: s } = open();
    await reach(s, 'live');
    server.play(3);
    await receivedCount(s, received, 3);
    server.dropSockets();
    await reach(s, 'reconnecting');
    await reach(s, 'live');
    expect(opens()).toBe(2);
    expect(server.socketsOpened).toHaveLength(2);
    expect(statuses).toEqual(['connecting', 'live', 'reconnecting', 'live']);
    server.play(2);
    await receivedCount(s, received, 5);
    expect(received.map((e) => e.type)).toEqual(['StasisStart', 'ChannelEnteredBridge', 'Dial', 'ChannelStateChange', 'Dial']);
  });

  it('a 10 MB message closes the socket with a clear log line, then it reconnects and carries on', async () => {
    const logs: string[] = [];
    const { received, opens, stream: s } = open('aripass', { logs });
    await reach(s, 'live');
    server.send(JSON.stringify({ type: 'ChannelVarset', variable: 'HUGE', value: 'x'.repeat(10 * 1024 * 1024) }));
    await reach(s, 'reconnecting');
    expect(s.error?.kind).toBe('too-large');
    expect(logs).toEqual([
      'ARI events: an ARI event larger than 1048576 bytes arrived: the events connection was closed and will reconnect',
    ]);
    await reach(s, 'live');
    expect(opens()).toBe(2);
    server.play(1);
    await receivedCount(s, received, 1);
    expect(received.map((e) => e.type)).toEqual(['StasisStart']);
  });

  it('skips a message that is not JSON, or has no type, with a log line, and stays connected', async () => {
    const logs: string[] = [];
    const { received, statuses, stream: s } = open('aripass', { logs });
    await reach(s, 'live');
    server.send('{"type":"StasisStart","channel":{"id":"17956');
    server.send('[1,2,3]');
    server.play(1);
    await receivedCount(s, received, 1);
    expect(received.map((e) => e.type)).toEqual(['StasisStart']);
    expect(logs).toEqual([
      'ARI events: a message that is not JSON was skipped ("{"type":"StasisStart","channel":{"id":"17956")',
      'ARI events: a message without a "type" was skipped',
    ]);
    expect(statuses).toEqual(['connecting', 'live']);
  });

  it('checkNow after a wake: a socket that answers no ping within the check is replaced at once', async () => {
    const { statuses, opens } = open();
    await reach(stream!, 'live');
    server.stallSockets();
    stream!.checkNow(200);
    stream!.checkNow(200);
    await reach(stream!, 'reconnecting');
    await reach(stream!, 'live');
    expect(opens()).toBe(2);
    expect(statuses.filter((s) => s === 'reconnecting')).toHaveLength(1);
  });

  it('a wrong password: failed with the reason in words, and no retry', async () => {
    const { statuses, stream: s } = open('wrong');
    await reach(s, 'failed');
    expect(s.error?.message).toBe('wrong ARI user or password (ari.conf) for the events WebSocket');
    expect(statuses).toEqual(['connecting', 'failed']);
    expect(server.upgradesRefused).toBe(1);
    expect(server.socketsOpened).toEqual([]);
  });
});
