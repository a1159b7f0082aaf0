/**
 * The team model's rules one by one, on events shaped as the transcripts show them: who is a
 * colleague, bad input (names with control characters or markup, unknown state numbers, junk
 * numbers), the bound on thousands of extensions, and that a change to one colleague shares every
 * other colleague's object (no deep copy per event).
 */
import { describe, expect, it } from 'vitest';
import { AmiMessage } from '../../../electron/core/ami/message.ts';
import { INDEX_LIMIT, TeamModel, extensionOfMember } from '../../../electron/core/team/model.ts';
import { nameOfCallerId } from '../../../electron/core/team/endpoint-name.ts';

const event = (name: string, headers: Record<string, string>) =>
  AmiMessage.from([['Event', name], ...Object.entries(headers)] as Array<[string, string]>);

const hint = (exten: string, status: string, more: Record<string, string> = {}) =>
  event('ExtensionStatus', { Exten: exten, Context: 'ext-local', Hint: `PJSIP/${exten}`, Status: status, ...more });

const member = (queue: string, exten: string, more: Record<string, string> = {}) =>
  event('QueueMemberStatus', {
    Queue: queue,
    MemberName: `Agent ${exten}`,
    Interface: `PJSIP/${exten}`,
    StateInterface: `PJSIP/${exten}`,
    Status: '1',
    Paused: '0',
    PausedReason: '',
    ...more,
  });

function model(extensions: string[] = [], maxMembers?: number): TeamModel {
  const m = new TeamModel({ extension: '1001', hintContext: 'ext-local', extensions, maxMembers });
  m.setMyQueues(['support']);
  return m;
}

describe('who is a colleague', () => {
  it('the members of the agent’s queues and the listed extensions, never the agent, sorted as numbers', () => {
    const m = model(['205', '1001']);
    for (const exten of ['1010', '1001', '1002']) m.apply(member('support', exten), 1);
    m.apply(member('elsewhere', '1003'), 1);
    expect(m.info(1).members.map((c) => c.extension)).toEqual(['205', '1002', '1010']);
  });

  it('a member as FreePBX (Local, hint state interface) and chan_sip name it; an agent-pool member is no extension', () => {
    expect(extensionOfMember('Local/1002@from-queue/n', 'hint:1002@ext-local')).toBe('1002');
    expect(extensionOfMember('SIP/1002', 'SIP/1002')).toBe('1002');
    expect(extensionOfMember('Local/9001@agents', 'Agent:9001')).toBeNull();
    expect(extensionOfMember('DAHDI/1-1', undefined)).toBeNull();
    expect(extensionOfMember('PJSIP/10 02', undefined)).toBeNull();
  });

  it('a colleague who leaves the agent’s queues leaves the list; one in another queue too stays', () => {
    const m = model();
    m.setMyQueues(['support', 'sales']);
    m.apply(member('support', '1002'), 1);
    m.apply(member('sales', '1002'), 1);
    m.apply(member('support', '1003'), 1);
    m.apply(event('QueueMemberRemoved', { Queue: 'support', Interface: 'PJSIP/1002' }), 2);
    m.apply(event('QueueMemberRemoved', { Queue: 'support', Interface: 'PJSIP/1003' }), 2);
    expect(m.info(2).members.map((c) => [c.extension, c.queues])).toEqual([['1002', ['sales']]]);
  });
});

