/**
 * Every verb of the Companion (the facade the tray, the popover and the CLI use) against the demo
 * PBX over real TCP: the bytes the PBX received, the state that came back in the snapshot from the
 * PBX's own events, and every refusal in the words the agent reads, with nothing sent when the
 * input is bad. The `limited` user is fixture 02's (read = call,agent; write = call,originate).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AmiAction } from '../../electron/core/ami/action.ts';
import { AmiClient } from '../../electron/core/ami/client.ts';
import { createAgentVerbs, remoteLegOf } from '../../electron/core/actions/agent-verbs.ts';
import { agentIdentity } from '../../electron/core/agent/identity.ts';
import { ActionRunner } from '../../electron/core/actions/runner.ts';
import { transferCall } from '../../electron/core/actions/transfer.ts';
import { createCompanion, type CoreCompanion } from '../../electron/core/companion.ts';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import { sayIn } from '../../electron/shared/phrases/say.ts';
import type { Snapshot } from '../../electron/shared/snapshot.ts';

let pbx: DemoPbx;
let agent: CoreCompanion;

beforeAll(async () => {
  pbx = await startDemoPbx({ answerAfterMs: null, otherAnswerAfterMs: 5 });
  agent = await companion('agentapp', 's3cret', '1001');
});
afterEach(async () => {
  for (const id of pbx.control.activeCalls()) pbx.control.callerHangup(id);
  // A consultation outlives the customer (as on a real PBX): the agent's phone hangs up too.
  while (pbx.control.legsOf('1001').length > 0 && pbx.control.hangupLeg('1001'));
  pbx.control.pause({ paused: false });
  await until(agent, (s) => s.calls.length === 0 && s.queues.every((q) => !q.paused));
});
afterAll(async () => {
  await agent.close();
  await pbx.close();
});

async function companion(username: string, secret: string, extension: string): Promise<CoreCompanion> {
  const core = await createCompanion({
    pbx: { host: '127.0.0.1', port: pbx.port, username, extension },
    secret,
    dialRules: { defaultCountry: 'ES' },
    client: { keepaliveIntervalMs: 0, reconnect: false },
  });
  await until(core, (s) => s.connection.status === 'live');
  return core;
}

/** Resolves with the first snapshot (the current one included) that passes `test`. */
function until(core: CoreCompanion, test: (s: Snapshot) => boolean): Promise<Snapshot> {
  return new Promise((resolve) => {
    if (test(core.snapshot())) return resolve(core.snapshot());
    const off = core.subscribe((s) => {
      if (!test(s)) return;
      off();
      resolve(s);
    });
  });
}

/** The newest open session of `username`: the one the Companion talks over. */
function sessionOf(username: string): number {
  return pbx.control
    .sessions()
    .filter((s) => s.username === username && !s.closed)
    .at(-1)!.id;
}

/** What that session sent of these actions, as raw text without the ActionID, in order. */
function wire(username: string, names: readonly string[]): string[] {
  return pbx.control
    .receivedActions(sessionOf(username))
    .filter((a) => names.includes(a.name))
    .map((a) =>
      a.raw
        .split('\r\n')
        .filter((line) => !line.startsWith('ActionID:'))
        .join('\r\n'),
    );
}

const lines = (...fields: string[]) => fields.join('\r\n');
const pausedFor = (s: Snapshot) =>
  Object.fromEntries(s.queues.filter((q) => q.member).map((q) => [q.name, q.paused ? q.pausedReason : null]));
const CALL_VERBS = ['MixMonitor', 'MixMonitorMute', 'StopMixMonitor', 'Hangup', 'BlindTransfer', 'Redirect', 'Atxfer', 'CoreShowChannels'];

/** A queue call answered by the agent: its id and the agent's leg, once the snapshot shows it up. */
async function answeredQueueCall(core: CoreCompanion = agent): Promise<{ id: string; channel: string }> {
  const id = pbx.control.incomingCall({ queue: 'support', callerNumber: '+34912345678', callerName: 'José Núñez' });
  await until(core, (s) => s.calls.some((c) => c.id === id && c.state === 'ringing'));
  expect(pbx.control.answer()).toBe(true);
  const up = await until(core, (s) => s.calls.some((c) => c.id === id && c.state === 'up'));
  return { id, channel: up.calls.find((c) => c.id === id)!.channel! };
}

