/**
 * Calls that change hands on the demo PBX look like the real ones: each scenario of
 * ../shared/fixtures/asterisk-22-live (L1-L6) driven over real TCP through the control API and
 * the AMI actions the recorder used, then compared with the transcript: per channel, the same
 * events in the same order; across channels, the same order of the transfer milestones; the same
 * header names for the events an agent engine reads; one Linkedid per call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AmiMessage } from '../../electron/core/ami/message.ts';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import { WireClient, fixtureMessages, keys } from './demo-wire.ts';

/** What an engine reads of each channel's life. VarSet/Newexten/NewCallerid and device states are left out. */
const PER_CHANNEL = new Set([
  'Newchannel',
  'Newstate',
  'Hold',
  'Unhold',
  'DTMFEnd',
  'DialBegin',
  'DialEnd',
  'BridgeEnter',
  'BridgeLeave',
  'Hangup',
  'QueueCallerJoin',
  'QueueCallerLeave',
  'AgentCalled',
  'AgentConnect',
  'AgentComplete',
]);

/** The moments of a transfer, in the order they must come whatever channel they concern. */
const MILESTONES = new Set([
  'AgentConnect',
  'Hold',
  'Unhold',
  'BlindTransfer',
  'AttendedTransfer',
  'BridgeMerge',
  'LocalOptimizationBegin',
  'LocalOptimizationEnd',
  'AgentComplete',
]);

/** Events whose header names must be the transcript's, in order. */
const SHAPED = [
  'Hold',
  'Unhold',
  'DTMFEnd',
  'BlindTransfer',
  'AttendedTransfer',
  'BridgeMerge',
  'LocalOptimizationBegin',
  'LocalOptimizationEnd',
  'AgentComplete',
  'NewConnectedLine',
  'Hangup',
  'DialBegin',
  'DialEnd',
];

/** `PJSIP/1001-00000004` -> `PJSIP/1001`, `Local/1002@from-internal-00000002;1` -> `Local/1002@from-internal;1`. */
function base(name: string): string {
  return name.replace(/-[0-9a-f]{8}(;[12])?$/, '$1');
}

/** Names channels by role: the base name and its rank among channels of that base (`PJSIP/1001#2` is the agent's second leg). */
class Roles {
  private readonly seen = new Map<string, string>();
  private readonly count = new Map<string, number>();
  of(name: string | undefined): string {
    if (!name) return '';
    let role = this.seen.get(name);
    if (!role) {
      const b = base(name);
      const n = (this.count.get(b) ?? 0) + 1;
      this.count.set(b, n);
      role = `${b}#${n}`;
      this.seen.set(name, role);
    }
    return role;
  }
}

function label(e: AmiMessage): string {
  if (e.name === 'Newstate') return `Newstate ${e.get('ChannelStateDesc')}`;
  if (e.name === 'DTMFEnd') return `DTMFEnd ${e.get('Digit')}`;
  if (e.name === 'DialEnd') return `DialEnd ${e.get('DialStatus')}`;
  if (e.name === 'Hangup') return `Hangup ${e.get('Cause')}`;
  if (e.name === 'AgentComplete') return `AgentComplete ${e.get('Reason')}`;
  return e.name;
}

/** Each channel's own story: the PER_CHANNEL events naming it as Channel (or as DestChannel, marked `>`). */
function perChannel(events: AmiMessage[]): Record<string, string[]> {
  const roles = new Roles();
  const out: Record<string, string[]> = {};
  for (const e of events) {
    const ch = e.get('Channel');
    const dest = e.get('DestChannel');
    if (ch) roles.of(ch);
    if (dest) roles.of(dest);
    if (!PER_CHANNEL.has(e.name)) continue;
    if (ch) (out[roles.of(ch)] ??= []).push(label(e));
    if (dest) (out[roles.of(dest)] ??= []).push(`>${label(e)}`);
  }
  return out;
}

/**
 * A ringing leg's Newstate Ringing races its own AgentCalled/DialBegin in Asterisk (the phone's
 * 180 against app_queue publishing the dial): fixture 04 has it before, L3 and L6 after. The
 * canonical order puts it after DialBegin.
 */
