/**
 * What a direct desk says beyond its snapshots reaches a relay desk too (issue 17): how a
 * click-to-dial ended (the relay's notice on `pbxc.agent.EXT.notice`), and after-call work (run at
 * the desk on the relay's snapshots, pausing and unpausing through the relay's verbs; its countdown
 * in the snapshot). The demo PBX (its phones answer by themselves), a real nats-server, one relay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AmiClient } from '../../electron/core/ami/client.ts';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import { createDeskCompanion, type DeskCompanion } from '../../electron/core/relay/desk-companion.ts';
import { startRelay, type Relay } from '../../electron/core/relay/relay.ts';
import { RELAY_INBOX_PREFIX } from '../../electron/core/relay/subjects.ts';
import type { Companion } from '../../electron/shared/companion.ts';
import type { Phrase } from '../../electron/shared/phrases/index.ts';
import type { Snapshot } from '../../electron/shared/snapshot.ts';
import { startNatsServer, type NatsServer } from '../support/nats-server.ts';
import { waitUntil } from '../support/wait.ts';

let pbx: DemoPbx;
let nats: NatsServer;
let ami: AmiClient;
let relayNats: NatsConnection;
let relay: Relay;
let desk: DeskCompanion;
const notices: Array<{ text: string; level: string; phrase?: Phrase }> = [];

function until(core: Companion, test: (s: Snapshot) => boolean, what: string): Promise<Snapshot> {
  return new Promise((resolve, reject) => {
    if (test(core.snapshot())) return resolve(core.snapshot());
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${what}; last: ${JSON.stringify(core.snapshot().queues)}`)),
      10_000,
    );
    const off = core.subscribe((s) => {
      if (!test(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

const waitFor = (test: () => boolean, what: string): Promise<void> => waitUntil(test, what);

const live = (s: Snapshot) => s.connection.status === 'live' && !s.connection.stale;

beforeAll(async () => {
  pbx = await startDemoPbx({ answerAfterMs: 50, otherAnswerAfterMs: 50 });
  nats = await startNatsServer();
  ami = new AmiClient({
    host: '127.0.0.1',
    port: pbx.port,
    username: 'agentapp',
    secret: 's3cret',
    keepaliveIntervalMs: 0,
    backoff: () => 50,
  });
  relayNats = await connect({ servers: nats.url, inboxPrefix: RELAY_INBOX_PREFIX });
  relay = await startRelay({ connection: ami, nats: relayNats, agents: ['1001'] });
  await ami.connect();
  desk = await createDeskCompanion({
    servers: [nats.url],
    identity: { extension: '1001' },
    afterCallWork: { seconds: 1 },
    onNotice: (text, level, phrase) => notices.push({ text, level, phrase }),
  });
  await until(desk, live, '1001 live');
}, 30_000);

afterAll(async () => {
  await desk?.close();
  await relay?.stop();
  await relayNats?.close();
  await ami?.close();
  await nats?.stop();
  await pbx?.close();
});

describe('relay: notices and after-call work at the desk', () => {
  it('how a click-to-dial ended reaches the desk as a notice, worded as in direct mode', async () => {
    expect(await desk.dial('1002')).toMatchObject({ ok: true });
    await waitFor(() => notices.length > 0, 'the dial outcome');
    expect(notices[0]).toMatchObject({ level: 'info', phrase: { code: 'dial.answered', params: { exten: '1002' } } });
    expect(notices[0]!.text).toMatch(/1002/);
    await until(desk, (s) => s.calls.some((c) => c.state === 'up'), 'the dialled call up');
    expect(await desk.hangup()).toMatchObject({ ok: true });
    await until(desk, (s) => s.calls.length === 0, 'the call gone');
  });

  it('an answered queue call that ends pauses the agent through the relay for the ACW time, then unpauses', async () => {
    const id = pbx.control.incomingCall({ queue: 'support', callerNumber: '+34911555666' });
    await until(desk, (s) => s.calls.some((c) => c.id === id && c.state === 'up'), 'the queue call answered');
    pbx.control.callerHangup(id);
    const working = await until(desk, (s) => s.afterCallWork !== null && s.afterCallWork !== undefined, 'after-call work');
    expect(working.afterCallWork).toMatchObject({ reason: 'After-call work' });
    const members = (s: Snapshot) => s.queues.filter((q) => q.member);
    const paused = await until(desk, (s) => members(s).every((q) => q.paused && q.pausedReason === 'After-call work'), 'the ACW pause');
    expect(members(paused).length).toBeGreaterThan(1);
    // The pause is the PBX's: the relay's own picture shows it.
    expect(relay.snapshot('1001')!.queues.some((q) => q.paused)).toBe(true);
    const done = await until(desk, (s) => !s.afterCallWork && s.queues.every((q) => !q.paused), 'the ACW over');
    expect(done.afterCallWork ?? null).toBeNull();
    expect(notices.filter((n) => n.level === 'error')).toEqual([]);
  });
});