describe('pause and unpause', () => {
  it('two clicks at once: one QueuePause per queue on the wire, both told the same; the pause comes back from the PBX', async () => {
    const before = wire('agentapp', ['QueuePause']).length;
    const [first, second] = await Promise.all([agent.pause({ reason: 'Lunch' }), agent.pause({ reason: 'Lunch' })]);
    expect(first).toMatchObject({ ok: true, message: 'Paused in support, sales (Lunch).' });
    expect(second).toEqual(first);
    // A third click right after the answer is still the same click.
    expect(await agent.pause({ reason: 'Lunch' })).toEqual(first);
    expect(wire('agentapp', ['QueuePause']).slice(before)).toEqual([
      lines('Action: QueuePause', 'Queue: support', 'Interface: PJSIP/1001', 'Paused: true', 'Reason: Lunch'),
      lines('Action: QueuePause', 'Queue: sales', 'Interface: Local/1001@from-queue/n', 'Paused: true', 'Reason: Lunch'),
    ]);
    const shown = await until(agent, (s) => pausedFor(s).support === 'Lunch' && pausedFor(s).sales === 'Lunch');
    expect(pausedFor(shown)).toEqual({ support: 'Lunch', sales: 'Lunch' });
  });

  it('pause and unpause one queue, with the interface that queue knows', async () => {
    const before = wire('agentapp', ['QueuePause']).length;
    expect(await agent.pause({ queue: 'sales', reason: 'Training' })).toMatchObject({ ok: true, message: 'Paused in sales (Training).' });
    await until(agent, (s) => pausedFor(s).sales === 'Training');
    expect(pausedFor(agent.snapshot()).support).toBeNull();
    expect(await agent.unpause({ queue: 'sales' })).toMatchObject({ ok: true, message: 'Unpaused in sales.' });
    await until(agent, (s) => pausedFor(s).sales === null);
    expect(wire('agentapp', ['QueuePause']).slice(before)).toEqual([
      lines('Action: QueuePause', 'Queue: sales', 'Interface: Local/1001@from-queue/n', 'Paused: true', 'Reason: Training'),
      lines('Action: QueuePause', 'Queue: sales', 'Interface: Local/1001@from-queue/n', 'Paused: false'),
    ]);
  });

  it('bad input is answered in words and nothing reaches the PBX', async () => {
    const before = pbx.control.receivedBytes(sessionOf('agentapp')).length;
    expect(await agent.pause({ reason: 'Lunch\r\nAction: Hangup\r\nChannel: PJSIP/1002' })).toMatchObject({
      ok: false,
      error: 'The pause reason contains a line break or another control character.',
    });
    expect(await agent.pause({ reason: 'x'.repeat(10_000) })).toMatchObject({
      ok: false,
      error: 'The pause reason is longer than 100 characters.',
    });
    expect(await agent.pause({ reason: 'a|b' })).toMatchObject({
      ok: false,
      error: 'The pause reason cannot contain "|" (it separates the columns of the queue log).',
    });
    expect(await agent.pause({ reason: '  ' })).toMatchObject({ ok: false, error: 'Choose a reason for the pause.' });
    expect(await agent.pause({ queue: 'billing', reason: 'Lunch' })).toMatchObject({
      ok: false,
      error: 'You are not a member of queue billing.',
    });
    expect(await agent.unpause({ queue: 'billing' })).toMatchObject({ ok: false, error: 'You are not a member of queue billing.' });
    expect(pbx.control.receivedBytes(sessionOf('agentapp')).length).toBe(before);
    expect(pausedFor(agent.snapshot())).toEqual({ support: null, sales: null });
  });

  it('a pause made elsewhere (the phone, a supervisor) shows with its reason', async () => {
    expect(pbx.control.pause({ paused: true, queue: 'support', reason: 'Supervisor: coaching' })).toBe(1);
    const one = await until(agent, (s) => pausedFor(s).support !== null);
    expect(pausedFor(one)).toEqual({ support: 'Supervisor: coaching', sales: null });
    // All queues, the Local member of sales found by its state interface.
    expect(pbx.control.pause({ paused: true, reason: 'Feature code *46' })).toBe(2);
    const all = await until(agent, (s) => pausedFor(s).sales !== null && pausedFor(s).support === 'Feature code *46');
    expect(pausedFor(all)).toEqual({ support: 'Feature code *46', sales: 'Feature code *46' });
    pbx.control.pause({ paused: false });
    await until(agent, (s) => pausedFor(s).support === null && pausedFor(s).sales === null);
  });
});

