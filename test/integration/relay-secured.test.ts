/**
 * Relay mode as an admin deploys it: nats-server runs the config `relay --print-nats-conf` prints
 * (one nkey user per desk, allowed only its own subjects), the relay and the desks log in with the
 * seeds it printed. The relay serves both desks, a verb works, and a desk that asks for another
 * agent with its own seed gets nothing: the server refuses it, the desk says the relay cannot be reached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AmiClient } from '../../electron/core/ami/client.ts';
import { main } from '../../electron/core/cli.ts';
import { memoryIO } from '../../electron/core/cli/io.ts';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import { createDeskCompanion, type DeskCompanion } from '../../electron/core/relay/desk-companion.ts';
import { natsAuthOptions } from '../../electron/core/relay/nats-auth.ts';
import { startRelay, type Relay } from '../../electron/core/relay/relay.ts';
import { RELAY_INBOX_PREFIX } from '../../electron/core/relay/subjects.ts';
import type { Snapshot } from '../../electron/shared/snapshot.ts';
import { startNatsServer, type NatsServer } from '../support/nats-server.ts';

let pbx: DemoPbx;
let nats: NatsServer;
let ami: AmiClient;
let relayNats: NatsConnection;
let relay: Relay;
let seeds: Map<string, string>;
const desks: DeskCompanion[] = [];

function until(desk: DeskCompanion, test: (s: Snapshot) => boolean, what: string): Promise<Snapshot> {
  return new Promise((resolve, reject) => {
    if (test(desk.snapshot())) return resolve(desk.snapshot());
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${what}: ${JSON.stringify(desk.snapshot().connection)}`)),
      10_000,
    );
    const off = desk.subscribe((s) => {
      if (!test(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

async function desk(extension: string, seed: string): Promise<DeskCompanion> {
  const d = await createDeskCompanion({ servers: [nats.url], credential: seed, identity: { extension }, requestTimeoutMs: 1000 });
  desks.push(d);
  return d;
}

beforeAll(async () => {
  const io = memoryIO();
  expect(await main(['relay', '--print-nats-conf', '--agents', '1001,1002'], io)).toBe(0);
  seeds = new Map(
    io.errors.flatMap((line) => {
      const match = /^(relay|desk-\S+) (SU[A-Z2-7]+)$/.exec(line);
      return match ? [[match[1]!, match[2]!] as const] : [];
    }),
  );
  nats = await startNatsServer(io.lines.join('\n') + '\n');
  pbx = await startDemoPbx({ answerAfterMs: null, otherAnswerAfterMs: 5 });
  ami = new AmiClient({ host: '127.0.0.1', port: pbx.port, username: 'agentapp', secret: 's3cret', keepaliveIntervalMs: 0 });
  relayNats = await connect({ servers: nats.url, ...natsAuthOptions(seeds.get('relay')!), inboxPrefix: RELAY_INBOX_PREFIX });
  relay = await startRelay({ connection: ami, nats: relayNats, agents: ['1001', '1002'] });
  await ami.connect();
}, 30_000);

afterAll(async () => {
  for (const d of desks) await d.close();
  await relay?.stop();
  await relayNats?.close();
  await ami?.close();
  await pbx?.close();
  await nats?.stop();
});

describe('relay mode with the printed nats-server config', () => {
  it('serves each desk its own agent, with its own seed; a verb works', async () => {
    const d1001 = await desk('1001', seeds.get('desk-1001')!);
    const d1002 = await desk('1002', seeds.get('desk-1002')!);
    await until(d1001, (s) => s.connection.status === 'live', '1001 live');
    await until(d1002, (s) => s.connection.status === 'live', '1002 live');
    const id = pbx.control.incomingCall({ queue: 'support', callerNumber: '+34911777888' });
    await until(d1001, (s) => s.calls.some((c) => c.id === id), 'the call at 1001');
    expect(d1002.snapshot().calls).toEqual([]);
    expect(await d1001.pause({ reason: 'Training' })).toMatchObject({ ok: true });
    await until(d1001, (s) => s.queues.some((q) => q.paused), '1001 paused');
    pbx.control.callerHangup(id);
    expect(await d1001.unpause({})).toMatchObject({ ok: true });
  });

  it("1001's seed asking for 1002 gets nothing from the server: no snapshot, no verb", async () => {
    const spy = await desk('1002', seeds.get('desk-1001')!);
    const shown = await until(spy, (s) => s.connection.error !== null, 'a refusal');
    expect(shown.connection.stale).toBe(true);
    expect(shown.calls).toEqual([]);
    expect(shown.queues).toEqual([]);
    const result = await spy.pause({ reason: 'x' });
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/relay did not answer/) });
    expect(relay.snapshot('1002')!.queues.every((q) => !q.paused)).toBe(true);
  });
});
