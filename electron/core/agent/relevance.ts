/**
 * A cheap pre-filter in front of reduce(): may this event concern the agent? Decided from the
 * raw text, before any header is parsed: the event name (the first line), then plain substring
 * checks for the agent's names (`PJSIP/1001`, `/1001@`, `: 1001`), the Linkedids of its calls and
 * the names of its queues. On a 500-agent PBX almost every event fails these checks and is never
 * decoded. False positives are fine (reduce decides for real); a false negative would be a bug,
 * so the rules below follow exactly what reduce() reads.
 */
import type { AmiMessage } from '../ami/message.ts';
import { HANDLED_EVENTS } from './reduce.ts';
import type { AgentState } from './state.ts';

/** Queue events that matter for any queue: the waiting count may arrive before the membership. */
const QUEUE_CALLER_EVENTS = new Set(['QueueCallerJoin', 'QueueCallerLeave', 'QueueCallerAbandon', 'QueueEntry', 'QueueParams']);

export function isRelevant(state: AgentState, message: AmiMessage): boolean {
  const raw = message.raw;
  if (!raw.startsWith('Event: ')) return false;
  const name = message.name;
  if (!HANDLED_EVENTS.has(name)) return false;
  if (QUEUE_CALLER_EVENTS.has(name)) return true;
  const identity = state.identity;
  for (const marker of identity.markers) if (raw.includes(marker)) return true;
  // The last header has no CRLF after it (the framer strips the blank line).
  if (raw.endsWith(': ' + identity.extension)) return true;
  for (const id of state.calls.keys()) if (raw.includes(id)) return true;
  return false;
}