describe('queue log-in and log-out', () => {
  it('1002 logs in and out; a queue that knows it as a Local member is rejoined with that interface and its state hint', async () => {
    const second = await companion('agentapp', 's3cret', '1002');
    try {
      expect(await second.queueLogin('support')).toMatchObject({ ok: true, message: 'Logged in to support.' });
      await until(second, (s) => s.queues.some((q) => q.name === 'support' && q.member));
      expect(await second.queueLogin('support')).toMatchObject({ ok: true, message: 'You are already logged in to support.' });
      expect(await second.queueLogout('support')).toMatchObject({ ok: true, message: 'Logged out of support.' });
      await until(second, (s) => !s.queues.some((q) => q.name === 'support' && q.member));

      // A supervisor adds 1002 to sales as FreePBX does (a Local member); the agent logs out and back in.
      const supervisor = new AmiClient({
        host: '127.0.0.1',
        port: pbx.port,
        username: 'agent',
        secret: 'demo',
        keepaliveIntervalMs: 0,
        reconnect: false,
      });
      await supervisor.connect();
      await supervisor.action(
        AmiAction.build('QueueAdd', { Queue: 'sales', Interface: 'Local/1002@from-queue/n', StateInterface: 'hint:1002@ext-local' }),
      );
      await supervisor.close();
      await until(second, (s) => s.queues.some((q) => q.name === 'sales' && q.member));
      expect(await second.queueLogout('sales')).toMatchObject({ ok: true, message: 'Logged out of sales.' });
      await until(second, (s) => !s.queues.some((q) => q.name === 'sales' && q.member));
      expect(await second.queueLogin('sales')).toMatchObject({ ok: true, message: 'Logged in to sales.' });
      await until(second, (s) => s.queues.some((q) => q.name === 'sales' && q.member));

      expect(wire('agentapp', ['QueueAdd', 'QueueRemove'])).toEqual([
        lines('Action: QueueAdd', 'Queue: support', 'Interface: PJSIP/1002', 'MemberName: Agent 1002'),
        lines('Action: QueueRemove', 'Queue: support', 'Interface: PJSIP/1002'),
        lines('Action: QueueRemove', 'Queue: sales', 'Interface: Local/1002@from-queue/n'),
        lines(
          'Action: QueueAdd',
          'Queue: sales',
          'Interface: Local/1002@from-queue/n',
          'MemberName: Agent 1002',
          'StateInterface: hint:1002@ext-local',
        ),
      ]);
      // Out again: a later test's sales call must ring the agent alone (1002 answers a ring-all in 5 ms).
      expect(await second.queueLogout('sales')).toMatchObject({ ok: true });
      await until(second, (s) => !s.queues.some((q) => q.name === 'sales' && q.member));
    } finally {
      await second.close();
    }
  });

  it("refusals: not a member, a static member, no such queue, a name that is not a queue's", async () => {
    expect(await agent.queueLogout('billing')).toMatchObject({ ok: false, error: 'You are not a member of queue billing.' });
    expect(await agent.queueLogout('support')).toMatchObject({
      ok: false,
      error: 'You are a permanent member of queue support (set in queues.conf): you cannot log out from the app; ask your supervisor.',
    });
    expect(await agent.queueLogin('billing')).toMatchObject({ ok: false, error: 'There is no queue billing on the PBX.' });
    const before = wire('agentapp', ['QueueAdd', 'QueueRemove']).length;
    expect(await agent.queueLogin('bill\r\ning')).toMatchObject({
      ok: false,
      error: 'The queue contains a line break or another control character.',
    });
    expect(wire('agentapp', ['QueueAdd', 'QueueRemove'])).toHaveLength(before);
    expect(
      agent
        .snapshot()
        .queues.filter((q) => q.member)
        .map((q) => q.name),
    ).toEqual(['support', 'sales']);
  });
});

