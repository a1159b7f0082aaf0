/**
 * Issue 5's "Done when" on the demo PBX: every incoming queue call pops once, over TCP, through the
 * real core: the support queue (a PJSIP member), the sales queue (a FreePBX-style
 * Local/1001@from-queue/n member, whose call reaches the phone through a Local ;1/;2 pair), a call
 * the queue rings again after a no-answer, and a call the caller abandons while it rings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompanion, type CoreCompanion } from '../../electron/core/companion.ts';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import type { LifecycleDecision, PopDecision } from '../../electron/core/screenpop/screenpop.ts';
import type { Snapshot } from '../../electron/shared/snapshot.ts';

let pbx: DemoPbx;
let core: CoreCompanion;
const pops: PopDecision[] = [];
const closes: LifecycleDecision[] = [];

function until(test: (s: Snapshot) => boolean): Promise<Snapshot> {
  return new Promise((resolve) => {
    if (test(core.snapshot())) return resolve(core.snapshot());
    const stop = core.subscribe((s) => {
      if (!test(s)) return;
      stop();
      resolve(s);
    });
  });
}

const ended = (id: string) => (s: Snapshot) => s.calls.every((c) => c.id !== id) && s.history.some((h) => h.id === id);

beforeAll(async () => {
  // The phone waits for control.answer(); a member rings 300 ms before the queue tries again.
  pbx = await startDemoPbx({ answerAfterMs: null, memberTimeoutMs: 300, retryMs: 50 });
  core = await createCompanion({
    pbx: { host: pbx.host, port: pbx.port, username: 'agent', extension: '1001' },
    secret: 'demo',
    screenPop: { template: 'https://crm.example/c?id={var.CUSTOMER_ID}&n={number}&q={queue}' },
    onPop: (pop) => pops.push(pop),
    onPopLifecycle: (decision) => closes.push(decision),
    client: { keepaliveIntervalMs: 0 },
  });
  await until((s) => s.connection.status === 'live' && s.queues.length === 2);
});

afterAll(async () => {
  await core.close();
  await pbx.close();
});

describe('screen pop on the demo PBX', () => {
  it('pops once per incoming queue call, in both queues, at ring time, whatever the legs', async () => {
    const calls = [
      {
        queue: 'support',
        callerNumber: '+34912345678',
        callerName: 'María José Núñez',
        vars: { CUSTOMER_ID: 'C-2001', CUSTOMER_NAME: 'María José Núñez' },
      },
      {
        queue: 'sales',
        callerNumber: '+525512345678',
        callerName: 'Zoë Müller',
        vars: { CUSTOMER_ID: 'C-2002', CUSTOMER_NAME: 'Zoë Müller' },
      },
    ];
    for (const call of calls) {
      const id = pbx.control.incomingCall(call);
      const ringing = await until((s) => s.calls.some((c) => c.id === id && c.state === 'ringing'));
      expect(pops.filter((p) => p.callId === id)).toHaveLength(1);
      expect(ringing.calls.find((c) => c.id === id)!.queue).toBe(call.queue);
      // sales (a Local member) offers the call before the phone rings: answer the phone's own leg.
      await until((s) => s.calls.some((c) => c.id === id && c.channel?.startsWith('PJSIP/1001-')));
      expect(pbx.control.answer()).toBe(true);
      await until((s) => s.calls.some((c) => c.id === id && c.state === 'up'));
      pbx.control.callerHangup(id);
      await until(ended(id));
      const mine = pops.filter((p) => p.callId === id);
      expect(mine).toHaveLength(1);
      const url = new URL(mine[0]!.url!);
      expect(Object.fromEntries(url.searchParams)).toEqual({ id: call.vars.CUSTOMER_ID, n: call.callerNumber, q: call.queue });
    }
  });

  it('pops once when the queue rings the agent again after a no-answer', async () => {
    const id = pbx.control.incomingCall({
      queue: 'support',
      callerNumber: '+442071234567',
      callerName: 'Ada',
      vars: { CUSTOMER_ID: 'C-2003' },
    });
    await until((s) => s.calls.some((c) => c.id === id && c.state === 'ringing'));
    // Ringing, no answer (AgentRingNoAnswer), then ringing again on a new leg of the same call.
    const legs = new Set<string>();
    await until((s) => {
      const channel = s.calls.find((c) => c.id === id && c.state === 'ringing')?.channel;
      if (channel) legs.add(channel);
      return legs.size >= 2;
    });
    pbx.control.answer();
    await until((s) => s.calls.some((c) => c.id === id && c.state === 'up'));
    pbx.control.callerHangup(id);
    await until(ended(id));
    expect(pops.filter((p) => p.callId === id)).toHaveLength(1);
  });

  it('pops once for a caller who abandons while it rings, then closes that pop', async () => {
    const id = pbx.control.incomingCall({
      queue: 'sales',
      callerNumber: '+593991234567',
      callerName: 'Ana',
      vars: { CUSTOMER_ID: 'C-2004' },
    });
    await until((s) => s.calls.some((c) => c.id === id && c.state === 'ringing'));
    pbx.control.callerHangup(id);
    const after = await until(ended(id));
    expect(after.history.find((h) => h.id === id)!.answeredAt).toBeNull();
    expect(pops.filter((p) => p.callId === id)).toHaveLength(1);
    expect(closes.filter((c) => c.callId === id).map((c) => c.type)).toEqual(['close']);
  });
});
