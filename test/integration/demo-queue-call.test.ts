/**
 * A queue call on the demo PBX looks like the real one: the same events in the same order as
 * fixture 04 (support, PJSIP member), the same header sets, one Linkedid across the legs, the
 * caller's variables on the agent's leg; the FreePBX Local member of `sales`; an abandon as 01b.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AmiMessage } from '../../electron/core/ami/message.ts';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import { WireClient, fixtureMessages, keys } from './demo-wire.ts';

/** Events whose order is stable in Asterisk (not the final Hangups nor device states, see DESIGN.md). */
const ORDERED = new Set([
  'Newchannel',
  'Newstate',
  'NewConnectedLine',
  'QueueCallerJoin',
  'MusicOnHoldStart',
  'MusicOnHoldStop',
  'AgentCalled',
  'DialBegin',
  'DialState',
  'DialEnd',
  'QueueCallerLeave',
  'AgentConnect',
  'BridgeCreate',
  'BridgeEnter',
  'HangupRequest',
  'AgentComplete',
  'BridgeLeave',
  'BridgeDestroy',
  'SoftHangupRequest',
]);

/** The part of a channel name that does not change between runs: `PJSIP/9000-00000003` -> `PJSIP/9000`. */
function who(m: AmiMessage, key = 'Channel'): string {
  return (m.get(key) ?? '').replace(/-[0-9a-f]{8}(;[12])?$/, '$1');
}

function shape(events: AmiMessage[]): string[] {
  return events
    .filter((e) => ORDERED.has(e.name))
    .map(
      (e) =>
        `${e.name} ${who(e)}${e.has('DestChannel') ? ` -> ${who(e, 'DestChannel')}` : ''}${e.name === 'Newstate' ? ` ${e.get('ChannelStateDesc')}` : ''}`,
    );
}

let pbx: DemoPbx;
beforeAll(async () => {
  pbx = await startDemoPbx({ answerAfterMs: null, otherAnswerAfterMs: 10, memberTimeoutMs: 60_000 });
});
afterAll(() => pbx.close());

