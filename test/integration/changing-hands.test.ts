/**
 * Calls that change hands on the demo PBX, through the Companion over real TCP: the same truth the
 * asterisk-22-live replays check (test/replay/live.test.ts), plus the cases no recording shows
 * (a colleague answers a ring-all call, the customer hangs up during a consultation, the
 * consultation target hangs up).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCompanion, type CoreCompanion } from '../../electron/core/companion.ts';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import type { Snapshot } from '../../electron/shared/snapshot.ts';

let pbx: DemoPbx;
let agent: CoreCompanion;

beforeAll(async () => {
  pbx = await startDemoPbx({ answerAfterMs: null, otherAnswerAfterMs: 0 });
  agent = await createCompanion({
    pbx: { host: '127.0.0.1', port: pbx.port, username: 'agent', extension: '1001' },
    secret: 'demo',
    dialRules: { defaultCountry: 'US' },
    client: { keepaliveIntervalMs: 0, reconnect: false },
  });
  await until((s) => s.connection.status === 'live');
});
afterEach(async () => {
  for (const id of pbx.control.activeCalls()) pbx.control.callerHangup(id);
  for (const ext of ['1001', '1002']) while (pbx.control.legsOf(ext).length > 0 && pbx.control.hangupLeg(ext));
  await until((s) => s.calls.length === 0);
});
afterAll(async () => {
  await agent.close();
  await pbx.close();
});

/** Resolves with the first snapshot (the current one included) that passes `test`; every one seen goes to `seen`. */
function until(test: (s: Snapshot) => boolean, seen?: Snapshot[]): Promise<Snapshot> {
  return new Promise((resolve) => {
    if (test(agent.snapshot())) return resolve(agent.snapshot());
    const off = agent.subscribe((s) => {
      seen?.push(s);
      if (!test(s)) return;
      off();
      resolve(s);
    });
  });
}

const customer = { number: '+15550109000', name: 'PSTN Caller' };

async function answered(queue: string): Promise<string> {
  const id = pbx.control.incomingCall({ queue, callerNumber: customer.number, callerName: customer.name, vars: { CUSTOMER_ID: 'C-1042' } });
  // A Local-member queue (sales) offers the call before the phone rings: wait for the phone's own leg.
  await until((s) => s.calls.some((c) => c.id === id && c.state === 'ringing' && c.channel?.startsWith('PJSIP/1001-')));
  expect(pbx.control.answer()).toBe(true);
  await until((s) => s.calls.some((c) => c.id === id && c.state === 'up'));
  return id;
}

