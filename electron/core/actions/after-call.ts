/**
 * After-call work (ACW): when a queue call the agent answered ends, pause the agent in the queues
 * where they are not paused yet, with the ACW reason, for N seconds; then unpause only the queues
 * still paused with that reason. The PBX's word decides, never what was asked:
 * - the agent unpaused early, or re-paused for something else (Lunch): no queue shows the ACW
 *   reason any more, so ACW is over and the timer is dropped;
 * - the connection drops: the timer is dropped with it (it must not act on a stale picture). Once
 *   live again, the fresh picture decides: no ACW pause left (a PBX restart clears pauses) ends ACW;
 *   an ACW pause still there is unpaused at once when its time is up, else timed for what is left.
 * The agent's saved disposition ends ACW early (`endNow()`); a disposition the settings require
 * holds the pause past its time until it is saved (`pending`).
 * The countdown (`current()`) goes into the snapshot as `afterCallWork`.
 */
import { systemClock, type Clock } from '../ami/clock.ts';
import type { VerbResult } from '../../shared/companion.ts';
import type { AfterCallWorkInfo, HistoryEntry, Snapshot } from '../../shared/snapshot.ts';
import { english, phrase, type Phrase } from '../../shared/phrases/index.ts';
import { phraseOfResult } from './errors.ts';
import type { Membership, PauseRequest } from './pause.ts';

export const DEFAULT_AFTER_CALL_WORK_REASON = 'After-call work';

export interface AfterCallWorkOptions {
  seconds: number;
  /** The pause reason sent to the PBX (a code from the settings' pause reasons); default "After-call work". */
  reason?: string;
  /** Pauses or unpauses these memberships (setPaused over the runner). */
  setPaused: (memberships: readonly Membership[], request: PauseRequest) => Promise<VerbResult>;
  clock?: Clock;
  /** True while the call still needs the agent's disposition: the pause then outlasts the countdown until endNow(). */
  pending?: (callId: string) => boolean;
  /** Told when ACW could not start or end as planned: the English, and the phrase for a shell that translates. */
  onNotice?: (text: string, level: 'info' | 'error', said?: Phrase) => void;
}

interface Running {
  info: AfterCallWorkInfo;
  /** The PBX showed an ACW pause (so its absence now means the agent ended it). */
  seen: boolean;
  /** The agent is done early (saved the disposition): unpause once the pause is seen. */
  early: boolean;
  timer: unknown;
}

