import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  SETTINGS_VERSION,
  SettingsStore,
  adminDefaultsPath,
  defaultSettings,
  parseSettings,
} from '../../../electron/core/settings/index.ts';

let dir: string;
let file: string;
const now = () => Date.UTC(2025, 0, 2, 3, 4, 5);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'settings-'));
  file = join(dir, 'settings.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('settings schema', () => {
  it('fills every field with a default', () => {
    const settings = defaultSettings();
    expect(settings.version).toBe(SETTINGS_VERSION);
    expect(settings.pbx.port).toBe(5038);
    expect(settings.dialing.hotkey).toBe('CommandOrControl+Alt+D');
    expect(settings.screenPop.allowedSchemes).toEqual(['http', 'https']);
    expect(settings.pauseReasons.map((r) => r.label.es)).toContain('Almuerzo');
  });

  it.each([
    [{ pbx: { secret: 'x' } }, 'pbx.secret'],
    [{ ari: { password: 'x' } }, 'ari.password'],
    [{ pauseReasons: [{ code: 'a', label: { en: 'a', es: 'a' }, token: 'x' }] }, 'pauseReasons[0].token'],
    [{ amiSecret: 'x' }, 'amiSecret'],
  ])('refuses a secret-looking key anywhere: %j', (input, path) => {
    const result = parseSettings(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(`"${path}" looks like a secret`);
  });

  it('refuses unknown keys, bad ports and line breaks with the field named', () => {
    const port = parseSettings({ pbx: { port: 70000 } });
    expect(port.ok === false && port.error).toMatch(/^pbx\.port: /);
    const crlf = parseSettings({ pauseReasons: [{ code: 'Lunch\r\nAction: Originate', label: { en: 'L', es: 'L' } }] });
    expect(crlf.ok === false && crlf.error).toMatch(/pauseReasons\.0\.code: .*control characters/);
    const unknown = parseSettings({ pbx: { hots: 'x' } });
    expect(unknown.ok === false && unknown.error).toMatch(/hots/);
  });

  it("takes the pop window's sign-in origins only as bare https origins", () => {
    const good = parseSettings({ screenPop: { windowOrigins: ['https://login.microsoftonline.com', 'https://sso.example.com:8443'] } });
    expect(good.ok && good.settings.screenPop.windowOrigins).toEqual(['https://login.microsoftonline.com', 'https://sso.example.com:8443']);
    expect(defaultSettings().screenPop.windowOrigins).toEqual([]);
    for (const bad of [
      'http://login.example.com',
      'https://login.example.com/',
      'https://login.example.com/oauth',
      'login.example.com',
      'https://*.example.com',
      'javascript:alert(1)',
    ]) {
      const result = parseSettings({ screenPop: { windowOrigins: [bad] } });
      expect(result.ok === false && result.error, bad).toMatch(/^screenPop\.windowOrigins\.0: an https origin/);
    }
  });
});

