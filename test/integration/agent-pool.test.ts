/**
 * An agent of the agent pool (Issabel's call center) through the Companion over real TCP to the
 * demo PBX's agent-pool mode: log-in (the agent's own phone rings into AgentLogin), a queue call
 * connected into the held login call with its pop, a pause with a reason on the member the PBX has,
 * log-out; and the refusals in words, with no phone rung: no such agent, logged in on another phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmiAction } from '../../electron/core/ami/action.ts';
import { AmiClient } from '../../electron/core/ami/client.ts';
import { createCompanion, type CoreCompanion } from '../../electron/core/companion.ts';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import type { PopDecision } from '../../electron/core/screenpop/screenpop.ts';
import { sayIn } from '../../electron/shared/phrases/say.ts';
import type { Snapshot } from '../../electron/shared/snapshot.ts';

let pbx: DemoPbx;
let agent: CoreCompanion;
const pops: PopDecision[] = [];
/** Every snapshot the agent's companion showed. */
const seen: Snapshot[] = [];

beforeAll(async () => {
  pbx = await startDemoPbx({ answerAfterMs: null, agentPool: { answerAfterMs: 100, probationMs: 400 } });
  agent = await companion('9001', (pop) => pops.push(pop));
  agent.subscribe((s) => seen.push(s));
});
afterAll(async () => {
  await agent.close();
  await pbx.close();
});

async function companion(agentNumber: string, onPop?: (pop: PopDecision) => void): Promise<CoreCompanion> {
  const core = await createCompanion({
    pbx: { host: '127.0.0.1', port: pbx.port, username: 'agentapp', extension: '1001', agent: agentNumber },
    secret: 's3cret',
    client: { keepaliveIntervalMs: 0, reconnect: false },
    screenPop: { template: 'https://crm.example/customer/{var.CUSTOMER_ID}' },
    onPop,
  });
  await until(core, 'live', (s) => s.connection.status === 'live');
  return core;
}

