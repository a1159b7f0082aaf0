/**
 * The draft of one reduce() step: copy on write over the immutable AgentState, so an event that
 * changes nothing gives back the very same state object, and one that changes a call copies only
 * that call. finish() recomputes what the snapshot shows (call-view.ts); endCall() and friends
 * move ended calls into the history with their outcome.
 */
import type { AmiMessage } from '../ami/message.ts';
import type { AgentPoolInfo, CallInfo, HistoryEntry, Party, QueueInfo, Snapshot } from '../../shared/snapshot.ts';
import type { AgentState, CallTrack, Leg, Logger, PoolLogin } from './state.ts';
import { didOf, remember, type Dids } from './dids.ts';
import { agentIdentity } from './identity.ts';
import { CALLERS_LIMIT, ENDED_LIMIT, HANDED_OVER_LIMIT, HISTORY_LIMIT, emptyState, outcomeOf, silentLogger } from './state.ts';
import { viewOf } from './call-view.ts';

/** One event's effect on the draft. */
export type Handler = (d: Draft, m: AmiMessage) => void;

export class Draft {
  readonly identity: AgentState['identity'];
  legs: Map<string, Leg> | null = null;
  calls: Map<string, CallTrack> | null = null;
  ended: string[] | null = null;
  waiting: Map<string, number> | null = null;
  callers: Array<readonly [string, string]> | null = null;
  contacts: Record<string, boolean> | null = null;
  dids: Dids | null = null;
  handedOver: Array<readonly [string, Party]> | null = null;
  hintSeen: boolean;
  login: PoolLogin | null;
  /** The pool agent as shown, before `callable` (finish() derives it from the queues). */
  agent: AgentPoolInfo | undefined;
  extension: Snapshot['extension'];
  queues: QueueInfo[] | null = null;
  history: HistoryEntry[] | null = null;
  /** As AmiMessage's: a draft lives for one event; one kept for the process's life keeps V8's shape of drafts across full GCs. */
  private static readonly keptForItsShape = new Draft(emptyState(agentIdentity({ extension: '0' })), 0, silentLogger);

  constructor(
    readonly base: AgentState,
    readonly now: number,
    readonly logger: Logger,
  ) {
    this.identity = base.identity;
    this.hintSeen = base.hintSeen;
    this.login = base.login;
    this.agent = base.snapshot.agent;
    this.extension = base.snapshot.extension;
  }

