/**
 * ARI events -> the same Snapshot the AMI engine makes (electron/shared/snapshot.ts), so a site
 * with ARI and no AMI user still shows the agent's state and calls. A pure reducer: no clock, no
 * I/O; time comes from the event's `timestamp` (or the `now` given), so a recording replayed twice
 * gives the same snapshots.
 *
 * What it reads:
 * - the agent's phone channels (`PJSIP/1001-...`, by name through the identity), from any event
 *   carrying `channel` (StasisStart, ChannelCreated, ChannelStateChange, ChannelConnectedLine,
 *   ChannelVarset, ChannelHold...) or `peer` (Dial); ChannelDestroyed ends the call. Events for
 *   other channels are skipped: they are not the agent's.
 * - EndpointStateChange (online/offline: `registered`) and DeviceStateChanged (the extension's
 *   state) for the agent's device, from the `endpoint:` and `deviceState:` subscriptions.
 * - RecordingStarted/RecordingFinished for the agent's channel (`recording`).
 * - what the companion tells it: a resync after each (re)connect, the connection's status, a call
 *   it originated, a recording muted.
 *
 * A call's id: the channel's `linkedid` when the JSON has one; Asterisk 22 does not send it
 * (checked in fixture 13), so the id is the agent leg's channel id (its Uniqueid), stable for the
 * call's life. Queues need AMI: ARI has no queue resource, so `queues` stays empty. That is not an
 * error and `connection.error` stays null.
 */
import type {
  CallDirection,
  CallInfo,
  CallState,
  ConnectionStatus,
  ExtensionState,
  HistoryEntry,
  Party,
  RecordingState,
  Snapshot,
} from '../../shared/snapshot.ts';
import type { AgentIdentity } from '../agent/identity.ts';
import { HISTORY_LIMIT, ENDED_LIMIT, emptySnapshot, outcomeOf } from '../agent/state.ts';
import type { AriChannel, AriEndpoint, AriEvent } from './types.ts';
import { isOwnDial } from './dial.ts';
import { english, type Phrase } from '../../shared/phrases/index.ts';

/** One of the agent's phone channels, as a call. */
export interface AriCallTrack {
  readonly channelId: string;
  readonly name: string;
  readonly callId: string;
  readonly direction: CallDirection;
  /** The call as shown; null while the channel exists but neither rings nor dials (state Down). */
  readonly state: CallState | null;
  readonly hold: boolean;
  readonly remote: Party;
  readonly vars: Readonly<Record<string, string>>;
  readonly recording: RecordingState;
  readonly startedAt: number;
  readonly answeredAt: number | null;
  /** What the agent dialled (an originate or the phone's own dialling), until the far end says who it is. */
  readonly dialled: string;
  /** A Dial from the agent's channel is in progress: an outbound call shows `dialing` until it ends. */
  readonly dialing: boolean;
}

export interface AriAgentState {
  readonly identity: AgentIdentity;
  /** ChannelVarset names kept in `vars` besides ari.conf's `channelvars` (which always are). */
  readonly variables: readonly string[];
  readonly snapshot: Snapshot;
  /** The agent's channels by ARI channel id, in the order they appeared. */
  readonly tracks: ReadonlyMap<string, AriCallTrack>;
  /** Ids of the agent's channels that were destroyed (bounded): late events make no ghost call. */
  readonly ended: readonly string[];
  /** The device's state from DeviceStateChanged; null until one arrives (then derived from the calls). */
  readonly deviceState: ExtensionState | null;
}

export type AriInput =
  | { kind: 'event'; event: AriEvent }
  /** After each (re)connect: the agent's endpoint and the PBX's channels, read over REST. */
  | { kind: 'sync'; endpoint: AriEndpoint | null; channels: readonly AriChannel[] }
  | { kind: 'connection'; status: ConnectionStatus; error: Phrase | null; asteriskVersion?: string | null }
  /** The companion rang the agent's phone to dial `number` (POST /channels answered with `channel`). */
  | { kind: 'originated'; channel: AriChannel; number: string; name?: string }
  | { kind: 'recording'; channelId: string; recording: RecordingState };

