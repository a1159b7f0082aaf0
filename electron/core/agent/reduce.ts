/**
 * reduce(state, message, now): the agent's picture after one AMI event. Pure: no clock (time is
 * `now`, given by the caller), no I/O (warnings go to the injected logger). Returns the same
 * object when the event changes nothing, so callers can compare by identity.
 *
 * Calls are keyed by Linkedid: the caller's channel, the Local `;1`/`;2` pair and the phone's leg
 * are one call. The agent's own legs (identity.isMyChannel) decide when a call exists; the agent's
 * part ends with the phone's own leg, whatever Local channels remain (after a transfer out of a
 * FreePBX-style `Local/1001@from-queue` member they live on until the customer hangs up). The
 * other legs of a tracked call only add variables, the queue, hold and recording.
 *
 * Calls that change hands (../shared/fixtures/asterisk-22-live): the remote party is always the
 * person the call is about. A consultation (Atxfer) is its own call beside the customer's while it
 * lasts; a completed transfer shows as transferredTo or transferredBy, never as a new remote party
 * of the customer's call.
 */
import type { AmiMessage } from '../ami/message.ts';
import type { CallDirection, CallInfo, CallState, ExtensionState, HistoryEntry, Party, QueueInfo, RecordingState, Snapshot } from '../../shared/snapshot.ts';
import type { AgentState, CallTrack, Consult, Leg, Logger } from './state.ts';
import { didOf, remember, type Dids } from './dids.ts';
import { agentIdentity } from './identity.ts';
import { CALLERS_LIMIT, ENDED_LIMIT, HANDED_OVER_LIMIT, HISTORY_LIMIT, emptyState, outcomeOf, silentLogger } from './state.ts';

type Handler = (d: Draft, m: AmiMessage) => void;

export function reduce(state: AgentState, message: AmiMessage, now: number, logger: Logger = silentLogger): AgentState {
  if (message.kind !== 'event') return state;
  const handler = HANDLERS[message.name];
  if (!handler) return state;
  const draft = new Draft(state, now, logger);
  try {
    handler(draft, message);
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    logger.warn(`${message.name}: ${error.message}; the event was ignored`);
    return state;
  }
  return draft.finish();
}

/** A field with a value the reducer does not know: the whole event is ignored (and logged once). */
class Invalid extends Error {}

// ---- value tables --------------------------------------------------------------------------

/** ExtensionStatus Status (AST_EXTENSION_* bits). -1/-2: the hint was removed. */
const EXTENSION_STATUS: Record<string, ExtensionState> = {
  '-2': 'unknown',
  '-1': 'unknown',
  '0': 'idle',
  '1': 'inuse',
  '2': 'busy',
  '4': 'unavailable',
  '8': 'ringing',
  '9': 'ringing',
  '16': 'onhold',
  '17': 'onhold',
};

/** DeviceStateChange State (ast_devstate_str). */
const DEVICE_STATE: Record<string, ExtensionState> = {
  UNKNOWN: 'unknown',
  NOT_INUSE: 'idle',
  INUSE: 'inuse',
  BUSY: 'busy',
  INVALID: 'unknown',
  UNAVAILABLE: 'unavailable',
  RINGING: 'ringing',
  RINGINUSE: 'ringing',
  ONHOLD: 'onhold',
};

/** QueueMember* Status (AST_DEVICE_*), as the snapshot's word. */
const MEMBER_STATUS = ['unknown', 'idle', 'inuse', 'busy', 'invalid', 'unavailable', 'ringing', 'ringinuse', 'onhold'];

const CONTACT_UP = new Set(['Reachable', 'NonQualified', 'Created', 'Updated']);
const CONTACT_DOWN = new Set(['Removed', 'Unreachable']);
const PEER_UP = new Set(['Registered', 'Reachable', 'Lagged', 'OK']);
const PEER_DOWN = new Set(['Unregistered', 'Unreachable', 'Rejected']);

function flag(value: string | undefined, field: string): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (v === '1' || v === 'true' || v === 'yes') return true;
  if (v === '0' || v === 'false' || v === 'no') return false;
  throw new Invalid(`${field} ${JSON.stringify(value.slice(0, 40))} is not 0 or 1`);
}

function integer(value: string | undefined, field: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^-?\d{1,15}$/.test(value)) throw new Invalid(`${field} ${JSON.stringify(value.slice(0, 40))} is not a number`);
  return Number(value);
}

/** A caller ID part as shown to a person: Asterisk writes `<unknown>` (or `unknown`) for none. */
function party(value: string | undefined): string {
  if (!value || value === '<unknown>' || value === 'unknown') return '';
  return value;
}

// ---- the draft: copy on write ----------------------------------------------------------------

