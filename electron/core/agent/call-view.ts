/**
 * What the snapshot shows of a tracked call: its state from the agent's legs, its direction from
 * the remote party, and its consultation as a call of its own. Pure, and the same object back
 * when nothing shows differently.
 */
import type { CallDirection, CallInfo, CallState } from '../../shared/snapshot.ts';
import type { CallTrack, Consult, Leg } from './state.ts';

/** Recomputes the visible CallInfo of a track (and its consultation's); the same track when nothing shows differently. */
export function viewOf(track: CallTrack, legs: ReadonlyMap<string, Leg>, now: number): CallTrack {
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
  // An Originate rings the agent's phone first: its answer is not the call's. Until the far end
  // answers the Dial the call is unanswered (no timer from the agent's pick-up, no "answered" in Recent).
  const dialsOut = track.origin === 'agent' && state === 'dialing' && track.consult === null;
  const answeredAt = dialsOut ? null : (track.answeredAt ?? (state === 'up' ? now : null));
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
    ...(track.origin === 'agent' ? { placedByAgent: true } : {}),
    ...(track.customer ? { customerUniqueid: track.customer } : {}),
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
    prev.transferredBy === info.transferredBy &&
    prev.customerUniqueid === info.customerUniqueid;
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
  if (
    prev &&
    prev.state === state &&
    prev.remote === consult.remote &&
    prev.channel === channel &&
    prev.recording === track.recording &&
    answeredAt === consult.answeredAt
  )
    return consult;
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