describe('demo PBX: a queue call', () => {
  it('plays fixture 04: the same ordered events, header sets and values for a support call', async () => {
    const real = fixtureMessages('asterisk-22/04-queue-call-answered.ami.raw').filter((m) => m.kind === 'event');
    const c = await WireClient.loggedIn(pbx.port);
    const from = c.messages.length;
    const id = pbx.control.incomingCall({
      queue: 'support',
      callerNumber: '+15550109000',
      callerName: 'PSTN Caller',
      vars: { CUSTOMER_ID: 'C-1042', CUSTOMER_NAME: 'Ada Lovelace' },
    });
    await c.event('AgentCalled', () => true, from);
    expect(pbx.control.answer()).toBe(true);
    await c.event('AgentConnect', () => true, from);
    expect(pbx.control.callerHangup(id)).toBe(true);
    await c.event('Hangup', (m) => m.get('Uniqueid') === id, from);
    const mine = c.events(from);

    expect(shape(mine)).toEqual(shape(real));

    // Every event name of the real call is there, with the very same header names in the same order.
    const realNames = new Set(real.map((e) => e.name));
    for (const name of [
      'QueueCallerJoin',
      'AgentCalled',
      'DialBegin',
      'DialState',
      'DialEnd',
      'AgentConnect',
      'AgentComplete',
      'BridgeEnter',
      'Hangup',
      'QueueMemberStatus',
      'ExtensionStatus',
      'Newchannel',
      'Newexten',
      'VarSet',
    ]) {
      expect(realNames.has(name), name).toBe(true);
      const a = mine.find((e) => e.name === name);
      const b = real.find((e) => e.name === name);
      expect(a, `demo sent ${name}`).toBeDefined();
      expect(keys(a!), `headers of ${name}`).toEqual(keys(b!));
    }

    // One Linkedid across the legs: the caller's uniqueid.
    const legs = mine.filter((e) => e.has('Linkedid') && e.has('Channel'));
    expect(new Set(legs.map((e) => e.get('Linkedid')))).toEqual(new Set([id]));

    // The agent's leg: its ringing Newstate carries the caller as ConnectedLine and the IVR's variables.
    const ringing = mine.find((e) => e.name === 'Newstate' && e.get('ChannelStateDesc') === 'Ringing' && who(e) === 'PJSIP/1001')!;
    expect(ringing.get('ConnectedLineNum')).toBe('+15550109000');
    expect(ringing.variables()).toEqual({ CUSTOMER_ID: 'C-1042', CUSTOMER_NAME: 'Ada Lovelace' });
    const called = mine.find((e) => e.name === 'AgentCalled')!;
    expect(called.get('Queue')).toBe('support');
    expect(called.get('Interface')).toBe('PJSIP/1001');
    expect(called.get('MemberName')).toBe('Agent 1001');
    expect(called.get('CallerIDNum')).toBe('+15550109000');
    expect(called.get('DestConnectedLineNum')).toBe('+15550109000');
    expect(called.variables('DestChanVariable')).toEqual({ CUSTOMER_ID: 'C-1042', CUSTOMER_NAME: 'Ada Lovelace' });
    expect(mine.find((e) => e.name === 'AgentComplete')!.get('Reason')).toBe('caller');

    // The hint and both queue members follow the phone: ringing, in use, idle.
    const ext = mine.filter((e) => e.name === 'ExtensionStatus' && e.get('Exten') === '1001').map((e) => e.get('Status'));
    expect(ext).toEqual(['8', '1', '0']);
    for (const queue of ['support', 'sales']) {
      const statuses = mine.filter((e) => e.name === 'QueueMemberStatus' && e.get('Queue') === queue).map((e) => e.get('Status'));
      expect(statuses).toEqual(['6', '2', '1']);
    }
    const idle = mine.filter((e) => e.name === 'QueueMemberStatus' && e.get('Queue') === 'support').at(-1)!;
    expect(Number(idle.get('CallsTaken'))).toBeGreaterThanOrEqual(1);
    expect(Number(idle.get('LastCall'))).toBeGreaterThan(0);
    c.close();
  });

  it('rings the sales member as FreePBX does: AgentCalled on the Local ;1 half, the ;2 half dials PJSIP/1001', async () => {
    const c = await WireClient.loggedIn(pbx.port);
    const from = c.messages.length;
    const id = pbx.control.incomingCall({
      queue: 'sales',
      callerNumber: '+34912345678',
      callerName: 'José Núñez',
      vars: { CUSTOMER_ID: 'C-2001', CUSTOMER_NAME: 'José Núñez' },
    });
    const called = await c.event('AgentCalled', () => true, from);
    expect(called.get('DestChannel')).toMatch(/^Local\/1001@from-queue-[0-9a-f]{8};1$/);
    expect(called.get('Interface')).toBe('Local/1001@from-queue/n');
    expect(called.get('MemberName')).toBe('Agent 1001');
    const phoneDial = await c.event('DialBegin', (m) => who(m, 'DestChannel') === 'PJSIP/1001', from);
    expect(phoneDial.get('Channel')).toMatch(/;2$/);
    expect(phoneDial.get('Linkedid')).toBe(id);
    const phoneRinging = await c.event('Newstate', (m) => who(m) === 'PJSIP/1001' && m.get('ChannelStateDesc') === 'Ringing', from);
    expect(phoneRinging.get('ConnectedLineName')).toBe('José Núñez');
    expect(phoneRinging.variables().CUSTOMER_NAME).toBe('José Núñez');
    const member = await c.event('QueueMemberStatus', (m) => m.get('Queue') === 'sales' && m.get('Status') === '6', from);
    expect(member.get('StateInterface')).toBe('hint:1001@ext-local');
    expect(pbx.control.answer()).toBe(true);
    const connect = await c.event('AgentConnect', () => true, from);
    expect(connect.get('DestChannel')).toBe(called.get('DestChannel'));
    pbx.control.agentHangup();
    const complete = await c.event('AgentComplete', () => true, from);
    expect(complete.get('Reason')).toBe('agent');
    await c.event('Hangup', (m) => m.get('Uniqueid') === id, from);
    const legs = c.events(from).filter((e) => e.name === 'Newchannel');
    expect(legs.map((e) => who(e))).toEqual(['PJSIP/9000', 'Local/1001@from-queue;1', 'Local/1001@from-queue;2', 'PJSIP/1001']);
    expect(new Set(legs.map((e) => e.get('Linkedid')))).toEqual(new Set([id]));
    const hangups = c
      .events(from)
      .filter((e) => e.name === 'Hangup')
      .map((e) => e.get('Channel'));
    expect(new Set(hangups)).toEqual(new Set(legs.map((e) => e.get('Channel'))));
    c.close();
  });

  it('abandons as in fixture 01b: DialEnd CANCEL, QueueCallerAbandon, QueueCallerLeave, the legs hung up', async () => {
    const real = fixtureMessages('asterisk-22/01b-initial-sync-busy.ami.raw').filter((m) => m.kind === 'event');
    const c = await WireClient.loggedIn(pbx.port);
    const from = c.messages.length;
    const id = pbx.control.incomingCall({
      queue: 'support',
      callerNumber: '+4930123456789',
      callerName: 'Zoë Müller',
      vars: { CUSTOMER_ID: 'C-2002', CUSTOMER_NAME: 'Zoë Müller' },
    });
    await c.event('AgentCalled', () => true, from);
    expect(pbx.control.callerHangup(id)).toBe(true);
    const abandon = await c.event('QueueCallerAbandon', () => true, from);
    expect(keys(abandon)).toEqual(keys(real.find((e) => e.name === 'QueueCallerAbandon')!));
    expect(abandon.get('Queue')).toBe('support');
    expect(abandon.get('OriginalPosition')).toBe('1');
    await c.event('Hangup', (m) => m.get('Uniqueid') === id, from);
    const mine = c.events(from);
    const names = (events: AmiMessage[]) =>
      events
        .filter((e) => ['HangupRequest', 'DialEnd', 'QueueCallerAbandon', 'QueueCallerLeave'].includes(e.name))
        .map((e) => `${e.name}${e.get('DialStatus') ? ' ' + e.get('DialStatus') : ''}`);
    const realTail = real.slice(real.findIndex((e) => e.name === 'HangupRequest' && who(e) === 'PJSIP/9000'));
    // The real call had two DialEnd CANCEL for one member (one per dial attempt); the demo sends one.
    expect([...new Set(names(mine))]).toEqual([...new Set(names(realTail))]);
    expect(mine.some((e) => e.name === 'AgentConnect')).toBe(false);
    expect(mine.filter((e) => e.name === 'ExtensionStatus' && e.get('Exten') === '1001').map((e) => e.get('Status'))).toEqual(['8', '0']);
    const status = await c.list('QueueStatus', { Queue: 'support' });
    expect(Number(status.items.find((i) => i.name === 'QueueParams')!.get('Abandoned'))).toBeGreaterThanOrEqual(1);
    c.close();
  });

  it('waits while the member is paused and rings once unpaused', async () => {
    const c = await WireClient.loggedIn(pbx.port);
    pbx.control.pause({ paused: true, reason: 'Coffee', queue: 'support' });
    const from = c.messages.length;
    const id = pbx.control.incomingCall({ queue: 'support', callerNumber: '+33142685300', callerName: 'Françoise Lefèvre' });
    await c.event('QueueCallerJoin', () => true, from);
    const entries = await c.list('QueueStatus', { Queue: 'support' });
    expect(entries.items.filter((i) => i.name === 'QueueEntry').map((i) => i.get('CallerIDNum'))).toEqual(['+33142685300']);
    expect(c.events(from).some((e) => e.name === 'AgentCalled')).toBe(false);
    pbx.control.pause({ paused: false, queue: 'support' });
    await c.event('AgentCalled', () => true, from);
    pbx.control.callerHangup(id);
    await c.event('QueueCallerAbandon', () => true, from);
    c.close();
  });
});