describe('recording, hang-up and transfer of the current call', () => {
  it('with no call: a clear message and nothing sent', async () => {
    const before = wire('agentapp', CALL_VERBS).length;
    expect(await agent.record('start')).toMatchObject({ ok: false, error: 'You have no call to record.' });
    expect(await agent.record('mute')).toMatchObject({ ok: false, error: 'You have no call to record.' });
    expect(await agent.hangup()).toMatchObject({ ok: false, error: 'You have no call to hang up.' });
    expect(await agent.transfer('1002')).toMatchObject({ ok: false, error: 'You have no call to transfer.' });
    expect(await agent.record('stop', '1700000000.1')).toMatchObject({ ok: false, error: 'That call has already ended.' });
    expect(await agent.record('pause' as never)).toMatchObject({ ok: false, error: 'Say start, stop, mute or unmute.' });
    expect(wire('agentapp', CALL_VERBS)).toHaveLength(before);
  });

  it('start, mute, unmute, mute, stop: the state shown comes from the PBX; a double stop is one; then hang up', async () => {
    const { id, channel } = await answeredQueueCall();
    const recording = () => agent.snapshot().calls.find((c) => c.id === id)?.recording;
    const before = wire('agentapp', CALL_VERBS).length;
    expect(await agent.record('mute')).toMatchObject({ ok: false, error: 'This call is not being recorded, so there is nothing to mute.' });
    expect(await agent.record('start')).toMatchObject({ ok: true, message: 'Recording.' });
    await until(agent, () => recording() === 'on');
    expect(await agent.record('mute')).toMatchObject({ ok: true, message: 'Recording muted.' });
    await until(agent, () => recording() === 'muted');
    expect(await agent.record('unmute')).toMatchObject({ ok: true, message: 'Recording resumed.' });
    await until(agent, () => recording() === 'on');
    // Muted again at once (the customer starts reading the card number): a new action, not a repeat.
    expect(await agent.record('mute')).toMatchObject({ ok: true, message: 'Recording muted.' });
    await until(agent, () => recording() === 'muted');
    const stops = await Promise.all([agent.record('stop'), agent.record('stop')]);
    expect(stops).toMatchObject([
      { ok: true, message: 'Recording stopped.' },
      { ok: true, message: 'Recording stopped.' },
    ]);
    await until(agent, () => recording() === 'off');
    expect(await agent.hangup()).toMatchObject({ ok: true, message: 'Hung up.' });
    await until(agent, (s) => s.calls.length === 0 && s.history[0]?.id === id);

    const sent = wire('agentapp', CALL_VERBS).slice(before);
    const file = /^File: (companion-\d{8}-\d{6}-1001-[0-9.]+\.wav)$/m.exec(sent[1]!)?.[1];
    expect(file).toBeDefined();
    expect(sent).toEqual([
      lines('Action: MixMonitorMute', `Channel: ${channel}`, 'Direction: both', 'State: 1'),
      lines('Action: MixMonitor', `Channel: ${channel}`, `File: ${file}`),
      lines('Action: MixMonitorMute', `Channel: ${channel}`, 'Direction: both', 'State: 1'),
      lines('Action: MixMonitorMute', `Channel: ${channel}`, 'Direction: both', 'State: 0'),
      lines('Action: MixMonitorMute', `Channel: ${channel}`, 'Direction: both', 'State: 1'),
      lines('Action: StopMixMonitor', `Channel: ${channel}`),
      lines('Action: Hangup', `Channel: ${channel}`, 'Cause: 16'),
    ]);
  });

  it('blind transfer of a queue call: BlindTransfer of the agent leg', async () => {
    const { id, channel } = await answeredQueueCall();
    const before = wire('agentapp', CALL_VERBS).length;
    expect(await agent.transfer('1002')).toMatchObject({ ok: true, message: 'Transferred to 1002.' });
    await until(agent, (s) => !s.calls.some((c) => c.id === id));
    expect(wire('agentapp', CALL_VERBS).slice(before)).toEqual([
      lines('Action: BlindTransfer', `Channel: ${channel}`, 'Exten: 1002', 'Context: from-internal'),
    ]);
  });

  it('a transfer target that is not a number is refused before anything is sent', async () => {
    await answeredQueueCall();
    const before = wire('agentapp', CALL_VERBS).length;
    expect(await agent.transfer('sales desk')).toMatchObject({ ok: false, error: expect.stringMatching(/letters/) });
    expect(await agent.transfer('1002\r\nAction: Hangup')).toMatchObject({ ok: false });
    expect(wire('agentapp', CALL_VERBS)).toHaveLength(before);
  });

  it('a sales call (Local member) transferred away leaves the agent at once; hang-up after it refuses and cuts no one off', async () => {
    const id = pbx.control.incomingCall({ queue: 'sales', callerNumber: '+15550109000', callerName: 'PSTN Caller' });
    // A Local-member queue offers the call before the phone rings: wait for the phone's own leg.
    await until(agent, (s) => s.calls.some((c) => c.id === id && c.state === 'ringing' && c.channel?.startsWith('PJSIP/1001-')));
    expect(pbx.control.answer()).toBe(true);
    const up = await until(agent, (s) => s.calls.some((c) => c.id === id && c.state === 'up'));
    expect(await agent.transfer('1002')).toMatchObject({ ok: true });
    const after = await until(agent, (s) => s.calls.length === 0);
    expect(after.extension.state).not.toBe('inuse');
    expect(after.history[0]).toMatchObject({ id, queue: 'sales', outcome: 'answered', transferredTo: { number: '1002' } });
    // The customer talks on with 1002 through the queue's Local channels.
    expect(pbx.control.activeCalls()).toContain(id);
    expect(pbx.control.legsOf('1002')).toHaveLength(1);
    const hangups = wire('agentapp', ['Hangup']).length;
    expect(await agent.hangup()).toMatchObject({ ok: false, error: 'You have no call to hang up.' });
    // A shell still holding the snapshot from before the transfer: the PBX's channels say no.
    const client = new AmiClient({
      host: '127.0.0.1',
      port: pbx.port,
      username: 'agent',
      secret: 'demo',
      keepaliveIntervalMs: 0,
      reconnect: false,
    });
    await client.connect();
    try {
      const stale = createAgentVerbs({
        connection: client,
        runner: new ActionRunner(client),
        identity: agentIdentity({ extension: '1001' }),
        snapshot: () => up,
        dialRules: { defaultCountry: 'ES' },
      });
      for (const verb of [() => stale.hangup(id), () => stale.transfer('1003', { callId: id }), () => stale.record('start', id)]) {
        expect(await verb()).toMatchObject({ ok: false, phrase: { code: 'verb.call-not-yours' } });
      }
      expect(wire('agent', ['Hangup', 'BlindTransfer', 'Atxfer', 'MixMonitor'])).toEqual([]);
    } finally {
      await client.close();
    }
    expect(wire('agentapp', ['Hangup'])).toHaveLength(hangups);
    expect(pbx.control.legsOf('1002')).toHaveLength(1);
    pbx.control.hangupLeg('1002');
  });

  it('where BlindTransfer is refused, the remote leg found in CoreShowChannels is Redirected', async () => {
    // The demo refuses BlindTransfer only of the caller's own leg ("Transfer not permitted", as a
    // bridge without transfer rights answers), so that is the leg refused here.
    const { channel } = await answeredQueueCall();
    const client = new AmiClient({
      host: '127.0.0.1',
      port: pbx.port,
      username: 'agent',
      secret: 'demo',
      keepaliveIntervalMs: 0,
      reconnect: false,
    });
    await client.connect();
    try {
      const caller = await remoteLegOf(client, channel);
      expect(caller).toMatch(/^PJSIP\/9000-/);
      const result = await transferCall(new ActionRunner(client), {
        channel: caller!,
        exten: '1002',
        remoteLeg: () => remoteLegOf(client, channel),
      });
      expect(result).toMatchObject({ ok: true, message: 'Transferred to 1002.' });
      expect(wire('agent', CALL_VERBS)).toEqual([
        lines('Action: CoreShowChannels'),
        lines('Action: BlindTransfer', `Channel: ${caller}`, 'Exten: 1002', 'Context: from-internal'),
        lines('Action: CoreShowChannels'),
        lines('Action: Redirect', `Channel: ${caller}`, 'Exten: 1002', 'Context: from-internal', 'Priority: 1'),
      ]);
    } finally {
      await client.close();
    }
  });

  it('attended transfer: Atxfer on the agent leg, and what the agent does next', async () => {
    const { id, channel } = await answeredQueueCall();
    const before = wire('agentapp', CALL_VERBS).length;
    expect(await agent.transfer('1002', { attended: true })).toMatchObject({
      ok: true,
      message: "Attended transfer to 1002 started: talk, then hang up to complete it (or use the phone's keys).",
    });
    expect(wire('agentapp', CALL_VERBS).slice(before)).toEqual([
      lines('Action: Atxfer', `Channel: ${channel}`, 'Exten: 1002', 'Context: from-internal'),
    ]);
    // The consultation is its own call on the same phone leg; the customer's call waits on hold.
    const consulting = await until(agent, (s) => s.calls.some((c) => c.consultationOf === id && c.state === 'up'));
    const consult = consulting.calls.find((c) => c.consultationOf === id)!;
    expect(consult).toMatchObject({ direction: 'internal', channel, remote: { number: '1002' } });
    expect(consulting.calls.find((c) => c.id === id)).toMatchObject({ state: 'onhold', remote: { number: '+34912345678' } });
    // Hanging up the consultation completes the transfer: the customer's call goes to 1002.
    expect(await agent.hangup(consult.id)).toMatchObject({ ok: true });
    const done = await until(agent, (s) => s.calls.length === 0 && s.history[0]?.id === id);
    expect(done.history[0]).toMatchObject({ outcome: 'answered', remote: { number: '+34912345678' }, transferredTo: { number: '1002' } });
    expect(done.history.some((h) => h.id === consult.id)).toBe(false);
  });
});

