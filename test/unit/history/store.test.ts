import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallHistory, HISTORY_LIMIT, HISTORY_MAX_AGE_MS, sameNumber } from '../../../electron/core/history/index.ts';
import { english, formatPhrase } from '../../../electron/shared/phrases/index.ts';
import type { HistoryEntry } from '../../../electron/shared/snapshot.ts';
import { spanishPhrases } from '../../../electron/shared/phrases/es/index.ts';

let dir: string;
let file: string;
let clock = Date.UTC(2025, 5, 1);
const now = () => clock;

function entry(id: string, overrides: Partial<HistoryEntry> = {}): HistoryEntry {
  const startedAt = overrides.startedAt ?? clock - 60_000;
  return {
    id,
    direction: 'inbound',
    remote: { number: '+34912345678', name: 'Ana' },
    queue: 'support',
    vars: { CUSTOMER_ID: 'C-1' },
    startedAt,
    answeredAt: startedAt + 5_000,
    endedAt: startedAt + 50_000,
    outcome: overrides.answeredAt === null ? 'missed' : 'answered',
    ...overrides,
  };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'history-'));
  file = join(dir, 'history.json');
  clock = Date.UTC(2025, 5, 1);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('CallHistory', () => {
  it('keeps calls across restarts, with their customer data', async () => {
    const history = await CallHistory.open({ file, now });
    expect(history.record([entry('a'), entry('b', { answeredAt: null })])).toBe(true);
    expect(history.record([entry('a')])).toBe(false);
    await history.save();

    const reopened = await CallHistory.open({ file, now });
    expect(
      reopened
        .entries()
        .map((c) => c.id)
        .sort(),
    ).toEqual(['a', 'b']);
    const missed = reopened.entries().find((c) => c.id === 'b');
    expect(missed).toMatchObject({ missed: true, callback: 'pending', vars: { CUSTOMER_ID: 'C-1' } });
    expect(reopened.entries().find((c) => c.id === 'a')).toMatchObject({ missed: false, callback: null });
  });

  it('marks a missed queue call until it is called back', async () => {
    const history = await CallHistory.open({ file, now });
    history.record([entry('m1', { answeredAt: null, remote: { number: '+34 912 345 678', name: 'Ana' } })]);
    history.record([entry('direct', { answeredAt: null, queue: null, remote: { number: '555', name: '' } })]);
    expect(history.pendingCallbacks().map((c) => c.id)).toEqual(['m1']);
    expect(history.entries().find((c) => c.id === 'direct')).toMatchObject({ missed: true, callback: null });

    // A call to another number does not count; a call to the same line dialled with the trunk prefix does.
    history.record([entry('o1', { direction: 'outbound', queue: null, remote: { number: '0034911111111', name: '' }, startedAt: clock })]);
    expect(history.pendingCallbacks().map((c) => c.id)).toEqual(['m1']);
    history.record([entry('o2', { direction: 'outbound', queue: null, remote: { number: '0034912345678', name: '' }, startedAt: clock })]);
    expect(history.pendingCallbacks()).toEqual([]);
    expect(history.entries().find((c) => c.id === 'm1')?.callback).toBe('called-back');
  });

  it('lets the agent dismiss a missed call', async () => {
    const history = await CallHistory.open({ file, now });
    history.record([entry('m1', { answeredAt: null })]);
    expect(history.dismiss('nope')).toBe(false);
    expect(history.dismiss('m1')).toBe(true);
    expect(history.dismiss('m1')).toBe(false);
    await history.save();
    expect((await CallHistory.open({ file, now })).entries()[0]?.callback).toBe('dismissed');
  });

  it('keeps at most 500 calls and 30 days, newest first', async () => {
    const history = await CallHistory.open({ file, now });
    const many = Array.from({ length: HISTORY_LIMIT + 20 }, (_, i) => entry(`c${i}`, { startedAt: clock - 1_000_000 + i * 1_000 }));
    history.record(many);
    expect(history.entries()).toHaveLength(HISTORY_LIMIT);
    expect(history.entries()[0]?.id).toBe(`c${HISTORY_LIMIT + 19}`);

    history.record([entry('old', { startedAt: clock - HISTORY_MAX_AGE_MS - 100_000 })]);
    expect(history.entries().some((c) => c.id === 'old')).toBe(false);
    await history.save();
    clock += HISTORY_MAX_AGE_MS; // a month later, everything has aged out at load
    expect((await CallHistory.open({ file, now })).entries()).toEqual([]);
  });

  it('sets a corrupt file aside and starts empty, saying so', async () => {
    await writeFile(file, '{"version":1,"calls":[{"id":');
    const history = await CallHistory.open({ file, now });
    expect(history.entries()).toEqual([]);
    expect(history.notice).toMatch(/could not be read; it was kept as .*history\.json\.corrupt-/);
    expect((await readdir(dir)).some((name) => name.startsWith('history.json.corrupt-'))).toBe(true);
  });

  it("says so as a phrase too, for a shell that speaks the agent's language", async () => {
    await writeFile(file, 'not json');
    const history = await CallHistory.open({ file, now });
    const aside = `${file}.corrupt-${new Date(clock).toISOString().replace(/[:.]/g, '-')}`;
    expect(history.noticePhrase).toEqual({ code: 'history.unreadable', params: { path: aside } });
    expect(english(history.noticePhrase!)).toBe(history.notice);
    expect(formatPhrase(history.noticePhrase!, spanishPhrases)).toBe(
      `No se pudo leer el historial de llamadas. Se guardó como ${aside} y se empezó uno nuevo.`,
    );
    expect((await CallHistory.open({ file, now })).noticePhrase).toBeNull();
  });

  it('serialises saves: the last one wins and no temp file is left', async () => {
    const history = await CallHistory.open({ file, now });
    history.record([entry('a')]);
    const first = history.save();
    history.record([entry('b')]);
    await Promise.all([first, history.save()]);
    expect(JSON.parse(await readFile(file, 'utf8')).calls).toHaveLength(2);
    expect(await readdir(dir)).toEqual(['history.json']);
  });
});

describe('sameNumber', () => {
  it.each([
    ['+34912345678', '0034912345678', true],
    ['+34912345678', '912345678', true],
    ['1001', '1001', true],
    ['1001', '21001', false],
    ['', '', false],
    ['+1 (415) 555-0100', '14155550100', true],
  ])('%s ~ %s: %s', (a, b, same) => {
    expect(sameNumber(a, b)).toBe(same);
  });
});
