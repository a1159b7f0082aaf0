/**
 * Fault suite: the network and a slow PBX. A connection cut in the middle of a message; a half-open
 * connection (the PBX stops reading and answering, no FIN) that only the keepalive can find; a PBX
 * that answers after 5 s, within the action timeout and beyond it. Each case ends when the companion
 * shows what a fresh companion reads from the PBX.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CoreCompanion } from '../../electron/core/companion.ts';
import type { DemoPbx } from '../../electron/core/demo/index.ts';
import { Relay } from './relay.ts';
import { type AgentOptions, FAST_CLIENT, FaultTable, isLive, startAgent, startFaultPbx, until, untilTrue } from './support.ts';

const table = new FaultTable('network');
afterAll(() => table.flush());

let pbx: DemoPbx;
const closers: Array<() => Promise<void>> = [];
beforeEach(async () => {
  pbx = await startFaultPbx();
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await pbx.close();
});

async function agentOn(target: { host: string; port: number }, client: AgentOptions['client'] = {}): Promise<CoreCompanion> {
  const agent = await startAgent(target, { client });
  closers.push(() => agent.close());
  await until(agent, (s) => isLive(s) && s.queues.length === 2, 'first sync');
  return agent;
}

/** The statuses and errors the companion goes through from now on. */
function watch(agent: CoreCompanion): { statuses: string[]; errors: string[]; stop: () => void } {
  const statuses: string[] = [];
  const errors: string[] = [];
  const stop = agent.subscribe((s) => {
    if (statuses.at(-1) !== s.connection.status) statuses.push(s.connection.status);
    if (s.connection.error && errors.at(-1) !== s.connection.error) errors.push(s.connection.error);
  });
  return { statuses, errors, stop };
}

describe('fault: the network', () => {
  it('a connection cut in the middle of a message: the half message is dropped, the call is found on reconnect', async () => {
    const relay = await Relay.start(pbx);
    closers.push(() => relay.close());
    // No keepalive: the next bytes from the PBX are the call's events, not a Pong.
    const agent = await agentOn(relay, { keepaliveIntervalMs: 0 });
    const seen = watch(agent);
    const cut = relay.cutNextMessage();
    const since = Date.now();
    const id = pbx.control.incomingCall({ queue: 'support', callerNumber: '+34912345678', vars: { CUSTOMER_ID: '42' } });
    const through = await cut;
    const { ms, truth } = await untilTrue(agent, pbx, since);
    seen.stop();
    expect(seen.statuses).toContain('reconnecting');
    expect(truth.calls.map((c) => [c.id, c.state, c.remote, c.vars['CUSTOMER_ID']])).toEqual([[id, 'ringing', '+34912345678', '42']]);
    expect(agent.diagnostics()).toMatchObject({ pendingActions: 0, sessions: 1 });
    table.add('socket dropped in the middle of a message', ms, `true state: ringing call found on reconnect (cut after ${through} bytes)`);
  });

  it('a half-open connection (no answer, no FIN) is found by the keepalive and replaced', async () => {
    const agent = await agentOn(pbx);
    const session = pbx.control
      .sessions()
      .filter((s) => s.username === 'agent' && !s.closed)
      .at(-1)!;
    const seen = watch(agent);
    const since = Date.now();
    let foundAt = 0;
    const found = until(agent, (s) => s.connection.status !== 'live', 'the drop').then(() => (foundAt = Date.now()));
    pbx.control.stall(session.id);
    // While the old connection hangs, a supervisor pauses the agent: only a new connection can tell.
    pbx.control.pause({ paused: true, reason: 'Coffee', queue: 'support' });
    await found;
    const { ms, truth } = await untilTrue(agent, pbx, since);
    seen.stop();
    pbx.control.resume(session.id);
    expect(seen.errors[0]).toMatch(/no answer to a keepalive Ping within 400 ms: the connection is half-open/);
    expect(truth.queues.find((q) => q.name === 'support')).toMatchObject({ paused: true, pausedReason: 'Coffee' });
    const bound = FAST_CLIENT.keepaliveIntervalMs + FAST_CLIENT.keepaliveTimeoutMs;
    table.add(
      'half-open connection (PBX stalls, no FIN)',
      ms,
      `true state: found by keepalive after ${foundAt - since} ms (bound ${bound} ms), pause seen`,
    );
  });
});

