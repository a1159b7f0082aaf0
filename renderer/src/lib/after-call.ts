/**
 * Which ended call the popover's after-call card is for: the one after-call work follows, else the
 * newest call that ended in the last two minutes; none when the app keeps no call log, when that
 * call already has its disposition, or when the agent put it off (not possible when it is required).
 */
import type { HistoryEntry, Snapshot } from '@shared/snapshot.ts';

export const AFTER_CALL_RECENT_MS = 2 * 60_000;

export function afterCallTarget(snapshot: Snapshot | null, now: number, putOff: ReadonlySet<string>): HistoryEntry | null {
  const log = snapshot?.callLog;
  if (!snapshot || !log || log.choices.length === 0) return null;
  const acw = snapshot.afterCallWork;
  const id = acw?.callId ?? snapshot.history[0]?.id;
  const entry = snapshot.history.find((h) => h.id === id);
  if (!entry || entry.consultationOf || log.saved[entry.id] !== undefined) return null;
  if (putOff.has(entry.id) && !log.required) return null;
  if (!acw && now - entry.endedAt > AFTER_CALL_RECENT_MS) return null;
  return entry;
}
