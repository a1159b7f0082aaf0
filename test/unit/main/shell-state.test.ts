import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyAutostart, linuxAutostartEntry } from '../../../electron/main/autostart.ts';
import type { HistoryEntry } from '../../../electron/shared/snapshot.ts';
import { FakeElectron } from './fake-electron.ts';
import { settle, snapshotWith, startShell } from './support.ts';

const missed: HistoryEntry = { id: '1700000000.7', direction: 'inbound', remote: { number: '+14155550100', name: 'Ana' }, queue: 'support', vars: { CUSTOMER_ID: 'C-9' }, startedAt: Date.now() - 60_000, answeredAt: null, endedAt: Date.now() - 50_000 };

describe('call history in the shell', () => {
  it('keeps the history across a restart and marks missed queue calls until dismissed', async () => {
    const first = await startShell();
    first.companions[0]!.set(snapshotWith({ history: [missed] }));
    await settle();
    const window = first.fake.windows[0]!;
    const pushed = window.webContents.messages('push:snapshot').at(-1) as { history: { id: string; callback: string }[] };
    expect(pushed.history).toEqual([expect.objectContaining({ id: missed.id, missed: true, callback: 'pending' })]);

    await first.app.history.save(); // waits for the write the snapshot started
    // A restart: a new shell on the same user data folder; the core starts with an empty history.
    const again = new FakeElectron();
    Object.assign(again.app, { userData: first.fake.app.userData });
    const second = await startShell({ fake: again });
    expect(second.app.host.snapshot().history).toEqual([expect.objectContaining({ id: missed.id, callback: 'pending', vars: { CUSTOMER_ID: 'C-9' } })]);

    const popover = again.windows[0]!;
    expect(await again.invoke(popover.ipcEvent(), 'history:dismiss', missed.id)).toEqual({ ok: true, value: { ok: true } });
    expect(await again.invoke(popover.ipcEvent(), 'history:dismiss', missed.id)).toEqual({ ok: true, value: { ok: false, error: 'That call is not waiting for a callback.' } });
    expect(second.app.host.snapshot().history[0]).toMatchObject({ callback: 'dismissed' });
    const stored = JSON.parse(readFileSync(join(again.app.userData, 'history.json'), 'utf8'));
    expect(stored.calls[0].callback).toBe('dismissed');
  });
});

describe('settings through the shell', () => {
  it('moves the hotkey when the agent saves a new one, and reconnects when the PBX changes', async () => {
    const { fake, app, companions } = await startShell();
    const event = fake.windows[0]!.ipcEvent();
    const view = (await fake.invoke(event, 'settings:get')) as { ok: true; value: { settings: { dialing: object; pbx: object } } };
    const settings = view.value.settings;
    const saved = await fake.invoke(event, 'settings:save', { ...settings, dialing: { ...settings.dialing, hotkey: 'Ctrl+Alt+K' } });
    expect(saved).toEqual({ ok: true, value: { ok: true, message: 'Saved.' } });
    expect([...fake.registered.keys()]).toEqual(['Ctrl+Alt+K']);
    expect(companions).toHaveLength(1);

    fake.takenAccelerators.add('Ctrl+Alt+T');
    const taken = await fake.invoke(event, 'settings:save', { ...app.settings.settings, dialing: { ...app.settings.settings.dialing, hotkey: 'Ctrl+Alt+T' } });
    expect(taken).toMatchObject({ ok: true, value: { ok: true, message: expect.stringMatching(/Saved\. .*"Ctrl\+Alt\+T" is already taken/) } });
    expect([...fake.registered.keys()]).toEqual(['Ctrl+Alt+K']);

    await fake.invoke(event, 'settings:save', { ...app.settings.settings, pbx: { ...app.settings.settings.pbx, port: 5039 } });
    await settle();
    // A new login was made for the new port; it has no secret stored yet, so the host says so.
    expect(app.host.snapshot().connection.error).toMatch(/No AMI secret|secret/i);
    expect(companions[0]!.closed).toBe(true);
  });

  it('tells the agent about a corrupt settings file at start-up', async () => {
    const fake = new FakeElectron();
    mkdirSync(fake.app.userData, { recursive: true });
    writeFileSync(join(fake.app.userData, 'settings.json'), '{"pbx": {');
    const { companions } = await startShell({ fake, settings: null });
    expect(fake.notificationsShown.map((n) => n.body).join('\n')).toMatch(/settings file could not be read .*kept as .*settings\.json\.corrupt-/);
    expect(companions).toEqual([]);
  });
});

describe('autostart', () => {
  it('uses the login item on macOS and Windows', async () => {
    const fake = new FakeElectron();
    fake.platform = 'darwin';
    await applyAutostart(fake, true);
    await applyAutostart(fake, false);
    expect(fake.app.loginItems).toEqual([{ openAtLogin: true }, { openAtLogin: false }]);
  });

  it('writes and removes an XDG autostart entry on Linux', async () => {
    const fake = new FakeElectron();
    const configHome = mkdtempSync(join(tmpdir(), 'xdg-'));
    await applyAutostart(fake, true, { configHome, exec: '/opt/PBX Companion/pbx-companion' });
    const entry = readFileSync(join(configHome, 'autostart', 'pbx-companion.desktop'), 'utf8');
    expect(entry).toContain('Exec="/opt/PBX Companion/pbx-companion" --hidden');
    await applyAutostart(fake, false, { configHome });
    expect(() => readFileSync(join(configHome, 'autostart', 'pbx-companion.desktop'))).toThrow(/ENOENT/);
    expect(linuxAutostartEntry('/a/$b"c')).toContain('Exec="/a/\\$b\\"c" --hidden');
    rmSync(configHome, { recursive: true, force: true });
  });
});

describe('screen pops', () => {
  it('opens an allowed URL in the browser and tells every window', async () => {
    const { fake, companions } = await startShell();
    companions[0]!.pop({ callId: '1700000000.1', url: 'https://crm.example.com/customer/C-9' });
    companions[0]!.pop({ callId: '1700000000.2', url: 'javascript:alert(1)' });
    companions[0]!.pop({ callId: '1700000000.3', url: null });
    await settle();
    expect(fake.opened).toEqual(['https://crm.example.com/customer/C-9']);
    expect(fake.notificationsShown.at(-1)?.body).toMatch(/"javascript:" are not opened/);
    expect(fake.windows[0]!.webContents.messages('push:pop')).toEqual([
      { callId: '1700000000.1', url: 'https://crm.example.com/customer/C-9' },
      { callId: '1700000000.2', url: 'javascript:alert(1)' },
      { callId: '1700000000.3', url: null },
    ]);
  });
});