function canonical(story: string[]): string[] {
  const out = [...story];
  const ringing = out.indexOf('Newstate Ringing');
  const dial = out.indexOf('>DialBegin');
  if (ringing >= 0 && dial > ringing) {
    out.splice(ringing, 1);
    out.splice(dial, 0, 'Newstate Ringing');
  }
  return out;
}

function milestones(events: AmiMessage[]): string[] {
  return events.filter((e) => MILESTONES.has(e.name)).map((e) => label(e));
}

function transcript(file: string): AmiMessage[] {
  return fixtureMessages(`asterisk-22-live/${file}`).filter((m) => m.kind === 'event');
}

let pbx: DemoPbx;
let c: WireClient;
beforeAll(async () => {
  // 1002 answers at once (the lab's auto-answer); the agent's phone waits for control.answer().
  pbx = await startDemoPbx({ answerAfterMs: null, otherAnswerAfterMs: 0, memberTimeoutMs: 60_000 });
  c = await WireClient.loggedIn(pbx.port);
});
afterAll(async () => {
  c.close();
  await pbx.close();
});

const CUSTOMER = {
  callerNumber: '+15550109000',
  callerName: 'PSTN Caller',
  vars: { CUSTOMER_ID: 'C-1042', CUSTOMER_NAME: 'Ada Lovelace' },
};

/** Every call over, and every event of it received (a Ping's answer comes after the events sent before it). */
async function idle(): Promise<void> {
  expect(pbx.control.activeCalls()).toEqual([]);
  expect(pbx.control.legsOf('1001')).toEqual([]);
  expect(pbx.control.legsOf('1002')).toEqual([]);
  await c.action('Ping');
}

/** The same story as the transcript, channel by channel and milestone by milestone, with the same header names. */
function expectLikeTranscript(mine: AmiMessage[], file: string, only?: (role: string) => boolean): void {
  const real = transcript(file);
  const a = perChannel(mine);
  const b = perChannel(real);
  for (const role of Object.keys(b))
    if (!only || only(role)) expect(canonical(a[role] ?? []), `${file}: ${role}`).toEqual(canonical(b[role]!));
  expect(milestones(mine), `${file}: milestones`).toEqual(milestones(real));
  for (const name of SHAPED) {
    const x = mine.find((e) => e.name === name);
    const y = real.find((e) => e.name === name);
    if (!y) continue;
    expect(x, `${file}: demo sent ${name}`).toBeDefined();
    expect(keys(x!), `${file}: headers of ${name}`).toEqual(keys(y));
  }
  // No DTMFBegin: the feature's digits arrive as DTMFEnd only.
  expect(mine.some((e) => e.name === 'DTMFBegin')).toBe(false);
}

/** A queue call answered by the agent; resolves with the agent's channel name. */
async function answeredQueueCall(queue: string, from: number): Promise<{ id: string; agent: string }> {
  const id = pbx.control.incomingCall({ queue, ...CUSTOMER });
  await c.event('Newstate', (m) => m.get('ChannelStateDesc') === 'Ringing' && base(m.get('Channel') ?? '') === 'PJSIP/1001', from);
  expect(pbx.control.answer()).toBe(true);
  await c.event('AgentConnect', () => true, from);
  return { id, agent: pbx.control.legsOf('1001')[0]!.channel };
}