  leg(uid: string): Leg | undefined {
    return (this.legs ?? this.base.legs).get(uid);
  }
  setLeg(leg: Leg): void {
    if (this.leg(leg.uniqueid) === leg) return;
    (this.legs ??= new Map(this.base.legs)).set(leg.uniqueid, leg);
  }
  dropLeg(uid: string): void {
    if (!this.leg(uid)) return;
    (this.legs ??= new Map(this.base.legs)).delete(uid);
  }
  call(id: string): CallTrack | undefined {
    return (this.calls ?? this.base.calls).get(id);
  }
  setCall(call: CallTrack): void {
    if (this.call(call.id) === call) return;
    (this.calls ??= new Map(this.base.calls)).set(call.id, call);
  }
  updateCall(id: string, patch: Partial<CallTrack>): void {
    const call = this.call(id);
    if (!call) return;
    let changed = false;
    for (const key of Object.keys(patch) as Array<keyof CallTrack>) if (call[key] !== patch[key]) changed = true;
    if (changed) this.setCall({ ...call, ...patch });
  }
  isEnded(uid: string): boolean {
    return endedSet(this.ended ?? this.base.ended).has(uid);
  }
  markEnded(uid: string): void {
    if (this.isEnded(uid)) return;
    const ended = [...(this.ended ?? this.base.ended), uid];
    this.ended = ended.length > ENDED_LIMIT ? ended.slice(ended.length - ENDED_LIMIT) : ended;
  }
  waitingIn(queue: string): number | undefined {
    return (this.waiting ?? this.base.waiting).get(queue);
  }
  setWaiting(queue: string, count: number): void {
    if (this.waitingIn(queue) === count) return;
    (this.waiting ??= new Map(this.base.waiting)).set(queue, count);
    const q = this.queue(queue);
    if (q && q.callsWaiting !== count) this.setQueue({ ...q, callsWaiting: count });
  }
  callerQueue(uid: string): string | undefined {
    const callers = this.callers ?? this.base.callers;
    for (let i = 0; i < callers.length; i++) if (callers[i]![0] === uid) return callers[i]![1];
    return undefined;
  }
  setCaller(uid: string, queue: string | null): void {
    const callers = this.callers ?? this.base.callers;
    let i = 0;
    while (i < callers.length && callers[i]![0] !== uid) i++;
    if (queue === null) {
      if (i < callers.length) this.callers = [...callers.slice(0, i), ...callers.slice(i + 1)];
    } else if (i < callers.length) {
      if (callers[i]![1] === queue) return;
      const next = callers.slice();
      next[i] = [uid, queue];
      this.callers = next;
    } else {
      // Bounded: callers whose Leave never came must not grow it without end.
      this.callers = [...callers.slice(callers.length >= CALLERS_LIMIT ? 1 : 0), [uid, queue]];
    }
  }
  did(linkedid: string): string | null {
    return didOf(this.dids ?? this.base.dids, linkedid);
  }
  /** What the event says of a call's first channel (dids.ts); a call tracked without a DID gets it. */
  learnDid(m: AmiMessage): void {
    const dids = this.dids ?? this.base.dids;
    const next = remember(dids, m);
    if (next === dids) return;
    this.dids = next;
    const id = m.get('Linkedid');
    const call = id ? this.call(id) : undefined;
    if (call && call.did === null) this.updateCall(call.id, { did: didOf(next, call.id) });
  }
  setContact(uri: string, up: boolean): void {
    const contacts = this.contacts ?? this.base.contacts;
    if (contacts[uri] === up) return;
    (this.contacts ??= { ...this.base.contacts })[uri] = up;
  }
  patchAgent(patch: Partial<AgentPoolInfo>): void {
    const agent = this.agent;
    if (!agent || Object.entries(patch).every(([k, v]) => agent[k as keyof AgentPoolInfo] === v)) return;
    this.agent = { ...agent, ...patch };
  }
  /** Forgets a call without a trace in the history (the agent pool's login call is none of the agent's calls). */
  forgetCall(id: string): void {
    const call = this.call(id);
    if (!call) return;
    for (const uid of call.legs) this.dropLeg(uid);
    (this.calls ??= new Map(this.base.calls)).delete(id);
  }
  patchExtension(patch: Partial<Snapshot['extension']>): void {
    const ext = this.extension;
    if (Object.entries(patch).every(([k, v]) => ext[k as keyof typeof ext] === v)) return;
    this.extension = { ...ext, ...patch };
  }
  queue(name: string): QueueInfo | undefined {
    return (this.queues ?? this.base.snapshot.queues).find((q) => q.name === name);
  }
  setQueue(queue: QueueInfo): void {
    const queues = (this.queues ??= [...this.base.snapshot.queues]);
    const i = queues.findIndex((q) => q.name === queue.name);
    if (i < 0) queues.push(queue);
    else queues[i] = queue;
  }

  /** The new state, or the base when nothing changed. */
  finish(): AgentState {
    const base = this.base;
    const snap = base.snapshot;
    let calls = snap.calls;
    let history = snap.history;
    if (this.calls || this.legs) {
      const legs = this.legs ?? base.legs;
      const tracks = this.calls ?? base.calls;
      let changedTracks: Map<string, CallTrack> | null = null;
      const list: CallInfo[] = [];
      for (const track of tracks.values()) {
        const next = viewOf(track, legs, this.now);
        if (next !== track) (changedTracks ??= new Map(tracks)).set(track.id, next);
        if (next.info && !next.customerGone) list.push(next.info);
        if (next.consult?.info) list.push(next.consult.info);
      }
      if (changedTracks) this.calls = changedTracks;
      if (list.length !== calls.length || list.some((c, i) => c !== calls[i])) calls = list;
    }
    if (this.history) history = this.history;
    const queues = this.queues && !sameList(this.queues, snap.queues) ? this.queues : snap.queues;
    const agent = this.agent && withCallable(this.agent, queues, this.identity);
    const snapshot =
      calls === snap.calls &&
      history === snap.history &&
      queues === snap.queues &&
      this.extension === snap.extension &&
      agent === snap.agent
        ? snap
        : { ...snap, extension: this.extension, queues, calls, history, ...(agent ? { agent } : {}) };
    const next: AgentState = {
      identity: base.identity,
      snapshot,
      legs: this.legs ?? base.legs,
      calls: this.calls ?? base.calls,
      ended: this.ended ?? base.ended,
      waiting: this.waiting ?? base.waiting,
      callers: this.callers ?? base.callers,
      hintSeen: this.hintSeen,
      contacts: this.contacts ?? base.contacts,
      uptime: base.uptime,
      dids: this.dids ?? base.dids,
      handedOver: this.handedOver ?? base.handedOver,
      login: this.login,
    };
    const same =
      next.snapshot === base.snapshot &&
      next.legs === base.legs &&
      next.calls === base.calls &&
      next.ended === base.ended &&
      next.waiting === base.waiting &&
      next.callers === base.callers &&
      next.hintSeen === base.hintSeen &&
      next.contacts === base.contacts &&
      next.dids === base.dids &&
      next.handedOver === base.handedOver &&
      next.login === base.login;
    return same ? base : next;
  }