/** Resolves with the first snapshot (the current one included) that passes `test`. */
function until(core: CoreCompanion, what: string, test: (s: Snapshot) => boolean): Promise<Snapshot> {
  return new Promise((resolve, reject) => {
    if (test(core.snapshot())) return resolve(core.snapshot());
    const timer = setTimeout(() => reject(new Error(`never: ${what}`)), 10_000);
    const off = core.subscribe((s) => {
      if (!test(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

/** The Originates into AgentLogin the PBX received so far, from every session. */
function loginOriginates(): string[] {
  return pbx.control
    .receivedActions()
    .filter((a) => a.name === 'Originate' && a.get('Application') === 'AgentLogin')
    .map((a) => `${a.get('Channel')} ${a.get('Data')}`);
}

const callcenter = (s: Snapshot) => s.queues.find((q) => q.name === 'callcenter');

/** The name of the channel with this Uniqueid, as the PBX lists it now. */
async function channelOf(uniqueid: string): Promise<string> {
  const client = new AmiClient({ host: '127.0.0.1', port: pbx.port, username: 'agentapp', secret: 's3cret', reconnect: false });
  try {
    await client.connect();
    const list = await client.listAction(AmiAction.build('CoreShowChannels'));
    return list.items.find((i) => i.get('Uniqueid') === uniqueid)?.get('Channel') ?? '';
  } finally {
    await client.close();
  }
}

describe('the agent pool over TCP (demo PBX, agent 9001 on extension 1001)', () => {
  it('syncs: logged out, the pool member found from QueueStatus (Local/9001@agents), unavailable', () => {
    const s = agent.snapshot();
    expect(s.agent).toMatchObject({ number: '9001', loggedIn: false, callable: false });
    expect(callcenter(s)).toMatchObject({ interface: 'Local/9001@agents', member: true, status: 'unavailable' });
  });

  it('logs in: its own phone rings into AgentLogin, logged in at once, callable after the probation; the login call is no call', async () => {
    const result = await agent.agentLogin();
    expect(result).toMatchObject({ ok: true, message: 'Logged in as agent 9001.' });
    expect(loginOriginates()).toEqual(['PJSIP/1001 9001']);
    const loggedIn = await until(agent, 'logged in', (s) => s.agent?.loggedIn === true);
    expect(loggedIn.agent!.channel).toMatch(/^PJSIP\/1001-/);
    expect(loggedIn.agent!.callable).toBe(false);
    await until(agent, 'callable', (s) => s.agent?.callable === true && callcenter(s)?.status === 'idle');
    expect(agent.snapshot().calls).toEqual([]);
    expect(agent.snapshot().history).toEqual([]);
    expect(await agent.agentLogin()).toMatchObject({ ok: true, message: 'You are already logged in as agent 9001.' });
    expect(loginOriginates()).toHaveLength(1);
  });

  it('a queue call is connected into the login call: the caller, the queue, CUSTOMER_ID, one pop; it ends with the customer', async () => {
    const from = seen.length;
    const callerId = pbx.agentPool!.queueCall({ callerNumber: '+15550109000', callerName: 'PSTN Caller', vars: { CUSTOMER_ID: 'C-1042' } });
    const up = await until(agent, 'connected', (s) => s.calls[0]?.state === 'up' && s.calls[0].channel === agent.snapshot().agent!.channel);
    expect(up.calls).toHaveLength(1);
    expect(up.calls[0]).toMatchObject({
      id: callerId,
      direction: 'inbound',
      queue: 'callcenter',
      remote: { number: '+15550109000', name: 'PSTN Caller' },
      vars: { CUSTOMER_ID: 'C-1042' },
    });
    expect(pops.map((p) => p.url)).toEqual(['https://crm.example/customer/C-1042']);
    // The log-in verb reads the Agents list (its items reach the engine too): the call stays.
    expect(await agent.agentLogin()).toMatchObject({ ok: true, message: 'You are already logged in as agent 9001.' });
    expect(agent.snapshot().calls.map((c) => c.id)).toEqual([callerId]);

    // A pause with a reason during the call: on the member the PBX has, Local/9001@agents.
    expect(await agent.pause({ reason: 'Lunch', queue: 'callcenter' })).toMatchObject({ ok: true });
    const pauses = pbx.control.receivedActions().filter((a) => a.name === 'QueuePause');
    expect(pauses.map((a) => [a.get('Queue'), a.get('Interface'), a.get('Reason')])).toEqual([
      ['callcenter', 'Local/9001@agents', 'Lunch'],
    ]);
    await until(agent, 'paused', (s) => callcenter(s)?.paused === true && callcenter(s)?.pausedReason === 'Lunch');

    // A desk that logs in now (as after a reconnect) rebuilds the call from the Agents list
    // (TalkingToChan) and the customer's channel: the same call, not one ended.
    const late = await companion('9001');
    try {
      expect(late.snapshot().calls).toHaveLength(1);
      expect(late.snapshot().calls[0]).toMatchObject({
        id: callerId,
        state: 'up',
        channel: up.calls[0]!.channel,
        queue: 'callcenter',
        remote: { number: '+15550109000', name: 'PSTN Caller' },
        vars: { CUSTOMER_ID: 'C-1042' },
        customerUniqueid: callerId,
      });
      pbx.agentPool!.hangupCaller();
      const gone = await until(late, 'the call ended there too', (s) => s.calls.length === 0);
      expect(gone.history.map((h) => [h.id, h.outcome])).toEqual([[callerId, 'answered']]);
    } finally {
      await late.close();
    }
    const ended = await until(agent, 'the call ended', (s) => s.calls.length === 0);
    expect(ended.agent).toMatchObject({ loggedIn: true });
    expect(ended.history).toHaveLength(1);
    expect(ended.history[0]).toMatchObject({ id: callerId, outcome: 'answered', queue: 'callcenter', vars: { CUSTOMER_ID: 'C-1042' } });
    // Never two calls, never the login call among them.
    for (const s of seen.slice(from)) expect(s.calls.filter((c) => c.id !== callerId)).toEqual([]);
    expect(pops).toHaveLength(1);

    expect(await agent.unpause({ queue: 'callcenter' })).toMatchObject({ ok: true });
    await until(agent, 'unpaused', (s) => callcenter(s)?.paused === false);
  });

  it("records, transfers and hangs up the customer's channel, never the login call: the agent stays logged in", async () => {
    const actions = (name: string) =>
      pbx.control
        .receivedActions()
        .filter((a) => a.name === name)
        .map((a) => a.get('Channel'));
    const call = async () => {
      const callerId = pbx.agentPool!.queueCall({ callerNumber: '+15550109000', callerName: 'PSTN Caller' });
      await until(
        agent,
        'connected',
        (s) => s.calls[0]?.id === callerId && s.calls[0].state === 'up' && s.calls[0].channel === s.agent!.channel,
      );
      const caller = await channelOf(callerId);
      return { callerId, caller };
    };
    const first = await call();
    expect(first.caller).toMatch(/^PJSIP\/9000-/);
    expect(await agent.record('start')).toMatchObject({ ok: true });
    expect(actions('MixMonitor')).toEqual([first.caller]);
    const attended = await agent.transfer('2000', { attended: true });
    expect(!attended.ok && attended.error).toBe('An attended transfer would end your login call as an agent: transfer this call blind.');
    expect(await agent.transfer('2000')).toMatchObject({ ok: true });
    expect(actions('Redirect')).toEqual([first.caller]);
    expect(actions('BlindTransfer')).toEqual([]);
    await until(agent, 'transferred away', (s) => s.calls.length === 0);

    const second = await call();
    expect(await agent.hangup()).toMatchObject({ ok: true });
    expect(actions('Hangup')).toEqual([second.caller]);
    const after = await until(agent, 'hung up', (s) => s.calls.length === 0);
    expect(after.agent).toMatchObject({ loggedIn: true });
    expect(after.history.slice(0, 2).map((h) => [h.id, h.outcome])).toEqual([
      [second.callerId, 'answered'],
      [first.callerId, 'answered'],
    ]);
  });

  it('logs out with AgentLogoff: logged out, the member unavailable, no call left behind', async () => {
    expect(await agent.agentLogout()).toMatchObject({ ok: true, message: 'Logged out as agent 9001.' });
    const out = await until(agent, 'logged out', (s) => s.agent?.loggedIn === false);
    expect(out.agent).toMatchObject({ callable: false, channel: null, loggedOutBy: 'request' });
    await until(agent, 'member unavailable', (s) => callcenter(s)?.status === 'unavailable');
    expect(agent.snapshot().calls).toEqual([]);
    expect(agent.snapshot().history).toHaveLength(3);
    expect(await agent.agentLogout()).toMatchObject({ ok: true, message: 'You are not logged in as agent 9001.' });
  });

  it('the login call dropped: logged out, nothing shown as a call', async () => {
    expect(await agent.agentLogin()).toMatchObject({ ok: true });
    await until(agent, 'logged in', (s) => s.agent?.loggedIn === true);
    pbx.agentPool!.dropLogin('9001');
    const out = await until(agent, 'logged out', (s) => s.agent?.loggedIn === false);
    expect(out.agent!.loggedOutBy).toBe('hangup');
    expect(out.calls).toEqual([]);
    expect(out.history).toHaveLength(3);
  });

  it('refuses in words, ringing no phone: agent 9001 logged in on another phone, agent 9005 that does not exist', async () => {
    const before = loginOriginates().length;
    pbx.agentPool!.loginFromPhone('1002', '9001');
    await until(agent, 'logged in on 1002', (s) => s.agent?.channel?.startsWith('PJSIP/1002-') === true);
    const elsewhere = await agent.agentLogin();
    expect(elsewhere.ok).toBe(false);
    expect(!elsewhere.ok && elsewhere.error).toBe('Agent 9001 is already logged in on another phone (PJSIP/1002): log out there first.');
    expect(sayIn(elsewhere.phrase!, 'es')).toBe(
      'El agente 9001 ya tiene la sesión iniciada en otro teléfono (PJSIP/1002): ciérrala allí primero.',
    );
    pbx.agentPool!.dropLogin('9001');

    const stranger = await companion('9005');
    try {
      const none = await stranger.agentLogin();
      expect(!none.ok && none.error).toBe('The PBX has no agent 9005: check the agent number in Settings.');
    } finally {
      await stranger.close();
    }
    expect(loginOriginates()).toHaveLength(before);
  });
});
