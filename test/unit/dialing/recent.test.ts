import { describe, expect, it } from 'vitest';
import { recentNumbers } from '../../../electron/core/dialing/recent.ts';
import { normalizeNumber } from '../../../electron/core/dialing/normalize.ts';
import type { HistoryEntry } from '../../../electron/shared/snapshot.ts';

const entry = (number: string, startedAt: number, extra: Partial<HistoryEntry> = {}): HistoryEntry => ({
  id: `id-${startedAt}`,
  direction: 'inbound',
  remote: { number, name: '' },
  queue: null,
  vars: {},
  startedAt,
  answeredAt: startedAt + 1,
  endedAt: startedAt + 2,
  outcome: extra.answeredAt === null ? 'missed' : 'answered',
  ...extra,
});

describe('recentNumbers', () => {
  it('one row per number, newest first, counting repeats', () => {
    const history = [
      entry('+15550109000', 500, { remote: { number: '+15550109000', name: 'PSTN Caller' } }),
      entry('1002', 400, { direction: 'internal' }),
      entry('15550109000', 300),
      entry('+34912345678', 200, { answeredAt: null }),
    ];
    expect(recentNumbers(history)).toEqual([
      { number: '+15550109000', name: 'PSTN Caller', direction: 'inbound', at: 500, missed: false, count: 2 },
      { number: '1002', name: '', direction: 'internal', at: 400, missed: false, count: 1 },
      { number: '+34912345678', name: '', direction: 'inbound', at: 200, missed: true, count: 1 },
    ]);
  });

  it('leaves out numbers that cannot be dialled', () => {
    expect(recentNumbers([entry('', 3), entry('<unknown>', 2), entry('anonymous', 1), entry('1', 0)])).toEqual([]);
  });

  it('keeps at most `limit` numbers', () => {
    const history = Array.from({ length: 30 }, (_, i) => entry(String(1000 + i), 100 - i));
    expect(recentNumbers(history, 5).map((r) => r.number)).toEqual(['1000', '1001', '1002', '1003', '1004']);
  });

  it('redial: a recent number goes through the dialing rules', () => {
    const [latest] = recentNumbers([entry('+34912345678', 1, { direction: 'outbound' })]);
    expect(normalizeNumber(latest!.number, { defaultCountry: 'ES', outboundPrefix: '0' }).dialString).toBe('0912345678');
  });
});
