/**
 * The recent-numbers list for the dialer and redial, read from the snapshot's history (newest
 * first): one row per number, the latest call's time and direction, the name when the PBX gave
 * one. Numbers that cannot be dialled (anonymous, empty, `<unknown>`) are left out.
 */
import type { CallDirection, HistoryEntry } from '../../shared/snapshot.ts';

export interface RecentNumber {
  /** As the PBX reported it: redial passes it to normalizeNumber(). */
  number: string;
  name: string;
  direction: CallDirection;
  /** ms since the epoch of the latest call with this number. */
  at: number;
  /** True when the latest inbound call with this number was never answered. */
  missed: boolean;
  /** Calls with this number in the history. */
  count: number;
}

export function recentNumbers(history: readonly HistoryEntry[], limit = 10): RecentNumber[] {
  const byKey = new Map<string, RecentNumber>();
  for (const entry of history) {
    const number = entry.remote.number.trim();
    if (!/^\+?[0-9*#]{2,32}$/.test(number)) continue;
    // +15550109000 and 15550109000 are the same caller.
    const key = number.replace(/^\+/, '');
    const seen = byKey.get(key);
    if (seen) {
      seen.count++;
      continue;
    }
    if (byKey.size === limit) continue;
    byKey.set(key, {
      number,
      name: entry.remote.name,
      direction: entry.direction,
      at: entry.startedAt,
      missed: entry.direction === 'inbound' && entry.answeredAt === null,
      count: 1,
    });
  }
  return [...byKey.values()];
}
