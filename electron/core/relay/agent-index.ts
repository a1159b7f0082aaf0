/**
 * Which agents an AMI event may concern, found by lookups rather than by asking every agent, so
 * an event costs the relay the same with 2 agents or 500. It indexes each agent by the names an
 * event carries (its extension, its device, the `EXT@` of its hint, Local legs and contacts) and by
 * the Linkedids of its calls; it also knows the queues each agent's snapshot shows. It answers a
 * superset: each agent's own pre-filter and reducer (agent/relevance.ts, reduce) still decide, so
 * a false positive costs a little and a false negative would be a bug: the rules here cover every
 * marker relevance.ts looks for (test/unit/relay/agent-index.test.ts checks it on every transcript).
 * A call's first channel and its callers joining queues, which say the call's DID and queue before
 * any agent is in it, are event-router.ts's; the queues' callers waiting, queue-figures.ts's.
 */
import type { AmiMessage } from '../ami/message.ts';
import type { AgentIdentity } from '../agent/identity.ts';
import { HANDLED_EVENTS } from '../agent/reduce.ts';

/** Events every agent needs (the PBX's life, rare), and list parameters that name no agent. */
const TO_ALL = new Set(['FullyBooted', 'Shutdown', 'QueueParams']);

export class AgentIndex<A> {
  private readonly all = new Set<A>();
  private readonly byName = new Map<string, Set<A>>();
  private readonly byCall = new Map<string, Set<A>>();
  private readonly byQueue = new Map<string, Set<A>>();
  private readonly names = new Map<A, string[]>();
  private readonly calls = new Map<A, Set<string>>();
  private readonly queues = new Map<A, Set<string>>();
  /** The lengths of the names (never forgotten: more is only slower). */
  private readonly nameLengths = new Set<number>();
  /** Whether a name without a digit was ever added: until one is, a value without a digit names no one. */
  private nameWithoutDigit = false;

  get size(): number {
    return this.all.size;
  }

  add(agent: A, identity: AgentIdentity): void {
    if (this.all.has(agent)) return;
    this.all.add(agent);
    const names = [identity.extension, identity.device.toLowerCase()];
    this.names.set(agent, names);
    for (const n of names) {
      addTo(this.byName, n, agent);
      this.nameLengths.add(n.length);
      if (!/[0-9]/.test(n)) this.nameWithoutDigit = true;
    }
  }

  remove(agent: A): void {
    if (!this.all.delete(agent)) return;
    for (const n of this.names.get(agent) ?? []) removeFrom(this.byName, n, agent);
    this.setCalls(agent, []);
    this.setQueues(agent, []);
    this.names.delete(agent);
    this.calls.delete(agent);
    this.queues.delete(agent);
  }

  /** The Linkedids of the agent's calls now (the other legs of those calls concern it). */
  setCalls(agent: A, ids: Iterable<string>): void {
    replace(this.calls, this.byCall, agent, ids);
  }

  /** The queues the agent's snapshot lists now. */
  setQueues(agent: A, names: Iterable<string>): void {
    replace(this.queues, this.byQueue, agent, names);
  }

  /** The agents whose snapshot lists `queue`. */
  inQueue(queue: string): ReadonlySet<A> {
    return this.byQueue.get(queue) ?? NONE;
  }

  /** The agents `event` may concern (a superset), into `out`. Most events read no header at all. */
  candidates(event: AmiMessage, out: Set<A> = new Set()): Set<A> {
    const name = event.name;
    if (event.kind !== 'event') return out;
    if (TO_ALL.has(name)) {
      for (const a of this.all) out.add(a);
      return out;
    }
    if (!HANDLED_EVENTS.has(name)) return out;
    // Each header after the event's name, read in place: most values are cut out of the text only
    // when they may name an agent (as relevance.ts reads markers from the first line's end).
    const raw = event.raw;
    let start = raw.indexOf('\r\n') + 2;
    if (start < 2) return out;
    while (start < raw.length) {
      let end = raw.indexOf('\r\n', start);
      if (end < 0) end = raw.length;
      const colon = raw.indexOf(':', start);
      let from = start; // a line without a colon is all value (as AmiMessage reads it)
      if (colon >= 0 && colon < end) from = raw.charCodeAt(colon + 1) === 32 && colon + 1 < end ? colon + 2 : colon + 1;
      if (from < end) {
        if (from > start && isCallKey(raw, colon)) addAll(out, this.byCall.get(raw.slice(from, end)));
        else if (this.mayName(raw, from, end)) this.byValue(raw.slice(from, end), out);
      }
      start = end + 2;
    }
    return out;
  }

