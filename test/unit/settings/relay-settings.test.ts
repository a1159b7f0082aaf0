/**
 * The connection mode (pbx.mode, pbx.relay.urls, pbx.relay.user): defaults to direct, so a version-1
 * file from before it loads unchanged; relay URLs are checked one by one (scheme, host, port, no
 * spaces, no credentials); relay mode needs a server and a user; and the admin's defaults file can
 * put a whole fleet in relay mode and lock it.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SETTINGS_VERSION, SettingsStore, defaultSettings, parseSettings } from '../../../electron/core/settings/index.ts';
import { checkAdminDefaults } from '../../../electron/core/settings/admin-defaults.ts';
import { secretAccount } from '../../../electron/main/handlers/credentials.ts';
import { formFromSettings, runsOnDemo, settingsFromForm, validateSettings } from '../../../renderer/src/lib/settings-form.ts';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'settings-relay-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const relay = (urls: string[], user = 'desk-1001') => ({ pbx: { mode: 'relay', relay: { urls, user }, extension: '1001' } });

describe('connection mode settings', () => {
  it('default to direct with no relay servers; the version stays 1', () => {
    expect(SETTINGS_VERSION).toBe(1);
    expect(defaultSettings().pbx.mode).toBe('direct');
    expect(defaultSettings().pbx.relay).toEqual({ urls: [], user: 'desk-{extension}' });
  });

  it('a version-1 file from before the mode loads as direct, no migration, the file untouched', async () => {
    const file = join(dir, 'settings.json');
    const before = JSON.stringify({ version: 1, pbx: { host: 'pbx.example.com', username: 'agent1001', extension: '1001' } });
    await writeFile(file, before);
    const store = await SettingsStore.open({ file });
    expect(store.notices).toEqual([]);
    expect(store.settings.pbx).toMatchObject({ host: 'pbx.example.com', mode: 'direct', relay: { urls: [], user: 'desk-{extension}' } });
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('takes relay mode with a cluster of nats:// and tls:// servers and the desk user', () => {
    const urls = ['nats://relay-1.example.com:4222', 'tls://10.0.0.2:4222', 'nats://[::1]:4223'];
    const parsed = parseSettings(relay(urls));
    expect(parsed.ok && parsed.settings.pbx).toMatchObject({ mode: 'relay', relay: { urls, user: 'desk-1001' } });
  });

  it.each([
    ['http://relay.example.com:4222'],
    ['nats://relay.example.com'],
    ['nats://desk:secret@relay.example.com:4222'],
    ['nats://desk@relay.example.com:4222'],
    ['nats://relay example.com:4222'],
    [' nats://relay.example.com:4222'],
    ['nats://relay.example.com:4222/path'],
    ['nats://relay.example.com:4222\r\nPUB x'],
    ['relay.example.com:4222'],
    ['nats://:4222'],
  ])('refuses the relay server %j, naming the field', (url) => {
    const parsed = parseSettings(relay([url]));
    expect(parsed.ok).toBe(false);
    expect(parsed.ok === false && parsed.error).toMatch(/^pbx\.relay\.urls\.0: /);
  });

  it('relay mode needs a server and a user, said in words; direct mode needs neither', () => {
    expect(parseSettings(relay([]))).toMatchObject({ ok: false, error: 'pbx.relay.urls: relay mode needs at least one NATS server' });
    expect(parseSettings(relay(['nats://relay:4222'], ''))).toMatchObject({
      ok: false,
      error: "pbx.relay.user: relay mode needs the desk's NATS user",
    });
    expect(parseSettings(relay(['nats://relay:4222'], 'desk-{extension}')).ok).toBe(true);
    expect(parseSettings(relay(['nats://relay:4222'], 'desk 1001'))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^pbx\.relay\.user: /),
    });
    expect(parseSettings({ pbx: { mode: 'direct' } }).ok).toBe(true);
    expect(parseSettings({ pbx: { mode: 'broker' } })).toMatchObject({ ok: false, error: expect.stringMatching(/^pbx\.mode: /) });
  });

  it('the admin defaults file sets relay mode for the fleet and locks it; each desk is its own desk-{extension}', async () => {
    const adminFile = join(dir, 'defaults.json');
    const file = join(dir, 'settings.json');
    const admin = {
      settings: { pbx: { mode: 'relay', relay: { urls: ['nats://relay-1:4222', 'nats://relay-2:4222'] } } },
      locked: ['pbx.mode', 'pbx.relay.urls'],
    };
    // No user in the admin's file: each desk is desk-{extension}, the user relay --print-nats-conf made for it.
    expect(checkAdminDefaults({ settings: { pbx: { mode: 'relay' } } })).toMatchObject({
      ok: false,
      error: expect.stringContaining('relay mode needs at least one NATS server'),
    });
    expect(checkAdminDefaults(admin)).toMatchObject({ ok: true });
    await writeFile(adminFile, JSON.stringify(admin));
    await writeFile(file, JSON.stringify({ version: 1, pbx: { mode: 'direct', extension: '1001' } }));
    const store = await SettingsStore.open({ file, adminFile });
    expect(store.notices).toEqual([]);
    expect(store.settings.pbx).toMatchObject({
      mode: 'relay',
      relay: { urls: ['nats://relay-1:4222', 'nats://relay-2:4222'], user: 'desk-{extension}' },
    });
    expect(store.locked).toEqual(['pbx.mode', 'pbx.relay.urls']);
    const back = await store.save({ ...store.settings, pbx: { ...store.settings.pbx, mode: 'direct' } });
    expect(back).toMatchObject({ ok: false, error: '"pbx.mode" is set by your administrator and cannot be changed here' });
    const other = await store.save({
      ...store.settings,
      pbx: { ...store.settings.pbx, relay: { urls: ['nats://elsewhere:4222'], user: 'desk-1001' } },
    });
    expect(other).toMatchObject({ ok: false, error: expect.stringContaining('"pbx.relay.urls"') });
  });

  it("the settings window's form: the same URL rule, the seed asked once, and back to the same settings", () => {
    const base = defaultSettings();
    const form = { ...formFromSettings(base), mode: 'relay' as const, extension: '1001' };
    expect(validateSettings(form, { hasSavedSecret: false })).toEqual({ relayUrls: 'error.required', natsSecret: 'error.required' });
    form.relayUrls = 'nats://relay-1:4222, nats://desk:pw@relay-2:4222';
    expect(validateSettings(form, { hasSavedSecret: false, hasSavedNatsSecret: true })).toEqual({ relayUrls: 'error.relayUrl' });
    form.relayUrls = 'nats://relay-1:4222, tls://relay-2:4222';
    expect(validateSettings(form, { hasSavedSecret: false, hasSavedNatsSecret: true })).toEqual({});
    const parsed = parseSettings(settingsFromForm(base, form));
    expect(parsed.ok && parsed.settings.pbx).toMatchObject({
      mode: 'relay',
      relay: { urls: ['nats://relay-1:4222', 'tls://relay-2:4222'], user: 'desk-{extension}' },
    });
    // Relay mode with no AMI host is not the demo PBX (no demo banner, no first-run wizard).
    expect(parsed.ok && runsOnDemo(parsed.settings)).toBe(false);
    expect(runsOnDemo(base)).toBe(true);
  });

  it("the desk's seed is kept under its NATS user, once relay mode and the extension are saved", () => {
    const relayOn = parseSettings(relay(['nats://relay:4222']));
    expect(relayOn.ok && secretAccount('nats', relayOn.settings)).toEqual({ account: 'nats:desk-1001' });
    expect(secretAccount('nats', defaultSettings())).toEqual({ first: 'desktop.save-relay-first' });
  });
});