export function emptyAriState(identity: AgentIdentity, options: { variables?: readonly string[]; now?: number } = {}): AriAgentState {
  return {
    identity,
    variables: options.variables ?? [],
    snapshot: emptySnapshot(identity, options.now ?? 0),
    tracks: new Map(),
    ended: [],
    deviceState: null,
  };
}

/** Folds one input into the state; returns the same object when nothing the snapshot shows changed. */
export function reduceAri(state: AriAgentState, input: AriInput, now: number): AriAgentState {
  switch (input.kind) {
    case 'event':
      return onEvent(state, input.event, timeOf(input.event.timestamp) ?? now);
    case 'sync':
      return onSync(state, input.endpoint, input.channels, now);
    case 'connection':
      return onConnection(state, input, now);
    case 'originated': {
      if (!isChannel(input.channel) || !state.identity.isMyDeviceChannel(input.channel.name)) return state;
      const track = state.tracks.get(input.channel.id);
      const base = track ?? newTrack(state, input.channel, now, 'outbound');
      // Until a Dial from the agent's leg ends, the agent answering their own phone is still dialling.
      const dialing = base.answeredAt === null;
      return withTrack(state, {
        ...base,
        direction: 'outbound',
        dialing,
        state: base.state === 'up' && !dialing ? 'up' : 'dialing',
        dialled: input.number,
        remote: { number: input.number, name: input.name ?? '' },
      });
    }
    case 'recording': {
      const track = state.tracks.get(input.channelId);
      return track && track.recording !== input.recording ? withTrack(state, { ...track, recording: input.recording }) : state;
    }
  }
}

// ---- events -----------------------------------------------------------------------------------

function onEvent(state: AriAgentState, event: AriEvent, at: number): AriAgentState {
  switch (event.type) {
    case 'EndpointStateChange':
      return onEndpoint(state, event.endpoint);
    case 'DeviceStateChanged': {
      const device = event.device_state;
      if (!device || typeof device.name !== 'string' || !state.identity.isMyDevice(device.name)) return state;
      const value = DEVICE_STATES[String(device.state)] ?? 'unknown';
      return value === state.deviceState ? state : finish(state, { deviceState: value });
    }
    case 'RecordingStarted':
    case 'RecordingFinished':
    case 'RecordingFailed': {
      const target = event.recording?.target_uri;
      const id = typeof target === 'string' && target.startsWith('channel:') ? target.slice('channel:'.length) : null;
      const track = id ? state.tracks.get(id) : undefined;
      const recording: RecordingState = event.type === 'RecordingStarted' ? 'on' : 'off';
      return track && track.recording !== recording ? withTrack(state, { ...track, recording }) : state;
    }
    case 'Dial': {
      // The agent's phone dialling out (caller), or being dialled (peer).
      let next = isChannel(event.peer) ? onChannel(state, event.peer, at, event) : state;
      const caller = event.caller;
      if (isChannel(caller) && (next.tracks.has(caller.id) || state.identity.isMyDeviceChannel(caller.name))) {
        next = onChannel(next, caller, at, event);
        const track = next.tracks.get(caller.id);
        const dialing = DIAL_IN_PROGRESS.has(String(event.dialstatus ?? ''));
        if (track && track.dialing !== dialing) {
          const flipped = { ...track, dialing };
          const shown = visibleState(flipped, caller.state);
          next = withTrack(next, {
            ...flipped,
            state: shown,
            answeredAt: shown === 'up' && flipped.answeredAt === null ? at : flipped.answeredAt,
          });
        }
      }
      return next;
    }
    default:
      return isChannel(event.channel) ? onChannel(state, event.channel, at, event) : state;
  }
}

