/**
 * Calls that change hands, on a real Asterisk 22 (../shared/fixtures/asterisk-22-live): each
 * transcript replayed through the agent engine, one AMI message at a time, and checked against the
 * truth its INDEX.md states for agent 1001, including at which event the agent's part ends.
 */
import { describe, expect, it } from 'vitest';
import { frameAll } from '../../electron/core/ami/framer.ts';
import type { AmiMessage } from '../../electron/core/ami/message.ts';
import { agentIdentity } from '../../electron/core/agent/identity.ts';
import { ReplaySession } from '../../electron/core/agent/replay.ts';
import { PopTrigger } from '../../electron/core/screenpop/trigger.ts';
import type { CallInfo, Snapshot } from '../../electron/shared/snapshot.ts';
import { readRaw } from '../support/fixtures.ts';
import { replaySnapshots } from './agent-session.ts';

interface Step {
  /** The AMI message just applied (null: the connection's banner or end). */
  message: AmiMessage | null;
  snapshot: Snapshot;
}

/** The snapshot after every AMI message of one transcript. */
function steps(file: string): Step[] {
  const identity = agentIdentity({ extension: '1001' });
  let latest: Snapshot | null = null;
  const warnings: string[] = [];
  const session = new ReplaySession(identity, { onSnapshot: (s) => (latest = s), logger: { warn: (m) => warnings.push(m) } });
  const { banner, messages } = frameAll([readRaw(`asterisk-22-live/${file}`)]);
  const out: Step[] = [];
  session.connect(banner ?? '');
  out.push({ message: null, snapshot: latest! });
  for (const message of messages) {
    session.message(message);
    out.push({ message, snapshot: latest! });
  }
  session.end(true);
  out.push({ message: null, snapshot: latest! });
  expect(warnings).toEqual([]);
  return out;
}

/** The first step from `from` on where `test` holds; fails when none does. */
function first(all: Step[], what: string, test: (s: Snapshot) => boolean, from = 0): number {
  for (let i = from; i < all.length; i++) if (test(all[i]!.snapshot)) return i;
  throw new Error(`no step where ${what}`);
}

const customer = { number: '+15550109000', name: 'PSTN Caller' };
const byId = (s: Snapshot, id: string): CallInfo | undefined => s.calls.find((c) => c.id === id);
const isEvent = (step: Step, name: string, channelPrefix: string): boolean =>
  step.message?.name === name && (step.message.get('Channel') ?? '').startsWith(channelPrefix);

/** Pops for the whole transcript (default trigger: inbound calls, on ring). */
function pops(all: Step[]): string[] {
  const trigger = new PopTrigger();
  return all.flatMap((s) =>
    trigger
      .next(s.snapshot)
      .filter((d) => d.type === 'pop')
      .map((d) => d.callId),
  );
}

