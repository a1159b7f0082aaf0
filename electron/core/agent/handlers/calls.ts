/**
 * The events of channels and calls: a leg created, changing state, dialling, bridged, on hold,
 * recorded, renamed and hung up; the queue's Agent* events; list items of a sync; transfers.
 */
import type { AmiMessage } from '../../ami/message.ts';
import type { RecordingState } from '../../../shared/snapshot.ts';
import type { Draft, Handler } from '../draft.ts';
import { applySide, extensionOf, mergeVars, newCall, notePhone, setRemote, sideOf, type Side } from '../legs.ts';
import type { Leg } from '../state.ts';
import { flag, integer, party } from '../values.ts';

export const channelEvent: Handler = (d, m) => {
  applySide(d, m, '', true);
};

/** A new channel: a call's first one says the number dialled (before the call is the agent's, mostly). */
export const newchannel: Handler = (d, m) => {
  d.learnDid(m);
  applySide(d, m, '', true);
};

export const hangup: Handler = (d, m) => {
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

export const rename: Handler = (d, m) => {
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
  const created: Leg = {
    uniqueid: uid,
    name: newName,
    linkedid: lid,
    device: d.identity.isMyDeviceChannel(newName),
    state: integer(m.get('ChannelState'), 'ChannelState') ?? 0,
    exten: m.get('Exten') ?? '',
  };
  const call = d.call(lid) ?? newCall(d, created);
  d.setLeg(created);
  d.setCall({ ...call, legs: [...call.legs, uid] });
};

/** Hold/Unhold on any leg of the agent's call. */
export function hold(on: boolean): Handler {
  return (d, m) => {
    const side = sideOf(m, '');
    if (!side) return;
    applySide(d, m, '', false);
    const id = d.leg(side.uid)?.linkedid ?? side.lid;
    d.updateCall(id, { hold: on });
  };
}

export function recording(state: (m: AmiMessage) => RecordingState): Handler {
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

export const mixMonitorMute: Handler = (d, m) => {
  const muted = flag(m.get('State'), 'State');
  if (muted === undefined) return;
  recording(() => (muted ? 'muted' : 'on'))(d, m);
};

/** Dial* and Agent*: both sides in one event; the agent's side may be either. */
export function twoSided(kind: 'dial' | 'agent'): Handler {
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
export const channelItem: Handler = (d, m) => {
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

/**
 * BlindTransfer: by the agent (the agent's leg is the transferer; it hangs up next), or by a
 * colleague towards the agent (before the agent's phone rings: remembered by Linkedid).
 */
export const blindTransfer: Handler = (d, m) => {
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
export const attendedTransfer: Handler = (d, m) => {
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
