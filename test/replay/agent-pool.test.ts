/**
 * Agents on Asterisk's agent pool (app_agent_pool, as Issabel's call center runs them), on a real
 * Asterisk 22 (../shared/fixtures/asterisk-22-agents): each transcript replayed one AMI message at a
 * time with agent 9001 on extension 1001, and checked against the truth its INDEX.md states, at the
 * event where each change happens.
 */
import { describe, expect, it } from 'vitest';
import { frameAll } from '../../electron/core/ami/framer.ts';
import { AmiMessage } from '../../electron/core/ami/message.ts';
import { agentIdentity } from '../../electron/core/agent/identity.ts';
import { ReplaySession } from '../../electron/core/agent/replay.ts';
import { PopTrigger } from '../../electron/core/screenpop/trigger.ts';
import { agentStatus } from '../../electron/shared/agent-status.ts';
import type { Snapshot } from '../../electron/shared/snapshot.ts';
import { readRaw } from '../support/fixtures.ts';

interface Step {
  /** The AMI message just applied (null: the connection's banner or end). */
  message: AmiMessage | null;
  snapshot: Snapshot;
}

/** The snapshot after every message of `messages` (a transcript's, or made from one). */
function stepsOf(messages: readonly AmiMessage[], agent = '9001'): Step[] {
  const identity = agentIdentity({ extension: '1001', agent });
  let latest: Snapshot | null = null;
  const warnings: string[] = [];
  const session = new ReplaySession(identity, { onSnapshot: (s) => (latest = s), logger: { warn: (m) => warnings.push(m) } });
  const out: Step[] = [];
  session.connect('Asterisk Call Manager/11.0.0');
  for (const message of messages) {
    session.message(message);
    out.push({ message, snapshot: latest! });
  }
  session.end(true);
  out.push({ message: null, snapshot: latest! });
  expect(warnings).toEqual([]);
  return out;
}

const messagesOf = (file: string): AmiMessage[] => frameAll([readRaw(`asterisk-22-agents/${file}`)]).messages;
const steps = (file: string): Step[] => stepsOf(messagesOf(file));

/** The step of the first event named `name` (and matching `test`). */
function at(all: Step[], name: string, test: (m: AmiMessage) => boolean = () => true): number {
  const i = all.findIndex((s) => s.message?.kind === 'event' && s.message.name === name && test(s.message));
  if (i < 0) throw new Error(`no ${name} event`);
  return i;
}
const memberStatus = (status: string) => (m: AmiMessage) => m.get('Interface') === 'Local/9001@agents' && m.get('Status') === status;

/** The pool agent's login state over a range of steps: [loggedIn, callable] at each. */
function loginStates(all: Step[], from: number, to: number): Array<[boolean, boolean]> {
  const seen = all.slice(from, to).map((s) => [s.snapshot.agent!.loggedIn, s.snapshot.agent!.callable] as [boolean, boolean]);
  return seen.filter((x, i) => i === 0 || x[0] !== seen[i - 1]![0] || x[1] !== seen[i - 1]![1]);
}

function pops(all: Step[]): string[] {
  const trigger = new PopTrigger();
  return all.flatMap((s) =>
    trigger
      .next(s.snapshot)
      .filter((d) => d.type === 'pop')
      .map((d) => d.callId),
  );
}

const customer = { number: '+15550109000', name: 'PSTN Caller' };