class Draft {
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
  extension: Snapshot['extension'];
  queues: QueueInfo[] | null = null;
  history: HistoryEntry[] | null = null;
  /** As AmiMessage's: a draft lives for one event; one kept for the process's life keeps V8's shape of drafts across full GCs. */
  private static readonly keptForItsShape = new Draft(emptyState(agentIdentity({ extension: '0' })), Date.now(), silentLogger);

  constructor(
    readonly base: AgentState,
    readonly now: number,
    readonly logger: Logger,
  ) {
    this.identity = base.identity;
    this.hintSeen = base.hintSeen;
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
    const snapshot =
      calls === snap.calls && history === snap.history && queues === snap.queues && this.extension === snap.extension
        ? snap
        : { ...snap, extension: this.extension, queues, calls, history };
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
      next.handedOver === base.handedOver;
    return same ? base : next;
  }

  /** A call leaves the agent: into the history when the agent saw it ring or dial (its consultation too). */
  endCall(id: string): void {
    const track = this.call(id);
    if (!track) return;
    (this.calls ??= new Map(this.base.calls)).delete(id);
    // A consultation that ended in a transfer lives on as the call's transferredTo.
    if (track.consult && !track.transferredTo) this.endConsult(track);
    const info = track.info;
    if (!info || track.customerGone) return;
    const entry: HistoryEntry = {
      id,
      direction: info.direction,
      remote: info.remote,
      queue: info.queue,
      vars: info.vars,
      startedAt: info.startedAt,
      answeredAt: info.answeredAt,
      endedAt: this.now,
      outcome: outcomeOf(info.answeredAt, track.answeredBy),
    };
    if (info.answeredAt === null && track.answeredBy) entry.answeredBy = track.answeredBy;
    if (track.transferredTo) entry.transferredTo = track.transferredTo;
    if (track.transferredBy) entry.transferredBy = track.transferredBy;
    this.addHistory(entry);
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
    const info = track.info;
    if (info && !track.customerGone) {
      this.addHistory({
        id: track.id,
        direction: info.direction,
        remote: info.remote,
        queue: info.queue,
        vars: info.vars,
        startedAt: info.startedAt,
        answeredAt: info.answeredAt,
        endedAt: this.now,
        outcome: outcomeOf(info.answeredAt, null),
        ...(track.transferredBy ? { transferredBy: track.transferredBy } : {}),
      });
    }
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

// ---- what the snapshot shows of a call --------------------------------------------------------

/** Recomputes the visible CallInfo of a track (and its consultation's); the same track when nothing shows differently. */
function viewOf(track: CallTrack, legs: ReadonlyMap<string, Leg>, now: number): CallTrack {
  const consult = track.consult ? consultView(track, track.consult, now) : null;
  const main = mainView(track, legs, now);
  if (consult === track.consult && main === null) return track;
  return { ...(main ?? track), consult };
}

/** The direction shown: the remote party decides whether it is one of this PBX's phones. */
function directionOf(track: CallTrack): CallDirection {
  if (track.remote.number && track.phones.includes(track.remote.number)) return 'internal';
  return track.origin === 'agent' ? 'outbound' : 'inbound';
}

/** The customer's call as the snapshot shows it, or null when nothing changed. */
function mainView(track: CallTrack, legs: ReadonlyMap<string, Leg>, now: number): CallTrack | null {
  const mine = track.legs.map((uid) => legs.get(uid)).filter((l): l is Leg => l !== undefined);
  const anyUp = mine.some((l) => l.state === 6);
  const direction = directionOf(track);
  let state: CallState | null;
  if (track.origin === 'agent') {
    state = !mine.some((l) => l.state >= 4) ? null : anyUp && !track.dialing ? 'up' : 'dialing';
  } else {
    state = anyUp ? 'up' : track.offered || mine.some((l) => l.state === 5) ? 'ringing' : null;
  }
  if (state === null) {
    if (!track.info) return null;
    state = track.info.state === 'onhold' ? 'up' : track.info.state;
  }
  const answeredAt = track.answeredAt ?? (state === 'up' ? now : null);
  if (state === 'up' && (track.hold || (track.consult !== null && !track.customerGone))) state = 'onhold';
  const own = mine.find((l) => l.device) ?? mine[0];
  const prev = track.info;
  const info: CallInfo = {
    id: track.id,
    channel: own?.name ?? prev?.channel ?? null,
    direction,
    state,
    remote: track.remote,
    queue: track.queue,
    vars: track.vars,
    recording: track.recording,
    startedAt: track.startedAt,
    answeredAt,
    uniqueid: own?.uniqueid ?? prev?.uniqueid ?? null,
    did: track.did,
    transferredBy: track.transferredBy,
  };
  const same =
    prev &&
    prev.channel === info.channel &&
    prev.direction === info.direction &&
    prev.state === info.state &&
    prev.remote === info.remote &&
    prev.queue === info.queue &&
    prev.vars === info.vars &&
    prev.recording === info.recording &&
    prev.answeredAt === info.answeredAt &&
    prev.uniqueid === info.uniqueid &&
    prev.did === info.did &&
    prev.transferredBy === info.transferredBy;
  if (same && answeredAt === track.answeredAt) return null;
  return { ...track, answeredAt, info: same ? prev : info };
}

/** The consultation as its own call: on the agent's same channel, dialling until the target answers. */
function consultView(track: CallTrack, consult: Consult, now: number): Consult {
  const up = consult.state === 6;
  const answeredAt = consult.answeredAt ?? (up ? now : null);
  const channel = track.info?.channel ?? null;
  const prev = consult.info;
  const state: CallState = up ? 'up' : 'dialing';
  if (prev && prev.state === state && prev.remote === consult.remote && prev.channel === channel && prev.recording === track.recording && answeredAt === consult.answeredAt) return consult;
  const info: CallInfo = {
    id: consult.id,
    channel,
    direction: 'internal',
    state,
    remote: consult.remote,
    queue: null,
    vars: {},
    recording: track.recording,
    startedAt: consult.startedAt,
    answeredAt,
    uniqueid: track.info?.uniqueid ?? null,
    did: null,
    consultationOf: track.id,
  };
  return { ...consult, answeredAt, info };
}

// ---- channels -------------------------------------------------------------------------------

interface Side {
  name: string;
  uid: string;
  lid: string;
}

/** The channel described by the headers with `prefix` ('' or 'Dest'), or null when incomplete. */
function sideOf(m: AmiMessage, prefix: '' | 'Dest'): Side | null {
  const name = m.get(prefix + 'Channel');
  const uid = m.get(prefix + 'Uniqueid');
  if (!name || !uid) return null;
  return { name, uid, lid: m.get(prefix + 'Linkedid') || uid };
}

/**
 * Applies what one side of an event says about a channel: tracks the agent's legs (creating the
 * call when `create`), their state, extension and connected line, and the call's variables.
 * Returns the agent's leg, or undefined when the channel is not the agent's.
 */
function applySide(d: Draft, m: AmiMessage, prefix: '' | 'Dest', create: boolean): Leg | undefined {
  const side = sideOf(m, prefix);
  if (!side || d.isEnded(side.uid)) return undefined;
  const stateText = m.get(prefix + 'ChannelState');
  const chanState = integer(stateText, prefix + 'ChannelState');
  let leg = d.leg(side.uid);
  const mine = leg !== undefined || d.identity.isMyChannel(side.name);
  if (!mine) {
    // Another leg of a call of the agent: it may carry the variables and the queue, and when it is
    // another phone of this PBX (PJSIP/1002-... with caller 1002) its number is internal. Seen on
    // live channel events and on the CoreShowChannel items of a resync alike, so both agree.
    if (d.call(side.lid)) {
      mergeVars(d, side.lid, m, prefix);
      notePhone(d, side.lid, side.name, party(m.get(prefix + 'CallerIDNum')));
      otherLeg(d, side, chanState);
    }
    return undefined;
  }
  if (!leg) {
    if (!create) return undefined;
    leg = { uniqueid: side.uid, name: side.name, linkedid: side.lid, device: d.identity.isMyDeviceChannel(side.name), state: 0, exten: '' };
  }
  let call = d.call(leg.linkedid);
  if (!call) {
    if (!create) return undefined;
    call = newCall(d, leg);
  }
  const exten = m.get(prefix + 'Exten');
  const state = chanState !== undefined && chanState >= 0 && chanState <= 6 ? Math.max(leg.state, chanState) : leg.state;
  const next: Leg = { ...leg, state, exten: exten ?? leg.exten };
  d.setLeg(next.state === leg.state && next.exten === leg.exten && d.leg(leg.uniqueid) === leg ? leg : next);
  if (!call.legs.includes(leg.uniqueid)) d.setCall({ ...call, legs: [...call.legs, leg.uniqueid] });
  mergeVars(d, leg.linkedid, m, prefix);
  if (leg.device) {
    // The far end as the phone's leg sees it: the caller on an inbound call, the callee once
    // connected; during a consultation, the colleague consulted (the customer stays the remote).
    const num = party(m.get(prefix + 'ConnectedLineNum'));
    if (num && num !== d.identity.extension) {
      const far = { number: num, name: party(m.get(prefix + 'ConnectedLineName')) };
      const call = d.call(leg.linkedid)!;
      const consult = call.consult;
      // (Bridge events during the consultation still name the customer: not the colleague's word.)
      if (consult) {
        if (num !== call.remote.number && !sameParty(consult.remote, far)) setConsult(d, leg.linkedid, { remote: far });
      } else setRemote(d, leg.linkedid, far, true);
    }
  }
  const track = d.call(leg.linkedid)!;
  if (track.origin === 'agent' && leg.uniqueid === track.id && !track.remote.number) {
    // The agent dialled: the number is the extension its leg went to.
    const dialled = exten && exten !== 's' ? exten : '';
    if (dialled) setRemote(d, track.id, { number: dialled, name: '' }, false);
  }
  return d.leg(leg.uniqueid);
}

function newCall(d: Draft, leg: Leg): CallTrack {
  const queue = d.callerQueue(leg.linkedid) ?? null;
  const call: CallTrack = {
    id: leg.linkedid,
    legs: [],
    // The agent's leg started the call (the phone dialled, or an Originate rang the phone first).
    origin: leg.uniqueid === leg.linkedid ? 'agent' : 'remote',
    phones: [],
    remote: { number: '', name: '' },
    queue,
    vars: {},
    recording: 'off',
    hold: false,
    offered: false,
    dialing: false,
    startedAt: d.now,
    answeredAt: null,
    did: d.did(leg.linkedid),
    consult: null,
    customerGone: false,
    transferredTo: null,
    transferredBy: d.handedOverBy(leg.linkedid),
    answeredBy: null,
    info: null,
  };
  d.setCall(call);
  return call;
}

/** Channel variables (manager.conf channelvars): a non-empty value is never replaced by an empty one. */
function mergeVars(d: Draft, id: string, m: AmiMessage, prefix: '' | 'Dest'): void {
  const call = d.call(id);
  if (!call) return;
  if (!m.raw.includes(prefix + 'ChanVariable')) return;
  const found = m.variables(prefix + 'ChanVariable');
  let vars: Record<string, string> | null = null;
  for (const k in found) {
    const v = found[k]!;
    const current = call.vars[k];
    if (current === v || (v === '' && current !== undefined)) continue;
    (vars ??= { ...call.vars })[k] = v;
  }
  if (vars) d.setCall({ ...call, vars });
}

function setRemote(d: Draft, id: string, remote: Party, override: boolean): void {
  const call = d.call(id);
  if (!call || !remote.number) return;
  if (!override && call.remote.number) return;
  if (call.remote.number === remote.number && call.remote.name === remote.name) return;
  d.setCall({ ...call, remote });
}

/** `PJSIP/1002-00000001` with caller number 1002: another phone of this PBX. */
function isPhoneOf(channel: string | undefined, number: string): boolean {
  if (!channel || !number) return false;
  const slash = channel.indexOf('/');
  const dash = channel.lastIndexOf('-');
  return slash > 0 && dash > slash && !channel.startsWith('Local/') && channel.slice(slash + 1, dash) === number;
}

/** Remembers that `number` is a phone of this PBX in the call (see CallTrack.phones). */
function notePhone(d: Draft, id: string, channel: string | undefined, number: string): void {
  if (!isPhoneOf(channel, number)) return;
  const call = d.call(id);
  if (!call || call.phones.includes(number) || call.phones.length >= 8) return;
  d.setCall({ ...call, phones: [...call.phones, number] });
}

/** The extension a channel or member interface reaches: `PJSIP/1002-0000000a`, `Local/1002@from-queue-...;1`, `Local/1002@from-queue/n` -> 1002. */
function extensionOf(name: string | undefined): string {
  if (!name) return '';
  const m = /^[A-Za-z0-9]+\/([^@/;-]+)/.exec(name);
  return m ? m[1]! : '';
}

function sameParty(a: Party, b: Party): boolean {
  return a.number === b.number && a.name === b.name;
}

/** `Local/1002@from-internal-00000002;1`: the first half of a Local pair. */
const LOCAL_ONE = /^Local\/([^@]+)@[^;]+;1$/;

/**
 * A channel of the agent's call that is not the agent's. An attended transfer's consultation
 * starts as a `Local/<target>@...;1` channel of the same Linkedid created while the agent talks
 * (Asterisk bridges the agent's same channel with it); its state and its end follow that channel.
 */
function otherLeg(d: Draft, side: Side, chanState: number | undefined): void {
  const call = d.call(side.lid)!;
  const consult = call.consult;
  if (consult) {
    if (consult.id === side.uid && chanState !== undefined && chanState > consult.state && chanState <= 6) setConsult(d, call.id, { state: chanState });
    return;
  }
  const target = LOCAL_ONE.exec(side.name);
  if (!target || call.answeredAt === null || call.customerGone || d.isEnded(side.uid)) return;
  const started: Consult = {
    id: side.uid,
    channel: side.name,
    state: chanState !== undefined && chanState >= 0 && chanState <= 6 ? chanState : 0,
    remote: { number: target[1]!, name: '' },
    startedAt: d.now,
    answeredAt: null,
    info: null,
  };
  d.setCall({ ...call, consult: started });
}

function setConsult(d: Draft, id: string, patch: Partial<Consult>): void {
  const call = d.call(id);
  if (!call?.consult) return;
  d.setCall({ ...call, consult: { ...call.consult, ...patch } });
}

// ---- handlers -------------------------------------------------------------------------------

const channelEvent: Handler = (d, m) => {
  applySide(d, m, '', true);
};

/** A new channel: a call's first one says the number dialled (before the call is the agent's, mostly). */
const newchannel: Handler = (d, m) => {
  d.learnDid(m);
  applySide(d, m, '', true);
};

const hangup: Handler = (d, m) => {
  d.learnDid(m);
  const side = sideOf(m, '');
  if (!side) return;
  const leg = d.leg(side.uid);
  if (!leg) {
    // A Hangup before its Newchannel (or one we never saw): remember it, so late events make no call.
    if (d.identity.isMyChannel(side.name)) d.markEnded(side.uid);
    else otherHangup(d, side);
    return;
  }
  mergeVars(d, leg.linkedid, m, '');
  d.dropLeg(leg.uniqueid);
  d.markEnded(leg.uniqueid);
  let call = d.call(leg.linkedid);
  if (!call) return;
  // Cause 26: the PBX says another phone answered it (without telling which).
  if (call.answeredAt === null && call.answeredBy === null && m.get('Cause') === '26') d.setCall((call = { ...call, answeredBy: '' }));
  const legs = call.legs.filter((u) => u !== leg.uniqueid);
  // The agent's part ends with the phone's own leg: after a transfer out of a Local-member queue
  // the Local legs live on, talking to the colleague, until the customer hangs up.
  const phoneGone = leg.device && !legs.some((u) => d.leg(u)?.device);
  if (legs.length === 0 || phoneGone) {
    for (const u of legs) {
      d.dropLeg(u);
      d.markEnded(u);
    }
    d.endCall(call.id);
  } else d.setCall({ ...call, legs });
};

/** Another channel of an agent's call hangs up: the consultation's, or the customer's during one. */
function otherHangup(d: Draft, side: Side): void {
  const call = d.call(side.lid);
  if (!call?.consult) return;
  if (call.consult.id === side.uid) {
    // The consultation ends without a transfer: the agent is back with the customer (or alone).
    if (!call.transferredTo) d.endConsult(call);
    d.setCall({ ...call, consult: null, hold: false });
  } else if (side.uid === call.id && call.origin === 'remote') {
    // The caller's first channel: the customer hung up while the agent consulted a colleague.
    d.endCustomer(call);
  }
}

const rename: Handler = (d, m) => {
  const uid = m.get('Uniqueid');
  const newName = m.get('Newname');
  if (!uid || !newName) return;
  const leg = d.leg(uid);
  if (leg) {
    if (!d.identity.isMyChannel(newName)) return hangup(d, m);
    d.setLeg({ ...leg, name: newName, device: d.identity.isMyDeviceChannel(newName) });
    return;
  }
  const lid = m.get('Linkedid');
  if (!lid || !d.identity.isMyChannel(newName) || d.isEnded(uid)) return;
  const created: Leg = { uniqueid: uid, name: newName, linkedid: lid, device: d.identity.isMyDeviceChannel(newName), state: integer(m.get('ChannelState'), 'ChannelState') ?? 0, exten: m.get('Exten') ?? '' };
  const call = d.call(lid) ?? newCall(d, created);
  d.setLeg(created);
  d.setCall({ ...call, legs: [...call.legs, uid] });
};

/** Hold/Unhold on any leg of the agent's call. */
function hold(on: boolean): Handler {
  return (d, m) => {
    const side = sideOf(m, '');
    if (!side) return;
    applySide(d, m, '', false);
    const id = d.leg(side.uid)?.linkedid ?? side.lid;
    d.updateCall(id, { hold: on });
  };
}

function recording(state: (m: AmiMessage) => RecordingState): Handler {
  return (d, m) => {
    const side = sideOf(m, '');
    if (!side) return;
    const id = d.leg(side.uid)?.linkedid ?? side.lid;
    if (!d.call(id)) return;
    const next = state(m);
    applySide(d, m, '', false);
    d.updateCall(id, { recording: next });
  };
}

const mixMonitorMute: Handler = (d, m) => {
  const muted = flag(m.get('State'), 'State');
  if (muted === undefined) return;
  recording(() => (muted ? 'muted' : 'on'))(d, m);
};

/** Dial* and Agent*: both sides in one event; the agent's side may be either. */
function twoSided(kind: 'dial' | 'agent'): Handler {
  return (d, m) => {
    const srcName = m.get('Channel');
    const dstName = m.get('DestChannel');
    const destMine = d.identity.isMyChannel(dstName) || (kind === 'agent' && d.identity.isMyInterface(m.get('Interface')));
    const srcMine = d.identity.isMyChannel(srcName) || (srcName !== undefined && d.leg(m.get('Uniqueid') ?? '') !== undefined);
    if (!destMine && !srcMine) {
      // Not the agent's channels; still the variables of a call the agent is in, and who took it
      // when a colleague answers a call that rings here too (a ring-all queue, a ring group).
      applySide(d, m, '', false);
      applySide(d, m, 'Dest', false);
      answeredElsewhere(d, m, kind);
      return;
    }
    const dest = destMine ? applySide(d, m, 'Dest', true) : applySide(d, m, 'Dest', false);
    const src = srcMine ? applySide(d, m, '', true) : applySide(d, m, '', false);
    if (destMine && !srcMine && dest) {
      // Someone (a queue, a phone) calls the agent: the source is the remote party.
      const number = party(m.get('CallerIDNum'));
      setRemote(d, dest.linkedid, { number, name: party(m.get('CallerIDName')) }, false);
      notePhone(d, dest.linkedid, srcName, number);
      if (kind === 'agent') {
        const queue = m.get('Queue');
        const call = d.call(dest.linkedid);
        if (call) {
          const patch: { queue?: string; offered?: boolean } = {};
          if (queue) patch.queue = queue;
          if (m.name === 'AgentCalled') patch.offered = true;
          d.updateCall(call.id, patch);
        }
      }
    } else if (srcMine && !destMine && src && src.device) {
      // The agent's phone dials out: the destination is the remote party.
      const number = party(m.get('DestCallerIDNum'));
      setRemote(d, src.linkedid, { number, name: party(m.get('DestCallerIDName')) }, false);
      notePhone(d, src.linkedid, dstName, number);
      if (kind === 'dial') d.updateCall(src.linkedid, { dialing: m.name !== 'DialEnd' });
    }
  };
}

/**
 * A colleague answered a call that rings here: the caller's DialEnd ANSWER to another member
 * (it comes before the queue hangs up the agent's ringing leg), or the queue's AgentConnect for
 * another member. Only while the agent has not answered it.
 */
function answeredElsewhere(d: Draft, m: AmiMessage, kind: 'dial' | 'agent'): void {
  const call = d.call(m.get('Linkedid') ?? '');
  if (!call || call.answeredAt !== null || call.origin === 'agent') return;
  let by = '';
  if (kind === 'dial' && m.name === 'DialEnd' && m.get('DialStatus') === 'ANSWER' && m.get('Uniqueid') === call.id) {
    by = extensionOf(m.get('DestChannel')) || party(m.get('DestCallerIDNum'));
  } else if (kind === 'agent' && m.name === 'AgentConnect') {
    by = extensionOf(m.get('Interface')) || (m.get('MemberName') ?? '');
  }
  if (by && by !== call.answeredBy) d.setCall({ ...call, answeredBy: by });
}

/** CoreShowChannel / Status list items: a channel snapshot; the caller's Application tells the queue. */
const channelItem: Handler = (d, m) => {
  // A Status item says the first channel's DNID: the DID of a call already up when we logged in.
  d.learnDid(m);
  applySide(d, m, '', true);
  const lid = m.get('Linkedid');
  if (lid && d.call(lid) && m.get('Application') === 'Queue') {
    const queue = (m.get('ApplicationData') ?? m.get('Data') ?? '').split(',')[0];
    const call = d.call(lid)!;
    if (queue && !call.queue) d.updateCall(lid, { queue });
  }
};

const extensionStatus: Handler = (d, m) => {
  const hint = m.get('Hint');
  if (!d.identity.isMyHint(m.get('Exten'), m.get('Context'), hint)) return;
  // After a restart every hint reports 4 with an empty Hint until FullyBooted: not the phone's word.
  if (hint === '') return;
  const status = m.get('Status') ?? '';
  const state = EXTENSION_STATUS[status];
  if (!state) throw new Invalid(`Status ${JSON.stringify(status.slice(0, 40))} is not an extension state`);
  d.hintSeen = true;
  d.patchExtension({ state });
};

const deviceStateChange: Handler = (d, m) => {
  if (!d.identity.isMyDevice(m.get('Device'))) return;
  const text = m.get('State') ?? '';
  const state = DEVICE_STATE[text];
  if (!state) throw new Invalid(`State ${JSON.stringify(text.slice(0, 40))} is not a device state`);
  const patch: Partial<Snapshot['extension']> = {};
  if (!d.hintSeen) patch.state = state;
  // Until the PBX says (ContactStatus, PeerStatus), an unavailable device is an unregistered phone.
  if (d.extension.registered === null && state !== 'unknown') patch.registered = state !== 'unavailable';
  d.patchExtension(patch);
};

const contactStatus: Handler = (d, m) => {
  const peer = d.identity.device.slice(d.identity.device.indexOf('/') + 1);
  if (m.get('AOR') !== peer && m.get('EndpointName') !== peer) return;
  const status = m.get('ContactStatus') ?? '';
  const up = CONTACT_UP.has(status) ? true : CONTACT_DOWN.has(status) ? false : undefined;
  if (up === undefined) {
    if (status === 'Unknown') return;
    throw new Invalid(`ContactStatus ${JSON.stringify(status.slice(0, 40))} is not a contact status`);
  }
  d.setContact(m.get('URI') ?? '', up);
  const contacts = d.contacts ?? d.base.contacts;
  d.patchExtension({ registered: Object.values(contacts).some(Boolean) });
};

const peerStatus: Handler = (d, m) => {
  if (!d.identity.isMyDevice(m.get('Peer'))) return;
  const status = m.get('PeerStatus') ?? '';
  const up = PEER_UP.has(status) ? true : PEER_DOWN.has(status) ? false : undefined;
  if (up === undefined) throw new Invalid(`PeerStatus ${JSON.stringify(status.slice(0, 40))} is not a peer status`);
  d.patchExtension({ registered: up });
};

/** QueueMember (QueueStatus item) and QueueMemberAdded/Status/Pause/Penalty/Ringinuse. */
const queueMember: Handler = (d, m) => {
  const iface = m.get('Interface') ?? m.get('Location');
  const name = m.get('Queue');
  if (!name || !d.identity.isMyInterface(iface)) return;
  const statusNum = integer(m.get('Status'), 'Status');
  if (statusNum !== undefined && (statusNum < 0 || statusNum >= MEMBER_STATUS.length)) throw new Invalid(`Status ${statusNum} is not a member status`);
  const paused = flag(m.get('Paused'), 'Paused');
  const lastCall = integer(m.get('LastCall'), 'LastCall');
  const prev = d.queue(name);
  const next: QueueInfo = {
    name,
    interface: iface ?? prev?.interface ?? null,
    // QueueMember* events say MemberName, QueueStatus items Name.
    ...optional('memberName', m.get('MemberName') ?? m.get('Name') ?? prev?.memberName),
    member: true,
    paused: paused ?? prev?.paused ?? false,
    pausedReason: m.get('PausedReason') ?? prev?.pausedReason ?? '',
    status: statusNum !== undefined ? MEMBER_STATUS[statusNum]! : (prev?.status ?? 'unknown'),
    callsWaiting: d.waitingIn(name) ?? prev?.callsWaiting ?? 0,
    lastCallAt: lastCall !== undefined ? (lastCall > 0 ? lastCall * 1000 : null) : (prev?.lastCallAt ?? null),
  };
  if (prev && sameQueue(prev, next)) return;
  d.setQueue(next);
};

/** `{ key: value }`, or nothing when the value is unknown (the snapshot carries no undefined fields). */
function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value ? { [key]: value } : {}) as { [P in K]?: string };
}