describe('demo PBX: transfers out of a queue', () => {
  it('L1: a blind transfer out of the Local-member sales queue', async () => {
    const from = c.messages.length;
    const { id, agent } = await answeredQueueCall('sales', from);
    const r = await c.action('BlindTransfer', { Channel: agent, Exten: '1002', Context: 'from-internal' });
    expect(r.get('Message')).toBe('Transfer succeeded');
    await c.event('DialEnd', (m) => m.get('DialStatus') === 'ANSWER' && base(m.get('DestChannel') ?? '') === 'PJSIP/1002', from);
    // The agent's part is over at once; the agent has nothing left to hang up.
    expect(pbx.control.legsOf('1001')).toEqual([]);
    expect(pbx.control.agentHangup()).toBe(false);
    const transfer = c.events(from).find((e) => e.name === 'BlindTransfer')!;
    expect(base(transfer.get('TransfereeChannel')!)).toBe('Local/1001@from-queue;2');
    expect(pbx.control.callerHangup(id)).toBe(true);
    await idle();
    const mine = c.events(from);
    expectLikeTranscript(mine, 'L1-sales-blind-transfer.ami.raw');
    expect(new Set(mine.filter((e) => e.has('Linkedid')).map((e) => e.get('Linkedid')))).toEqual(new Set([id]));
  });

  it('L2: an attended transfer out of sales: consultation Local pair on the same Linkedid, AgentComplete caller at the end', async () => {
    const from = c.messages.length;
    const { id, agent } = await answeredQueueCall('sales', from);
    const r = await c.action('Atxfer', { Channel: agent, Exten: '1002', Context: 'from-internal' });
    expect(r.get('Message')).toBe('Atxfer successfully queued');
    await c.event('BridgeEnter', (m) => base(m.get('Channel') ?? '') === 'Local/1002@from-internal;2', from);
    const hung = await c.action('Hangup', { Channel: agent });
    expect(hung.get('Message')).toBe('Channel Hungup');
    await c.event('LocalOptimizationEnd', () => true, from);
    expect(pbx.control.legsOf('1001')).toEqual([]);
    expect(pbx.control.callerHangup(id)).toBe(true);
    await idle();
    const mine = c.events(from);
    expectLikeTranscript(mine, 'L2-sales-attended-transfer.ami.raw');
    expect(new Set(mine.filter((e) => e.has('Linkedid')).map((e) => e.get('Linkedid')))).toEqual(new Set([id]));
  });

  it('L3: an attended transfer out of support (direct member): AgentComplete transfer at once', async () => {
    const from = c.messages.length;
    const { id } = await answeredQueueCall('support', from);
    expect(pbx.control.attendedTransfer({ exten: '1002' })).toBe(true);
    await c.event('BridgeEnter', (m) => base(m.get('Channel') ?? '') === 'Local/1002@from-internal;2', from);
    // The agent's phone hangs up: that completes the transfer.
    expect(pbx.control.agentHangup()).toBe(true);
    await c.event('LocalOptimizationEnd', () => true, from);
    expect(pbx.control.callerHangup(id)).toBe(true);
    await idle();
    expectLikeTranscript(c.events(from), 'L3-support-attended-transfer-consult.ami.raw');
  });
});

describe('demo PBX: transfers into the agent', () => {
  it('L4: 1002 blind-transfers an outside caller to the agent', async () => {
    const from = c.messages.length;
    const id = pbx.control.outsideCall({ callerNumber: '+15550109000', callerName: 'PSTN Caller' });
    await c.event('BridgeEnter', (m) => base(m.get('Channel') ?? '') === 'PJSIP/9000', from);
    expect(pbx.control.blindTransfer({ from: '1002', exten: '1001' })).toBeUndefined();
    await c.event('Newstate', (m) => m.get('ChannelStateDesc') === 'Ringing' && base(m.get('Channel') ?? '') === 'PJSIP/1001', from);
    expect(pbx.control.legsOf('1001')[0]!.connected).toBe('+15550109000');
    expect(pbx.control.answer()).toBe(true);
    await c.event('BridgeEnter', (m) => base(m.get('Channel') ?? '') === 'PJSIP/9000', c.messages.length - 3);
    expect(pbx.control.callerHangup(id)).toBe(true);
    await idle();
    expectLikeTranscript(c.events(from), 'L4-blind-transfer-into-agent.ami.raw');
  });

  it('L5: 1002 consults the agent, then hangs up: the agent now talks to the customer (NewConnectedLine)', async () => {
    const from = c.messages.length;
    pbx.control.outsideCall({ callerNumber: '+15550109000', callerName: 'PSTN Caller' });
    await c.event('BridgeEnter', (m) => base(m.get('Channel') ?? '') === 'PJSIP/9000', from);
    const colleague = pbx.control.legsOf('1002')[0]!.channel;
    expect((await c.action('Atxfer', { Channel: colleague, Exten: '1001', Context: 'from-internal' })).get('Message')).toBe(
      'Atxfer successfully queued',
    );
    await c.event('Newstate', (m) => m.get('ChannelStateDesc') === 'Ringing' && base(m.get('Channel') ?? '') === 'PJSIP/1001', from);
    expect(pbx.control.legsOf('1001')[0]!.connected).toBe('1002');
    expect(pbx.control.answer()).toBe(true);
    await c.event('BridgeEnter', (m) => base(m.get('Channel') ?? '') === 'Local/1001@from-internal;2', from);
    await c.action('Hangup', { Channel: colleague });
    await c.event('LocalOptimizationEnd', () => true, from);
    const agentLine = c
      .events(from)
      .filter((e) => e.name === 'NewConnectedLine' && base(e.get('Channel') ?? '') === 'PJSIP/1001')
      .pop()!;
    expect(agentLine.get('ConnectedLineNum')).toBe('+15550109000');
    expect(pbx.control.agentHangup()).toBe(true);
    await idle();
    expectLikeTranscript(c.events(from), 'L5-attended-transfer-into-agent.ami.raw');
  });
});

