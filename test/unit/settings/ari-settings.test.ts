/**
 * The ARI settings added for start-up (ari.app, ari.caFile, ari.supervisor): optional with
 * defaults, so a version-1 file written before them still loads as version 1, untouched and with
 * no migration notice; bad application names are refused with the field named.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SETTINGS_VERSION, SettingsStore, defaultSettings, parseSettings } from '../../../electron/core/settings/index.ts';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'settings-ari-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ARI settings', () => {
  it('default to one application per desk, no CA file, not a supervisor; the version stays 1', () => {
    expect(SETTINGS_VERSION).toBe(1);
    expect(defaultSettings().ari).toEqual({ enabled: false, url: '', username: '', app: 'pbx-companion-{extension}', supervisor: false });
  });

  it('a version-1 file from before these fields loads as is: defaults filled, no migration, the file untouched', async () => {
    const file = join(dir, 'settings.json');
    const before = JSON.stringify({
      version: 1,
      pbx: { extension: '1001' },
      ari: { enabled: true, url: 'https://pbx.example.com:8089', username: 'desk' },
    });
    await writeFile(file, before);
    const store = await SettingsStore.open({ file });
    expect(store.notices).toEqual([]);
    expect(store.settings.ari).toEqual({
      enabled: true,
      url: 'https://pbx.example.com:8089',
      username: 'desk',
      app: 'pbx-companion-{extension}',
      supervisor: false,
    });
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('takes an application name, a CA file and the supervisor flag', () => {
    const parsed = parseSettings({ ari: { app: 'callcenter.{extension}_desk-1', caFile: '/etc/pbx/ca.pem', supervisor: true } });
    expect(parsed.ok && parsed.settings.ari).toMatchObject({
      app: 'callcenter.{extension}_desk-1',
      caFile: '/etc/pbx/ca.pem',
      supervisor: true,
    });
  });

  it.each([['desk/1001'], ['a,b'], ['app?x=1'], ['{ext}'], [''], ['desk\r\n1001'], ['x'.repeat(81)]])(
    'refuses the application name %j, naming the field',
    (app) => {
      const parsed = parseSettings({ ari: { app } });
      expect(parsed.ok).toBe(false);
      expect(parsed.ok === false && parsed.error).toMatch(/^ari\.app: /);
    },
  );

  it('refuses a supervisor flag that is not a boolean and a CA path with a line break', () => {
    expect(parseSettings({ ari: { supervisor: 'yes' } })).toMatchObject({ ok: false, error: expect.stringMatching(/^ari\.supervisor: /) });
    expect(parseSettings({ ari: { caFile: '/etc/ca.pem\n' } })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^ari\.caFile: .*control characters/),
    });
  });
});