describe('bad input', () => {
  it('a name with control characters loses them; markup stays text, as the PBX wrote it', () => {
    const m = model();
    m.apply(member('support', '1002', { MemberName: 'Eve\u001b]0;owned\u0007 <img src=x onerror=alert(1)>' }), 1);
    expect(m.info(1).members[0]!.name).toBe('Eve ]0;owned  <img src=x onerror=alert(1)>');
  });

  it('an unknown state number is unknown; a hint in another context or with an empty Hint (a restart) is not the phone', () => {
    const m = model(['1002']);
    m.apply(hint('1002', '0'), 1);
    m.apply(hint('1002', '0', { Context: 'ext-dnd' }), 2);
    expect(m.info(2).members[0]!.state).toBe('idle');
    m.apply(hint('1002', '4', { Hint: '' }), 3);
    expect(m.info(3).members[0]!.state).toBe('idle');
    m.apply(hint('1002', '32768'), 4);
    expect(m.info(4).members[0]!.state).toBe('unknown');
    m.apply(hint('1002', 'ringing'), 5);
    expect(m.info(5).members[0]!.state).toBe('unknown');
  });

  it('junk numbers in queue events leave the figures as they were', () => {
    const m = model();
    m.apply(event('QueueParams', { Queue: 'support', Calls: '2', Completed: '7', Abandoned: '1', ServicelevelPerf: '87.5' }), 1);
    m.apply(event('QueueParams', { Queue: 'support', Calls: '-3', Completed: 'x', Abandoned: '1e9', ServicelevelPerf: 'NaN' }), 2);
    expect(m.info(2).queues[0]).toMatchObject({ callsWaiting: 2, answered: 7, abandoned: 1, serviceLevel: 87.5 });
  });
});

describe('names from the PBX', () => {
  const channel = (name: string, channel: string, number: string, callerName: string) =>
    event(name, { Channel: channel, CallerIDNum: number, CallerIDName: callerName, Exten: 's' });

  it('a colleague’s own channel names it while its number is the colleague’s; another number or no name does not', () => {
    const m = model(['1002', '1003']);
    m.apply(channel('Newchannel', 'PJSIP/1003-00000001', '+15550100', 'A caller'), 1);
    m.apply(channel('Newchannel', 'PJSIP/1003-00000002', '1003', '<unknown>'), 1);
    m.apply(channel('Newchannel', 'Local/1002@from-queue-00000001;1', '1002', 'Not the phone'), 1);
    m.apply(channel('NewCallerid', 'SIP/1002-00000003', '1002', 'Bob\u001b]0;x\u0007Smith <b>'), 1);
    expect(m.info(1).members.map((c) => [c.extension, c.name])).toEqual([
      ['1002', 'Bob ]0;x Smith <b>'],
      ['1003', ''],
    ]);
  });

  it('a queue’s MemberName that is only the interface or the number names nobody: the phone’s name does; a person’s name stays', () => {
    const m = model();
    m.apply(member('support', '1002', { MemberName: 'PJSIP/1002' }), 1);
    m.apply(member('support', '1003', { MemberName: '1003' }), 1);
    m.apply(member('support', '1004', { MemberName: 'Carol' }), 1);
    expect(m.info(1).members.map((c) => c.name)).toEqual(['', '', 'Carol']);
    for (const exten of ['1002', '1003', '1004']) m.setPhoneName(exten, `Phone ${exten}`);
    expect(m.info(1).members.map((c) => c.name)).toEqual(['Phone 1002', 'Phone 1003', 'Carol']);
    expect(m.setPhoneName('1002', '1002')).toBe(false);
    expect(m.setPhoneName('1002', 'x'.repeat(500))).toBe(true);
    expect(m.info(1).members[0]!.name).toHaveLength(80);
  });
});

describe('caller ID as Asterisk writes it (ast_callerid_merge)', () => {
  it('the name of "name" <number>, of name <number> and of a bare name; nothing of a bare number', () => {
    expect(nameOfCallerId('"Agent One" <1001>')).toBe('Agent One');
    expect(nameOfCallerId('Agent One <1001>')).toBe('Agent One');
    expect(nameOfCallerId('Agent One')).toBe('Agent One');
    expect(nameOfCallerId('<1001>')).toBe('');
    expect(nameOfCallerId('"" <1001>')).toBe('');
  });
});

