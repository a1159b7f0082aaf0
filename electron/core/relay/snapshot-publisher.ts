/**
 * When the relay publishes an agent's changed snapshot. A caller joining or leaving a queue changes
 * `callsWaiting` in the snapshot of every member of that queue: with 500 agents in a queue, each
 * call made about 1,000 snapshots to encode, publish and decode at the desks, and at 10 calls a
 * second that backlog delayed a ring's pop by seconds (measured with `npm run bench -- relay`). So a
 * change of `callsWaiting` alone waits up to `waitMs`, merged with the agent's next changes; any
 * other change (a call ringing, a pause) goes out as soon as the AMI events read with it are
 * applied (a microtask later: one message for the ring's several events, not one per event), with
 * whatever waited. A desk that asks for its snapshot gets the current one (`flush`). Nothing is
 * lost: what is published is always the agent's latest snapshot (`current`), with seq + 1 per
 * message, and never one equal to the last.
 */
import type { Snapshot } from '../../shared/snapshot.ts';

export interface SnapshotPublisherOptions<A> {
  /** Encodes and publishes the agent's snapshot (with the next seq). */
  send: (agent: A, snapshot: Snapshot) => void;
  /** The agent's current snapshot (its engine's, with the relay's queue figures). */
  current: (agent: A) => Snapshot;
  /** How long a change of callsWaiting alone may wait. */
  waitMs: number;
  /** Test seam: setTimeout by default. */
  later?: (run: () => void, ms: number) => () => void;
  /** Test seam: queueMicrotask by default. */
  soon?: (run: () => void) => void;
}

export class SnapshotPublisher<A> {
  private readonly shown = new Map<A, Snapshot>();
  private readonly waiting = new Set<A>();
  /** Agents with a change that goes out with the current batch of events. */
  private readonly due = new Set<A>();
  private cancel: (() => void) | null = null;
  private readonly later: (run: () => void, ms: number) => () => void;
  private readonly soon: (run: () => void) => void;

  constructor(private readonly options: SnapshotPublisherOptions<A>) {
    this.later =
      options.later ??
      ((run, ms) => {
        const timer = setTimeout(run, ms);
        timer.unref?.();
        return () => clearTimeout(timer);
      });
    this.soon = options.soon ?? queueMicrotask;
  }

  /** The snapshot the agent starts with, as first published (or answered). */
  start(agent: A, snapshot: Snapshot): void {
    this.shown.set(agent, snapshot);
  }

  /** The last snapshot published for the agent (or answered: `start`). */
  lastShown(agent: A): Snapshot | undefined {
    return this.shown.get(agent);
  }

  /** The agent's engine made `snapshot`. */
  changed(agent: A, snapshot: Snapshot): void {
    const shown = this.shown.get(agent);
    if (shown && onlyCallsWaiting(shown, snapshot)) return this.waitingChanged(agent);
    if (this.due.size === 0) this.soon(() => this.sendDue());
    this.due.add(agent);
  }

  /** The callsWaiting of one of the agent's queues changed, and nothing else (queue-figures.ts). */
  waitingChanged(agent: A): void {
    this.waiting.add(agent);
    this.cancel ??= this.later(() => this.flushAll(), this.options.waitMs);
  }

  /** Publishes at once what waits for the agent, if anything. */
  flush(agent: A): void {
    if (this.waiting.has(agent) || this.due.has(agent)) this.sendCurrent(agent);
  }

  forget(agent: A): void {
    this.waiting.delete(agent);
    this.due.delete(agent);
    this.shown.delete(agent);
  }

  close(): void {
    this.cancel?.();
    this.cancel = null;
    this.waiting.clear();
    this.due.clear();
  }

  private sendDue(): void {
    for (const agent of [...this.due]) this.sendCurrent(agent);
  }

  private flushAll(): void {
    this.cancel = null;
    for (const agent of [...this.waiting]) this.sendCurrent(agent);
  }

  /** The agent's current snapshot, unless it shows what was shown (a caller came and went meanwhile). */
  private sendCurrent(agent: A): void {
    const next = this.options.current(agent);
    const shown = this.shown.get(agent);
    if (shown && onlyCallsWaiting(shown, next) && next.queues.every((q, i) => q.callsWaiting === shown.queues[i]!.callsWaiting)) {
      this.waiting.delete(agent);
      this.due.delete(agent);
      return;
    }
    this.send(agent, next);
  }

  private send(agent: A, snapshot: Snapshot): void {
    this.waiting.delete(agent);
    this.due.delete(agent);
    this.shown.set(agent, snapshot);
    this.options.send(agent, snapshot);
  }
}

/** Whether `next` differs from `shown` in queues' callsWaiting alone (the engine copies what changes, so the rest compares by identity). */
export function onlyCallsWaiting(shown: Snapshot, next: Snapshot): boolean {
  if (!sameExcept(shown, next, 'queues') || shown.queues.length !== next.queues.length) return false;
  return next.queues.every((q, i) => sameExcept(shown.queues[i]!, q, 'callsWaiting'));
}

function sameExcept<T extends object>(a: T, b: T, except: keyof T): boolean {
  if (a === b) return true;
  // Every key of either, without building their union (this runs for each agent on every change).
  for (const k in a) if (k !== except && a[k] !== b[k]) return false;
  for (const k in b) if (k !== except && a[k] !== b[k]) return false;
  return true;
}
