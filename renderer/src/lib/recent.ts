/**
 * Recent calls as the agent reads them: which calls were placed by the agent (outgoing, whatever
 * their direction), which were missed, and which missed calls the agent has since called back.
 */
import type { CallInfo, HistoryEntry, Snapshot } from '@shared/snapshot.ts';

/** The agent placed it: an outbound call, or an internal one the agent dialled. */
export function isOutgoing(call: Pick<CallInfo, 'direction' | 'placedByAgent'>): boolean {
  return call.direction === 'outbound' || call.placedByAgent === true;
}

/** Rang here and nobody answered (never a call the agent placed). */
export function isMissed(entry: HistoryEntry): boolean {
  return (entry.outcome ?? (entry.answeredAt === null ? 'missed' : 'answered')) === 'missed' && !isOutgoing(entry);
}

/** A missed call the agent has called back since: a later call placed to the same number, ended or in progress. */
export function isReturned(entry: HistoryEntry, snapshot: Snapshot): boolean {
  const later = (c: CallInfo | HistoryEntry) =>
    isOutgoing(c) && c.startedAt >= entry.endedAt && sameNumber(c.remote.number, entry.remote.number);
  return snapshot.history.some(later) || snapshot.calls.some(later);
}

/** Missed calls not yet called back: the Recent tab's badge. */
export function unreturnedMissed(snapshot: Snapshot | null): number {
  return snapshot ? snapshot.history.filter((h) => isMissed(h) && !isReturned(h, snapshot)).length : 0;
}

/**
 * The same party: the PBX writes a number as it came (+34912345678) and a call placed to it as it
 * was dialled (01134912345678, 912345678), so the shorter digits ending the longer count as the same;
 * extensions (under 7 digits) only when equal.
 */
export function sameNumber(a: string, b: string): boolean {
  const [x, y] = [a.replace(/[^0-9]/g, ''), b.replace(/[^0-9]/g, '')];
  if (x === '' || y === '') return false;
  if (x.length < 7 || y.length < 7) return x === y;
  return x.length >= y.length ? x.endsWith(y) : y.endsWith(x);
}