describe('fault: the computer sleeps (issue 20)', () => {
  it('after a wake from sleep the dead session is found at once, not at the next keepalive', async () => {
    // The keepalive as shipped (20 s): only the wake check can find the dead session within this test.
    const agent = await agentOn(pbx, { keepaliveIntervalMs: 20_000, keepaliveTimeoutMs: 5000, wakeCheckTimeoutMs: 1000 });
    const session = pbx.control
      .sessions()
      .filter((s) => s.username === 'agent' && !s.closed)
      .at(-1)!;
    // Asleep: the PBX's side of the socket is gone without a FIN, and meanwhile a supervisor paused the agent.
    pbx.control.stall(session.id);
    pbx.control.pause({ paused: true, reason: 'Asleep', queue: 'support' });
    const seen = watch(agent);
    const since = Date.now();
    // Resume events come in bursts (resume, unlock-screen, a network change): one check.
    for (let i = 0; i < 5; i++) agent.checkConnection();
    const { ms, truth } = await untilTrue(agent, pbx, since);
    seen.stop();
    pbx.control.resume(session.id);
    expect(seen.errors[0]).toMatch(/no answer to a Ping within 1000 ms after the computer woke or the network changed/);
    expect(pbx.control.receivedActions(session.id).filter((a) => a.get('Action') === 'Ping').length).toBeLessThanOrEqual(1);
    expect(truth.queues.find((q) => q.name === 'support')).toMatchObject({ paused: true, pausedReason: 'Asleep' });
    table.add('wake from sleep (session dead, no FIN)', ms, 'true state: wake check (1 s Ping) instead of the 20 s keepalive, pause seen');
  });

  it('a check on a healthy session changes nothing', async () => {
    const agent = await agentOn(pbx, { keepaliveIntervalMs: 20_000 });
    const seen = watch(agent);
    agent.checkConnection();
    const session = pbx.control
      .sessions()
      .filter((s) => s.username === 'agent' && !s.closed)
      .at(-1)!;
    await vi.waitFor(() => expect(pbx.control.receivedActions(session.id).some((a) => a.get('Action') === 'Ping')).toBe(true));
    await untilTrue(agent, pbx, Date.now());
    seen.stop();
    expect(seen.statuses.filter((s) => s !== 'live')).toEqual([]);
    expect(agent.diagnostics()).toMatchObject({ pendingActions: 0, sessions: 1 });
  });
});

describe('fault: a slow PBX (every action answered after 5 s)', () => {
  it('within the action timeout: the verb waits and succeeds, the connection stays live', async () => {
    const agent = await agentOn(pbx, { actionTimeoutMs: 8000, keepaliveTimeoutMs: 8000 });
    const seen = watch(agent);
    pbx.control.slowDown(5000);
    const since = Date.now();
    const result = await agent.pause({ queue: 'support', reason: 'Slow' });
    pbx.control.slowDown(0);
    const { ms, truth } = await untilTrue(agent, pbx, since);
    seen.stop();
    expect(result).toMatchObject({ ok: true });
    expect(seen.statuses.filter((s) => s !== 'live')).toEqual([]);
    expect(truth.queues.find((q) => q.name === 'support')).toMatchObject({ paused: true, pausedReason: 'Slow' });
    table.add('slow PBX (5 s), action timeout 8 s', ms, 'true state: pause applied, stayed live');
  }, 30_000);

  it('beyond the action timeout: the verb fails in words, and the late change still shows', async () => {
    // No keepalive here, so a pending action can only be one that leaked.
    const agent = await agentOn(pbx, { actionTimeoutMs: 2000, keepaliveIntervalMs: 0 });
    pbx.control.slowDown(5000);
    const since = Date.now();
    const result = await agent.pause({ queue: 'support', reason: 'Late' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/2000 ms|no answer|did not answer|timed? ?out/i);
    // The PBX did it anyway, 5 s after it was asked: the companion must show that, not the failure.
    await until(agent, (s) => s.queues.find((q) => q.name === 'support')!.paused, 'the late pause');
    pbx.control.slowDown(0);
    const { ms, truth } = await untilTrue(agent, pbx, since);
    expect(truth.queues.find((q) => q.name === 'support')).toMatchObject({ paused: true, pausedReason: 'Late' });
    expect(agent.diagnostics().pendingActions).toBe(0);
    expect(agent.diagnostics().unknownResponses).toBeGreaterThanOrEqual(1);
    table.add(
      'slow PBX (5 s), action timeout 2 s',
      ms,
      `true state: verb failed ("${!result.ok ? result.error.slice(0, 100) : ''}"), late pause shown`,
    );
  }, 30_000);
});
