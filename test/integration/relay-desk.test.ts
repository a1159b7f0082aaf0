/**
 * The desk's side of the relay protocol (relay/desk-companion.ts) against a real nats-server and a
 * stand-in relay that publishes exactly what a test says: changes in order are applied, a gap or a
 * relay counting from 1 again fetches the whole snapshot, a repeated seq changes nothing, the relay's
 * sign of life fetches it again only from another relay instance, a message of
 * a newer version leaves the last picture on show marked stale in words, and verbs go to the
 * agent's own subject with the body the relay expects.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Msg, type NatsConnection } from '@nats-io/transport-node';
import { agentIdentity } from '../../electron/core/agent/identity.ts';
import { emptySnapshot } from '../../electron/core/agent/state.ts';
import { createDeskCompanion, type DeskCompanion } from '../../electron/core/relay/desk-companion.ts';
import { RELAY_ALIVE, RELAY_INBOX_PREFIX, getSubject, snapshotSubject } from '../../electron/core/relay/subjects.ts';
import { encodeAlive, encodeSnapshot } from '../../electron/core/relay/wire.ts';
import type { Snapshot } from '../../electron/shared/snapshot.ts';
import { startNatsServer, type NatsServer } from '../support/nats-server.ts';

let nats: NatsServer;
let relay: NatsConnection;
let desk: DeskCompanion;
/** What the stand-in relay answers to `get`, and how many it answered; the relay instance it plays. */
let current: { seq: number; snapshot: Snapshot };
let instance = 'relay-A';
let gets = 0;
const verbs: Array<{ subject: string; body: unknown }> = [];

const base = emptySnapshot(agentIdentity({ extension: '1001' }), 0);
const live = (n: number): Snapshot => ({
  ...base,
  connection: { ...base.connection, status: 'live', stale: false, since: n },
  extension: { ...base.extension, state: n % 2 ? 'inuse' : 'idle' },
});

