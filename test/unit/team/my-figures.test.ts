/**
 * The agent's own figures today (snapshot `me`) from its snapshots as they change, with an injected
 * clock: calls taken and talk time once per call, pauses by reason up to now, and a new day at
 * local midnight.
 */
import { describe, expect, it } from 'vitest';
import { agentIdentity } from '../../../electron/core/agent/identity.ts';
import { emptySnapshot } from '../../../electron/core/agent/state.ts';
import { MyDay } from '../../../electron/core/team/my-figures.ts';
import type { HistoryEntry, Snapshot } from '../../../electron/shared/snapshot.ts';

const base = emptySnapshot(agentIdentity({ extension: '1001' }));
/** 9:00 local time on a day, in ms. */
const nine = new Date(2026, 11, 5, 9, 0, 0).getTime();
const minute = 60_000;

function snapshot(history: HistoryEntry[], paused: string | null = null): Snapshot {
  const queue = { name: 'support', interface: 'PJSIP/1001', member: true, paused: paused !== null, pausedReason: paused ?? '' };
  return {
    ...base,
    connection: { ...base.connection, status: 'live', stale: false },
    queues: [{ ...queue, status: 'idle', callsWaiting: 0, lastCallAt: null }],
    history,
  };
}

function call(id: string, answeredAt: number | null, endedAt: number, extra: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    id,
    direction: 'inbound',
    remote: { number: '+15550109000', name: '' },
    queue: 'support',
    vars: {},
    startedAt: (answeredAt ?? endedAt) - 5000,
    answeredAt,
    endedAt,
    outcome: answeredAt === null ? 'missed' : 'answered',
    ...extra,
  };
}

describe('the agent’s figures today', () => {
  it('counts each answered call once with its talk time; missed calls and consultations are not calls taken', () => {
    const day = new MyDay(nine);
    const first = call('a', nine + minute, nine + 4 * minute);
    day.observe(snapshot([first]), nine + 4 * minute);
    day.observe(snapshot([first]), nine + 5 * minute);
    const missed = call('b', null, nine + 6 * minute);
    const consult = call('c', nine + 7 * minute, nine + 8 * minute, { consultationOf: 'a' });
    day.observe(snapshot([consult, missed, first]), nine + 8 * minute);
    expect(day.figures(nine + 9 * minute)).toEqual({ callsTaken: 1, talkSeconds: 180, pausedSeconds: {}, lastCallAt: nine + 4 * minute });
  });

  it('counts time paused per reason, the pause in progress up to now', () => {
    const day = new MyDay(nine);
    day.observe(snapshot([], 'Lunch'), nine);
    day.observe(snapshot([], 'Break'), nine + 30 * minute);
    day.observe(snapshot([]), nine + 40 * minute);
    day.observe(snapshot([], ''), nine + 50 * minute);
    expect(day.figures(nine + 52 * minute).pausedSeconds).toEqual({ Lunch: 1800, Break: 600, '': 120 });
  });

  it('starts again at local midnight: a pause that spans it counts from midnight, yesterday’s calls stay yesterday’s', () => {
    const day = new MyDay(nine);
    const late = new Date(2026, 11, 5, 23, 50).getTime();
    const yesterday = call('a', late - 10 * minute, late);
    day.observe(snapshot([yesterday], 'Break'), late);
    const after = new Date(2026, 11, 6, 0, 5).getTime();
    expect(day.figures(after)).toEqual({ callsTaken: 0, talkSeconds: 0, pausedSeconds: { Break: 300 }, lastCallAt: null });
    day.observe(snapshot([call('b', after, after + minute), yesterday]), after + minute);
    expect(day.figures(after + minute)).toMatchObject({ callsTaken: 1, talkSeconds: 60 });
  });
});