function onChannel(state: AriAgentState, channel: AriChannel, at: number, event: AriEvent): AriAgentState {
  if (state.ended.includes(channel.id)) return state;
  let track = state.tracks.get(channel.id);
  if (!track) {
    if (!state.identity.isMyDeviceChannel(channel.name) || event.type === 'ChannelDestroyed') return state;
    track = isOwnDial(channel.id) ? ownDialTrack(state, channel, at) : newTrack(state, channel, at);
  }
  if (event.type === 'ChannelDestroyed') return endTrack(state, track, at);
  let next = update(state, track, channel, at);
  if (event.type === 'ChannelHold' && !next.hold) next = { ...next, hold: true };
  if (event.type === 'ChannelUnhold' && next.hold) next = { ...next, hold: false };
  if (event.type === 'ChannelVarset' && typeof event.variable === 'string' && typeof event.value === 'string') {
    const name = event.variable;
    const kept = state.variables.includes(name) || name in next.vars;
    if (kept && next.vars[name] !== event.value && !(event.value === '' && next.vars[name] !== undefined))
      next = { ...next, vars: { ...next.vars, [name]: event.value } };
  }
  return next === state.tracks.get(channel.id) ? state : withTrack(state, next);
}

/** A new track for one of the agent's channels. The phone dialling out is outbound; anything that rings it is inbound. */
function newTrack(state: AriAgentState, channel: AriChannel, at: number, direction?: CallDirection): AriCallTrack {
  const dialling = DIALLING.has(channel.state);
  return {
    channelId: channel.id,
    name: channel.name,
    callId: typeof channel.linkedid === 'string' && channel.linkedid ? channel.linkedid : channel.id,
    direction: direction ?? (dialling ? 'outbound' : 'inbound'),
    state: null,
    hold: false,
    remote: { number: '', name: '' },
    vars: {},
    recording: 'off',
    startedAt: timeOf(channel.creationtime) ?? at,
    answeredAt: null,
    dialled: '',
    dialing: false,
  };
}

/**
 * The agent's own click-to-dial (its id says so: dial.ts), seen before or without this process's
 * `originated`: outbound and dialling until the Dial from the agent's leg is answered, never ringing
 * as an inbound call from the number it is about to call. The caller ID we set is that number.
 */
function ownDialTrack(state: AriAgentState, channel: AriChannel, at: number): AriCallTrack {
  const number = partyOf(channel.caller).number;
  return { ...newTrack(state, channel, at, 'outbound'), dialing: true, dialled: number, remote: { number, name: '' } };
}

/** What one channel snapshot says: state, far end, channelvars. */
function update(state: AriAgentState, track: AriCallTrack, channel: AriChannel, at: number): AriCallTrack {
  let next = track;
  const callState = visibleState(track, channel.state);
  if (callState !== track.state) next = { ...next, state: callState };
  if (callState === 'up' && next.answeredAt === null) next = { ...next, answeredAt: at };
  if (channel.name !== track.name && typeof channel.name === 'string') next = { ...next, name: channel.name };

  const own = state.identity.extension;
  const connected = partyOf(channel.connected);
  const exten = typeof channel.dialplan?.exten === 'string' ? channel.dialplan.exten : '';
  let remote: Party | null = null;
  if (connected.number && connected.number !== own) remote = connected;
  else if (next.direction === 'outbound' && !next.dialled && DIALLING.has(channel.state) && exten && exten !== 's')
    remote = { number: exten, name: '' };
  else if (next.direction === 'inbound' && !next.remote.number) {
    const caller = partyOf(channel.caller);
    if (caller.number && caller.number !== own) remote = caller;
  }
  if (remote && (remote.number !== next.remote.number || remote.name !== next.remote.name)) next = { ...next, remote };

  const vars = channel.channelvars;
  if (vars && typeof vars === 'object') {
    let merged: Record<string, string> | null = null;
    for (const [name, value] of Object.entries(vars)) {
      if (typeof value !== 'string') continue;
      const current = next.vars[name];
      if (current === value || (value === '' && current !== undefined)) continue;
      (merged ??= { ...next.vars })[name] = value;
    }
    if (merged) next = { ...next, vars: merged };
  }
  return next;
}