  /**
   * Whether raw[from, end) may hold a name: one of a name's length, or something byValue takes
   * apart. byValue looks up pieces of the value (lower-cased at most, which makes no digit), so
   * while every name has a digit, a value without one (a state, a context, a caller's name) names no one.
   */
  private mayName(raw: string, from: number, end: number): boolean {
    let digit = this.nameWithoutDigit;
    let apart = false;
    for (let i = from; i < end && !(digit && apart); i++) {
      const c = raw.charCodeAt(i);
      if (c >= 48 && c <= 57) digit = true;
      else if (TAKEN_APART[c] === 1) apart = true;
    }
    return digit && (apart || this.nameLengths.has(end - from));
  }

  /** The names one header value may carry: `1001`, `PJSIP/1001-0000000a`, `Local/1001@q-0001;2`, `hint:1001@ext-local`, `sip:1001@host`, `PJSIP/1001&Custom:x`, `PJSIP/1001,30`. */
  private byValue(value: string, out: Set<A>): void {
    addAll(out, this.byName.get(value));
    if (value.length > 200) return;
    for (const piece of value.includes('&') || value.includes(',') ? value.split(/[&,]/) : [value]) {
      const lower = piece.toLowerCase();
      addAll(out, this.byName.get(lower));
      const semi = lower.lastIndexOf(';');
      const channel = semi > 0 ? lower.slice(0, semi) : lower;
      const dash = channel.lastIndexOf('-');
      if (dash > 0) addAll(out, this.byName.get(channel.slice(0, dash)));
      const at = piece.indexOf('@');
      if (at > 0) {
        const start = Math.max(piece.lastIndexOf('/', at), piece.lastIndexOf(':', at)) + 1;
        addAll(out, this.byName.get(piece.slice(start, at)));
      }
    }
  }
}

const NONE: ReadonlySet<never> = new Set();
/** Characters that make byValue look further than the value itself: upper case (names are looked up in lower case too) and the separators it splits at. */
const TAKEN_APART = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ&,;@/:-') TAKEN_APART[c.charCodeAt(0)] = 1;

/** Keys whose value is a channel's id (`Linkedid`, `DestUniqueid`, ...): looked up among the calls. */
function isCallKey(raw: string, colon: number): boolean {
  return (
    raw.endsWith('Linkedid', colon) || raw.endsWith('Uniqueid', colon) || raw.endsWith('linkedid', colon) || raw.endsWith('uniqueid', colon)
  );
}

function addAll<A>(out: Set<A>, from: ReadonlySet<A> | undefined): void {
  if (from) for (const a of from) out.add(a);
}

function addTo<A>(map: Map<string, Set<A>>, key: string, agent: A): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(agent);
}

function removeFrom<A>(map: Map<string, Set<A>>, key: string, agent: A): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(agent);
  if (set.size === 0) map.delete(key);
}

/** Makes `agent`'s keys in `index` exactly `keys`. */
function replace<A>(current: Map<A, Set<string>>, index: Map<string, Set<A>>, agent: A, keys: Iterable<string>): void {
  const next = new Set(keys);
  const before = current.get(agent) ?? new Set<string>();
  for (const k of before) if (!next.has(k)) removeFrom(index, k, agent);
  for (const k of next) if (!before.has(k)) addTo(index, k, agent);
  current.set(agent, next);
}