export class AfterCallWork {
  private readonly reason: string;
  private readonly clock: Clock;
  private running: Running | null = null;
  /** History entries already looked at (id and end), null before the first snapshot. */
  private known: Set<string> | null = null;
  private latest: Snapshot | null = null;
  private wasLive = false;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: AfterCallWorkOptions) {
    this.reason = options.reason?.trim() || DEFAULT_AFTER_CALL_WORK_REASON;
    this.clock = options.clock ?? systemClock;
  }

  /** The countdown for the snapshot, or null. */
  current(): AfterCallWorkInfo | null {
    return this.running?.info ?? null;
  }

  /** Called when the countdown starts or ends. Returns an unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Feed every snapshot of the agent engine, in order. */
  observe(snapshot: Snapshot): void {
    this.latest = snapshot;
    const live = snapshot.connection.status === 'live';
    const fresh = this.newlyEnded(snapshot.history);
    const reconnected = live && !this.wasLive;
    this.wasLive = live;
    const running = this.running;

    if (!live) {
      if (running) this.disarm(running);
      return;
    }
    const answered = fresh.find((h) => h.queue !== null && h.answeredAt !== null);
    if (answered) {
      this.start(snapshot, answered.id);
      return;
    }
    if (!running) return;
    const held = this.heldByAcw(snapshot);
    if (held.length > 0) running.seen = true;
    if (held.length > 0 && running.early) {
      this.finish();
      return;
    }
    // After a reconnect the PBX's picture is the truth even before the pause was seen.
    if (held.length === 0 && (running.seen || reconnected)) {
      this.end();
      return;
    }
    if (reconnected && running.timer === null) {
      const left = running.info.endsAt - this.clock.now();
      if (left > 0) this.arm(running, left);
      else if (!this.waitsForDisposition(running)) this.finish();
    }
  }

  /**
   * The agent finished the after-call work early (saved the disposition): unpause now instead of
   * at the end of the countdown; when the pause is not at the PBX yet, as soon as it shows.
   */
  endNow(): void {
    const running = this.running;
    if (!running) return;
    running.early = true;
    if (running.seen) this.finish();
  }

  /** Drops the timer (the core is closing); leaves the PBX as it is. */
  stop(): void {
    if (this.running) this.disarm(this.running);
    this.running = null;
  }

  private start(snapshot: Snapshot, callId: string): void {
    if (this.running) this.disarm(this.running);
    // Queues the agent already paused for something else keep that pause.
    const targets = snapshot.queues
      .filter((q) => q.member && q.interface && !q.paused)
      .map((q) => ({ queue: q.name, interface: q.interface!, memberName: q.memberName }));
    if (targets.length === 0) {
      this.running = null;
      return;
    }
    const running: Running = {
      info: { reason: this.reason, endsAt: this.clock.now() + this.options.seconds * 1000, callId },
      seen: false,
      early: false,
      timer: null,
    };
    this.running = running;
    this.arm(running, this.options.seconds * 1000);
    this.changed();
    void this.options.setPaused(targets, { paused: true, reason: this.reason }).then((result) => {
      if (result.ok || this.running !== running) return;
      this.notice(phrase('verb.acw-not-started', { reason: phraseOfResult(result) }));
      // Refused (in part): the queues that did pause still end with the timer; none did: over now.
      running.seen = true;
      if (!this.latest || this.heldByAcw(this.latest).length === 0) this.end();
    });
  }

  /** Time is up: unpause the queues still paused for ACW. */
  private finish(): void {
    const snapshot = this.latest;
    const held = snapshot ? this.heldByAcw(snapshot) : [];
    this.end();
    if (held.length === 0) return;
    void this.options.setPaused(held, { paused: false }).then((result) => {
      if (!result.ok) this.notice(phrase('verb.acw-still-paused', { reason: phraseOfResult(result) }));
    });
  }

  private end(): void {
    if (!this.running) return;
    this.disarm(this.running);
    this.running = null;
    this.changed();
  }

  private arm(running: Running, ms: number): void {
    running.timer = this.clock.setTimeout(() => {
      running.timer = null;
      if (this.running === running && !this.waitsForDisposition(running)) this.finish();
    }, ms);
  }

  /** Time is up but the call still needs its disposition: says so in the countdown, and true. */
  private waitsForDisposition(running: Running): boolean {
    if (!running.info.callId || !this.options.pending?.(running.info.callId)) return false;
    if (!running.info.waitingForDisposition) {
      running.info = { ...running.info, waitingForDisposition: true };
      this.changed();
    }
    return true;
  }

  private disarm(running: Running): void {
    if (running.timer !== null) this.clock.clearTimeout(running.timer);
    running.timer = null;
  }

  private heldByAcw(snapshot: Snapshot): Membership[] {
    return snapshot.queues
      .filter((q) => q.member && q.interface && q.paused && q.pausedReason === this.reason)
      .map((q) => ({ queue: q.name, interface: q.interface!, memberName: q.memberName }));
  }

  /** History entries not seen before; none on the first snapshot (calls from before we watched). */
  private newlyEnded(history: readonly HistoryEntry[]): HistoryEntry[] {
    const key = (h: HistoryEntry) => `${h.id} ${h.endedAt}`;
    const first = this.known === null;
    const known = this.known ?? new Set<string>();
    const fresh = first ? [] : history.filter((h) => !known.has(key(h)));
    this.known = new Set(history.map(key));
    return fresh;
  }

  private notice(said: Phrase): void {
    this.options.onNotice?.(english(said), 'error', said);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