/** ARI's channel state as the snapshot's call state; null while it neither rings nor dials. */
function visibleState(track: AriCallTrack, ariState: string): CallState | null {
  // Click-to-dial: the agent answered their own phone; the far end is still being dialled.
  if (ariState === 'Up' && track.direction === 'outbound' && track.dialing) return 'dialing';
  if (ariState === 'Up') return 'up';
  if (track.state === 'up') return 'up';
  if (ariState === 'Ringing') return track.direction === 'outbound' ? 'dialing' : 'ringing';
  if (DIALLING.has(ariState)) return 'dialing';
  // Down/Rsrvd/Busy/Unknown: a channel just created, or one that failed; an originated call is already dialling.
  return track.state ?? (track.direction === 'outbound' && track.dialled ? 'dialing' : null);
}

function endTrack(state: AriAgentState, track: AriCallTrack, at: number): AriAgentState {
  const tracks = new Map(state.tracks);
  tracks.delete(track.channelId);
  const ended = [...state.ended, track.channelId].slice(-ENDED_LIMIT);
  let history = state.snapshot.history;
  if (track.state !== null) {
    const entry: HistoryEntry = {
      id: track.callId,
      direction: track.direction,
      remote: track.remote,
      queue: null,
      vars: track.vars,
      startedAt: track.startedAt,
      answeredAt: track.answeredAt,
      endedAt: at,
      outcome: outcomeOf(track.answeredAt, null),
    };
    history = [entry, ...history.filter((h) => h.id !== track.callId)].slice(0, HISTORY_LIMIT);
  }
  return finish(state, { tracks, ended }, history);
}

function onEndpoint(state: AriAgentState, endpoint: AriEndpoint | null | undefined): AriAgentState {
  if (!endpoint || typeof endpoint.technology !== 'string' || typeof endpoint.resource !== 'string') return state;
  if (!state.identity.isMyDevice(`${endpoint.technology}/${endpoint.resource}`)) return state;
  const registered = endpoint.state === 'online' ? true : endpoint.state === 'offline' ? false : null;
  if (registered === state.snapshot.extension.registered) return state;
  return finish({ ...state, snapshot: { ...state.snapshot, extension: { ...state.snapshot.extension, registered } } }, {});
}

/**
 * After a (re)connect: the agent's channels are what Asterisk lists now. Calls that ended while
 * the socket was down go to the history; the device state is unknown again until an event says.
 */
function onSync(state: AriAgentState, endpoint: AriEndpoint | null, channels: readonly AriChannel[], now: number): AriAgentState {
  let next: AriAgentState = onEndpoint({ ...state, deviceState: null }, endpoint);
  const present = new Set<string>();
  for (const channel of channels) {
    if (!isChannel(channel) || !state.identity.isMyDeviceChannel(channel.name)) continue;
    present.add(channel.id);
    next = onChannel(next, channel, now, { type: 'ChannelStateChange' });
  }
  for (const track of [...next.tracks.values()]) if (!present.has(track.channelId)) next = endTrack(next, track, now);
  return finish(next, {});
}

function onConnection(state: AriAgentState, input: Extract<AriInput, { kind: 'connection' }>, now: number): AriAgentState {
  const previous = state.snapshot.connection;
  const version = input.asteriskVersion === undefined ? (previous.pbx?.asteriskVersion ?? null) : input.asteriskVersion;
  const pbx = version === null && previous.pbx === null ? null : { asteriskVersion: version, amiVersion: null };
  const error = input.error && english(input.error);
  if (previous.status === input.status && previous.error === error && (previous.pbx?.asteriskVersion ?? null) === version) return state;
  const connection = {
    ...previous,
    status: input.status,
    error,
    errorPhrase: input.error,
    pbx,
    since: previous.status === input.status ? previous.since : now,
    stale: input.status !== 'live',
  };
  return { ...state, snapshot: { ...state.snapshot, connection } };
}

// ---- the snapshot -----------------------------------------------------------------------------

function withTrack(state: AriAgentState, track: AriCallTrack): AriAgentState {
  const tracks = new Map(state.tracks);
  tracks.set(track.channelId, track);
  return finish(state, { tracks });
}

