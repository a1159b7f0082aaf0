import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyAutostart, linuxAutostartEntry } from '../../../electron/main/autostart.ts';
import type { VerbResult } from '../../../electron/shared/companion.ts';
import { sayIn } from '../../../electron/shared/phrases/say.ts';
import { FakeElectron } from './fake-electron.ts';
import { demoPbx, describeShell, eventually, startShell, usePbx } from './support.ts';

usePbx();

describeShell('call history in the shell', () => {
  it('keeps a missed queue call with its customer data across a restart, marked until dismissed', async () => {
    const first = await startShell();
    const { control } = demoPbx();
    const callId = control.incomingCall({
      queue: 'support',
      callerNumber: '+15550109000',
      callerName: 'Ada Lovelace',
      vars: { CUSTOMER_ID: 'C-1042' },
    });
    await first.until((s) => s.calls.some((c) => c.id === callId && c.state === 'ringing'), 'the queue call rings');
    expect(control.callerHangup(callId)).toBe(true);
    await first.until((s) => s.history.some((h) => h.id === callId), 'the missed call is in the history');
    const window = first.fake.windows[0]!;
    const pushed = window.webContents.messages('push:snapshot').at(-1) as { history: { id: string; missed: boolean; callback: string }[] };
    expect(pushed.history).toEqual([
      expect.objectContaining({ id: callId, missed: true, callback: 'pending', remote: { number: '+15550109000', name: 'Ada Lovelace' } }),
    ]);

    await first.app.history.save(); // waits for the write the snapshot started
    await first.close();
    // A restart: a new shell on the same user data folder; the core starts with an empty history.
    const again = new FakeElectron();
    Object.assign(again.app, { userData: first.fake.app.userData });
    const second = await startShell({ fake: again });
    expect(second.app.host.snapshot().history).toEqual([
      expect.objectContaining({ id: callId, callback: 'pending', vars: expect.objectContaining({ CUSTOMER_ID: 'C-1042' }) }),
    ]);

    const popover = again.windows[0]!;
    expect(await again.invoke(popover.ipcEvent(), 'history:dismiss', callId)).toEqual({ ok: true, value: { ok: true } });
    expect(await again.invoke(popover.ipcEvent(), 'history:dismiss', callId)).toMatchObject({
      ok: true,
      value: { ok: false, error: 'That call is not waiting for a callback.' },
    });
    expect(second.app.host.snapshot().history[0]).toMatchObject({ callback: 'dismissed' });
    const stored = JSON.parse(readFileSync(join(again.app.userData, 'history.json'), 'utf8'));
    expect(stored.calls[0].callback).toBe('dismissed');
  });
});

describeShell('a history the shell cannot save', () => {
  it('answers the dismiss as a phrase (English and Spanish) rather than a throw', async () => {
    const shell = await startShell();
    const { control } = demoPbx();
    const callId = control.incomingCall({ queue: 'support', callerNumber: '+15550109000' });
    await shell.until((s) => s.calls.some((c) => c.id === callId && c.state === 'ringing'), 'the queue call rings');
    expect(control.callerHangup(callId)).toBe(true);
    await shell.until((s) => s.history.some((h) => h.id === callId), 'the missed call is in the history');
    await shell.app.history.save();
    // A folder where the file goes: the atomic rename over it fails (EISDIR).
    const file = join(shell.fake.app.userData, 'history.json');
    rmSync(file);
    mkdirSync(join(file, 'kept'), { recursive: true });
    const answer = (await shell.fake.invoke(shell.fake.windows[0]!.ipcEvent(), 'history:dismiss', callId)) as {
      ok: true;
      value: VerbResult;
    };
    expect(answer).toEqual({
      ok: true,
      value: {
        ok: false,
        error: 'The call history could not be saved (a folder is in its place).',
        phrase: { code: 'history.not-saved', params: { why: { code: 'settings.file.is-folder' } } },
      },
    });
    expect(!answer.value.ok && answer.value.phrase && sayIn(answer.value.phrase, 'es')).toBe(
      'No se pudo guardar el historial de llamadas (en su lugar hay una carpeta).',
    );
  });
});