  /** A call leaves the agent: into the history when the agent saw it ring or dial (its consultation too). */
  endCall(id: string): void {
    const track = this.call(id);
    if (!track) return;
    (this.calls ??= new Map(this.base.calls)).delete(id);
    // A consultation that ended in a transfer lives on as the call's transferredTo.
    if (track.consult && !track.transferredTo) this.endConsult(track);
    if (track.info && !track.customerGone) this.addHistory(customerEntry(track, track.info, this.now));
  }

  /** A consultation ends on its own (the target hung up or never answered): its own internal call in the history. */
  endConsult(track: CallTrack): void {
    const consult = track.consult;
    if (!consult?.info) return;
    this.addHistory({
      id: consult.id,
      direction: 'internal',
      remote: consult.remote,
      queue: null,
      vars: {},
      startedAt: consult.startedAt,
      answeredAt: consult.answeredAt,
      endedAt: this.now,
      outcome: outcomeOf(consult.answeredAt, null),
      consultationOf: track.id,
    });
  }

  /** The customer's part of a call ends (the customer hung up during a consultation): the consultation stays. */
  endCustomer(track: CallTrack): void {
    if (track.info && !track.customerGone) this.addHistory(customerEntry(track, track.info, this.now));
    this.setCall({ ...track, customerGone: true });
  }

  addHistory(entry: HistoryEntry): void {
    // A queue that rings the agent again reuses the Linkedid: one entry per call id.
    const history = (this.history ??= this.base.snapshot.history.slice());
    const i = history.findIndex((h) => h.id === entry.id);
    if (i >= 0) history.splice(i, 1);
    history.unshift(entry);
    if (history.length > HISTORY_LIMIT) history.length = HISTORY_LIMIT;
  }

  /** A colleague who blind-transferred a call towards the agent before the agent's phone rang. */
  handedOverBy(linkedid: string): Party | null {
    const list = this.handedOver ?? this.base.handedOver;
    for (let i = list.length - 1; i >= 0; i--) if (list[i]![0] === linkedid) return list[i]![1];
    return null;
  }
  rememberHandover(linkedid: string, by: Party): void {
    const list = this.handedOver ?? this.base.handedOver;
    this.handedOver = [...list.slice(list.length >= HANDED_OVER_LIMIT ? 1 : 0), [linkedid, by]];
  }
}

/** Member states in which no queue call can reach the member. */
const UNREACHABLE = new Set(['unavailable', 'invalid', 'unknown']);

/** The pool agent with `callable` from its pool members: logged in, and a queue's member no longer unavailable. */
function withCallable(agent: AgentPoolInfo, queues: readonly QueueInfo[], identity: AgentState['identity']): AgentPoolInfo {
  const callable =
    agent.loggedIn && queues.some((q) => q.member && identity.isMyAgentInterface(q.interface ?? '') && !UNREACHABLE.has(q.status));
  return callable === agent.callable ? agent : { ...agent, callable };
}

/** The history entry of the customer's call (the call itself, not its consultation). */
function customerEntry(track: CallTrack, info: CallInfo, now: number): HistoryEntry {
  const entry: HistoryEntry = {
    id: track.id,
    direction: info.direction,
    remote: info.remote,
    queue: info.queue,
    vars: info.vars,
    startedAt: info.startedAt,
    answeredAt: info.answeredAt,
    endedAt: now,
    outcome: outcomeOf(info.answeredAt, track.answeredBy),
  };
  if (info.answeredAt === null && track.answeredBy) entry.answeredBy = track.answeredBy;
  if (track.transferredTo) entry.transferredTo = track.transferredTo;
  if (track.transferredBy) entry.transferredBy = track.transferredBy;
  if (info.placedByAgent) entry.placedByAgent = true;
  return entry;
}

/** The ended Uniqueids as a set, made once per (immutable) list: looked up on every channel event. */
const endedSets = new WeakMap<readonly string[], ReadonlySet<string>>();
function endedSet(ended: readonly string[]): ReadonlySet<string> {
  let set = endedSets.get(ended);
  if (!set) endedSets.set(ended, (set = new Set(ended)));
  return set;
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
