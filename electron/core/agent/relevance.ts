/**
 * A cheap pre-filter in front of reduce(): may this event concern the agent? Decided before any
 * header is parsed: the event name (the first line, read undecoded), then plain substring
 * checks for the agent's names (`PJSIP/1001`, `/1001@`, `: 1001`), the Linkedid values that name
 * its calls and the Queue values that name its queues (header names as Asterisk writes them). On
 * a 500-agent PBX almost every event fails these checks, most on their name alone, never decoded.
 * False positives are fine (reduce decides for real); a false negative would be a bug, so the
 * rules below follow exactly what reduce() reads.
 */
import type { AmiMessage } from '../ami/message.ts';
import { HANDLED_EVENTS } from './reduce.ts';
import type { AgentIdentity } from './identity.ts';
import type { AgentState } from './state.ts';

/** Callers joining and leaving queues: they matter for the agent's queues (all, while none is known yet). */
const QUEUE_CALLER_EVENTS = new Set(['QueueCallerJoin', 'QueueCallerLeave', 'QueueCallerAbandon', 'QueueEntry']);

export function isRelevant(state: AgentState, message: AmiMessage): boolean {
  // The event name alone, read without decoding the rest of the message (most events stop here).
  const name = message.name;
  if (!HANDLED_EVENTS.has(name) || message.kind !== 'event') return false;
  if (name === 'QueueParams') return true;
  const raw = message.raw;
  let eol = raw.indexOf('\r\n');
  if (eol < 0) eol = raw.length;
  if (QUEUE_CALLER_EVENTS.has(name)) {
    const queues = state.snapshot.queues;
    if (queues.length === 0) return true;
    for (let at = raw.indexOf('\r\nQueue: ', eol - 2); at >= 0; at = raw.indexOf('\r\nQueue: ', at + 9)) {
      const queue = valueAt(raw, at + 9);
      for (const q of queues) if (q.name === queue) return true;
    }
    return false;
  }
  const identity = state.identity;
  // One scan for the extension first: every marker contains it, and so does the device unless set apart.
  if (raw.indexOf(identity.extension, eol) >= 0 || (!deviceHasExtension(identity) && raw.indexOf(identity.device, eol) >= 0)) {
    for (const marker of identity.markers) if (raw.includes(marker, eol)) return true;
    // The last header has no CRLF after it (the framer strips the blank line).
    if (raw.endsWith(': ' + identity.extension)) return true;
  }
  // The pool agent's number: its member `Local/9001@agents`, `Agent:9001`, AgentLogin's `Agent: 9001`.
  const agent = identity.agent;
  if (agent !== null && raw.indexOf(agent, eol) >= 0) {
    for (const marker of identity.markers) if (raw.includes(marker, eol)) return true;
    if (raw.endsWith(': ' + agent)) return true;
  }
  // Another leg of one of the agent's calls. Events read by the agent's names alone stop here.
  if (BY_NAMES_ALONE.has(name)) return false;
  // Once a queue call is connected into the held login call, the customer's channel carries the
  // login call's Linkedid: its Hangup ends the customer's call.
  if (state.login !== null && raw.includes('Linkedid: ' + state.login.linkedid, eol)) return true;
  if (state.calls.size === 0) return false;
  return namesACall(raw, eol, state.calls);
}

/** Handlers that decide from the agent's device, hint, interfaces or AOR alone, never from its calls. */
const BY_NAMES_ALONE: ReadonlySet<string> = new Set([
  'ExtensionStatus',
  'DeviceStateChange',
  'ContactStatus',
  'PeerStatus',
  'QueueMember',
  'QueueMemberAdded',
  'QueueMemberStatus',
  'QueueMemberPause',
  'QueueMemberPaused',
  'QueueMemberPenalty',
  'QueueMemberRinginuse',
  'QueueMemberRemoved',
]);

/**
 * reduce finds a call by the Linkedid of either side of an event (`Linkedid`, `DestLinkedid`), by
 * the Uniqueid where there is none (Asterisk 12+ writes a Linkedid for every channel it names).
 */
function namesACall(raw: string, from: number, calls: ReadonlyMap<string, unknown>): boolean {
  let linked = false;
  for (let at = raw.indexOf('Linkedid: ', from); at >= 0; at = raw.indexOf('Linkedid: ', at + 10)) {
    const id = valueAt(raw, at + 10);
    if (calls.has(id)) return true;
    if (id !== '') linked = true;
  }
  if (linked) return false;
  for (let at = raw.indexOf('Uniqueid: ', from); at >= 0; at = raw.indexOf('Uniqueid: ', at + 10))
    if (calls.has(valueAt(raw, at + 10))) return true;
  return false;
}

/** The value that starts at `start`, up to the end of its line. */
function valueAt(raw: string, start: number): string {
  const end = raw.indexOf('\r\n', start);
  return raw.slice(start, end < 0 ? raw.length : end);
}

const deviceChecked = new WeakMap<AgentIdentity, boolean>();
/** `PJSIP/1001` contains `1001`; an explicit device such as `SIP/agent-a` may not. */
function deviceHasExtension(identity: AgentIdentity): boolean {
  let has = deviceChecked.get(identity);
  if (has === undefined) deviceChecked.set(identity, (has = identity.device.includes(identity.extension)));
  return has;
}
