/**
 * Fault suite: the PBX's side of the login and the rights. A secret changed on the PBX (refused,
 * no retry storm, accepted once the agent enters the new one); a least-privilege user denied one
 * action while the rest works; a list action that never completes. Each case ends when the
 * companion shows what a fresh companion (with every right) reads from the PBX.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoreCompanion } from '../../electron/core/companion.ts';
import type { DemoPbx } from '../../electron/core/demo/index.ts';
import { FaultTable, isLive, startAgent, startFaultPbx, until, untilTrue } from './support.ts';

const table = new FaultTable('login-permissions');
afterAll(() => table.flush());

let pbx: DemoPbx;
const agents: CoreCompanion[] = [];
beforeEach(async () => {
  pbx = await startFaultPbx({ answerAfterMs: 20 });
});
afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.close();
  await pbx.close();
});

async function agentAs(username: string, secret: string | (() => string), waitLive = true): Promise<CoreCompanion> {
  const agent = await startAgent(pbx, { username, secret });
  agents.push(agent);
  if (waitLive) await until(agent, (s) => isLive(s) && s.queues.length === 2, 'first sync');
  return agent;
}

const logins = (username: string) =>
  pbx.control.receivedActions().filter((a) => a.get('Action') === 'Login' && a.get('Username') === username).length;

describe('fault: login refused, then accepted', () => {
  it('the admin changes the secret: refused once with a clear error, no retries, live again with the new secret', async () => {
    const keychain = { secret: 'demo' };
    const agent = await agentAs('agent', () => keychain.secret);
    // The admin rotates the secret in manager.conf; the next reconnect (a network blip) is refused.
    pbx.control.setSecret('agent', 'rotated-2024');
    const before = logins('agent');
    pbx.control.dropAll();
    const failed = await until(agent, (s) => s.connection.status === 'failed', 'the refusal');
    expect(failed.connection.error).toMatch(/secret|authentication|refused/i);
    expect(failed.connection.stale).toBe(true);
    // Retrying cannot fix a wrong secret and would fill the PBX's security log (fail2ban): one try
    // only, and nothing left that could try again (no timer, no session).
    expect(agent.diagnostics()).toMatchObject({ timers: 0, sessions: 0 });
    expect(logins('agent') - before).toBe(1);
    expect(agent.snapshot().connection.status).toBe('failed');

    // The agent types the new secret in Settings: the shell stores it and starts a new core (app.ts connect()).
    const since = Date.now();
    keychain.secret = 'rotated-2024';
    await agent.close();
    const fixed = await agentAs('agent', () => keychain.secret, false);
    const { ms } = await untilTrue(fixed, pbx, since);
    expect(fixed.snapshot().connection.error).toBeNull();
    table.add(
      'login refused, then accepted after the secret is fixed',
      ms,
      'true state: one refused login, no retries, live with the new secret',
    );
  });
});

describe('fault: permission denied for one action', () => {
  it('a least-privilege user (write = call,originate) cannot pause, and still dials, hangs up and shows the truth', async () => {
    const agent = await agentAs('limited', 'l1mited');
    const since = Date.now();
    const denied = await agent.pause({ queue: 'support', reason: 'Lunch' });
    expect(denied.ok).toBe(false);
    expect(!denied.ok && denied.error).toMatch(/permission|not allowed|manager\.conf/i);
    expect(pbx.control.receivedActions().some((a) => a.get('Action') === 'QueuePause')).toBe(true);

    // The rest works: a click-to-dial rings the agent (answers after 20 ms), then 1002.
    expect(await agent.dial('1002')).toMatchObject({ ok: true });
    const up = await until(agent, (s) => s.calls.some((c) => c.state === 'up' && c.remote.number === '1002'), 'the call up');
    expect(pbx.control.receivedActions().filter((a) => a.get('Action') === 'Originate').length).toBe(1);
    expect(await agent.hangup(up.calls[0]!.id)).toMatchObject({ ok: true });
    await until(agent, (s) => s.calls.length === 0, 'the hang-up');
    const after = await untilTrue(agent, pbx, since);
    expect(after.truth.queues.every((q) => !q.paused)).toBe(true);
    table.add(
      'permission denied for one action (pause), the rest works',
      after.ms,
      'true state: pause refused in words, dial and hang-up done',
    );
  });
});

describe('fault: a reconnect during a click-to-dial call to another extension', () => {
  it('shows the same direction before and after the reconnect', async () => {
    const agent = await agentAs('agent', 'demo');
    expect(await agent.dial('1002')).toMatchObject({ ok: true });
    // The agent's leg answers first (outbound, up), then 1002 rings and answers (internal, up).
    await until(
      agent,
      (s) => s.calls.some((c) => c.state === 'up' && c.remote.number === '1002' && c.direction === 'internal'),
      'the call up',
    );
    const since = Date.now();
    pbx.control.dropAll();
    await until(agent, (s) => s.connection.status !== 'live', 'the drop');
    const { ms, truth } = await untilTrue(agent, pbx, since, undefined, 3000);
    const after = truth.calls.map((c) => c.direction).join(', ');
    table.add(
      'reconnect during a click-to-dial call to 1002',
      ms,
      after === 'internal' ? 'true state, direction kept (internal)' : `direction internal before, ${after} after the resync`,
    );
    expect(truth.calls.map((c) => c.direction)).toEqual(['internal']);
  });
});

describe('fault: a list action that never completes', () => {
  it('the sync says it could not read the state (never a stale "live"), frees the action, and retries until true', async () => {
    const agent = await agentAs('agent', 'demo');
    const id = pbx.control.incomingCall({ queue: 'support', callerNumber: '+14155550100' });
    await until(agent, (s) => s.calls.some((c) => c.id === id), 'the call');
    pbx.control.withholdListComplete('CoreShowChannelsComplete');
    pbx.control.dropAll();
    const failed = await until(agent, (s) => s.connection.status === 'failed', 'the failed sync');
    expect(failed.connection.error).toMatch(/CoreShowChannels/);
    expect(failed.connection.stale).toBe(true);
    expect(agent.diagnostics()).toMatchObject({ pendingActions: 0, sessions: 1 });

    // The PBX answers lists again: the engine's own retry of the sync (no new login) finds the truth.
    const since = Date.now();
    const loginsBefore = logins('agent');
    pbx.control.withholdListComplete();
    const { ms, truth } = await untilTrue(agent, pbx, since);
    expect(truth.calls.map((c) => c.id)).toEqual([id]);
    expect(logins('agent')).toBe(loginsBefore);
    table.add(
      'list action that never completes (CoreShowChannels)',
      ms,
      'honest "failed" while it hangs; true after the sync retries, no new login',
    );
  });
});
