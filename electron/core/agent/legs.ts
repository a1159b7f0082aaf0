/**
 * The agent's legs in a call: what one side of an event says of a channel (the agent's own phone
 * or Local leg, or another leg of one of the agent's calls), the call it belongs to, its remote
 * party, variables and phones, and an attended transfer's consultation on another leg.
 */
import type { AmiMessage } from '../ami/message.ts';
import type { Party } from '../../shared/snapshot.ts';
import type { CallTrack, Consult, Leg } from './state.ts';
import type { Draft } from './draft.ts';
import { integer, party } from './values.ts';

export interface Side {
  name: string;
  uid: string;
  lid: string;
}

/** The channel described by the headers with `prefix` ('' or 'Dest'), or null when incomplete. */
export function sideOf(m: AmiMessage, prefix: '' | 'Dest'): Side | null {
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
export function applySide(d: Draft, m: AmiMessage, prefix: '' | 'Dest', create: boolean): Leg | undefined {
  const side = sideOf(m, prefix);
  if (!side || d.isEnded(side.uid)) return undefined;
  const stateText = m.get(prefix + 'ChannelState');
  const chanState = integer(stateText, prefix + 'ChannelState');
  let leg = d.leg(side.uid);
  // The agent pool's held login call is never a call of its own: it joins a customer's call at AgentConnect (pool.ts).
  if (!leg && d.login?.uniqueid === side.uid) return undefined;
  const mine = leg !== undefined || d.identity.isMyChannel(side.name);
  if (!mine) {
    // Another leg of a call of the agent: it may carry the variables and the queue, and when it is
    // another phone of this PBX (PJSIP/1002-... with caller 1002) its number is internal. Seen on
    // live channel events and on the CoreShowChannel items of a resync alike, so both agree.
    if (d.call(side.lid)) {
      mergeVars(d, side.lid, m, prefix);
      notePhone(d, side.lid, side.name, party(m.get(prefix + 'CallerIDNum')));
      otherLeg(d, side, chanState, m.name === 'Newchannel' || m.name === 'CoreShowChannel');
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
      const call = d.call(leg.linkedid)!;
      // A trunk's answer often names nobody: the name the call was placed with (the customer's) stays.
      const named = party(m.get(prefix + 'ConnectedLineName')) || (call.remote.number === num ? call.remote.name : '');
      const far = { number: num, name: named };
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

export function newCall(d: Draft, leg: Leg): CallTrack {
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
    customer: null,
    transferredTo: null,
    transferredBy: d.handedOverBy(leg.linkedid),
    answeredBy: null,
    info: null,
  };
  d.setCall(call);
  return call;
}

/** Channel variables (manager.conf channelvars): a non-empty value is never replaced by an empty one. */
export function mergeVars(d: Draft, id: string, m: AmiMessage, prefix: '' | 'Dest'): void {
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

export function setRemote(d: Draft, id: string, remote: Party, override: boolean): void {
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
export function notePhone(d: Draft, id: string, channel: string | undefined, number: string): void {
  if (!isPhoneOf(channel, number)) return;
  const call = d.call(id);
  if (!call || call.phones.includes(number) || call.phones.length >= 8) return;
  d.setCall({ ...call, phones: [...call.phones, number] });
}

/** The extension a channel or member interface reaches: `PJSIP/1002-0000000a`, `Local/1002@from-queue-...;1`, `Local/1002@from-queue/n` -> 1002. */
export function extensionOf(name: string | undefined): string {
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
 * Only a channel created (or listed, in a resync) after the answer: another ring-all member's
 * Local leg, cancelled once the agent answered, is no consultation.
 */
function otherLeg(d: Draft, side: Side, chanState: number | undefined, created: boolean): void {
  const call = d.call(side.lid)!;
  const consult = call.consult;
  if (consult) {
    if (consult.id === side.uid && chanState !== undefined && chanState > consult.state && chanState <= 6)
      setConsult(d, call.id, { state: chanState });
    return;
  }
  const target = LOCAL_ONE.exec(side.name);
  if (!target || !created || call.answeredAt === null || call.customerGone || d.isEnded(side.uid)) return;
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
