import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../electron/shared/snapshot.ts';
import type { TriggerDecision, TriggerOptions } from '../../../electron/core/screenpop/trigger.ts';
import { PopTrigger } from '../../../electron/core/screenpop/trigger.ts';
import { answered, queueCall, snapshot } from './calls.ts';

/** Every decision of a snapshot sequence, tagged with the index of the snapshot that made it. */
function run(snapshots: Snapshot[], options?: TriggerOptions): Array<{ at: number; type: TriggerDecision['type']; callId: string }> {
  const trigger = new PopTrigger(options);
  return snapshots.flatMap((s, at) => trigger.next(s).map((d) => ({ at, type: d.type, callId: d.callId })));
}

const ringing = queueCall();
const up = answered(ringing);
const idle = snapshot([]);

describe('PopTrigger: once per call', () => {
  it('pops once, when the queue call rings, through answer, leg changes and hang-up', () => {
    const sequence = [
      idle,
      snapshot([ringing]),
      snapshot([{ ...ringing, vars: { ...ringing.vars, EXTRA: '1' } }]),
      snapshot([up]),
      snapshot([{ ...up, channel: 'PJSIP/1001-00000009' }]),
      snapshot([{ ...up, state: 'onhold' }]),
      snapshot([up]),
      idle,
    ];
    expect(run(sequence)).toEqual([{ at: 1, type: 'pop', callId: ringing.id }]);
  });

  it('pops once when the queue rings the agent again after a no-answer (same Linkedid, new leg)', () => {
    const second = { ...ringing, channel: 'PJSIP/1001-00000007', uniqueid: '1795661999.9' };
    const sequence = [idle, snapshot([ringing]), idle, snapshot([second]), snapshot([answered(second)]), idle];
    const decisions = run(sequence);
    expect(decisions.filter((d) => d.type === 'pop')).toEqual([{ at: 1, type: 'pop', callId: ringing.id }]);
    // The pop closes while the call rings elsewhere and shows again when it comes back.
    expect(decisions).toEqual([
      { at: 1, type: 'pop', callId: ringing.id },
      { at: 2, type: 'close', callId: ringing.id },
      { at: 3, type: 'reopen', callId: ringing.id },
    ]);
  });

  it('pops once when the call is transferred back to the agent', () => {
    const transferredBack = { ...ringing, channel: 'PJSIP/1001-00000011', queue: null, startedAt: ringing.startedAt + 60_000 };
    const sequence = [snapshot([ringing]), snapshot([up]), idle, snapshot([transferredBack]), snapshot([answered(transferredBack)]), idle];
    expect(run(sequence)).toEqual([{ at: 0, type: 'pop', callId: ringing.id }]);
  });

  it('pops once when two legs of one call are listed together', () => {
    const local = { ...ringing, channel: 'Local/1001@from-queue-00000001;2' };
    expect(run([snapshot([ringing, local]), snapshot([up, local])])).toEqual([{ at: 0, type: 'pop', callId: ringing.id }]);
  });

  it('pops each call of its own', () => {
    const other = queueCall({ id: '1795662000.20', remote: { number: '+15550100001', name: 'Other' } });
    const sequence = [snapshot([ringing]), snapshot([up, other]), snapshot([other]), snapshot([answered(other)])];
    expect(run(sequence)).toEqual([
      { at: 0, type: 'pop', callId: ringing.id },
      { at: 1, type: 'pop', callId: other.id },
    ]);
  });

  it('pops a call first seen already answered (the ring was too short to see, or the app started mid-call)', () => {
    expect(run([idle, snapshot([up])])).toEqual([{ at: 1, type: 'pop', callId: up.id }]);
  });

  it('remembers a bounded number of popped calls', () => {
    const calls = Array.from({ length: 5 }, (_, i) => queueCall({ id: `call-${i}` }));
    const trigger = new PopTrigger({ memory: 3 });
    for (const call of calls) {
      trigger.next(snapshot([answered(call)]));
      trigger.next(idle);
    }
    expect(calls.map((c) => trigger.hasPopped(c.id))).toEqual([false, false, true, true, true]);
    // A forgotten call would pop again; a remembered one does not.
    expect(trigger.next(snapshot([answered(calls[4]!)]))).toEqual([]);
    expect(trigger.next(snapshot([answered(calls[0]!)])).map((d) => d.type)).toEqual(['pop']);
  });

  it('ignores a snapshot with no calls array and calls without an id', () => {
    const trigger = new PopTrigger();
    expect(trigger.next({ ...idle, calls: undefined } as unknown as Snapshot)).toEqual([]);
    expect(trigger.next(snapshot([{ ...ringing, id: '' }]))).toEqual([]);
    expect(trigger.next(null as unknown as Snapshot)).toEqual([]);
  });
});

