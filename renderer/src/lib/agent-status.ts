/** The one word the agent's state comes down to, as the tray and the header show it. */
import type { CallInfo, Snapshot } from '@shared/snapshot.ts';

export type AgentStatus = 'offline' | 'connecting' | 'error' | 'ringing' | 'oncall' | 'paused' | 'available';

/** The call the popover puts first: a ringing one needs an answer, then one in progress. */
export function currentCall(snapshot: Snapshot): CallInfo | null {
  const order = ['ringing', 'up', 'onhold', 'dialing'] as const;
  for (const state of order) {
    const call = snapshot.calls.find((c) => c.state === state);
    if (call) return call;
  }
  return null;
}

/** Whole seconds of after-call work left at `now` (rounded up: it reads 1 until it ends), or null when none runs. */
export function afterCallWorkLeft(snapshot: Snapshot | null, now: number): number | null {
  const acw = snapshot?.afterCallWork;
  return acw ? Math.max(0, Math.ceil((acw.endsAt - now) / 1000)) : null;
}

export function agentStatus(snapshot: Snapshot | null): AgentStatus {
  if (!snapshot) return 'connecting';
  const { status } = snapshot.connection;
  if (status === 'failed') return 'error';
  if (status === 'disconnected') return 'offline';
  if (status === 'connecting' || status === 'syncing') return 'connecting';
  const call = currentCall(snapshot);
  if (call?.state === 'ringing') return 'ringing';
  if (call) return 'oncall';
  // After-call work is a pause from its start, before the PBX has confirmed every queue.
  if (snapshot.afterCallWork && status === 'live') return 'paused';
  const memberQueues = snapshot.queues.filter((q) => q.member);
  if (memberQueues.length > 0 && memberQueues.every((q) => q.paused)) return 'paused';
  if (status === 'reconnecting') return 'connecting';
  return 'available';
}

/** The reason shown for a pause: after-call work's while it runs, else the first paused queue's. */
export function pauseReason(snapshot: Snapshot): string {
  if (snapshot.afterCallWork) return snapshot.afterCallWork.reason;
  return snapshot.queues.find((q) => q.member && q.paused && q.pausedReason)?.pausedReason ?? '';
}
