/** Hand-built calls and snapshots for the screen pop tests, shaped like fixture 04's queue call. */
import type { CallInfo, HistoryEntry, Snapshot } from '../../../electron/shared/snapshot.ts';

export function queueCall(overrides: Partial<CallInfo> = {}): CallInfo {
  return {
    id: '1795661986.5',
    channel: 'PJSIP/1001-00000004',
    direction: 'inbound',
    state: 'ringing',
    remote: { number: '+15550109000', name: 'PSTN Caller' },
    queue: 'support',
    vars: { CUSTOMER_ID: 'C-1042', CUSTOMER_NAME: 'Ada Lovelace' },
    recording: 'off',
    startedAt: 1_795_661_988_000,
    answeredAt: null,
    uniqueid: '1795661988.6',
    did: '600',
    ...overrides,
  };
}

export function answered(call: CallInfo, overrides: Partial<CallInfo> = {}): CallInfo {
  return { ...call, state: 'up', answeredAt: call.startedAt + 2000, ...overrides };
}

export function snapshot(calls: CallInfo[], history: HistoryEntry[] = []): Snapshot {
  return {
    connection: { status: 'live', error: null, pbx: null, since: 0, stale: false },
    extension: { number: '1001', device: 'PJSIP/1001', state: calls.length ? 'ringing' : 'idle', registered: true },
    queues: [],
    calls,
    history,
  };
}
