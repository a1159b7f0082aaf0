/**
 * Issue 20: one wrong or unknown field never costs the agent the whole settings file. Unknown keys are
 * ignored, said, and written back on every save; an invalid value falls back to its default; the rest
 * is kept.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { salvage } from '../../../electron/core/settings/salvage.ts';
import { SettingsStore } from '../../../electron/core/settings/store.ts';
import { english } from '../../../electron/shared/phrases/index.ts';

const now = () => Date.UTC(2026, 0, 2, 3, 4, 5);

describe('salvage', () => {
  it('takes out unknown keys at any depth, keeping the object ones to write back', () => {
    const kept = salvage({
      version: 1,
      pbx: { host: 'pbx.example.com', hots: 'typo', relay: { urls: [], region: 'eu' } },
      wallboard: { on: true },
      pauseReasons: [{ code: 'Lunch', label: { en: 'Lunch', es: 'Almuerzo' }, colour: 'red' }],
    })!;
    expect(kept.settings.pbx.host).toBe('pbx.example.com');
    expect(kept.settings.pauseReasons).toEqual([{ code: 'Lunch', label: { en: 'Lunch', es: 'Almuerzo' } }]);
    expect(kept.unknown.sort()).toEqual(['pauseReasons[0].colour', 'pbx.hots', 'pbx.relay.region', 'wallboard']);
    expect(kept.extras).toEqual({ pbx: { hots: 'typo', relay: { region: 'eu' } }, wallboard: { on: true } });
    expect(kept.refused).toEqual([]);
  });

  it('falls back to the default for each invalid value, one list item at a time', () => {
    const kept = salvage({
      pbx: { port: 'five', host: 'ok.example.com', technology: 'XX' },
      pauseReasons: [
        { code: 'Bad\nCode', label: { en: 'x', es: 'x' } },
        { code: 'Lunch', label: { en: 'Lunch', es: 'Almuerzo' } },
        { code: 7, label: { en: 'x', es: 'x' } },
      ],
    })!;
    expect(kept.settings.pbx).toMatchObject({ port: 5038, host: 'ok.example.com', technology: 'PJSIP' });
    expect(kept.settings.pauseReasons.map((r) => r.code)).toEqual(['Lunch']);
    expect(kept.refused.map((p) => english(p))).toEqual([
      expect.stringMatching(/^pbx\.port: /),
      expect.stringMatching(/^pbx\.technology: /),
      expect.stringMatching(/^pauseReasons\.0\.code: /),
      expect.stringMatching(/^pauseReasons\.1\.code: /),
    ]);
  });

  it('drops a secret-looking key and says so, never keeping it', () => {
    const kept = salvage({ pbx: { host: 'h', secret: 'hunter2' } })!;
    expect(kept.settings.pbx.host).toBe('h');
    expect(JSON.stringify(kept)).not.toContain('hunter2');
    expect(kept.refused.map((p) => english(p))).toEqual([expect.stringMatching(/"pbx.secret" looks like a secret/)]);
  });
});

describe('the settings file with keys this version does not know', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'salvage-'));
    file = join(dir, 'settings.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('loads the rest, says which keys were ignored, and keeps them in the file on save', async () => {
    await writeFile(file, JSON.stringify({ version: 1, pbx: { host: 'pbx.example.com', futureOption: { a: 1 } }, wallboard: true }));
    const store = await SettingsStore.open({ file, now });
    expect(store.settings.pbx.host).toBe('pbx.example.com');
    expect(store.notices.map((n) => [n.kind, n.message])).toEqual([
      ['unknown-keys', expect.stringMatching(/\("pbx.futureOption", "wallboard"\): they are ignored, and kept in the file/)],
    ]);
    const saved = await store.save({ ...store.settings, pbx: { ...store.settings.pbx, port: 5039 } });
    expect(saved.ok).toBe(true);
    const written = JSON.parse(await readFile(file, 'utf8'));
    expect(written.pbx).toMatchObject({ host: 'pbx.example.com', port: 5039, futureOption: { a: 1 } });
    expect(written.wallboard).toBe(true);
    const reopened = await SettingsStore.open({ file, now });
    expect(reopened.settings.pbx.port).toBe(5039);
  });
});