describe('calls that change hands, on the demo PBX', () => {
  it('an attended transfer out of sales where the customer hangs up during the consultation: the consultation stays its own call', async () => {
    const id = await answered('sales');
    expect(pbx.control.attendedTransfer({ exten: '1002' })).toBe(true);
    const consulting = await until((s) => s.calls.some((c) => c.consultationOf === id && c.state === 'up'));
    const consult = consulting.calls.find((c) => c.consultationOf === id)!;
    expect(pbx.control.callerHangup(id)).toBe(true);
    const left = await until((s) => s.history[0]?.id === id);
    expect(left.calls).toEqual([
      expect.objectContaining({ id: consult.id, direction: 'internal', remote: expect.objectContaining({ number: '1002' }), state: 'up' }),
    ]);
    expect(left.history[0]).toMatchObject({ remote: customer, queue: 'sales', outcome: 'answered' });
    expect(left.history[0]!.transferredTo).toBeUndefined();
    pbx.control.hangupLeg('1001');
    const over = await until((s) => s.calls.length === 0);
    expect(over.history[0]).toMatchObject({
      id: consult.id,
      direction: 'internal',
      consultationOf: id,
      outcome: 'answered',
      remote: { number: '1002' },
    });
  });

  it('the consultation target hangs up: the agent is back with the customer, who was never relabelled', async () => {
    const id = await answered('support');
    expect(pbx.control.attendedTransfer({ exten: '1002' })).toBe(true);
    const consulting = await until((s) => s.calls.some((c) => c.consultationOf === id && c.state === 'up'));
    const consult = consulting.calls.find((c) => c.consultationOf === id)!;
    expect(pbx.control.hangupLeg('1002')).toBe(true);
    const back = await until((s) => s.calls.length === 1 && s.calls[0]!.state === 'up');
    expect(back.calls[0]).toMatchObject({ id, remote: customer, queue: 'support', direction: 'inbound' });
    expect(back.history[0]).toMatchObject({ id: consult.id, consultationOf: id, direction: 'internal' });
  });

  it('a colleague blind-transfers a caller to the agent: inbound from the customer, transferred by 1002', async () => {
    const id = pbx.control.outsideCall({ callerNumber: customer.number, callerName: customer.name });
    await until(() => pbx.control.legsOf('1002').some((l) => l.state === 'Up'));
    expect(pbx.control.blindTransfer({ exten: '1001', from: '1002' })).toBeUndefined();
    const ringing = await until((s) => s.calls.some((c) => c.id === id && c.state === 'ringing'));
    expect(ringing.calls[0]).toMatchObject({ direction: 'inbound', remote: customer, queue: null, transferredBy: { number: '1002' } });
    expect(pbx.control.answer()).toBe(true);
    await until((s) => s.calls[0]?.state === 'up');
    pbx.control.callerHangup(id);
    const over = await until((s) => s.calls.length === 0);
    expect(over.history[0]).toMatchObject({ id, outcome: 'answered', transferredBy: { number: '1002' } });
  });

  it('a colleague consults the agent, then completes the transfer: internal from 1002, then the customer', async () => {
    const id = pbx.control.outsideCall({ callerNumber: customer.number, callerName: customer.name });
    await until(() => pbx.control.legsOf('1002').some((l) => l.state === 'Up'));
    expect(pbx.control.attendedTransfer({ exten: '1001', from: '1002' })).toBe(true);
    const ringing = await until((s) => s.calls.some((c) => c.state === 'ringing' && c.channel?.startsWith('PJSIP/1001-')));
    expect(ringing.calls[0]).toMatchObject({ id, direction: 'internal', remote: { number: '1002' } });
    expect(pbx.control.answer()).toBe(true);
    await until((s) => s.calls[0]?.state === 'up');
    expect(pbx.control.hangupLeg('1002')).toBe(true);
    const handed = await until((s) => s.calls[0]?.remote.number === customer.number);
    expect(handed.calls[0]).toMatchObject({ id, direction: 'inbound', transferredBy: { number: '1002' } });
    pbx.control.hangupLeg('1001');
    const over = await until((s) => s.calls.length === 0);
    expect(over.history[0]).toMatchObject({ id, outcome: 'answered', remote: customer, transferredBy: { number: '1002' } });
  });

  it('a second call while busy rings beside the first; cancelled by the caller, it is missed', async () => {
    const first = await answered('support');
    const second = pbx.control.internalCall();
    const both = await until((s) => s.calls.length === 2);
    expect(both.calls.find((c) => c.id === second)).toMatchObject({ direction: 'internal', state: 'ringing', remote: { number: '1002' } });
    expect(both.calls.find((c) => c.id === first)).toMatchObject({ state: 'up', direction: 'inbound' });
    pbx.control.callerHangup(second);
    const one = await until((s) => s.calls.length === 1);
    expect(one.history[0]).toMatchObject({ id: second, outcome: 'missed', direction: 'internal' });
  });

  // Last: 1002 stays a member of support from here on.
  it('a ring-all call a colleague answers: inbound throughout, then answered elsewhere by 1002, no callback owed', async () => {
    pbx.control.addQueueMember('support', '1002');
    const seen: Snapshot[] = [];
    const id = pbx.control.incomingCall({ queue: 'support', callerNumber: customer.number, callerName: customer.name });
    const done = await until((s) => s.history[0]?.id === id && s.calls.length === 0, seen);
    for (const s of seen) for (const c of s.calls) expect(c.direction).toBe('inbound');
    expect(done.history[0]).toMatchObject({
      direction: 'inbound',
      remote: customer,
      queue: 'support',
      outcome: 'answered-elsewhere',
      answeredBy: '1002',
      answeredAt: null,
    });
  });
});
