/**
 * What a page that is not ours (the screen pop's CRM page) may send to the system browser, through
 * window.open or a navigation off its origins: only right after the agent clicked or typed in that
 * window, one link per click or key, and at most a few a minute for all such windows together.
 * Otherwise a hostile or broken page could open browser tabs without end.
 */
import type { WebContentsLike } from './api.ts';

/** Chromium's transient user activation lasts 5 s after the input. */
export const GESTURE_MS = 5_000;
export const OPENS_PER_MINUTE = 3;

/** The inputs Chromium counts as a user activation; a mouse move or a scroll is not one. */
const GESTURES = new Set(['mouseDown', 'rawKeyDown', 'keyDown', 'gestureTap', 'touchEnd']);

/** At most `limit` takes in any `periodMs`, on an injected clock. */
export class RateLimiter {
  private readonly taken: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly periodMs: number,
    private readonly now: () => number,
  ) {}

  take(): boolean {
    const now = this.now();
    while (this.taken.length > 0 && this.taken[0]! <= now - this.periodMs) this.taken.shift();
    if (this.taken.length >= this.limit) return false;
    this.taken.push(now);
    return true;
  }
}

export type OutboundVerdict = 'open' | 'no-gesture' | 'rate-limited';

/** One gate for every content window: gestures are each window's own, the rate limit is shared. */
export class OutboundGate {
  private readonly limiter: RateLimiter;

  constructor(private readonly now: () => number) {
    this.limiter = new RateLimiter(OPENS_PER_MINUTE, 60_000, now);
  }

  /** Watches a window's input; the answer decides, for each link it tries to send out, whether it may. */
  watch(contents: WebContentsLike): () => OutboundVerdict {
    let gestureAt = -Infinity;
    contents.on('input-event', (_event, input) => {
      if (GESTURES.has(input.type)) gestureAt = this.now();
    });
    return () => {
      if (this.now() - gestureAt > GESTURE_MS) return 'no-gesture';
      gestureAt = -Infinity; // one link per click or key
      return this.limiter.take() ? 'open' : 'rate-limited';
    };
  }
}