describe('asterisk-22-agents: agent 9001 in the agent pool', () => {
  it('A1: logged out until AgentLogin, logged in but not callable until the member is available, logged out at AgentLogoff; no call', () => {
    const all = steps('A1-agent-login-logoff.ami.raw');
    const login = at(all, 'AgentLogin');
    const available = at(all, 'QueueMemberStatus', memberStatus('1'));
    const logoff = at(all, 'AgentLogoff');
    expect(loginStates(all, 0, all.length)).toEqual([
      [false, false],
      [true, false],
      [true, true],
      [false, false],
    ]);
    expect(all[login - 1]!.snapshot.agent!.loggedIn).toBe(false);
    expect(all[login]!.snapshot.agent).toMatchObject({ number: '9001', loggedIn: true, callable: false, channel: 'PJSIP/1001-00000004' });
    // The login probation: QueueStatus says unavailable while the Agents list already says idle.
    expect(all[available - 1]!.snapshot.agent!.callable).toBe(false);
    expect(all[available]!.snapshot.agent!.callable).toBe(true);
    // Logged out by the AgentLogoff action (its SoftHangupRequest Cause 32 came first).
    expect(all[logoff]!.snapshot.agent).toMatchObject({ loggedIn: false, callable: false, channel: null, loggedOutBy: 'request' });
    // The held login call is no call of the agent's: not shown, not in the history, the agent available.
    for (const step of all.slice(login)) expect(step.snapshot.calls).toEqual([]);
    expect(all.at(-1)!.snapshot.history).toEqual([]);
    expect(agentStatus(all[available]!.snapshot)).toBe('available');
    expect(all[available]!.snapshot.queues.find((q) => q.name === 'callcenter')).toMatchObject({
      interface: 'Local/9001@agents',
      member: true,
      status: 'idle',
    });
  });

  it("A2: a queue call connected into the held login call: the caller's call, its variables, one pop, answered, ended with the customer", () => {
    const all = steps('A2-agent-queue-call.ami.raw');
    const id = '1796471033.8';
    const offered = at(all, 'AgentCalled');
    const connect = at(all, 'AgentConnect');
    const complete = at(all, 'AgentComplete');
    const ringing = all[offered]!.snapshot.calls;
    expect(ringing).toHaveLength(1);
    expect(ringing[0]).toMatchObject({ id, state: 'ringing', direction: 'inbound', queue: 'callcenter', remote: customer });
    expect(ringing[0]!.vars.CUSTOMER_ID).toBe('C-1042');
    // Connected: the agent's leg is the held login channel; the caller's events now carry its Linkedid.
    for (const step of all.slice(connect, complete)) {
      expect(step.snapshot.calls).toHaveLength(1);
      expect(step.snapshot.calls[0]).toMatchObject({
        id,
        state: 'up',
        channel: 'PJSIP/1001-00000005',
        remote: customer,
        queue: 'callcenter',
      });
      expect(step.snapshot.calls[0]!.vars.CUSTOMER_ID).toBe('C-1042');
      expect(agentStatus(step.snapshot)).toBe('oncall');
    }
    expect(all[connect]!.snapshot.calls[0]!.answeredAt).not.toBeNull();
    // The customer left (AgentComplete, Reason caller): the call ends though the login call stays up.
    for (const step of all.slice(complete)) expect(step.snapshot.calls).toEqual([]);
    expect(all[complete]!.snapshot.agent).toMatchObject({ loggedIn: true, channel: 'PJSIP/1001-00000005' });
    const history = all.at(-1)!.snapshot.history;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ id, direction: 'inbound', queue: 'callcenter', remote: customer, outcome: 'answered' });
    expect(history[0]!.vars.CUSTOMER_ID).toBe('C-1042');
    expect(pops(all)).toEqual([id]);
    const after = all.findIndex((s, i) => i > complete && s.message?.name === 'QueueMemberStatus' && memberStatus('1')(s.message));
    expect(agentStatus(all[after]!.snapshot)).toBe('available');
    expect(all[at(all, 'AgentLogoff')]!.snapshot.agent!.loggedIn).toBe(false);
  });

  it('A2 without the agent number: the customer merges into the login call, no queue, no CUSTOMER_ID (why the setting exists)', () => {
    const all = stepsOf(messagesOf('A2-agent-queue-call.ami.raw'), '');
    const calls = all[at(all, 'AgentConnect')]!.snapshot.calls;
    expect(calls.map((c) => [c.id, c.direction, c.queue])).toEqual([['1796471024.7', 'outbound', null]]);
  });

  it('A3: paused "Lunch" on the member the PBX has (Local/9001@agents) until unpaused; the Agents list does not change it', () => {
    const all = steps('A3-agent-pause-reason.ami.raw');
    const paused = at(all, 'QueueMemberPause', (m) => m.get('Paused') === '1');
    const unpaused = at(all, 'QueueMemberPause', (m) => m.get('Paused') === '0');
    const queue = (s: Step) => s.snapshot.queues.find((q) => q.name === 'callcenter')!;
    expect(queue(all[paused - 1]!).paused).toBe(false);
    for (const step of all.slice(paused, unpaused)) {
      expect(queue(step)).toMatchObject({ interface: 'Local/9001@agents', paused: true, pausedReason: 'Lunch' });
      expect(step.snapshot.agent!.loggedIn).toBe(true);
    }
    expect(queue(all[unpaused]!)).toMatchObject({ paused: false, pausedReason: '' });
    expect(all[at(all, 'AgentLogoff')]!.snapshot.agent!.loggedIn).toBe(false);
    expect(all.at(-1)!.snapshot.history).toEqual([]);
  });

  it('A4: a login from the phone (*9001) lasts until the phone hangs up; the login call is never a call', () => {
    const all = steps('A4-agent-login-from-phone.ami.raw');
    const login = at(all, 'AgentLogin');
    const logoff = at(all, 'AgentLogoff');
    expect(loginStates(all, 0, all.length)).toEqual([
      [false, false],
      [true, false],
      [true, true],
      [false, false],
    ]);
    // Hanging up is logging out: AgentLogoff follows the phone's HangupRequest.
    const hangup = at(all, 'HangupRequest', (m) => m.get('Channel') === 'PJSIP/1001-00000008');
    expect(hangup).toBeLessThan(logoff);
    expect(all[hangup]!.snapshot.agent!.loggedIn).toBe(true);
    expect(all[logoff]!.snapshot.agent!.loggedOutBy).toBe('hangup');
    expect(all[login]!.snapshot.agent!.channel).toBe('PJSIP/1001-00000008');
    for (const step of all.slice(login)) expect(step.snapshot.calls).toEqual([]);
    expect(all.at(-1)!.snapshot.history).toEqual([]);
  });

  it('ackcall: a caller who hangs up while the call is offered leaves the member in use: the call is missed, the agent not on a call', () => {
    // A2 up to the offer (AgentCalled, the phone's connected line on the caller, the member in use),
    // then the caller gives up as Asterisk reports it: the Local pair hangs up, the caller abandons
    // and hangs up, and nothing puts the member or the phone's connected line back.
    const recorded = messagesOf('A2-agent-queue-call.ami.raw');
    const offeredAt = recorded.findIndex((m) => m.name === 'QueueMemberStatus' && memberStatus('2')(m));
    const hangup = (channel: string, uid: string, lid: string): AmiMessage =>
      AmiMessage.from([
        ['Event', 'Hangup'],
        ['Channel', channel],
        ['ChannelState', '6'],
        ['Uniqueid', uid],
        ['Linkedid', lid],
        ['Cause', '16'],
      ]);
    const gaveUp = [
      hangup('Local/9001@agents-00000001;1', '1796471033.9', '1796471033.8'),
      hangup('Local/9001@agents-00000001;2', '1796471033.10', '1796471033.8'),
      AmiMessage.from([
        ['Event', 'QueueCallerAbandon'],
        ['Queue', 'callcenter'],
        ['Uniqueid', '1796471033.8'],
        ['Linkedid', '1796471033.8'],
      ]),
      AmiMessage.from([
        ['Event', 'QueueCallerLeave'],
        ['Queue', 'callcenter'],
        ['Count', '0'],
        ['Uniqueid', '1796471033.8'],
        ['Linkedid', '1796471033.8'],
      ]),
      hangup('PJSIP/9000-00000006', '1796471033.8', '1796471033.8'),
    ];
    const all = stepsOf([...recorded.slice(0, offeredAt + 1), ...gaveUp]);
    const offered = all[offeredAt]!.snapshot;
    expect(offered.calls).toHaveLength(1);
    expect(offered.queues.find((q) => q.name === 'callcenter')!.status).toBe('inuse');
    const last = all.at(-1)!.snapshot;
    expect(last.calls).toEqual([]);
    expect(last.history).toHaveLength(1);
    expect(last.history[0]).toMatchObject({ id: '1796471033.8', outcome: 'missed', remote: customer, queue: 'callcenter' });
    expect(last.queues.find((q) => q.name === 'callcenter')!.status).toBe('inuse');
    expect(last.agent).toMatchObject({ loggedIn: true, channel: 'PJSIP/1001-00000005' });
    expect(agentStatus({ ...last, connection: { ...last.connection, status: 'live' } })).toBe('available');
  });
});