describe('PopTrigger: which calls', () => {
  const clickToDial = queueCall({
    id: '1795662053.14',
    channel: 'PJSIP/1001-0000000a',
    direction: 'outbound',
    remote: { number: '700', name: 'Click2Dial' },
    queue: null,
    vars: { CUSTOMER_ID: 'C-1042' },
  });

  it("never pops the agent's own click-to-dial by default (the agent's phone rings, then dials, then talks)", () => {
    const sequence = [
      idle,
      snapshot([clickToDial]),
      snapshot([{ ...clickToDial, state: 'dialing' }]),
      snapshot([answered(clickToDial)]),
      idle,
    ];
    expect(run(sequence)).toEqual([]);
  });

  it('pops an outbound call, when asked to, only once the far end answers', () => {
    const sequence = [
      idle,
      snapshot([clickToDial]),
      snapshot([{ ...clickToDial, state: 'dialing' }]),
      snapshot([answered(clickToDial)]),
      idle,
    ];
    expect(run(sequence, { directions: ['inbound', 'outbound'] })).toEqual([{ at: 3, type: 'pop', callId: clickToDial.id }]);
  });

  it('pops internal calls only when asked to', () => {
    const colleague = queueCall({ id: 'internal-1', direction: 'internal', queue: null, remote: { number: '1002', name: 'Agent Two' } });
    const sequence = [snapshot([colleague]), snapshot([answered(colleague)])];
    expect(run(sequence)).toEqual([]);
    expect(run(sequence, { directions: ['inbound', 'internal'] })).toEqual([{ at: 0, type: 'pop', callId: 'internal-1' }]);
  });

  it('pops on answer when asked to, and a call missed here never pops', () => {
    const missed = queueCall({ id: 'missed-1' });
    const sequence = [snapshot([ringing, missed]), snapshot([ringing]), snapshot([up]), snapshot([up]), idle];
    expect(run(sequence, { when: 'answer' })).toEqual([{ at: 2, type: 'pop', callId: ringing.id }]);
  });

  it('takes the moment per queue', () => {
    const sales = queueCall({ id: 'sales-1', queue: 'sales' });
    const sequence = [snapshot([ringing, sales]), snapshot([up, answered(sales)])];
    expect(run(sequence, { perQueue: { Sales: { when: 'answer' } } })).toEqual([
      { at: 0, type: 'pop', callId: ringing.id },
      { at: 1, type: 'pop', callId: 'sales-1' },
    ]);
    expect(run(sequence, { when: 'answer', perQueue: { support: { when: 'ring' } } })).toEqual([
      { at: 0, type: 'pop', callId: ringing.id },
      { at: 1, type: 'pop', callId: 'sales-1' },
    ]);
    expect(run(sequence, { perQueue: { sales: { enabled: false } } })).toEqual([{ at: 0, type: 'pop', callId: ringing.id }]);
  });

  it('pops only the listed queues when given a list', () => {
    const sales = queueCall({ id: 'sales-1', queue: 'sales' });
    const direct = queueCall({ id: 'direct-1', queue: null });
    const sequence = [snapshot([ringing, sales, direct])];
    expect(run(sequence, { queues: ['SUPPORT'] })).toEqual([{ at: 0, type: 'pop', callId: ringing.id }]);
    expect(run(sequence).map((d) => d.callId)).toEqual([ringing.id, 'sales-1', 'direct-1']);
  });
});

describe('PopTrigger: lifecycle', () => {
  it('closes the pop when the call stops ringing here unanswered (another agent answered, or the caller hung up)', () => {
    const trigger = new PopTrigger();
    expect(trigger.next(snapshot([ringing])).map((d) => d.type)).toEqual(['pop']);
    const closed = trigger.next(idle);
    expect(closed).toEqual([{ type: 'close', callId: ringing.id, reason: 'missed', call: ringing }]);
    expect(trigger.next(idle)).toEqual([]);
  });

  it('does not close a pop the agent answered', () => {
    expect(run([snapshot([ringing]), snapshot([up]), idle])).toEqual([{ at: 0, type: 'pop', callId: ringing.id }]);
  });

  it('closes only the call that went away', () => {
    const other = queueCall({ id: 'other-1' });
    expect(run([snapshot([ringing, other]), snapshot([other])])).toEqual([
      { at: 0, type: 'pop', callId: ringing.id },
      { at: 0, type: 'pop', callId: other.id },
      { at: 1, type: 'close', callId: ringing.id },
    ]);
  });

  it('reopens a closed pop when the agent picks the call up again at once', () => {
    expect(run([snapshot([ringing]), idle, snapshot([up]), idle])).toEqual([
      { at: 0, type: 'pop', callId: ringing.id },
      { at: 1, type: 'close', callId: ringing.id },
      { at: 2, type: 'reopen', callId: ringing.id },
    ]);
  });
});
