/**
 * The relay's publishing (snapshot-publisher.ts): a change of callsWaiting alone waits, merged with
 * the agent's next change; anything else goes out at once with what waited; a desk's `get` takes
 * the current snapshot. Time is a hand-run timer.
 */
import { describe, expect, it } from 'vitest';
import { agentIdentity } from '../../../electron/core/agent/identity.ts';
import { emptySnapshot } from '../../../electron/core/agent/state.ts';
import { onlyCallsWaiting, SnapshotPublisher } from '../../../electron/core/relay/snapshot-publisher.ts';
import type { QueueInfo, Snapshot } from '../../../electron/shared/snapshot.ts';

const queue = (name: string, callsWaiting: number): QueueInfo => ({
  name,
  interface: 'PJSIP/1001',
  member: true,
  paused: false,
  pausedReason: '',
  status: 'idle',
  callsWaiting,
  lastCallAt: null,
});
const base: Snapshot = { ...emptySnapshot(agentIdentity({ extension: '1001' }), 0), queues: [queue('support', 0), queue('sales', 0)] };
const waiting = (s: Snapshot, n: number): Snapshot => ({ ...s, queues: [{ ...s.queues[0]!, callsWaiting: n }, s.queues[1]!] });

function rig() {
  let current = base;
  const sent: Snapshot[] = [];
  let timer: (() => void) | null = null;
  const batch: Array<() => void> = [];
  const publisher = new SnapshotPublisher<string>({
    waitMs: 250,
    current: () => current,
    send: (_agent, snapshot) => sent.push(snapshot),
    later: (run) => {
      timer = run;
      return () => (timer = null);
    },
    soon: (run) => batch.push(run),
  });
  publisher.start('1001', base);
  const change = (next: Snapshot) => {
    current = next;
    publisher.changed('1001', next);
  };
  const fire = () => {
    const run = timer;
    timer = null;
    run?.();
  };
  /** The batch of events is applied: what it changed goes out. */
  const settle = () => {
    for (const run of batch.splice(0)) run();
  };
  return { publisher, sent, change, fire, settle, pending: () => timer !== null };
}

describe('onlyCallsWaiting', () => {
  it('is true for callsWaiting alone, false for any other change', () => {
    expect(onlyCallsWaiting(base, waiting(base, 3))).toBe(true);
    expect(
      onlyCallsWaiting(base, { ...waiting(base, 3), queues: [{ ...waiting(base, 3).queues[0]!, paused: true }, base.queues[1]!] }),
    ).toBe(false);
    expect(onlyCallsWaiting(base, { ...waiting(base, 3), calls: [] })).toBe(false);
    expect(onlyCallsWaiting(base, { ...base, queues: [base.queues[0]!] })).toBe(false);
    expect(onlyCallsWaiting(base, { ...base, extension: { ...base.extension, state: 'ringing' } })).toBe(false);
  });
});

describe('SnapshotPublisher', () => {
  it('merges callsWaiting changes into one message when the wait ends', () => {
    const r = rig();
    r.change(waiting(base, 1));
    r.change(waiting(base, 2));
    r.change(waiting(base, 1));
    expect(r.sent).toEqual([]);
    r.fire();
    expect(r.sent.map((s) => s.queues[0]!.callsWaiting)).toEqual([1]);
    expect(r.pending()).toBe(false);
  });

  it('sends any other change with the batch of events that made it, once, with the waiting count in it', () => {
    const r = rig();
    r.change(waiting(base, 2));
    const ringing = { ...waiting(base, 2), extension: { ...base.extension, state: 'ringing' as const } };
    r.change({ ...ringing, extension: { ...base.extension, state: 'busy' as const } });
    r.change(ringing);
    expect(r.sent).toEqual([]);
    r.settle();
    expect(r.sent).toEqual([ringing]);
    r.fire();
    expect(r.sent).toHaveLength(1);
  });

  it('flush sends what waits for a desk that asks, and nothing when nothing waits', () => {
    const r = rig();
    r.publisher.flush('1001');
    expect(r.sent).toEqual([]);
    r.change(waiting(base, 4));
    r.publisher.flush('1001');
    expect(r.sent.map((s) => s.queues[0]!.callsWaiting)).toEqual([4]);
  });

  it("a queue figure's change waits like one of the engine's, and a caller who came and went meanwhile sends nothing", () => {
    const r = rig();
    r.publisher.waitingChanged('1001');
    expect(r.sent).toEqual([]);
    r.fire();
    expect(r.sent).toEqual([]); // the current snapshot is the one shown
    r.change(waiting(base, 1));
    r.change(base);
    r.fire();
    expect(r.sent).toEqual([]);
    r.change(waiting(base, 5));
    r.fire();
    expect(r.sent.map((s) => s.queues[0]!.callsWaiting)).toEqual([5]);
  });
});
