/**
 * When the relay publishes an agent's changed snapshot. A caller joining or leaving a queue changes
 * `callsWaiting` in the snapshot of every member of that queue: with 500 agents in a queue, each
 * call made about 1,000 snapshots to encode, publish and decode at the desks, and at 10 calls a
 * second that backlog delayed a ring's pop by seconds (measured with `npm run bench -- relay`). So a
 * change of `callsWaiting` alone waits up to `waitMs`, merged with the agent's next changes; any
 * other change (a call ringing, a pause) goes out at once, with whatever waited. A desk that asks
 * for its snapshot gets the current one (`flush`). Nothing is lost: what is published is always the
 * engine's latest snapshot, with seq + 1 per message.
 */
import type { Snapshot } from '../../shared/snapshot.ts';

export interface SnapshotPublisherOptions<A> {
  /** Encodes and publishes the agent's snapshot (with the next seq). */
  send: (agent: A, snapshot: Snapshot) => void;
  /** The agent's current snapshot (its engine's). */
  current: (agent: A) => Snapshot;
  /** How long a change of callsWaiting alone may wait. */
  waitMs: number;
  /** Test seam: setTimeout by default. */
  later?: (run: () => void, ms: number) => () => void;
}

export class SnapshotPublisher<A> {
  private readonly shown = new Map<A, Snapshot>();
  private readonly waiting = new Set<A>();
  private cancel: (() => void) | null = null;
  private readonly later: (run: () => void, ms: number) => () => void;

  constructor(private readonly options: SnapshotPublisherOptions<A>) {
    this.later =
      options.later ??
      ((run, ms) => {
        const timer = setTimeout(run, ms);
        timer.unref?.();
        return () => clearTimeout(timer);
      });
  }

  /** The snapshot the agent starts with, as first published (or answered). */
  start(agent: A, snapshot: Snapshot): void {
    this.shown.set(agent, snapshot);
  }

  /** The agent's engine made `snapshot`. */
  changed(agent: A, snapshot: Snapshot): void {
    const shown = this.shown.get(agent);
    if (shown && onlyCallsWaiting(shown, snapshot)) {
      this.waiting.add(agent);
      this.cancel ??= this.later(() => this.flushAll(), this.options.waitMs);
      return;
    }
    this.send(agent, snapshot);
  }

  /** Publishes at once what waits for the agent, if anything. */
  flush(agent: A): void {
    if (this.waiting.has(agent)) this.send(agent, this.options.current(agent));
  }

  forget(agent: A): void {
    this.waiting.delete(agent);
    this.shown.delete(agent);
  }

  close(): void {
    this.cancel?.();
    this.cancel = null;
    this.waiting.clear();
  }

  private flushAll(): void {
    this.cancel = null;
    for (const agent of [...this.waiting]) this.send(agent, this.options.current(agent));
  }

  private send(agent: A, snapshot: Snapshot): void {
    this.waiting.delete(agent);
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
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as Array<keyof T>);
  for (const k of keys) if (k !== except && a[k] !== b[k]) return false;
  return true;
}
