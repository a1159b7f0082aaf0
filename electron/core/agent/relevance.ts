/**
 * A cheap pre-filter in front of reduce(): may this event concern the agent? Decided before any
 * header is parsed: the event name (the first line, read undecoded), then plain substring
 * checks for the agent's names (`PJSIP/1001`, `/1001@`, `: 1001`), the Linkedids of its calls and
 * the names of its queues. On a 500-agent PBX almost every event fails these checks and is never
 * decoded. False positives are fine (reduce decides for real); a false negative would be a bug,
 * so the rules below follow exactly what reduce() reads.
 */
import type { AmiMessage } from '../ami/message.ts';
import { HANDLED_EVENTS } from './reduce.ts';
import type { AgentState } from './state.ts';

/** Callers joining and leaving queues: they matter for the agent's queues (all, while none is known yet). */
const QUEUE_CALLER_EVENTS = new Set(['QueueCallerJoin', 'QueueCallerLeave', 'QueueCallerAbandon', 'QueueEntry']);

export function isRelevant(state: AgentState, message: AmiMessage): boolean {
  // The event name alone, read without decoding the rest of the message (most events stop here).
  const name = message.name;
  if (!HANDLED_EVENTS.has(name) || message.kind !== 'event') return false;
  const raw = message.raw;
  let eol = raw.indexOf('\r\n');
  if (eol < 0) eol = raw.length;
  if (name === 'QueueParams') return true;
  if (QUEUE_CALLER_EVENTS.has(name)) {
    const queues = state.snapshot.queues;
    if (queues.length === 0) return true;
    for (const q of queues) if (raw.includes('\r\nQueue: ' + q.name + '\r\n', eol - 2)) return true;
    return false;
  }
  const identity = state.identity;
  // One scan for the extension first: every marker but an explicit device contains it.
  if (raw.indexOf(identity.extension, eol) >= 0 || raw.indexOf(identity.device, eol) >= 0) {
    for (const marker of identity.markers) if (raw.includes(marker, eol)) return true;
    // The last header has no CRLF after it (the framer strips the blank line).
    if (raw.endsWith(': ' + identity.extension)) return true;
  }
  if (state.calls.size > 0) for (const id of state.calls.keys()) if (raw.includes(id, eol)) return true;
  return false;
}