function until(test: (s: Snapshot) => boolean, what: string): Promise<Snapshot> {
  return new Promise((resolve, reject) => {
    if (test(desk.snapshot())) return resolve(desk.snapshot());
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}: ${JSON.stringify(desk.snapshot().connection)}`)), 5000);
    const off = desk.subscribe((s) => {
      if (!test(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

async function publish(seq: number, snapshot: Snapshot): Promise<void> {
  relay.publish(snapshotSubject('1001'), encodeSnapshot(seq, snapshot, instance));
  await relay.flush();
}

async function sayAlive(): Promise<void> {
  relay.publish(RELAY_ALIVE, encodeAlive({ relay: instance, startedAt: 1 }));
  await relay.flush();
}

beforeAll(async () => {
  nats = await startNatsServer();
  relay = await connect({ servers: nats.url, inboxPrefix: RELAY_INBOX_PREFIX });
  current = { seq: 10, snapshot: live(10) };
  relay.subscribe(getSubject('1001'), {
    callback: (_e, msg: Msg) => {
      gets++;
      msg.respond(encodeSnapshot(current.seq, current.snapshot, instance));
    },
  });
  relay.subscribe('pbxc.agent.1001.verb.>', {
    callback: (_e, msg: Msg) => {
      verbs.push({ subject: msg.subject, body: msg.json() });
      msg.respond(JSON.stringify({ ok: true, message: 'Done.' }));
    },
  });
  await relay.flush();
  desk = await createDeskCompanion({ servers: [nats.url], identity: { extension: '1001' }, staleAfterMs: 60_000 });
});

afterAll(async () => {
  await desk?.close();
  await relay?.close();
  await nats?.stop();
});

describe('desk companion: the snapshot protocol', () => {
  it('shows the snapshot it fetched on connect', () => {
    expect(desk.snapshot().connection.since).toBe(10);
    expect(gets).toBe(1);
  });

  it('applies seq + 1, ignores a heartbeat (the same seq)', async () => {
    await publish(11, live(11));
    await until((s) => s.connection.since === 11, 'seq 11');
    await publish(11, live(999));
    await publish(12, live(12));
    await until((s) => s.connection.since === 12, 'seq 12');
    expect(gets).toBe(1);
  });

  it('fetches the whole snapshot on a gap', async () => {
    current = { seq: 20, snapshot: live(20) };
    await publish(15, live(15));
    const shown = await until((s) => s.connection.since === 20, 'the fetched seq 20');
    expect(shown.connection.since).not.toBe(15);
    expect(gets).toBe(2);
  });

  it('fetches again when the relay counts from 1 (restarted)', async () => {
    current = { seq: 2, snapshot: live(2) };
    await publish(1, live(1));
    await until((s) => s.connection.since === 2, 'the restarted relay');
    await publish(3, live(3));
    await until((s) => s.connection.since === 3, 'seq 3 after the restart');
  });

  it('a message of a newer version: the last picture stays, stale, in words; nothing crashes', async () => {
    const before = desk.snapshot();
    relay.publish(snapshotSubject('1001'), JSON.stringify({ v: 2, seq: 4, snapshot: live(4), more: 'x' }));
    await relay.flush();
    const stale = await until((s) => s.connection.stale, 'stale');
    expect(stale.connection.error).toMatch(/version 2, newer than this app understands/);
    expect(stale.connection.status).toBe('reconnecting');
    expect(stale.extension).toEqual(before.extension);
    current = { seq: 30, snapshot: live(30) };
    await publish(31, live(31)); // a gap for a desk that lost its place: fetched again
    await until((s) => !s.connection.stale && s.connection.since >= 30, 'live again');
  });

  it("the relay's sign of life: from the snapshot's relay nothing; from another (restarted) relay, the snapshot again", async () => {
    current = { seq: 40, snapshot: live(40) };
    await publish(35, live(35)); // a gap: fetched, so the desk is at seq 40 of relay-A
    await until((s) => s.connection.since === 40, 'seq 40');
    const fetched = gets;
    await sayAlive();
    await publish(41, live(41));
    await until((s) => s.connection.since === 41, 'seq 41');
    expect(gets).toBe(fetched);
    // Another instance, whose count the desk's seq is not: asked again, even with no change published.
    instance = 'relay-B';
    current = { seq: 1, snapshot: live(50) };
    await sayAlive();
    await until((s) => s.connection.since === 50, "relay-B's snapshot");
    expect(gets).toBe(fetched + 1);
  });

  it("verbs go to the agent's own subjects with the verb's arguments", async () => {
    expect(await desk.pause({ reason: 'Lunch', queue: 'support' })).toEqual({ ok: true, message: 'Done.' });
    expect(await desk.transfer('1002', { attended: true })).toMatchObject({ ok: true });
    expect(verbs).toEqual([
      { subject: 'pbxc.agent.1001.verb.pause', body: { reason: 'Lunch', queue: 'support' } },
      { subject: 'pbxc.agent.1001.verb.transfer', body: { target: '1002', attended: true } },
    ]);
  });
});

describe('desk companion: no NATS server answers at start', () => {
  it('starts anyway, saying the relay cannot be reached; verbs refuse in words; close does not wait', async () => {
    // A loopback port nothing listens on.
    const free = net.createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const port = (free.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => free.close(() => resolve()));
    const alone = await createDeskCompanion({
      servers: [`nats://127.0.0.1:${port}`],
      identity: { extension: '1001' },
      firstConnectWaitMs: 200,
    });
    try {
      const shown = alone.snapshot();
      expect(shown.connection).toMatchObject({ stale: true, errorPhrase: { code: 'relay.unreachable' } });
      expect(shown.connection.status).not.toBe('live');
      expect(await alone.pause({ reason: 'Lunch' })).toMatchObject({ ok: false, phrase: { code: 'relay.no-answer' } });
    } finally {
      await alone.close();
    }
  });
});