describe('SettingsStore', () => {
  it('starts with defaults when there is no file, and saves atomically keeping the previous version', async () => {
    const store = await SettingsStore.open({ file, now });
    expect(store.settings).toEqual(defaultSettings());
    expect(store.notices).toEqual([]);

    const first = await store.save({ ...store.settings, pbx: { ...store.settings.pbx, host: 'pbx.example.com' } });
    expect(first.ok).toBe(true);
    const second = await store.save({ ...store.settings, pbx: { ...store.settings.pbx, host: 'pbx2.example.com' } });
    expect(second.ok).toBe(true);

    expect(JSON.parse(await readFile(file, 'utf8')).pbx.host).toBe('pbx2.example.com');
    expect(JSON.parse(await readFile(`${file}.bak`, 'utf8')).pbx.host).toBe('pbx.example.com');
    // No temp file is left behind.
    expect((await readdir(dir)).sort()).toEqual(['settings.json', 'settings.json.bak']);

    const reopened = await SettingsStore.open({ file, now });
    expect(reopened.settings.pbx.host).toBe('pbx2.example.com');
  });

  it('never writes a secret: a save with one is refused and the file bytes hold none', async () => {
    const store = await SettingsStore.open({ file, now });
    await store.save({ ...store.settings, pbx: { ...store.settings.pbx, host: 'h', username: 'agent1001' } });
    const refused = await store.save({ ...store.settings, pbx: { ...store.settings.pbx, secret: 'hunter2-s3cret' } });
    expect(refused).toEqual({
      ok: false,
      error: expect.stringContaining('"pbx.secret" looks like a secret'),
      phrase: { code: 'settings.secret-key', params: { key: 'pbx.secret' } },
    });
    const nested = await store.save({ ...store.settings, ari: { ...store.settings.ari, Password: 'hunter2-s3cret' } });
    expect(nested.ok).toBe(false);
    const bytes = await readFile(file, 'utf8');
    expect(bytes).not.toMatch(/secret|password|hunter2/i);
    expect(bytes).toContain('agent1001');
  });

  it('keeps a corrupt file aside, starts with defaults and says so', async () => {
    await writeFile(file, '{"version":1,"pbx":{"host":"half-writ');
    const store = await SettingsStore.open({ file, now });
    expect(store.settings).toEqual(defaultSettings());
    expect(store.readOnly).toBe(false);
    const notice = store.notices[0];
    expect(notice?.kind).toBe('corrupt');
    expect(notice?.backupPath).toBe(`${file}.corrupt-2025-01-02T03-04-05-000Z`);
    expect(notice?.message).toMatch(/could not be read .*not valid JSON.*started with default settings/);
    expect(await readFile(notice!.backupPath!, 'utf8')).toBe('{"version":1,"pbx":{"host":"half-writ');
    expect(await readdir(dir)).toEqual(['settings.json.corrupt-2025-01-02T03-04-05-000Z']);
  });

  it('uses the default for an invalid value, keeps every other field, and keeps a copy of the file as it was', async () => {
    const written = JSON.stringify({ version: 1, pbx: { port: 'five', host: 'pbx.example.com' } });
    await writeFile(file, written);
    const store = await SettingsStore.open({ file, now });
    expect(store.notices).toHaveLength(1);
    expect(store.notices[0]).toMatchObject({ kind: 'invalid-values', message: expect.stringMatching(/pbx\.port/) });
    expect(store.settings.pbx.port).toBe(5038);
    expect(store.settings.pbx.host).toBe('pbx.example.com');
    expect(await readFile(file, 'utf8')).toBe(written);
    expect(await readFile(store.notices[0]!.backupPath!, 'utf8')).toBe(written);
  });

  it("leaves a newer version's file untouched and runs read-only with defaults", async () => {
    const newer = JSON.stringify({ version: SETTINGS_VERSION + 1, pbx: { host: 'future', newField: true } });
    await writeFile(file, newer);
    const store = await SettingsStore.open({ file, now });
    expect(store.readOnly).toBe(true);
    expect(store.settings).toEqual(defaultSettings());
    expect(store.notices[0]).toMatchObject({ kind: 'newer-version', message: expect.stringMatching(/newer version.*left untouched/) });
    const saved = await store.save(defaultSettings());
    expect(saved.ok).toBe(false);
    expect(await readFile(file, 'utf8')).toBe(newer);
  });

  it('migrates an unversioned file and keeps the old one as .bak on save', async () => {
    await writeFile(file, JSON.stringify({ screenPop: { url: 'https://crm/{number}' }, dialing: { prefix: '9' } }));
    const store = await SettingsStore.open({ file, now });
    expect(store.settings.screenPop.template).toBe('https://crm/{number}');
    expect(store.settings.dialing.outboundPrefix).toBe('9');
    expect(store.notices[0]?.kind).toBe('migrated');
    await store.save(store.settings);
    expect(JSON.parse(await readFile(file, 'utf8')).version).toBe(SETTINGS_VERSION);
    expect(JSON.parse(await readFile(`${file}.bak`, 'utf8')).screenPop.url).toBe('https://crm/{number}');
  });

  it('applies the admin defaults and locks', async () => {
    const adminFile = join(dir, 'defaults.json');
    await writeFile(
      adminFile,
      JSON.stringify({ settings: { pbx: { host: 'pbx.corp', port: 5039 }, dialing: { outboundPrefix: '9' } }, locked: ['pbx.host'] }),
    );
    await writeFile(
      file,
      JSON.stringify({ version: 1, pbx: { host: 'agent-typed', extension: '1001' }, dialing: { outboundPrefix: '0' } }),
    );
    const store = await SettingsStore.open({ file, adminFile, now });
    expect(store.settings.pbx.host).toBe('pbx.corp'); // locked: the admin wins
    expect(store.settings.pbx.port).toBe(5039); // pre-filled
    expect(store.settings.pbx.extension).toBe('1001');
    expect(store.settings.dialing.outboundPrefix).toBe('0'); // not locked: the agent wins
    expect(store.locked).toEqual(['pbx.host']);

    const changed = await store.save({ ...store.settings, pbx: { ...store.settings.pbx, host: 'elsewhere' } });
    expect(changed).toEqual({
      ok: false,
      error: '"pbx.host" is set by your administrator and cannot be changed here',
      phrase: { code: 'settings.save.locked', params: { path: 'pbx.host' } },
    });
    const fine = await store.save({ ...store.settings, pbx: { ...store.settings.pbx, extension: '1002' } });
    expect(fine.ok).toBe(true);
  });

  it('ignores a broken admin file with a notice', async () => {
    const adminFile = join(dir, 'defaults.json');
    await writeFile(adminFile, JSON.stringify({ settings: { pbx: { secret: 'x' } } }));
    const store = await SettingsStore.open({ file, adminFile, now });
    expect(store.notices[0]).toMatchObject({ kind: 'admin-defaults', message: expect.stringMatching(/looks like a secret/) });
    await writeFile(adminFile, JSON.stringify({ settings: { pbx: { host: 'fleet-pbx' } }, locked: ['pbx.nope', 'pbx.host'] }));
    const again = await SettingsStore.open({ file, adminFile, now });
    expect(again.notices[0]?.message).toMatch(/ignored: locks of settings this version does not know: "pbx.nope"/);
    expect(again.settings.pbx.host).toBe('fleet-pbx');
    expect(again.locked).toEqual(['pbx.host']);
  });

  it('applies an admin file written for a newer version: what this version knows, the rest said', async () => {
    const adminFile = join(dir, 'defaults.json');
    const fleet = {
      settings: { pbx: { host: 'fleet-pbx', futureOption: 3 }, wallboard: { on: true } },
      locked: ['pbx.host'],
      signedBy: 'ops',
    };
    await writeFile(adminFile, JSON.stringify(fleet));
    const store = await SettingsStore.open({ file, adminFile, now });
    expect(store.settings.pbx.host).toBe('fleet-pbx');
    expect(store.locked).toEqual(['pbx.host']);
    expect(store.notices).toHaveLength(1);
    expect(store.notices[0]!.message).toMatch(/"signedBy"/);
    expect(store.notices[0]!.message).toMatch(/"pbx.futureOption", "wallboard"/);
  });

  it('documents a system-wide admin path per OS', () => {
    expect(adminDefaultsPath('linux')).toBe('/etc/pbx-companion/defaults.json');
    expect(adminDefaultsPath('darwin')).toBe('/Library/Application Support/PBX Companion/defaults.json');
    expect(adminDefaultsPath('win32', { ProgramData: 'D:\\ProgramData' })).toBe('D:\\ProgramData\\PBX Companion\\defaults.json');
  });
});
