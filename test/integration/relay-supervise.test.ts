/**
 * Listen and whisper through the relay (issue 17 item 3): the demo PBX, a real nats-server, a relay
 * that names 1002 as its only supervisor, and two desks that both offer the supervisor control.
 * Desk 1001 is refused in words and nothing reaches the PBX; desk 1002's listen and whisper reach
 * it as an Originate of 1002's phone into ChanSpy on 1001's own leg, and its stop hangs that up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AmiClient } from '../../electron/core/ami/client.ts';
import type { AmiMessage } from '../../electron/core/ami/message.ts';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import { createDeskCompanion, type DeskCompanion } from '../../electron/core/relay/desk-companion.ts';
import { startRelay, type Relay } from '../../electron/core/relay/relay.ts';
import { RELAY_INBOX_PREFIX } from '../../electron/core/relay/subjects.ts';
import type { Companion } from '../../electron/shared/companion.ts';
import type { Snapshot } from '../../electron/shared/snapshot.ts';
import { startNatsServer, type NatsServer } from '../support/nats-server.ts';
import { waitUntil } from '../support/wait.ts';

let pbx: DemoPbx;
let nats: NatsServer;
let ami: AmiClient;
let relayNats: NatsConnection;
let relay: Relay;
let agent: DeskCompanion;
let supervisor: DeskCompanion;

function until(core: Companion, test: (s: Snapshot) => boolean, what: string): Promise<Snapshot> {
  return new Promise((resolve, reject) => {
    if (test(core.snapshot())) return resolve(core.snapshot());
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 10_000);
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
const originates = (): AmiMessage[] => pbx.control.receivedActions().filter((a) => a.name === 'Originate');

beforeAll(async () => {
  pbx = await startDemoPbx({ answerAfterMs: null, otherAnswerAfterMs: 5 });
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
  relay = await startRelay({ connection: ami, nats: relayNats, agents: ['1001', '1002'], supervisors: ['1002'] });
  await ami.connect();
  const desk = (extension: string) => createDeskCompanion({ servers: [nats.url], identity: { extension }, supervisor: true });
  agent = await desk('1001');
  supervisor = await desk('1002');
  await until(agent, live, '1001 live');
  await until(supervisor, live, '1002 live');
}, 30_000);

afterAll(async () => {
  await agent?.close();
  await supervisor?.close();
  await relay?.stop();
  await relayNats?.close();
  await ami?.close();
  await nats?.stop();
  await pbx?.close();
});

describe('relay: listen and whisper for the supervisors it names', () => {
  it('a desk the relay does not name is refused in words, and nothing reaches the PBX', async () => {
    const listen = await agent.supervisor!.supervise('1002', 'listen');
    expect(listen).toMatchObject({ ok: false, phrase: { code: 'relay.not-a-supervisor' } });
    expect(listen.ok === false && listen.error).toMatch(/for supervisors.*--supervisors/);
    expect(await agent.supervisor!.stopSupervising()).toMatchObject({ ok: false, phrase: { code: 'relay.not-a-supervisor' } });
    expect(originates()).toEqual([]);
  });

  it('a supervisor is told when the agent has no connected call, and may not listen to its own phone', async () => {
    expect(await supervisor.supervisor!.supervise('1001', 'listen')).toMatchObject({
      ok: false,
      phrase: { code: 'listen.no-call-to-listen' },
    });
    expect(await supervisor.supervisor!.supervise('1002', 'whisper')).toMatchObject({ ok: false, phrase: { code: 'listen.own-phone' } });
    expect(await supervisor.supervisor!.stopSupervising()).toMatchObject({ ok: false, phrase: { code: 'listen.not-listening' } });
    expect(originates()).toEqual([]);
  });

  it("a supervisor's listen and whisper ring its phone into ChanSpy on the agent's own leg", async () => {
    const id = pbx.control.incomingCall({ queue: 'support', callerNumber: '+34911222333' });
    await until(agent, (s) => s.calls.some((c) => c.id === id && c.state === 'ringing'), 'the call ringing at 1001');
    pbx.control.answer();
    const up = await until(agent, (s) => s.calls.some((c) => c.id === id && c.state === 'up'), 'the call up at 1001');
    const leg = up.calls.find((c) => c.id === id)!.channel!;
    expect(leg).toMatch(/^PJSIP\/1001-/);

    expect(await supervisor.supervisor!.supervise('1001', 'listen')).toMatchObject({ ok: true, phrase: { code: 'listen.listening' } });
    expect(await supervisor.supervisor!.supervise('1001', 'whisper')).toMatchObject({ ok: true, phrase: { code: 'listen.whispering' } });
    const sent = originates().map((a) => ({ channel: a.get('Channel'), app: a.get('Application'), data: a.get('Data') }));
    expect(sent).toEqual([
      { channel: 'PJSIP/1002', app: 'ChanSpy', data: `${leg},qE` },
      { channel: 'PJSIP/1002', app: 'ChanSpy', data: `${leg},qEw` },
    ]);

    // 1002's phone answers (the demo's other phone answers by itself): both legs spy until stopped.
    await waitFor(() => pbx.control.legsOf('1002').filter((l) => l.state === 'Up').length === 2, "1002's phone answered twice");
    const spies = pbx.control.legsOf('1002').map((l) => l.channel);
    expect(await supervisor.supervisor!.stopSupervising()).toMatchObject({
      ok: true,
      phrase: { code: 'listen.stopped', params: { agent: '1001' } },
    });
    const hungUp = pbx.control
      .receivedActions()
      .filter((a) => a.name === 'Hangup')
      .map((a) => a.get('Channel'));
    expect(hungUp.sort()).toEqual(spies.sort());
    pbx.control.callerHangup(id);
    await until(agent, (s) => s.calls.length === 0, 'the call gone');
  });
});
