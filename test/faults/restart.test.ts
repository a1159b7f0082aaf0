/**
 * Fault suite: the PBX restarts (Shutdown, close, connections refused, FullyBooted with Uptime 0,
 * phones registering again) under a ringing call, a call in progress and a pause, and the network
 * drops under a pause. Each case ends when the companion shows what a fresh companion reads from
 * the PBX: no ghost call, no stale pause, no pause lost.
 *
 * The demo PBX behaves as app_queue does with static members from queues.conf and no
 * `persistentmembers` state to restore: a restart brings every member back unpaused, and every
 * call is gone. A network drop changes nothing on the PBX: the pause is still there.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoreCompanion } from '../../electron/core/companion.ts';
import type { DemoPbx } from '../../electron/core/demo/index.ts';
import { FaultTable, type View, isLive, startAgent, startFaultPbx, until, untilTrue } from './support.ts';

const table = new FaultTable('restart');
afterAll(() => table.flush());

let pbx: DemoPbx;
let agent: CoreCompanion;
beforeEach(async () => {
  pbx = await startFaultPbx();
  agent = await startAgent(pbx);
  await until(agent, (s) => isLive(s) && s.queues.length === 2, 'first sync');
});
afterEach(async () => {
  await agent.close();
  await pbx.close();
});

/** After a restart the dust has settled once the phones registered again. */
const phonesBack = (truth: View) => truth.extension.registered === true && truth.extension.state !== 'unavailable';

/** Restarts the PBX and checks the companion noticed (not live, then live again on a new boot). */
async function restart(): Promise<number> {
  const seen: string[] = [];
  const stop = agent.subscribe((s) => seen.push(s.connection.status));
  const since = Date.now();
  await pbx.control.restart();
  await until(agent, isLive, 'live after the restart');
  stop();
  expect(seen).toContain('reconnecting');
  return since;
}

describe('fault: PBX restart', () => {
  it('during a ringing call: the call is gone, no ghost', async () => {
    const id = pbx.control.incomingCall({ queue: 'support', callerNumber: '+34912345678', vars: { CUSTOMER_ID: '42' } });
    await until(agent, (s) => s.calls.some((c) => c.id === id && c.state === 'ringing'), 'ringing call');
    const since = await restart();
    const { ms, truth } = await untilTrue(agent, pbx, since, phonesBack);
    expect(truth.calls).toEqual([]);
    expect(agent.snapshot().calls).toEqual([]);
    expect(truth.extension.state).toBe('idle');
    table.add('PBX restart during a ringing call', ms, 'true state: no call, extension idle');
  });

  it('during a call in progress: the call is gone, extension idle', async () => {
    const id = pbx.control.incomingCall({ queue: 'support', callerNumber: '+34912345678' });
    await until(agent, (s) => s.calls.some((c) => c.id === id && c.state === 'ringing'), 'ringing call');
    expect(pbx.control.answer()).toBe(true);
    await until(agent, (s) => s.calls.some((c) => c.id === id && c.state === 'up') && s.extension.state === 'inuse', 'call up');
    const since = await restart();
    const { ms, truth } = await untilTrue(agent, pbx, since, phonesBack);
    expect(truth.calls).toEqual([]);
    expect(agent.snapshot().calls).toEqual([]);
    expect(agent.snapshot().extension.state).toBe('idle');
    table.add('PBX restart during a call in progress', ms, 'true state: no call, extension idle');
  });

  it('during a pause: app_queue forgets it, so must the companion', async () => {
    expect(await agent.pause({ reason: 'Lunch' })).toMatchObject({ ok: true });
    await until(agent, (s) => s.queues.every((q) => q.paused && q.pausedReason === 'Lunch'), 'paused in both queues');
    const since = await restart();
    const { ms, truth } = await untilTrue(agent, pbx, since, phonesBack);
    expect(truth.queues.map((q) => [q.name, q.member, q.paused])).toEqual([
      ['sales', true, false],
      ['support', true, false],
    ]);
    expect(agent.snapshot().queues.some((q) => q.paused)).toBe(false);
    table.add('PBX restart during a pause', ms, 'true state: pause gone, as app_queue forgets it');
  });
});

describe('fault: network drop (no restart)', () => {
  it('keeps a pause the PBX still has, and picks up one made while disconnected', async () => {
    expect(await agent.pause({ queue: 'support', reason: 'Training' })).toMatchObject({ ok: true });
    await until(agent, (s) => s.queues.find((q) => q.name === 'support')!.paused, 'paused in support');
    const since = Date.now();
    // Every socket dropped (no Shutdown); while the companion is away a supervisor pauses sales too.
    const down = until(agent, (s) => s.connection.status !== 'live', 'not live');
    pbx.control.dropAll();
    await down;
    expect(pbx.control.pause({ paused: true, reason: 'Supervisor', queue: 'sales' })).toBe(1);
    const { ms, truth } = await untilTrue(agent, pbx, since, phonesBack);
    expect(truth.queues.map((q) => [q.name, q.paused, q.pausedReason])).toEqual([
      ['sales', true, 'Supervisor'],
      ['support', true, 'Training'],
    ]);
    table.add('network drop during a pause (+ pause from elsewhere while down)', ms, 'true state: both pauses shown');
  });
});