describe('the limited user of fixture 02 (write = call,originate): what the agent reads', () => {
  let limited: CoreCompanion;
  beforeAll(async () => {
    limited = await companion('limited', 'l1mited', '1001');
  });
  afterAll(async () => {
    await limited.close();
  });

  it('pause, unpause, log-in and log-out: the PBX refused, and which write class the admin must add', async () => {
    const needsAgent = (what: string) =>
      `The PBX did not let the companion ${what}: its AMI user needs "agent" in the write = line of manager.conf (or is not logged in).`;
    expect(
      limited
        .snapshot()
        .queues.filter((q) => q.member)
        .map((q) => q.name),
    ).toEqual(['support', 'sales']);
    const pause = await limited.pause({ reason: 'Lunch' });
    expect(pause).toMatchObject({ ok: false, error: needsAgent('change your pause') });
    // The same refusal as a phrase, its purpose a phrase too, so a Spanish agent reads all of it in Spanish.
    expect(pause.phrase).toEqual({
      code: 'pbx.permission-class',
      params: { purpose: { code: 'purpose.queuepause' }, writeClass: 'agent' },
    });
    expect(sayIn(pause.phrase!, 'es')).toMatch(/^La centralita .*cambiar tu pausa.*"agent"/);
    expect(await limited.unpause({ queue: 'support' })).toMatchObject({ ok: false, error: needsAgent('change your pause') });
    expect(await limited.queueLogin('billing')).toMatchObject({ ok: false, error: needsAgent('log you in to the queue') });
    expect(await limited.queueLogout('support')).toMatchObject({ ok: false, error: needsAgent('log you out of the queue') });
    // The state stays as the PBX says: nothing paused.
    expect(pausedFor(limited.snapshot())).toEqual({ support: null, sales: null });
    expect(wire('limited', ['QueuePause'])).toEqual([
      lines('Action: QueuePause', 'Queue: support', 'Interface: PJSIP/1001', 'Paused: true', 'Reason: Lunch'),
      lines('Action: QueuePause', 'Queue: sales', 'Interface: Local/1001@from-queue/n', 'Paused: true', 'Reason: Lunch'),
      lines('Action: QueuePause', 'Queue: support', 'Interface: PJSIP/1001', 'Paused: false'),
    ]);
  });

  it('recording needs "system" to start; mute, stop, hang-up and transfer are "call" verbs', async () => {
    await answeredQueueCall(limited);
    expect(await limited.record('start')).toMatchObject({
      ok: false,
      error:
        'The PBX did not let the companion start recording: its AMI user needs "system" in the write = line of manager.conf (or is not logged in).',
    });
    expect(await limited.record('mute')).toMatchObject({
      ok: false,
      error: 'This call is not being recorded, so there is nothing to mute.',
    });
    expect(await limited.record('stop')).toMatchObject({ ok: false, error: 'This call is not being recorded.' });
    expect(await limited.transfer('1002')).toMatchObject({ ok: true, message: 'Transferred to 1002.' });
  });
});
