/**
 * The queue-wide figures of the relay, kept once per queue rather than once per member: a caller
 * joining or leaving a queue changes `callsWaiting` for every member of it, and with 500 agents in
 * a queue reducing that event in 500 engines was most of the relay's work. So the engines get a
 * caller's events only when the call reaches them (event-router.ts), and each agent's snapshot
 * takes its queues' callsWaiting from here (`onto`) whenever it is published or read.
 *
 * The figures follow the AMI stream in order, as an agent's reducer would (agent/handlers/queues.ts):
 * QueueCallerJoin and QueueCallerLeave carry the queue's count after the change, a QueueStatus
 * list's QueueParams item the count when it was taken. A new AMI session forgets them all: its
 * engines' lists say them again.
 */
import type { AmiMessage } from '../ami/message.ts';
import type { Snapshot } from '../../shared/snapshot.ts';
import { Invalid, integer } from '../agent/values.ts';

export class QueueFigures {
  private readonly waiting = new Map<string, number>();

  /** Reads `event`; returns the queue whose callers waiting it changed, if any. */
  observe(event: AmiMessage): string | null {
    const name = event.name;
    const header = name === 'QueueParams' ? 'Calls' : name === 'QueueCallerJoin' || name === 'QueueCallerLeave' ? 'Count' : null;
    if (header === null || event.kind !== 'event') return null;
    const queue = event.get('Queue');
    let count: number | undefined;
    try {
      count = integer(event.get(header), header);
    } catch (error) {
      if (error instanceof Invalid) return null; // the engines' reducers warn about it
      throw error;
    }
    if (!queue || count === undefined) return null;
    count = Math.max(0, count);
    if (this.waiting.get(queue) === count) return null;
    this.waiting.set(queue, count);
    return queue;
  }

  clear(): void {
    this.waiting.clear();
  }

  /** `snapshot` with its queues' callsWaiting as known here (the same object when they already agree). */
  onto(snapshot: Snapshot): Snapshot {
    const queues = snapshot.queues;
    let next: Snapshot['queues'] | null = null;
    for (let i = 0; i < queues.length; i++) {
      const q = queues[i]!;
      const count = this.waiting.get(q.name);
      if (count === undefined || count === q.callsWaiting) continue;
      next ??= queues.slice();
      next[i] = { ...q, callsWaiting: count };
    }
    return next ? { ...snapshot, queues: next } : snapshot;
  }
}
