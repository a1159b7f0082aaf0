/**
 * How long to wait before reconnect attempt n (0 for the first). After a PBX restart every desk
 * reconnects at once and AMI accepts only a few pending connections, so even the first attempt
 * is spread out: "full jitter", a random delay between 0 and min(2^n * base, cap).
 */
export type BackoffStrategy = (attempt: number, random: () => number) => number;

export function fullJitter(options: { baseMs?: number; capMs?: number } = {}): BackoffStrategy {
  const base = options.baseMs ?? 250;
  const cap = options.capMs ?? 30_000;
  return (attempt, random) => {
    // 2^n overflows to Infinity for large n; the cap keeps it finite.
    const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 30));
    return Math.floor(random() * ceiling);
  };
}

export const defaultBackoff: BackoffStrategy = fullJitter();