function sameQueue(a: QueueInfo, b: QueueInfo): boolean {
  return (Object.keys(b) as Array<keyof QueueInfo>).every((k) => a[k] === b[k]);
}

const queueMemberRemoved: Handler = (d, m) => {
  const name = m.get('Queue');
  if (!name || !d.identity.isMyInterface(m.get('Interface'))) return;
  const prev = d.queue(name);
  // Kept as "not a member" so the agent can log in again from the list.
  const next: QueueInfo = { ...(prev ?? emptyQueue(name, m.get('Interface') ?? null)), member: false, paused: false, pausedReason: '', status: 'unknown' };
  if (prev && sameQueue(prev, next)) return;
  d.setQueue(next);
};

function emptyQueue(name: string, iface: string | null): QueueInfo {
  return { name, interface: iface, member: false, paused: false, pausedReason: '', status: 'unknown', callsWaiting: 0, lastCallAt: null };
}

/** QueueCallerJoin/Leave carry the queue's count after the change; Abandon is followed by a Leave. */
function queueCaller(kind: 'join' | 'leave' | 'entry'): Handler {
  return (d, m) => {
    const queue = m.get('Queue');
    if (!queue) return;
    // Only the agent's queues (every queue until one is known: a replay may start mid-call).
    if (d.base.snapshot.queues.length > 0 && !d.queue(queue)) return;
    const count = integer(m.get('Count'), 'Count');
    const uid = m.get('Uniqueid');
    if (count !== undefined && kind !== 'entry') d.setWaiting(queue, Math.max(0, count));
    if (!uid) return;
    if (kind === 'leave') {
      d.setCaller(uid, null);
      return;
    }
    d.setCaller(uid, queue);
    const lid = m.get('Linkedid') ?? uid;
    const call = d.call(lid);
    if (call && !call.queue) d.updateCall(lid, { queue });
  };
}

