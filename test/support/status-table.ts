/**
 * Every kind of snapshot the agent's one word is read from: each connection status x calls (none,
 * ringing, talking) x pauses (none, every queue) x after-call work (off, running), with the word each
 * must give. The tray's tests and the popover's read the same table, so both are held to one answer.
 */
import type { AgentStatus } from '../../electron/shared/agent-status.ts';
import type { CallInfo, ConnectionStatus, Snapshot } from '../../electron/shared/snapshot.ts';

export const CONNECTION_STATUSES: readonly ConnectionStatus[] = ['disconnected', 'connecting', 'syncing', 'live', 'reconnecting', 'failed'];
export type CallCase = 'none' | 'ringing' | 'up';

export interface StatusCase {
  name: string;
  snapshot: Snapshot;
  expected: AgentStatus;
}

function call(state: 'ringing' | 'up'): CallInfo {
  return {
    id: '1700000000.1',
    channel: 'PJSIP/1001-00000001',
    direction: 'inbound',
    state,
    remote: { number: '+34912345678', name: 'Ana Pérez' },
    queue: 'support',
    vars: {},
    recording: 'off',
    startedAt: 1_700_000_000_000,
    answeredAt: state === 'up' ? 1_700_000_001_000 : null,
  };
}

/**
 * The rule, stated once: not connected is never a call or a pause (the last known picture stays on
 * show, marked stale); when live, a ringing call first, then a call, then after-call work or a pause.
 */
function expected(status: ConnectionStatus, calls: CallCase, paused: boolean, acw: boolean): AgentStatus {
  if (status === 'disconnected') return 'offline';
  if (status === 'failed') return 'error';
  if (status !== 'live') return 'connecting';
  if (calls === 'ringing') return 'ringing';
  if (calls === 'up') return 'oncall';
  return acw || paused ? 'paused' : 'available';
}

export function statusCases(): StatusCase[] {
  const cases: StatusCase[] = [];
  for (const status of CONNECTION_STATUSES) {
    for (const calls of ['none', 'ringing', 'up'] as const) {
      for (const paused of [false, true]) {
        for (const acw of [false, true]) {
          const live = status === 'live';
          const snapshot: Snapshot = {
            connection: {
              status,
              error: status === 'failed' ? 'Authentication failed' : null,
              pbx: live ? { asteriskVersion: '22.5.0', amiVersion: '11.0.0' } : null,
              since: 0,
              stale: !live,
            },
            extension: {
              number: '1001',
              device: 'PJSIP/1001',
              state: calls === 'ringing' ? 'ringing' : calls === 'up' ? 'inuse' : 'idle',
              registered: true,
            },
            queues: [
              {
                name: 'support',
                interface: 'PJSIP/1001',
                member: true,
                paused,
                pausedReason: paused ? 'Lunch' : '',
                status: 'idle',
                callsWaiting: 0,
                lastCallAt: null,
              },
            ],
            calls: calls === 'none' ? [] : [call(calls)],
            history: [],
            afterCallWork: acw ? { reason: 'After-call work', endsAt: 1_700_000_030_000 } : null,
          };
          const name = `${status}, call ${calls}${paused ? ', paused' : ''}${acw ? ', after-call work' : ''}`;
          cases.push({ name, snapshot, expected: expected(status, calls, paused, acw) });
        }
      }
    }
  }
  return cases;
}
