/**
 * The relay's per-queue figures (queue-figures.ts): callers waiting follow QueueCallerJoin/Leave's
 * Count and QueueParams' Calls in stream order, and go into a snapshot's queues as it is shown.
 */
import { describe, expect, it } from 'vitest';
import { AmiMessage } from '../../../electron/core/ami/message.ts';
import { QueueFigures } from '../../../electron/core/relay/queue-figures.ts';
import type { QueueInfo, Snapshot } from '../../../electron/shared/snapshot.ts';

const event = (name: string, fields: Record<string, string>) => AmiMessage.from([['Event', name], ...Object.entries(fields)]);
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
const snapshot = { queues: [queue('support', 0), queue('sales', 2)] } as unknown as Snapshot;

describe('QueueFigures', () => {
  it('follows the counts in order and says which queue changed', () => {
    const f = new QueueFigures();
    expect(f.observe(event('QueueParams', { Queue: 'support', Calls: '2', ActionID: 'x' }))).toBe('support');
    expect(f.observe(event('QueueCallerJoin', { Queue: 'support', Count: '3' }))).toBe('support');
    expect(f.observe(event('QueueCallerAbandon', { Queue: 'support' }))).toBeNull();
    expect(f.observe(event('QueueCallerLeave', { Queue: 'support', Count: '2' }))).toBe('support');
    expect(f.observe(event('QueueParams', { Queue: 'support', Calls: '2' }))).toBeNull(); // no change
    expect(f.observe(event('QueueCallerJoin', { Queue: 'support', Count: 'many' }))).toBeNull();
    expect(f.onto(snapshot).queues.map((q) => q.callsWaiting)).toEqual([2, 2]);
  });

  it('leaves a snapshot that agrees, or names queues it does not know, as it is', () => {
    const f = new QueueFigures();
    expect(f.onto(snapshot)).toBe(snapshot);
    f.observe(event('QueueCallerJoin', { Queue: 'sales', Count: '2' }));
    expect(f.onto(snapshot)).toBe(snapshot);
    f.observe(event('QueueCallerLeave', { Queue: 'sales', Count: '1' }));
    const shown = f.onto(snapshot);
    expect(shown.queues[0]).toBe(snapshot.queues[0]);
    expect(shown.queues[1]).toEqual({ ...snapshot.queues[1], callsWaiting: 1 });
    f.clear();
    expect(f.onto(snapshot)).toBe(snapshot);
  });
});