const queueParams: Handler = (d, m) => {
  const queue = m.get('Queue');
  const calls = integer(m.get('Calls'), 'Calls');
  if (queue && calls !== undefined) d.setWaiting(queue, Math.max(0, calls));
};

/**
 * BlindTransfer: by the agent (the agent's leg is the transferer; it hangs up next), or by a
 * colleague towards the agent (before the agent's phone rings: remembered by Linkedid).
 */
const blindTransfer: Handler = (d, m) => {
  if (m.get('Result') !== 'Success') return;
  const leg = d.leg(m.get('TransfererUniqueid') ?? '');
  if (leg) {
    const to = m.get('Extension') ?? '';
    const call = d.call(leg.linkedid);
    if (call && to) d.setCall({ ...call, transferredTo: { number: to, name: '' } });
    return;
  }
  const lid = m.get('TransfereeLinkedid');
  const by = { number: party(m.get('TransfererCallerIDNum')), name: party(m.get('TransfererCallerIDName')) };
  if (lid && by.number && !d.call(lid) && !d.identity.isMyChannel(m.get('TransfererChannel'))) d.rememberHandover(lid, by);
};

/**
 * AttendedTransfer: the agent completed one (a transferer is the agent's leg: the call goes to
 * the party consulted), or a colleague completed one into the agent (the target is the agent's).
 */