describe('demo PBX: a second call while busy', () => {
  it('L6: 1002 calls the busy agent: InUse&Ringing, member status 7, RINGINUSE; 1002 gives up with Cause 127', async () => {
    const from = c.messages.length;
    const { id } = await answeredQueueCall('support', from);
    const second = pbx.control.internalCall();
    expect(second).not.toBe(id);
    await c.event('ExtensionStatus', (m) => m.get('Exten') === '1001' && m.get('Status') === '9', from);
    await c.event('QueueMemberStatus', (m) => m.get('Status') === '7', from);
    await c.event('DeviceStateChange', (m) => m.get('Device') === 'PJSIP/1001' && m.get('State') === 'RINGINUSE', from);
    expect(pbx.control.callerHangup(second)).toBe(true);
    expect(pbx.control.callerHangup(id)).toBe(true);
    await idle();
    const mine = c.events(from);
    expectLikeTranscript(mine, 'L6-call-waiting.ami.raw');
    const cancelled = mine.filter((e) => e.name === 'Hangup' && e.get('Linkedid') === second);
    expect(cancelled.map((e) => [e.get('Cause'), e.get('Cause-txt'), e.get('TechCause')])).toEqual([
      ['127', 'Interworking, unspecified', '500'],
      ['127', 'Interworking, unspecified', '487'],
    ]);
  });
});

describe('demo PBX: a consultation that ends without a transfer', () => {
  it('the target hangs up: the agent is back with the customer (Unhold, music stops), the queue call goes on', async () => {
    const from = c.messages.length;
    const { id, agent } = await answeredQueueCall('support', from);
    expect(pbx.control.attendedTransfer({ exten: '1002' })).toBe(true);
    await c.event('BridgeEnter', (m) => base(m.get('Channel') ?? '') === 'Local/1002@from-internal;2', from);
    expect(pbx.control.hangupLeg('1002')).toBe(true);
    const unhold = await c.event('Unhold', () => true, from);
    expect(unhold.get('Channel')).toBe(agent);
    await c.event('MusicOnHoldStop', (m) => base(m.get('Channel') ?? '') === 'PJSIP/9000', from);
    expect(pbx.control.legsOf('1001')).toEqual([expect.objectContaining({ channel: agent, state: 'Up', connected: '+15550109000' })]);
    expect(pbx.control.legsOf('1002')).toEqual([]);
    const back = c
      .events(from)
      .filter((e) => e.name === 'BridgeEnter' && e.get('Channel') === agent)
      .pop()!;
    const customerBridge = c.events(from).find((e) => e.name === 'BridgeEnter' && base(e.get('Channel') ?? '') === 'PJSIP/9000')!;
    expect(back.get('BridgeUniqueid')).toBe(customerBridge.get('BridgeUniqueid'));
    expect(c.events(from).some((e) => e.name === 'AttendedTransfer')).toBe(false);
    expect(pbx.control.callerHangup(id)).toBe(true);
    await idle();
    expect(
      c
        .events(from)
        .find((e) => e.name === 'AgentComplete')
        ?.get('Reason'),
    ).toBe('caller');
  });

  it('the customer hangs up during the consultation: the consultation stays as its own call until the agent hangs up', async () => {
    const from = c.messages.length;
    const { id, agent } = await answeredQueueCall('support', from);
    expect(pbx.control.attendedTransfer({ exten: '1002' })).toBe(true);
    await c.event('BridgeEnter', (m) => base(m.get('Channel') ?? '') === 'Local/1002@from-internal;2', from);
    expect(pbx.control.callerHangup(id)).toBe(true);
    await c.event('Hangup', (m) => m.get('Uniqueid') === id, from);
    expect(pbx.control.legsOf('1001')).toEqual([expect.objectContaining({ channel: agent, state: 'Up', connected: '1002' })]);
    expect(pbx.control.legsOf('1002')).toHaveLength(1);
    expect(pbx.control.agentHangup()).toBe(true);
    await idle();
    const mine = c.events(from);
    expect(mine.find((e) => e.name === 'AgentComplete')?.get('Reason')).toBe('caller');
    expect(mine.some((e) => e.name === 'AttendedTransfer')).toBe(false);
  });
});