describe('asterisk-22-live: calls that change hands', () => {
  it("L1: a sales call (Local member) blind-transferred away ends for the agent with the agent's own leg, not with the customer", () => {
    const all = steps('L1-sales-blind-transfer.ami.raw');
    const id = '1796468875.0';
    const up = first(all, 'the call is up', (s) => byId(s, id)?.state === 'up');
    expect(byId(all[up]!.snapshot, id)).toMatchObject({
      direction: 'inbound',
      queue: 'sales',
      remote: customer,
      channel: expect.stringMatching(/^PJSIP\/1001-/),
    });
    expect(byId(all[up]!.snapshot, id)!.vars.CUSTOMER_ID).toBe('C-1042');
    const gone = first(all, 'the call left the agent', (s) => s.calls.length === 0, up);
    // The agent's phone leg hangs up at +6037; the customer talks to 1002 until +9048.
    expect(isEvent(all[gone]!, 'Hangup', 'PJSIP/1001-')).toBe(true);
    for (const step of all.slice(gone)) expect(step.snapshot.calls).toEqual([]);
    const entry = all.at(-1)!.snapshot.history;
    expect(entry).toHaveLength(1);
    expect(entry[0]).toMatchObject({
      id,
      direction: 'inbound',
      queue: 'sales',
      remote: customer,
      outcome: 'answered',
      transferredTo: { number: '1002' },
    });
    expect(entry[0]!.answeredAt).not.toBeNull();
    expect(pops(all)).toEqual([id]);
  });

  for (const [file, queue] of [
    ['L2-sales-attended-transfer.ami.raw', 'sales'],
    ['L3-support-attended-transfer-consult.ami.raw', 'support'],
  ] as const) {
    it(`${file.slice(0, 2)}: an attended transfer out of ${queue}: the consultation is its own call, the customer stays the remote party`, () => {
      const all = steps(file);
      const consulting = first(all, 'a consultation shows', (s) => s.calls.some((c) => c.consultationOf));
      let answered = false;
      for (const step of all.slice(consulting)) {
        const s = step.snapshot;
        if (s.calls.length === 0) break;
        const main = s.calls.find((c) => !c.consultationOf)!;
        const consult = s.calls.find((c) => c.consultationOf);
        // The customer's call never turns into a call with the colleague.
        expect(main).toMatchObject({ direction: 'inbound', queue, remote: customer, state: 'onhold' });
        expect(main.vars.CUSTOMER_ID).toBe('C-1042');
        if (!consult) continue;
        expect(consult).toMatchObject({ consultationOf: main.id, direction: 'internal', queue: null, channel: main.channel });
        expect(consult.remote.number).toBe('1002');
        expect(consult.id).not.toBe(main.id);
        if (consult.state === 'up') answered = true;
        else expect(consult.state).toBe('dialing');
      }
      expect(answered).toBe(true);
      const gone = first(all, 'both calls left the agent', (s) => s.calls.length === 0, consulting);
      expect(isEvent(all[gone]!, 'Hangup', 'PJSIP/1001-')).toBe(true);
      const history = all.at(-1)!.snapshot.history;
      // One entry: the customer's call, handed to 1002; the consultation lives on as transferredTo.
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({
        direction: 'inbound',
        queue,
        remote: customer,
        outcome: 'answered',
        transferredTo: { number: '1002', name: 'Agent Two' },
      });
      expect(pops(all)).toHaveLength(1);
    });
  }

  it('L4: a call a colleague blind-transferred to the agent: inbound from the customer, transferred by 1002, no queue', () => {
    const all = steps('L4-blind-transfer-into-agent.ami.raw');
    const ringing = first(all, 'the agent rings', (s) => s.calls[0]?.state === 'ringing');
    expect(all[ringing]!.snapshot.calls[0]).toMatchObject({
      direction: 'inbound',
      remote: customer,
      queue: null,
      transferredBy: { number: '1002', name: 'Agent Two' },
    });
    expect(all[ringing]!.snapshot.calls[0]!.vars.CUSTOMER_ID ?? '').toBe('');
    const history = all.at(-1)!.snapshot.history;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      direction: 'inbound',
      remote: customer,
      queue: null,
      outcome: 'answered',
      transferredBy: { number: '1002' },
    });
    expect(history[0]!.transferredTo).toBeUndefined();
  });

  it('L5: an attended transfer into the agent: internal from 1002 while consulted, then the customer, transferred by 1002', () => {
    const all = steps('L5-attended-transfer-into-agent.ami.raw');
    const ringing = first(all, 'the agent rings', (s) => s.calls[0]?.state === 'ringing');
    expect(all[ringing]!.snapshot.calls[0]).toMatchObject({ direction: 'internal', remote: { number: '1002', name: 'Agent Two' } });
    const handed = first(all, 'the customer is the remote party', (s) => s.calls[0]?.remote.number === customer.number, ringing);
    expect(all[handed]!.snapshot.calls[0]).toMatchObject({
      direction: 'inbound',
      remote: customer,
      state: 'up',
      transferredBy: { number: '1002' },
    });
    const history = all.at(-1)!.snapshot.history;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      direction: 'inbound',
      remote: customer,
      queue: null,
      outcome: 'answered',
      transferredBy: { number: '1002', name: 'Agent Two' },
    });
  });

  it('L6: a second call while busy rings beside the first and is missed; the queue call is answered', () => {
    const all = steps('L6-call-waiting.ami.raw');
    const both = first(all, 'two calls', (s) => s.calls.length === 2);
    const [queueCall, second] = all[both]!.snapshot.calls;
    expect(queueCall).toMatchObject({ direction: 'inbound', queue: 'support', state: 'up', remote: customer });
    expect(second).toMatchObject({ direction: 'internal', state: 'ringing', remote: { number: '1002', name: 'Agent Two' }, queue: null });
    expect(first(all, 'in use and ringing', (s) => s.extension.state === 'ringing' && s.calls.length === 2, both)).toBeGreaterThan(0);
    const history = all.at(-1)!.snapshot.history;
    expect(history.map((h) => [h.remote.number, h.outcome])).toEqual([
      ['+15550109000', 'answered'],
      ['1002', 'missed'],
    ]);
    expect(pops(all)).toEqual([queueCall!.id]);
  });

  it('L7: across two restarts (every connection of the recording), no call ever shows', () => {
    for (let n = 1; n <= 8; n++) {
      const snaps = replaySnapshots([`asterisk-22-live/L7-restart-races.conn${n}.ami.raw`]);
      for (const s of snaps) expect(s.calls).toEqual([]);
    }
  });
});