const attendedTransfer: Handler = (d, m) => {
  if (m.get('Result') !== 'Success') return;
  for (const who of ['OrigTransferer', 'SecondTransferer']) {
    const leg = d.leg(m.get(who + 'Uniqueid') ?? '');
    const call = leg && d.call(leg.linkedid);
    if (!call || call.customerGone) continue;
    // The party consulted: on the same channel (Atxfer), or the agent's second call (the phone's own transfer).
    const second = d.leg(m.get('SecondTransfererUniqueid') ?? '');
    const secondCall = second && second.linkedid !== call.id ? d.call(second.linkedid) : undefined;
    const to = call.consult?.remote ??
      secondCall?.remote ?? { number: party(m.get('TransferTargetCallerIDNum')), name: party(m.get('TransferTargetCallerIDName')) };
    if (to.number) d.setCall({ ...call, transferredTo: to });
    return;
  }
  const target = d.leg(m.get('TransferTargetUniqueid') ?? '');
  const call = target && d.call(target.linkedid);
  const by = { number: party(m.get('OrigTransfererCallerIDNum')), name: party(m.get('OrigTransfererCallerIDName')) };
  if (call && by.number) d.setCall({ ...call, transferredBy: by });
};

const HANDLERS: Record<string, Handler> = {
  Newchannel: newchannel,
  Newstate: channelEvent,
  NewConnectedLine: channelEvent,
  NewCallerid: channelEvent,
  Newexten: channelEvent,
  BridgeEnter: channelEvent,
  BridgeLeave: channelEvent,
  LocalBridge: channelEvent,
  LocalOptimizationBegin: () => {},
  LocalOptimizationEnd: () => {},
  BlindTransfer: blindTransfer,
  AttendedTransfer: attendedTransfer,
  Hangup: hangup,
  Rename: rename,
  Hold: hold(true),
  Unhold: hold(false),
  MixMonitorStart: recording(() => 'on'),
  MixMonitorStop: recording(() => 'off'),
  MixMonitorMute: mixMonitorMute,
  DialBegin: twoSided('dial'),
  DialState: twoSided('dial'),
  DialEnd: twoSided('dial'),
  AgentCalled: twoSided('agent'),
  AgentConnect: twoSided('agent'),
  AgentComplete: twoSided('agent'),
  AgentRingNoAnswer: twoSided('agent'),
  AgentDump: twoSided('agent'),
  CoreShowChannel: channelItem,
  Status: channelItem,
  ExtensionStatus: extensionStatus,
  DeviceStateChange: deviceStateChange,
  ContactStatus: contactStatus,
  PeerStatus: peerStatus,
  QueueMember: queueMember,
  QueueMemberAdded: queueMember,
  QueueMemberStatus: queueMember,
  QueueMemberPause: queueMember,
  QueueMemberPaused: queueMember,
  QueueMemberPenalty: queueMember,
  QueueMemberRinginuse: queueMember,
  QueueMemberRemoved: queueMemberRemoved,
  QueueCallerJoin: queueCaller('join'),
  QueueCallerLeave: queueCaller('leave'),
  QueueCallerAbandon: queueCaller('leave'),
  QueueEntry: queueCaller('entry'),
  QueueParams: queueParams,
};

/**
 * The event names reduce() reads: anything else leaves the state as it is. relevance.ts mirrors
 * these handlers (which read the agent's calls, which only its names): change both together.
 */
export const HANDLED_EVENTS: ReadonlySet<string> = new Set(Object.keys(HANDLERS));
