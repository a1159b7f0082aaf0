/**
 * A token bucket per key (a desk): `burst` requests at once, refilled at `perSecond`. The relay
 * takes one token per request, so one desk flooding requests is refused in words while the others
 * keep theirs. The clock is injected (tests move time by hand).
 */
export interface TokenBucketOptions {
  burst: number;
  perSecond: number;
  now?: () => number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly now: () => number;

  constructor(private readonly options: TokenBucketOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Takes a token for `key`: false when its bucket is empty. */
  take(key: string): boolean {
    const now = this.now();
    const { burst, perSecond } = this.options;
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, now - bucket.at) * perSecond) / 1000);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
