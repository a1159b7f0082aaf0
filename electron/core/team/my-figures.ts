/**
 * The agent's own figures today (the snapshot's `me`): calls taken, talk time, time paused by
 * reason, when the last call taken ended. Read off the agent's snapshots as they change (a call answered
 * here that reaches the history counts once; a pause counts from the snapshot that showed it to the
 * one that ended it), and reset at local midnight of the injected clock. Kept in memory: a restart
 * of the app starts the day's figures again.
 */
import type { MyFigures, Snapshot } from '../../shared/snapshot.ts';

/** The pause the agent is in: paused in any of its queues, with the first paused queue's reason. */
function pauseOf(snapshot: Snapshot): string | null {
  const paused = snapshot.queues.find((q) => q.member && q.paused);
  return paused ? paused.pausedReason : null;
}

/** Local midnight at or before `time` (ms). */
function midnightOf(time: number): number {
  const d = new Date(time);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

export class MyDay {
  private day: number;
  private callsTaken = 0;
  private talkMs = 0;
  private readonly pausedMs = new Map<string, number>();
  private lastCallAt: number | null = null;
  /** Ids of the history entries already counted (the history is bounded, so is this). */
  private counted = new Set<string>();
  private history: Snapshot['history'] | null = null;
  /** The pause in progress: its reason and since when it is counted. */
  private pause: { reason: string; from: number } | null = null;

  constructor(now: number) {
    this.day = midnightOf(now);
  }

  /** One of the agent's snapshots, seen at `now`. */
  observe(snapshot: Snapshot, now: number): void {
    this.rollOver(now);
    if (snapshot.history !== this.history) this.countCalls(snapshot.history);
    const reason = snapshot.connection.status === 'live' ? pauseOf(snapshot) : (this.pause?.reason ?? null);
    if (reason === (this.pause?.reason ?? null)) return;
    this.closePause(now);
    this.pause = reason === null ? null : { reason, from: now };
  }

  /** The figures as of `now` (a pause in progress counts up to now). */
  figures(now: number): MyFigures {
    this.rollOver(now);
    const pausedSeconds: Record<string, number> = {};
    for (const [reason, ms] of this.pausedMs) pausedSeconds[reason] = Math.floor(ms / 1000);
    if (this.pause) {
      const ms = (this.pausedMs.get(this.pause.reason) ?? 0) + Math.max(0, now - this.pause.from);
      pausedSeconds[this.pause.reason] = Math.floor(ms / 1000);
    }
    return { callsTaken: this.callsTaken, talkSeconds: Math.floor(this.talkMs / 1000), pausedSeconds, lastCallAt: this.lastCallAt };
  }

  private countCalls(history: Snapshot['history']): void {
    this.history = history;
    const seen = new Set<string>();
    for (const entry of history) {
      seen.add(entry.id);
      if (this.counted.has(entry.id)) continue;
      // Calls that ended before today (kept in the history across midnight) are yesterday's.
      if (entry.endedAt < this.day) continue;
      if (entry.outcome !== 'answered' || entry.answeredAt === null || entry.consultationOf) continue;
      if (this.lastCallAt === null || entry.endedAt > this.lastCallAt) this.lastCallAt = entry.endedAt;
      this.callsTaken++;
      this.talkMs += Math.max(0, entry.endedAt - Math.max(entry.answeredAt, this.day));
    }
    this.counted = seen;
  }

  private closePause(now: number): void {
    if (!this.pause) return;
    const { reason, from } = this.pause;
    this.pausedMs.set(reason, (this.pausedMs.get(reason) ?? 0) + Math.max(0, now - from));
    this.pause = null;
  }

  /** A new day: the figures start again (a pause in progress counts from midnight). */
  private rollOver(now: number): void {
    const today = midnightOf(now);
    if (today <= this.day) return;
    this.day = today;
    this.callsTaken = 0;
    this.talkMs = 0;
    this.pausedMs.clear();
    this.lastCallAt = null;
    if (this.pause) this.pause = { reason: this.pause.reason, from: today };
  }
}