describe('lamps, pauses and numbers', () => {
  it('on a call since the first in-use or on-hold state, kept through hold, cleared when idle', () => {
    const m = model(['1002']);
    m.apply(hint('1002', '8'), 10);
    expect(m.info(10).members[0]).toMatchObject({ state: 'ringing', onCallSince: null });
    m.apply(hint('1002', '1'), 20);
    m.apply(hint('1002', '16'), 30);
    expect(m.info(30).members[0]).toMatchObject({ state: 'onhold', onCallSince: 20 });
    m.apply(hint('1002', '0'), 40);
    expect(m.info(40).members[0]).toMatchObject({ state: 'idle', onCallSince: null });
  });

  it('paused in any of the agent’s queues, with that queue’s reason; the member status when no hint was reported', () => {
    const m = model();
    m.setMyQueues(['sales', 'support']);
    m.apply(member('sales', '1002', { Status: '2' }), 1);
    m.apply(member('support', '1002', { Paused: '1', PausedReason: 'Lunch', Status: '2' }), 1);
    expect(m.info(1).members[0]).toMatchObject({ paused: true, pausedReason: 'Lunch', state: 'inuse' });
    expect(m.info(1).queues.map((q) => [q.name, q.available, q.paused, q.busy])).toEqual([
      ['sales', 0, 0, 1],
      ['support', 0, 1, 0],
    ]);
  });

  it('the longest wait from the oldest caller; an abandon and a completed call counted', () => {
    const m = model();
    m.apply(event('QueueEntry', { Queue: 'support', Uniqueid: 'a', Wait: '30' }), 100_000);
    m.apply(event('QueueCallerJoin', { Queue: 'support', Uniqueid: 'b', Count: '2' }), 110_000);
    expect(m.info(112_000).queues[0]).toMatchObject({ callsWaiting: 2, longestWaitSeconds: 42, oldestCallerSince: 70_000 });
    m.apply(event('QueueCallerAbandon', { Queue: 'support', Uniqueid: 'a' }), 113_000);
    m.apply(event('QueueCallerLeave', { Queue: 'support', Uniqueid: 'a', Count: '1' }), 113_000);
    m.apply(event('AgentComplete', { Queue: 'support' }), 114_000);
    expect(m.info(114_000).queues[0]).toMatchObject({ callsWaiting: 1, oldestCallerSince: 110_000, abandoned: 1, answered: 1 });
  });
});

describe('thousands of extensions', () => {
  it('lists the first maxMembers by extension; a change to one colleague copies the list, not the others', () => {
    const m = model([], 1000);
    for (let i = 0; i < 3000; i++) {
      m.apply(member('support', String(5000 - i)), 1);
      m.apply(hint(String(5000 - i), '0'), 1);
    }
    const before = m.info(1);
    expect(before.members).toHaveLength(1000);
    expect(before.members[0]!.extension).toBe('2001');
    expect(before.members.at(-1)!.extension).toBe('3000');
    expect(m.apply(hint('2500', '1'), 2)).toBe(true);
    const after = m.info(2);
    expect(after.members[499]).toMatchObject({ extension: '2500', state: 'inuse' });
    expect(after.members.filter((c, i) => c !== before.members[i])).toHaveLength(1);
    // A colleague beyond the bound, or any other extension, changes nothing shown.
    expect(m.apply(hint('4999', '1'), 3)).toBe(false);
    expect(m.apply(hint('1001', '1'), 3)).toBe(false);
    expect(m.info(3)).toBe(after);
  });

  it('remembers at most INDEX_LIMIT hints and members, saying so once', () => {
    const warnings: string[] = [];
    const m = new TeamModel({ extension: '1001', hintContext: 'ext-local', logger: { warn: (w) => warnings.push(w) } });
    for (let i = 0; i < INDEX_LIMIT + 10; i++) m.apply(hint(String(100_000 + i), '0'), 1);
    expect(warnings).toHaveLength(1);
    expect(m.apply(hint('999999', '0'), 1)).toBe(false);
  });
});
