/**
 * The agent's queues: membership, pause and its reason, member status (QueueMember* events and
 * QueueStatus items), and the callers waiting (QueueCaller*, QueueEntry, QueueParams).
 */
import type { QueueInfo } from '../../../shared/snapshot.ts';
import type { Draft, Handler } from '../draft.ts';
import { Invalid, MEMBER_STATUS, flag, integer } from '../values.ts';

export const queueMember: Handler = (d, m) => {
  const iface = m.get('Interface') ?? m.get('Location');
  const name = m.get('Queue');
  if (!name || !isMyMember(d, iface, m.get('StateInterface'))) return;
  const statusNum = integer(m.get('Status'), 'Status');
  if (statusNum !== undefined && (statusNum < 0 || statusNum >= MEMBER_STATUS.length))
    throw new Invalid(`Status ${statusNum} is not a member status`);
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

/**
 * The agent's member: one of its interfaces; a pool agent's `Local/9001@<context>` only with the
 * state interface `Agent:9001` where the PBX says one (a FreePBX extension 9001 has Local members too).
 */
function isMyMember(d: Draft, iface: string | undefined, stateInterface: string | undefined): boolean {
  const identity = d.identity;
  if (!identity.isMyInterface(iface)) return false;
  if (stateInterface === undefined || !identity.isMyAgentInterface(iface)) return true;
  return identity.isMyAgentInterface(stateInterface) || identity.isMyInterface(stateInterface);
}

/** `{ key: value }`, or nothing when the value is unknown (the snapshot carries no undefined fields). */
function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value ? { [key]: value } : {}) as { [P in K]?: string };
}

function sameQueue(a: QueueInfo, b: QueueInfo): boolean {
  return (Object.keys(b) as Array<keyof QueueInfo>).every((k) => a[k] === b[k]);
}

export const queueMemberRemoved: Handler = (d, m) => {
  const name = m.get('Queue');
  if (!name || !d.identity.isMyInterface(m.get('Interface'))) return;
  const prev = d.queue(name);
  // Kept as "not a member" so the agent can log in again from the list.
  const next: QueueInfo = {
    ...(prev ?? emptyQueue(name, m.get('Interface') ?? null)),
    member: false,
    paused: false,
    pausedReason: '',
    status: 'unknown',
  };
  if (prev && sameQueue(prev, next)) return;
  d.setQueue(next);
};

function emptyQueue(name: string, iface: string | null): QueueInfo {
  return { name, interface: iface, member: false, paused: false, pausedReason: '', status: 'unknown', callsWaiting: 0, lastCallAt: null };
}

/** QueueCallerJoin/Leave carry the queue's count after the change; Abandon is followed by a Leave. */
export function queueCaller(kind: 'join' | 'leave' | 'entry'): Handler {
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

export const queueParams: Handler = (d, m) => {
  const queue = m.get('Queue');
  const calls = integer(m.get('Calls'), 'Calls');
  if (queue && calls !== undefined) d.setWaiting(queue, Math.max(0, calls));
};
