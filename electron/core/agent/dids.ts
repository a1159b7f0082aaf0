/**
 * The number a call was dialled to (its DID, the screen pop's `{did}`), remembered from the call's
 * first channel: the caller's channel (Uniqueid = Linkedid) is created with the extension it
 * dialled (Newchannel `Exten: 600`, on Asterisk 22 and 18 alike) long before a queue rings the
 * agent, so before any event of that call passes the relevance pre-filter. A Status list item
 * says the same as `DNID` (a sync mid-call); CoreShowChannel shows only where the channel is now
 * (`s` in an IVR), never the number dialled. `s` or nothing is no DID.
 *
 * The memory is small: Linkedid -> DID, forgotten when the first channel hangs up, and bounded in
 * count (oldest first out) for the hangups never seen. It sees every call of the PBX, so it reads
 * the raw text as relevance.ts does: no event is split into headers here.
 */
import type { AmiMessage } from '../ami/message.ts';

export const DIDS_LIMIT = 1000;

/** The events that can tell: checked by a Set, which reuses the hash the relevance filter's lookup computed. */
const TELLING: ReadonlySet<string> = new Set(['Newchannel', 'Status', 'Hangup']);
const LINKEDID_LINE = '\r\nLinkedid: ';

/**
 * [Linkedid, DID] pairs, oldest first. A list, not a Map: it is copied on every change (states are
 * immutable), and copying a short array is several times cheaper than copying a Map; it is read
 * only when a call of the agent begins.
 */
export type Dids = ReadonlyArray<readonly [linkedid: string, did: string]>;

/**
 * The memory after an event: a call's first channel created (Newchannel's Exten) or listed
 * (Status's DNID) adds its DID, its Hangup removes it. The same list when nothing changes, which is
 * every other event, decided from the name alone or a scan of the raw text.
 */
export function remember(dids: Dids, message: AmiMessage): Dids {
  const name = message.name;
  if (!TELLING.has(name)) return dids;
  if (name === 'Hangup') {
    if (dids.length === 0) return dids;
    const linkedid = firstChannelOf(message.raw);
    const i = linkedid === null ? -1 : indexOf(dids, linkedid);
    if (i < 0) return dids;
    const next = dids.slice();
    next.splice(i, 1);
    return next;
  }
  const header = name === 'Newchannel' ? 'Exten: ' : 'DNID: ';
  const raw = message.raw;
  const linkedid = firstChannelOf(raw);
  if (linkedid === null) return dids;
  const did = valueAfter(raw, header);
  // The first word stays: the number at the channel's creation, not a later one.
  if (!did || did === 's' || indexOf(dids, linkedid) >= 0) return dids;
  const next = dids.length >= DIDS_LIMIT ? dids.slice(dids.length - DIDS_LIMIT + 1) : dids.slice();
  next.push([own(linkedid), own(did)]);
  return next;
}

/** The DID remembered for a call, or null. */
export function didOf(dids: Dids, linkedid: string): string | null {
  const i = indexOf(dids, linkedid);
  return i < 0 ? null : dids[i]![1];
}

/** Newest first. Linkedids mostly differ in their last digit: checked before the whole string. */
function indexOf(dids: Dids, linkedid: string): number {
  const length = linkedid.length;
  const last = linkedid.charCodeAt(length - 1);
  for (let i = dids.length - 1; i >= 0; i--) {
    const key = dids[i]![0];
    if (key.length === length && key.charCodeAt(length - 1) === last && key === linkedid) return i;
  }
  return -1;
}

/** The Linkedid when the message's channel is its call's first one (Uniqueid = Linkedid), else null. */
function firstChannelOf(raw: string): string | null {
  const start = valueStart(raw, 'Uniqueid: ');
  if (start < 0) return null;
  let end = raw.indexOf('\r\n', start);
  if (end < 0) end = raw.length;
  if (end === start) return null;
  // Asterisk writes the Linkedid right after the Uniqueid: compared there, without a second scan.
  const linked = raw.startsWith(LINKEDID_LINE, end) ? end + LINKEDID_LINE.length : valueStart(raw, 'Linkedid: ');
  if (linked < 0) return null;
  const uid = raw.slice(start, end);
  if (!raw.startsWith(uid, linked)) return null;
  const after = linked + uid.length;
  return after === raw.length || raw.charCodeAt(after) === 13 ? uid : null;
}

function valueAfter(raw: string, key: string): string | undefined {
  const start = valueStart(raw, key);
  if (start < 0) return undefined;
  const end = raw.indexOf('\r\n', start);
  return raw.slice(start, end < 0 ? raw.length : end);
}

/**
 * Where the value of `key` (`Name: `) begins on a line of its own, or -1. Searched without the line
 * break before it, then checked: a pattern that begins with CR is several times slower to find.
 */
function valueStart(raw: string, key: string): number {
  for (let at = raw.indexOf(key); at >= 0; at = raw.indexOf(key, at + key.length))
    if (at > 0 && raw.charCodeAt(at - 1) === 10) return at + key.length;
  return -1;
}

/**
 * A copy of `part` that does not keep the message it was read from alive: V8 makes a slice of 13
 * characters or more a view into the whole message text, which a remembered call would then hold
 * (and the garbage collector promote) for the call's life. Flattening a concatenation copies it.
 */
function own(part: string): string {
  return (' ' + part).slice(1);
}
