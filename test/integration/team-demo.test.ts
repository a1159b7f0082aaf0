/**
 * The team view (issue 18) against the demo PBX over real TCP: colleagues from the agent's queues
 * and from the settings, their lamps following the PBX's ExtensionStatus as calls go, their pauses,
 * the queues' live numbers, and the agent's own figures; all again after a reconnect.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCompanion, type CoreCompanion } from '../../electron/core/companion.ts';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import type { Colleague, Snapshot } from '../../electron/shared/snapshot.ts';

let pbx: DemoPbx;
let agent: CoreCompanion;

beforeAll(async () => {
  // 1002 to 1004 are members of both queues beside the agent; 1009 is listed by the settings alone.
  pbx = await startDemoPbx({ answerAfterMs: null, otherAnswerAfterMs: 5, agents: { count: 3, first: 1002 } });
  agent = await createCompanion({
    pbx: { host: '127.0.0.1', port: pbx.port, username: 'agentapp', extension: '1001' },
    secret: 's3cret',
    client: { keepaliveIntervalMs: 0, backoff: () => 30 },
    team: { extensions: ['1009', '1002'] },
  });
  await until((s) => s.connection.status === 'live' && colleague(s, '1002')?.state === 'idle');
});
afterEach(async () => {
  for (const id of pbx.control.activeCalls()) pbx.control.callerHangup(id);
  pbx.control.pause({ paused: false, iface: 'PJSIP/1003' });
  await until((s) => (s.team?.members ?? []).every((m) => m.state !== 'inuse' && !m.paused));
});
afterAll(async () => {
  await agent.close();
  await pbx.close();
});

/** Resolves with the first snapshot of `core` (the current one included) that passes `test`. */
function until(test: (s: Snapshot) => boolean, core: CoreCompanion = agent): Promise<Snapshot> {
  return new Promise((resolve) => {
    if (test(core.snapshot())) return resolve(core.snapshot());
    const off = core.subscribe((s) => {
      if (!test(s)) return;
      off();
      resolve(s);
    });
  });
}

function colleague(s: Snapshot, extension: string): Colleague | undefined {
  return s.team?.members.find((m) => m.extension === extension);
}

describe('team view on the demo PBX', () => {
  it('lists the colleagues of the agent’s queues and of the settings, sorted, the agent left out', () => {
    const team = agent.snapshot().team!;
    expect(team.members.map((m) => [m.extension, m.name, m.state, m.paused, m.queues])).toEqual([
      ['1002', 'Agent 1002', 'idle', false, ['sales', 'support']],
      ['1003', 'Agent 1003', 'idle', false, ['sales', 'support']],
      ['1004', 'Agent 1004', 'idle', false, ['sales', 'support']],
      // No such phone on the demo PBX: listed, its state unknown, in none of the agent's queues.
      ['1009', '', 'unknown', null, []],
    ]);
    expect(team.queues.map((q) => q.name)).toEqual(['sales', 'support']);
  });

  it('lights a colleague in use while a call reaches its phone, with when the call began, then idle again', async () => {
    const before = Date.now();
    const id = pbx.control.outsideCall({ callerNumber: '+15550109000', extension: '1002' });
    const busy = await until((s) => colleague(s, '1002')?.state === 'inuse');
    expect(colleague(busy, '1002')!.onCallSince).toBeGreaterThanOrEqual(before);
    expect(colleague(busy, '1003')!.state).toBe('idle');
    pbx.control.callerHangup(id);
    const idle = await until((s) => colleague(s, '1002')?.state === 'idle');
    expect(colleague(idle, '1002')!.onCallSince).toBeNull();
  });

  it('shows a colleague’s pause and its reason, and counts it in the queues’ numbers', async () => {
    pbx.control.pause({ paused: true, reason: 'Lunch', iface: 'PJSIP/1003' });
    const s = await until((s) => colleague(s, '1003')?.paused === true);
    expect(colleague(s, '1003')!.pausedReason).toBe('Lunch');
    const support = s.team!.queues.find((q) => q.name === 'support')!;
    expect([support.available, support.paused, support.busy]).toEqual([3, 1, 0]);
  });

  it('counts callers waiting and how long the first has waited, then the call answered by the agent in its own figures', async () => {
    pbx.control.pause({ paused: true, reason: 'Lunch', iface: 'PJSIP/1002' });
    pbx.control.pause({ paused: true, reason: 'Lunch', iface: 'PJSIP/1003' });
    pbx.control.pause({ paused: true, reason: 'Lunch', iface: 'PJSIP/1004' });
    try {
      const id = pbx.control.incomingCall({ callerNumber: '+15550109000', queue: 'support', vars: {} });
      const waiting = await until((s) => s.team!.queues.find((q) => q.name === 'support')!.callsWaiting === 1);
      expect(waiting.team!.queues.find((q) => q.name === 'support')!.oldestCallerSince).toBeGreaterThan(0);
      await until((s) => s.calls.some((c) => c.state === 'ringing'));
      pbx.control.answer();
      // The caller leaves the queue once connected to the agent.
      const talking = await until((s) => s.team!.queues.find((q) => q.name === 'support')!.callsWaiting === 0);
      expect(talking.team!.queues.find((q) => q.name === 'support')!.oldestCallerSince).toBeNull();
      pbx.control.callerHangup(id);
      const done = await until((s) => s.me!.callsTaken === 1);
      expect(done.me!.lastCallAt).toBe(done.history[0]!.endedAt);
      await until((s) => s.team!.queues.find((q) => q.name === 'support')!.answered === 1);
    } finally {
      for (const iface of ['PJSIP/1002', 'PJSIP/1004']) pbx.control.pause({ paused: false, iface });
    }
  });

  it('reads the team again after a reconnect: a change made while away shows', async () => {
    pbx.control.dropAll();
    await until((s) => s.connection.status !== 'live');
    pbx.control.pause({ paused: true, reason: 'Training', iface: 'PJSIP/1004' });
    const s = await until((s) => s.connection.status === 'live' && colleague(s, '1004')?.paused === true);
    expect(colleague(s, '1004')!.pausedReason).toBe('Training');
    pbx.control.pause({ paused: false, iface: 'PJSIP/1004' });
  });
});

describe('a ring-all call to 30 colleagues', () => {
  it('shows their lamps ringing in a few snapshots, not one per event', async () => {
    const big = await startDemoPbx({ answerAfterMs: null, otherAnswerAfterMs: 60_000, agents: { count: 30, first: 1002 } });
    const desk = await createCompanion({
      pbx: { host: '127.0.0.1', port: big.port, username: 'agentapp', extension: '1001' },
      secret: 's3cret',
      client: { keepaliveIntervalMs: 0, reconnect: false },
    });
    try {
      const ringing = (s: Snapshot) => (s.team?.members ?? []).filter((m) => m.state === 'ringing').length;
      await until((s) => s.team?.members.length === 30, desk);
      const shown: number[] = [];
      const off = desk.subscribe((s) => shown.push(ringing(s)));
      const id = big.control.incomingCall({ callerNumber: '+15550109000', queue: 'support' });
      await until((s) => ringing(s) === 30, desk);
      off();
      big.control.callerHangup(id);
      // 30 ExtensionStatus (and 60 QueueMemberStatus) in one burst: shown together, not one by one.
      expect(shown.filter((n, i) => n !== shown[i - 1]).length).toBeLessThan(6);
    } finally {
      await desk.close();
      await big.close();
    }
  });
});