/**
 * Ring-all with a colleague in the queue. No transcript holds it; the order is app_queue's
 * try_calling(): the answering member's DialEnd ANSWER, hangupcalls() cancels the other members
 * (DialEnd CANCEL, Hangup with no cause set: 0, as the cancelled member leg of fixture 01b; 26
 * "Answered elsewhere" only with the Queue `C` option, which the lab's Queue(support,t,...) lacks),
 * then MusicOnHoldStop, QueueCallerLeave (leave_queue) and AgentConnect for the answering member.
 */
describe('demo PBX: a ring-all call a colleague answers', () => {
  it('both phones ring, 1002 answers: CANCEL and Cause 0 for the agent, AgentConnect for Agent 1002', async () => {
    const from = c.messages.length;
    pbx.control.addQueueMember('support', '1002');
    await c.event('QueueMemberAdded', (m) => m.get('Interface') === 'PJSIP/1002', from);
    const id = pbx.control.incomingCall({ queue: 'support', ...CUSTOMER });
    const connect = await c.event('AgentConnect', () => true, from);
    expect(connect.get('Interface')).toBe('PJSIP/1002');
    expect(connect.get('MemberName')).toBe('Agent 1002');
    expect(pbx.control.legsOf('1001')).toEqual([]);
    expect(pbx.control.answer()).toBe(false);
    expect(pbx.control.callerHangup(id)).toBe(true);
    await idle();
    expect((await c.action('QueueRemove', { Queue: 'support', Interface: 'PJSIP/1002' })).get('Response')).toBe('Success');
    const mine = c.events(from);
    const story = mine
      .filter((e) =>
        ['AgentCalled', 'DialEnd', 'Hangup', 'MusicOnHoldStop', 'QueueCallerLeave', 'AgentConnect', 'AgentComplete'].includes(e.name),
      )
      .map((e) => `${label(e)} ${base(e.get('DestChannel') ?? e.get('Channel') ?? '')}`);
    expect(story).toEqual([
      'AgentCalled PJSIP/1001',
      'AgentCalled PJSIP/1002',
      'DialEnd ANSWER PJSIP/1002',
      'DialEnd CANCEL PJSIP/1001',
      'Hangup 0 PJSIP/1001',
      'MusicOnHoldStop PJSIP/9000',
      'QueueCallerLeave PJSIP/9000',
      'AgentConnect PJSIP/1002',
      'AgentComplete caller PJSIP/1002',
      'Hangup 16 PJSIP/1002',
      'Hangup 16 PJSIP/9000',
    ]);
    expect(new Set(mine.filter((e) => e.has('Linkedid')).map((e) => e.get('Linkedid')))).toEqual(new Set([id]));
  });
});

describe('demo PBX: the second call answered', () => {
  it('the agent answers the waiting call: two Up legs on two Linkedids', async () => {
    const from = c.messages.length;
    const { id } = await answeredQueueCall('support', from);
    const second = pbx.control.internalCall();
    await c.event('ExtensionStatus', (m) => m.get('Exten') === '1001' && m.get('Status') === '9', from);
    expect(pbx.control.answer()).toBe(true);
    await c.event('DialEnd', (m) => m.get('Linkedid') === second && m.get('DialStatus') === 'ANSWER', from);
    expect(pbx.control.legsOf('1001').map((l) => [l.state, l.linkedid])).toEqual([
      ['Up', id],
      ['Up', second],
    ]);
    expect(pbx.control.callerHangup(second)).toBe(true);
    expect(pbx.control.callerHangup(id)).toBe(true);
    await idle();
  });
});
