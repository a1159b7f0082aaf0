/**
 * Issue 22 item 7: Recent as the agent reads it (renderer/src/lib/recent.ts): calls the agent placed
 * are outgoing and never missed; a missed call the agent called back since no longer counts as missed.
 */
import { describe, expect, it } from 'vitest';
import { agentIdentity } from '../../../electron/core/agent/identity.ts';
import { emptySnapshot } from '../../../electron/core/agent/state.ts';
import type { HistoryEntry, Snapshot } from '../../../electron/shared/snapshot.ts';
import { isMissed, isOutgoing, sameNumber, unreturnedMissed } from '../../../renderer/src/lib/recent.ts';

const base = emptySnapshot(agentIdentity({ extension: '1001' }));
const entry = (over: Partial<HistoryEntry>): HistoryEntry => ({
  id: 'x',
  direction: 'inbound',
  remote: { number: '+34912345678', name: 'María' },
  queue: null,
  vars: {},
  startedAt: 1000,
  answeredAt: null,
  endedAt: 2000,
  outcome: 'missed',
  ...over,
});
const missed = entry({ id: 'm' });
const callback = entry({
  id: 'c',
  direction: 'outbound',
  placedByAgent: true,
  remote: { number: '01134912345678', name: 'María' },
  startedAt: 3000,
  endedAt: 4000,
});

describe('Recent', () => {
  it('an internal call the agent placed is outgoing, and unanswered it is not missed', () => {
    const placed = entry({ direction: 'internal', placedByAgent: true, remote: { number: '1002', name: '' } });
    expect(isOutgoing(placed)).toBe(true);
    expect(isMissed(placed)).toBe(false);
    expect(isMissed(missed)).toBe(true);
  });

  it('a missed call called back since leaves the count; one called back before it stays', () => {
    const snapshot = (history: HistoryEntry[]): Snapshot => ({ ...base, history });
    expect(unreturnedMissed(snapshot([missed]))).toBe(1);
    expect(unreturnedMissed(snapshot([callback, missed]))).toBe(0);
    expect(unreturnedMissed(snapshot([missed, { ...callback, startedAt: 500, endedAt: 900 }]))).toBe(1);
  });

  it('numbers match as written by the PBX and as dialled; extensions only when equal', () => {
    expect(sameNumber('+34912345678', '01134912345678')).toBe(true);
    expect(sameNumber('+34912345678', '912345678')).toBe(true);
    expect(sameNumber('+34912345678', '+34912345679')).toBe(false);
    expect(sameNumber('1002', '11002')).toBe(false);
    expect(sameNumber('', '')).toBe(false);
  });
});
