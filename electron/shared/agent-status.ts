/**
 * The agent's state in one word, from the snapshot: what the tray's icon, tooltip and menu and the
 * popover's header all say. Pure and type-only in its imports, so main and the renderer share it.
 *
 * Not connected means not connected: while the connection is down (connecting, syncing,
 * reconnecting) the word is `connecting` whatever the last known picture held. That picture (a call,
 * a pause) stays on show marked stale (`connection.stale`), never as the agent's state.
 */
import { phrase, type Phrase } from './phrases/index.ts';
import type { CallInfo, Snapshot } from './snapshot.ts';

export const AGENT_STATUSES = ['offline', 'connecting', 'available', 'ringing', 'oncall', 'paused', 'error', 'loggedout'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

/** The most urgent thing first: no PBX, then a ringing call, a call, logged out of the agent pool, a pause (after-call work is one), a phone that is gone. */
export function agentStatus(snapshot: Snapshot | null): AgentStatus {
  // The renderer before its first snapshot: waiting for the app, which is connecting.
  if (!snapshot) return 'connecting';
  const { connection, extension, calls, queues } = snapshot;
  switch (connection.status) {
    case 'disconnected':
      return 'offline';
    case 'failed':
      return 'error';
    case 'connecting':
    case 'syncing':
    case 'reconnecting':
      return 'connecting';
    case 'live':
      break;
  }
  // A pool agent's phone holds its login call all shift (in use), yet that call is none of the agent's calls.
  const phone = snapshot.agent?.loggedIn ? 'idle' : extension.state;
  // An Originate rings the agent's own phone first: that is the agent dialling, not a call coming in.
  if (calls.some((call) => call.state === 'ringing') || (phone === 'ringing' && !isDialling(snapshot))) return 'ringing';
  if (calls.length > 0 || phone === 'inuse' || phone === 'busy' || phone === 'onhold') return 'oncall';
  // A pool agent (Issabel's call center) not logged in gets no queue call, paused or not.
  if (snapshot.agent && !snapshot.agent.loggedIn) return 'loggedout';
  // After-call work is a pause from its start, before the PBX has confirmed every queue.
  if (snapshot.afterCallWork) return 'paused';
  const memberOf = queues.filter((queue) => queue.member);
  if (memberOf.length > 0 && memberOf.every((queue) => queue.paused)) return 'paused';
  if (extension.state === 'unavailable' || extension.registered === false) return 'error';
  return 'available';
}

/** Every call is one the agent placed, still ringing at the far end: "Dialling", not "On a call" yet. */
export function isDialling(snapshot: Snapshot): boolean {
  return snapshot.calls.length > 0 && snapshot.calls.every((call) => call.placedByAgent && call.state === 'dialing');
}

/** The word for a status, as a phrase (electron/shared/phrases/status.ts). */
export function agentStatusPhrase(status: AgentStatus): Phrase {
  return phrase(`status.${status}`);
}

/** The call shown first: a ringing one needs an answer, then one in progress, on hold, being dialled. */
export function currentCall(snapshot: Snapshot): CallInfo | null {
  for (const state of ['ringing', 'up', 'onhold', 'dialing'] as const) {
    const call = snapshot.calls.find((c) => c.state === state);
    if (call) return call;
  }
  return null;
}

/** The reason shown for a pause: after-call work's while it runs, else the first paused queue's. */
export function pauseReason(snapshot: Snapshot): string {
  if (snapshot.afterCallWork) return snapshot.afterCallWork.reason;
  return snapshot.queues.find((q) => q.member && q.paused && q.pausedReason)?.pausedReason ?? '';
}

/** The reason the core pauses with when the settings name none (electron/core/actions/after-call.ts): it has words of its own. */
export const AFTER_CALL_WORK_DEFAULT_REASON = 'After-call work';

/** Whole seconds of after-call work left at `now` (rounded up, so it reads 1 until it ends), or null when none runs. */
export function afterCallWorkSecondsLeft(snapshot: Snapshot | null, now: number): number | null {
  const acw = snapshot?.afterCallWork;
  return acw ? Math.max(0, Math.ceil((acw.endsAt - now) / 1000)) : null;
}