describeShell('settings through the shell', () => {
  it('moves the hotkey when the agent saves a new one, and logs in again when the PBX changes', async () => {
    const shell = await startShell();
    const { fake, app } = shell;
    const { control } = demoPbx();
    const firstSession = Math.max(
      ...control
        .sessions()
        .filter((s) => !s.closed)
        .map((s) => s.id),
    );
    const event = fake.windows[0]!.ipcEvent();
    const view = (await fake.invoke(event, 'settings:get')) as { ok: true; value: { settings: { dialing: object; pbx: object } } };
    const settings = view.value.settings;
    const saved = await fake.invoke(event, 'settings:save', { ...settings, dialing: { ...settings.dialing, hotkey: 'Ctrl+Alt+K' } });
    expect(saved).toMatchObject({ ok: true, value: { ok: true, message: 'Saved.' } });
    expect([...fake.registered.keys()]).toEqual(['Ctrl+Alt+K']);

    fake.takenAccelerators.add('Ctrl+Alt+T');
    const taken = await fake.invoke(event, 'settings:save', {
      ...app.settings.settings,
      dialing: { ...app.settings.settings.dialing, hotkey: 'Ctrl+Alt+T' },
    });
    expect(taken).toMatchObject({
      ok: true,
      value: { ok: true, message: expect.stringMatching(/Saved\. .*"Ctrl\+Alt\+T" is already taken/) },
    });
    expect([...fake.registered.keys()]).toEqual(['Ctrl+Alt+K']);
    // Neither change touched the PBX login.
    expect(control.sessions().find((s) => s.id === firstSession)?.closed).toBe(false);

    await fake.invoke(event, 'settings:save', { ...app.settings.settings, pbx: { ...app.settings.settings.pbx, port: 5039 } });
    // A new login for the new port, which has no secret in the keychain yet: the host says so, and the old login ended.
    const now = await shell.until((s) => s.connection.status === 'failed', 'the new PBX login has no secret');
    expect(now.connection.error).toMatch(/No AMI secret is stored for agent@127\.0\.0\.1/);
    await eventually(() => expect(control.sessions().find((s) => s.id === firstSession)?.closed).toBe(true));
  });

  it('tells the agent about a corrupt settings file at start-up, and runs on the demo PBX meanwhile', async () => {
    const fake = new FakeElectron();
    mkdirSync(fake.app.userData, { recursive: true });
    writeFileSync(join(fake.app.userData, 'settings.json'), '{"pbx": {');
    const shell = await startShell({ fake, settings: null });
    expect(fake.notificationsShown.map((n) => n.body).join('\n')).toMatch(
      /settings file could not be read .*kept as .*settings\.json\.corrupt-/,
    );
    const live = await shell.until((s) => s.connection.status === 'live', 'the built-in demo PBX is live');
    expect(live.connection.label).toBe('Demo PBX');
  });

  it('keeps a settings file with a setting it does not know: tells the agent, logs it, and uses the rest', async () => {
    const fake = new FakeElectron();
    mkdirSync(fake.app.userData, { recursive: true });
    writeFileSync(join(fake.app.userData, 'settings.json'), JSON.stringify({ version: 1, theme: 'dark', wallboard: { on: true } }));
    const logged: string[] = [];
    const shell = await startShell({ fake, settings: null, deps: { log: (line: string) => logged.push(line) } });
    expect(fake.notificationsShown.map((n) => n.body).join('\n')).toMatch(
      /settings this version does not know \("wallboard"\): they are ignored/,
    );
    expect(shell.app.settings.settings.theme).toBe('dark');
    expect(logged.join('\n')).toMatch(/settings: .*"wallboard"/);
  });

  it('starts when settings.json and history.json cannot be read (a folder in their place), and tells the agent why in Spanish', async () => {
    const fake = new FakeElectron();
    fake.app.locale = 'es-ES';
    mkdirSync(join(fake.app.userData, 'settings.json'), { recursive: true });
    mkdirSync(join(fake.app.userData, 'history.json'), { recursive: true });
    const shell = await startShell({ fake, settings: null });
    const said = fake.notificationsShown.map((n) => n.body).join('\n');
    expect(said).toMatch(
      /No se pudo leer tu archivo de ajustes \(en su lugar hay una carpeta\)\. Se guardó como .*settings\.json\.corrupt-/,
    );
    expect(said).toMatch(
      /No se pudo leer el historial de llamadas \(en su lugar hay una carpeta\)\. Se guardó como .*history\.json\.corrupt-/,
    );
    const live = await shell.until((s) => s.connection.status === 'live', 'the built-in demo PBX is live');
    expect(live.connection.label).toBe('Demo PBX');
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