/** Applies changes and recomputes the calls and the extension state from the tracks. */
function finish(state: AriAgentState, changes: Partial<AriAgentState>, history = state.snapshot.history): AriAgentState {
  const next = { ...state, ...changes };
  const previous = new Map(state.snapshot.calls.map((c) => [c.uniqueid, c]));
  const calls: CallInfo[] = [];
  for (const track of next.tracks.values()) {
    if (track.state === null) continue;
    const info = infoOf(track);
    const old = previous.get(track.channelId);
    calls.push(old && sameInfo(old, info) ? old : info);
  }
  const extState = next.deviceState ?? derivedState(next.snapshot.extension.registered, calls);
  const snap = state.snapshot;
  const sameCalls = calls.length === snap.calls.length && calls.every((c, i) => c === snap.calls[i]);
  const extension =
    extState === snap.extension.state && next.snapshot.extension === snap.extension
      ? snap.extension
      : { ...next.snapshot.extension, state: extState };
  if (sameCalls && history === snap.history && extension === snap.extension && next.snapshot === snap) {
    return Object.keys(changes).length === 0 ? state : next;
  }
  return { ...next, snapshot: { ...next.snapshot, extension, calls: sameCalls ? snap.calls : calls, history } };
}

function infoOf(track: AriCallTrack): CallInfo {
  return {
    id: track.callId,
    channel: track.name,
    direction: track.direction,
    state: track.hold && track.state === 'up' ? 'onhold' : track.state!,
    remote: track.remote,
    queue: null,
    vars: track.vars,
    recording: track.recording,
    startedAt: track.startedAt,
    answeredAt: track.answeredAt,
    uniqueid: track.channelId,
    did: null,
  };
}

function sameInfo(a: CallInfo, b: CallInfo): boolean {
  return (
    a.id === b.id &&
    a.channel === b.channel &&
    a.direction === b.direction &&
    a.state === b.state &&
    a.remote === b.remote &&
    a.vars === b.vars &&
    a.recording === b.recording &&
    a.startedAt === b.startedAt &&
    a.answeredAt === b.answeredAt
  );
}

/** Without a DeviceStateChanged: offline is unavailable, else what the calls say. */
function derivedState(registered: boolean | null, calls: readonly CallInfo[]): ExtensionState {
  if (registered === false) return 'unavailable';
  if (calls.some((c) => c.state === 'ringing')) return 'ringing';
  if (calls.some((c) => c.state === 'up' || c.state === 'dialing')) return 'inuse';
  if (calls.some((c) => c.state === 'onhold')) return 'onhold';
  return registered ? 'idle' : 'unknown';
}

/**
 * DeviceStateChanged's state. Not shared with the AMI reducer's DEVICE_STATE (agent/values.ts):
 * they disagree on INVALID (`unknown` there, `unavailable` here), and which is right is a behaviour
 * question of its own, not for a refactor.
 */
const DEVICE_STATES: Record<string, ExtensionState> = {
  UNKNOWN: 'unknown',
  NOT_INUSE: 'idle',
  INUSE: 'inuse',
  BUSY: 'busy',
  INVALID: 'unavailable',
  UNAVAILABLE: 'unavailable',
  RINGING: 'ringing',
  RINGINUSE: 'ringing',
  ONHOLD: 'onhold',
};

/** Dial statuses while the far end has not answered yet. */
const DIAL_IN_PROGRESS = new Set(['', 'RINGING', 'PROGRESS', 'PROCEEDING']);

/** The phone itself is placing a call. */
const DIALLING = new Set(['Ring', 'Dialing', 'OffHook', 'Dialing Offhook']);

function isChannel(value: unknown): value is AriChannel {
  const c = value as AriChannel | null | undefined;
  return (
    !!c && typeof c === 'object' && typeof c.id === 'string' && c.id !== '' && typeof c.name === 'string' && typeof c.state === 'string'
  );
}

function partyOf(value: unknown): Party {
  const p = value as { number?: unknown; name?: unknown } | null | undefined;
  return { number: typeof p?.number === 'string' ? p.number : '', name: typeof p?.name === 'string' ? p.name : '' };
}

/** `2026-11-26T03:03:21.981+0000` -> ms since the epoch; undefined when absent or unreadable. */
function timeOf(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}
