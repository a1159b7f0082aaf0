/**
 * reduce(state, message, now): the agent's picture after one AMI event. Pure: no clock (time is
 * `now`, given by the caller), no I/O (warnings go to the injected logger). Returns the same
 * object when the event changes nothing, so callers can compare by identity.
 *
 * Calls are keyed by Linkedid: the caller's channel, the Local `;1`/`;2` pair and the phone's leg
 * are one call. The agent's own legs (identity.isMyChannel) decide when a call exists and ends;
 * the other legs of a tracked call only add variables, the queue, hold and recording.
 */
import type { AmiMessage } from '../ami/message.ts';
import type { CallInfo, CallState, ExtensionState, HistoryEntry, Party, QueueInfo, RecordingState, Snapshot } from '../../shared/snapshot.ts';
import type { AgentState, CallTrack, Leg, Logger } from './state.ts';
import { didOf, remember, type Dids } from './dids.ts';
import { agentIdentity } from './identity.ts';
import { CALLERS_LIMIT, ENDED_LIMIT, HISTORY_LIMIT, emptyState, silentLogger } from './state.ts';

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
        if (next.info) list.push(next.info);
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
      next.dids === base.dids;
    return same ? base : next;
  }

  /** A call leaves the agent: into the history when the agent saw it ring or dial. */
  endCall(id: string): void {
    const track = this.call(id);
    if (!track) return;
    (this.calls ??= new Map(this.base.calls)).delete(id);
    const info = track.info;
    if (!info) return;
    const entry: HistoryEntry = {
      id,
      direction: info.direction,
      remote: info.remote,
      queue: info.queue,
      vars: info.vars,
      startedAt: info.startedAt,
      answeredAt: info.answeredAt,
      endedAt: this.now,
    };
    // A queue that rings the agent again reuses the Linkedid: one entry per call id.
    const history = (this.history ??= this.base.snapshot.history.filter((h) => h.id !== id));
    history.unshift(entry);
    if (history.length > HISTORY_LIMIT) history.length = HISTORY_LIMIT;
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

/** Recomputes the visible CallInfo of a track; returns the same track when nothing shows differently. */
function viewOf(track: CallTrack, legs: ReadonlyMap<string, Leg>, now: number): CallTrack {
  const mine = track.legs.map((uid) => legs.get(uid)).filter((l): l is Leg => l !== undefined);
  const anyUp = mine.some((l) => l.state === 6);
  let state: CallState | null;
  if (track.direction === 'outbound' || (track.direction === 'internal' && isOutgoing(track, mine))) {
    state = !mine.some((l) => l.state >= 4) ? null : anyUp && !track.dialing ? 'up' : 'dialing';
  } else {
    state = anyUp ? 'up' : track.offered || mine.some((l) => l.state === 5) ? 'ringing' : null;
  }
  if (state === null) {
    if (!track.info) return track;
    state = track.info.state === 'onhold' ? 'up' : track.info.state;
  }
  const answeredAt = track.answeredAt ?? (state === 'up' ? now : null);
  if (state === 'up' && track.hold) state = 'onhold';
  const own = mine.find((l) => l.device) ?? mine[0];
  const prev = track.info;
  const info: CallInfo = {
    id: track.id,
    channel: own?.name ?? prev?.channel ?? null,
    direction: track.direction,
    state,
    remote: track.remote,
    queue: track.queue,
    vars: track.vars,
    recording: track.recording,
    startedAt: track.startedAt,
    answeredAt,
    uniqueid: own?.uniqueid ?? prev?.uniqueid ?? null,
    did: track.did,
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
    prev.did === info.did;
  if (same && answeredAt === track.answeredAt) return track;
  return { ...track, answeredAt, info: same ? prev : info };
}

/** An internal call the agent placed (the agent's first leg started it). */
function isOutgoing(track: CallTrack, mine: readonly Leg[]): boolean {
  return mine.some((l) => l.uniqueid === track.id);
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
    // another phone of this PBX (PJSIP/1002-... with caller 1002) the call is internal. Seen on live
    // channel events and on the CoreShowChannel items of a resync alike, so both agree.
    if (d.call(side.lid)) {
      mergeVars(d, side.lid, m, prefix);
      if (isPhoneOf(side.name, party(m.get(prefix + 'CallerIDNum')))) markInternal(d, side.lid);
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
    // The far end as the phone's leg sees it: the caller on an inbound call, the callee once connected.
    const num = party(m.get(prefix + 'ConnectedLineNum'));
    if (num && num !== d.identity.extension) setRemote(d, leg.linkedid, { number: num, name: party(m.get(prefix + 'ConnectedLineName')) }, true);
  }
  const track = d.call(leg.linkedid)!;
  if (track.direction !== 'inbound' && leg.uniqueid === track.id && !track.remote.number) {
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
    direction: leg.uniqueid === leg.linkedid ? 'outbound' : 'inbound',
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

/** `PJSIP/1002-00000001` with caller number 1002: another phone of this PBX, so the call is internal. */
function isPhoneOf(channel: string | undefined, number: string): boolean {
  if (!channel || !number) return false;
  const slash = channel.indexOf('/');
  const dash = channel.lastIndexOf('-');
  return slash > 0 && dash > slash && !channel.startsWith('Local/') && channel.slice(slash + 1, dash) === number;
}

function markInternal(d: Draft, id: string): void {
  const call = d.call(id);
  if (call && call.direction !== 'internal') d.setCall({ ...call, direction: 'internal' });
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
    return;
  }
  mergeVars(d, leg.linkedid, m, '');
  d.dropLeg(leg.uniqueid);
  d.markEnded(leg.uniqueid);
  const call = d.call(leg.linkedid);
  if (!call) return;
  const legs = call.legs.filter((u) => u !== leg.uniqueid);
  if (legs.length === 0) d.endCall(call.id);
  else d.setCall({ ...call, legs });
};

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
      // Not the agent's channels; still the variables of a call the agent is in.
      applySide(d, m, '', false);
      applySide(d, m, 'Dest', false);
      return;
    }
    const dest = destMine ? applySide(d, m, 'Dest', true) : applySide(d, m, 'Dest', false);
    const src = srcMine ? applySide(d, m, '', true) : applySide(d, m, '', false);
    if (destMine && !srcMine && dest) {
      // Someone (a queue, a phone) calls the agent: the source is the remote party.
      const number = party(m.get('CallerIDNum'));
      setRemote(d, dest.linkedid, { number, name: party(m.get('CallerIDName')) }, false);
      if (isPhoneOf(srcName, number)) markInternal(d, dest.linkedid);
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
      if (isPhoneOf(dstName, number)) markInternal(d, src.linkedid);
      if (kind === 'dial') d.updateCall(src.linkedid, { dialing: m.name !== 'DialEnd' });
    }
  };
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
  BlindTransfer: () => {},
  AttendedTransfer: () => {},
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
