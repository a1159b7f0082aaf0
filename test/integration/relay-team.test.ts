/**
 * The team view in relay mode (issue 18 item 4) on the demo PBX and a real nats-server: a desk
 * through the relay shows the same colleagues, lamps, pauses and queue numbers as a direct desk of
 * the same agent beside it, as the demo's calls go; the relay keeps one team view for all desks
 * (one AMI session, no list per desk) and publishes a ring-all burst in a few messages.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AmiClient } from '../../electron/core/ami/client.ts';
import { createCompanion, type CoreCompanion } from '../../electron/core/companion.ts';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import { createDeskCompanion, type DeskCompanion } from '../../electron/core/relay/desk-companion.ts';
import { startRelay, type Relay } from '../../electron/core/relay/relay.ts';
import { RELAY_INBOX_PREFIX, TEAM_SUBJECT } from '../../electron/core/relay/subjects.ts';
import type { Companion } from '../../electron/shared/companion.ts';
import type { Colleague, Snapshot, TeamInfo } from '../../electron/shared/snapshot.ts';
import { startNatsServer, type NatsServer } from '../support/nats-server.ts';

/** Resolves with the first snapshot (the current one included) that passes `test`. */
function until(core: Companion, test: (s: Snapshot) => boolean, what: string): Promise<Snapshot> {
  return new Promise((resolve, reject) => {
    if (test(core.snapshot())) return resolve(core.snapshot());
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}; team: ${JSON.stringify(core.snapshot().team)}`));
    }, 15_000);
    const off = core.subscribe((s) => {
      if (!test(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

function colleague(s: Snapshot, extension: string): Colleague | undefined {
  return s.team?.members.find((m) => m.extension === extension);
}

/** The team as both desks must show it: onCallSince is each one's reading of the clock, so only whether there is one. */
function comparable(team: TeamInfo | undefined) {
  return {
    members: team?.members.map((m) => ({ ...m, onCallSince: m.onCallSince !== null })),
    queues: team?.queues.map((q) => ({ ...q, longestWaitSeconds: undefined, oldestCallerSince: q.oldestCallerSince != null })),
  };
}

interface Rig {
  pbx: DemoPbx;
  nats: NatsServer;
  ami: AmiClient;
  relayNats: NatsConnection;
  relay: Relay;
  close(): Promise<void>;
}

/** The demo PBX with `agents` colleagues from 1002, who answer after `answerMs`; a nats-server; a relay serving 1001. */
async function startRig(agents: number, answerMs: number): Promise<Rig> {
  const pbx = await startDemoPbx({ answerAfterMs: null, otherAnswerAfterMs: answerMs, agents: { count: agents, first: 1002 } });
  const nats = await startNatsServer();
  const ami = new AmiClient({
    host: '127.0.0.1',
    port: pbx.port,
    username: 'agentapp',
    secret: 's3cret',
    keepaliveIntervalMs: 0,
    backoff: () => 50,
  });
  const relayNats = await connect({ servers: nats.url, inboxPrefix: RELAY_INBOX_PREFIX });
  const relay = await startRelay({ connection: ami, nats: relayNats, agents: ['1001'], heartbeatMs: 500 });
  await ami.connect();
  return {
    pbx,
    nats,
    ami,
    relayNats,
    relay,
    async close() {
      await relay.stop();
      await relayNats.close();
      await ami.close();
      await nats.stop();
      await pbx.close();
    },
  };
}

describe('team view through the relay, beside a direct desk', () => {
  let rig: Rig;
  let viaRelay: DeskCompanion;
  let direct: CoreCompanion;
  const team = { extensions: ['1009', '1002'] };

  /** Both desks show `test`, and then the same team. */
  async function both(test: (s: Snapshot) => boolean, what: string): Promise<Snapshot> {
    const [relayed, own] = await Promise.all([until(viaRelay, test, `${what} (relay)`), until(direct, test, `${what} (direct)`)]);
    expect(comparable(relayed.team)).toEqual(comparable(own.team));
    return relayed;
  }

  beforeAll(async () => {
    rig = await startRig(3, 5);
    viaRelay = await createDeskCompanion({ servers: [rig.nats.url], identity: { extension: '1001' }, team, staleAfterMs: 5000 });
    direct = await createCompanion({
      pbx: { host: '127.0.0.1', port: rig.pbx.port, username: 'agentapp', extension: '1001' },
      secret: 's3cret',
      client: { keepaliveIntervalMs: 0, backoff: () => 30 },
      team,
    });
    await both((s) => s.connection.status === 'live' && colleague(s, '1004')?.state === 'idle', 'the team');
  }, 30_000);

  afterEach(async () => {
    for (const id of rig.pbx.control.activeCalls()) rig.pbx.control.callerHangup(id);
    for (const iface of ['PJSIP/1002', 'PJSIP/1003', 'PJSIP/1004']) rig.pbx.control.pause({ paused: false, iface });
    await both((s) => (s.team?.members ?? []).every((m) => m.state !== 'inuse' && !m.paused), 'all idle');
  });

  afterAll(async () => {
    await viaRelay?.close();
    await direct?.close();
    await rig?.close();
  });

  it('lists the same colleagues: the queues’ members and the settings’ extensions, the agent left out', () => {
    const shown = viaRelay.snapshot().team!;
    expect(shown.members.map((m) => [m.extension, m.name, m.state, m.paused, m.queues])).toEqual([
      ['1002', 'Agent 1002', 'idle', false, ['sales', 'support']],
      ['1003', 'Agent 1003', 'idle', false, ['sales', 'support']],
      ['1004', 'Agent 1004', 'idle', false, ['sales', 'support']],
      ['1009', '', 'unknown', null, []],
    ]);
    expect(shown.queues.map((q) => q.name)).toEqual(['sales', 'support']);
    expect(viaRelay.snapshot().me).toEqual({ callsTaken: 0, talkSeconds: 0, pausedSeconds: {}, lastCallAt: null });
  });

  it('lights a colleague in use while a call reaches its phone, then idle again', async () => {
    const id = rig.pbx.control.outsideCall({ callerNumber: '+15550109000', extension: '1002' });
    const busy = await both((s) => colleague(s, '1002')?.state === 'inuse', '1002 in use');
    expect(colleague(busy, '1002')!.onCallSince).toBeGreaterThan(0);
    rig.pbx.control.callerHangup(id);
    await both((s) => colleague(s, '1002')?.state === 'idle', '1002 idle');
  });

  it('shows a colleague’s pause, its reason and the queues’ numbers', async () => {
    rig.pbx.control.pause({ paused: true, reason: 'Lunch', iface: 'PJSIP/1003' });
    const s = await both((s) => colleague(s, '1003')?.paused === true && s.team!.queues.every((q) => q.paused === 1), '1003 paused');
    expect(colleague(s, '1003')!.pausedReason).toBe('Lunch');
  });

  it('counts a caller waiting, then the call the agent answered in its own figures', async () => {
    for (const iface of ['PJSIP/1002', 'PJSIP/1003', 'PJSIP/1004']) rig.pbx.control.pause({ paused: true, reason: 'Lunch', iface });
    await both((s) => s.team!.queues.every((q) => q.paused === 3), 'all colleagues paused');
    const id = rig.pbx.control.incomingCall({ callerNumber: '+15550109000', queue: 'support', vars: {} });
    await both((s) => s.team!.queues.find((q) => q.name === 'support')!.callsWaiting === 1, 'a caller waiting');
    await until(viaRelay, (s) => s.calls.some((c) => c.state === 'ringing'), 'ringing');
    rig.pbx.control.answer();
    await both((s) => s.team!.queues.find((q) => q.name === 'support')!.callsWaiting === 0, 'the caller answered');
    rig.pbx.control.callerHangup(id);
    const done = await until(viaRelay, (s) => s.me?.callsTaken === 1, 'a call taken');
    expect(done.me!.lastCallAt).toBe(done.history[0]!.endedAt);
    await both((s) => s.team!.queues.find((q) => q.name === 'support')!.answered === 1, 'answered counted');
  });

  it('asks the PBX for its lists once for all desks: a second desk costs no AMI action', async () => {
    // The relay logged in first; the direct desk's session is the second.
    const session = rig.pbx.control.sessions().filter((s) => !s.closed)[0]!;
    const actions = () => rig.pbx.control.receivedActions(session.id).length;
    const before = actions();
    const second = await createDeskCompanion({ servers: [rig.nats.url], identity: { extension: '1001' }, team, staleAfterMs: 5000 });
    try {
      await until(second, (s) => s.team?.members.length === 4, 'the second desk’s team');
      expect(comparable(second.snapshot().team)).toEqual(comparable(viaRelay.snapshot().team));
      expect(actions()).toBe(before);
    } finally {
      await second.close();
    }
  });
});

describe('a ring-all call to 30 colleagues through the relay', () => {
  it('reaches the desks in a few team messages, not one per event', async () => {
    const rig = await startRig(30, 60_000);
    const desk = await createDeskCompanion({ servers: [rig.nats.url], identity: { extension: '1001' }, staleAfterMs: 5000 });
    const listener = await connect({ servers: rig.nats.url });
    try {
      const ringing = (s: Snapshot) => (s.team?.members ?? []).filter((m) => m.state === 'ringing').length;
      await until(desk, (s) => s.team?.members.length === 30, '30 colleagues');
      let messages = 0;
      listener.subscribe(TEAM_SUBJECT, { callback: () => void messages++ });
      await listener.flush();
      const id = rig.pbx.control.incomingCall({ callerNumber: '+15550109000', queue: 'support' });
      await until(desk, (s) => ringing(s) === 30, '30 ringing');
      rig.pbx.control.callerHangup(id);
      // 30 ExtensionStatus and 60 QueueMemberStatus in one burst: a few messages for every desk.
      expect(messages).toBeGreaterThan(0);
      expect(messages).toBeLessThan(6);
    } finally {
      await listener.close();
      await desk.close();
      await rig.close();
    }
  }, 30_000);
});
