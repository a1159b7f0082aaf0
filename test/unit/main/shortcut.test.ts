import { describe, expect, it } from 'vitest';
import { DialShortcut, checkAccelerator } from '../../../electron/main/shortcut.ts';
import { sayIn } from '../../../electron/shared/phrases/say.ts';
import { FakeElectron } from './fake-electron.ts';
import { configured, describeShell, eventually, expectNothingDialled, startShell, usePbx } from './support.ts';

usePbx();

describeShell('the dial hotkey in the running shell', () => {
  it('registers the default CommandOrControl+Alt+D', async () => {
    const { fake } = await startShell();
    expect([...fake.registered.keys()]).toEqual(['CommandOrControl+Alt+D']);
  });

  it('reads the clipboard on Windows and macOS, where no selection can be read', async () => {
    const fake = new FakeElectron();
    fake.platform = 'win32';
    const shell = await startShell({ fake });
    fake.selectionText = '+1 415 555 0199';
    fake.clipboardText = 'tel 415-555-0100';
    fake.press('CommandOrControl+Alt+D');
    await shell.until((s) => s.extension.state === 'ringing', "the agent's phone rings");
    expect(shell.originates().map((a) => a.get('Exten'))).toEqual(['4155550100']);
  });

  it('says the clipboard is empty on Windows, and sends nothing', async () => {
    const fake = new FakeElectron();
    fake.platform = 'win32';
    const shell = await startShell({ fake });
    fake.selectionText = '+1 415 555 0199';
    fake.press('CommandOrControl+Alt+D');
    await eventually(() => expect(fake.notificationsShown.at(-1)?.body).toMatch(/clipboard is empty: copy the phone number/));
    expectNothingDialled(shell);
  });

  it('shows the preview instead of dialling when the settings ask to confirm', async () => {
    const shell = await startShell({ settings: configured({ dialing: { confirmBeforeDial: true } }) });
    const { fake } = shell;
    fake.selectionText = '415.555.0100';
    fake.press('CommandOrControl+Alt+D');
    const popover = fake.windows[0]!;
    await eventually(() =>
      expect(popover.webContents.messages('push:dial-request')).toEqual([
        { source: 'hotkey', preview: expect.objectContaining({ ok: true, e164: '+14155550100' }) },
      ]),
    );
    expect(popover.visible).toBe(true);
    // A page that was still loading takes it once.
    expect(await fake.invoke(popover.ipcEvent(), 'dial:take-pending')).toEqual({
      ok: true,
      value: { source: 'hotkey', preview: expect.objectContaining({ e164: '+14155550100' }) },
    });
    expect(await fake.invoke(popover.ipcEvent(), 'dial:take-pending')).toEqual({ ok: true, value: null });
    expectNothingDialled(shell);
  });

  it('tells the agent at start-up when the saved hotkey is taken', async () => {
    const fake = new FakeElectron();
    fake.takenAccelerators.add('CommandOrControl+Alt+D');
    await startShell({ fake });
    expect(fake.notificationsShown.map((n) => n.body)).toContain(
      'The dial hotkey is not active: "CommandOrControl+Alt+D" is already taken by another app or by the system: choose another combination.',
    );
  });
});

describe('DialShortcut', () => {
  it('reports a taken accelerator and keeps the old one working', () => {
    const fake = new FakeElectron();
    fake.takenAccelerators.add('Ctrl+Shift+X');
    const shortcut = new DialShortcut(fake, () => {});
    expect(shortcut.apply('CommandOrControl+Alt+D')).toEqual({ ok: true, accelerator: 'CommandOrControl+Alt+D' });
    const taken = shortcut.apply('Ctrl+Shift+X');
    expect(taken).toMatchObject({
      ok: false,
      error: '"Ctrl+Shift+X" is already taken by another app or by the system: choose another combination.',
    });
    // The same refusal as a phrase, which a Spanish agent reads in Spanish.
    if (taken.ok) throw new Error('the taken accelerator was accepted');
    expect(taken.phrase).toEqual({ code: 'desktop.hotkey-taken', params: { hotkey: 'Ctrl+Shift+X' } });
    expect(sayIn(taken.phrase, 'es')).toBe('«Ctrl+Shift+X» ya lo usa otra aplicación o el sistema: elige otra combinación.');
    expect(shortcut.accelerator).toBe('CommandOrControl+Alt+D');
    expect([...fake.registered.keys()]).toEqual(['CommandOrControl+Alt+D']);
    // The old one is unregistered before the new one is tried, then put back.
    expect(fake.shortcutLog).toEqual([
      'register:CommandOrControl+Alt+D',
      'unregister:CommandOrControl+Alt+D',
      'register:Ctrl+Shift+X',
      'register:CommandOrControl+Alt+D',
    ]);
  });

  it('unregisters the old accelerator before registering the new one', () => {
    const fake = new FakeElectron();
    const shortcut = new DialShortcut(fake, () => {});
    shortcut.apply('Alt+F9');
    shortcut.apply('Super+D');
    expect(fake.shortcutLog).toEqual(['register:Alt+F9', 'unregister:Alt+F9', 'register:Super+D']);
    expect([...fake.registered.keys()]).toEqual(['Super+D']);
    expect(shortcut.apply('')).toEqual({ ok: true, accelerator: '' });
    expect(fake.registered.size).toBe(0);
  });

  it('says when a Wayland session refuses global shortcuts', () => {
    const fake = new FakeElectron();
    fake.env['XDG_SESSION_TYPE'] = 'wayland';
    fake.takenAccelerators.add('CommandOrControl+Alt+D');
    const result = new DialShortcut(fake, () => {}).apply('CommandOrControl+Alt+D');
    expect(result).toMatchObject({
      ok: false,
      error: expect.stringMatching(/the desktop's shortcut portal refused it.*--dial-selection/),
    });
  });

  it('on Wayland asks Chromium for the shortcut portal before ready, and says the desktop may ask to confirm', async () => {
    const fake = new FakeElectron();
    fake.env['XDG_SESSION_TYPE'] = 'wayland';
    await startShell({ fake });
    // The fake refuses a switch appended after ready: Chromium reads them at launch.
    expect(fake.app.switches).toEqual(['enable-features=GlobalShortcutsPortal']);
    expect([...fake.registered.keys()]).toEqual(['CommandOrControl+Alt+D']);
    const result = new DialShortcut(fake, () => {}).apply('Alt+F9');
    expect(result.ok && result.warning && sayIn(result.warning, 'es')).toMatch(
      /En Wayland el escritorio puede pedirte que confirmes este atajo/,
    );
  });

  it('asks for no portal on X11, Windows or macOS', async () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const fake = new FakeElectron();
      fake.platform = platform;
      fake.env['XDG_SESSION_TYPE'] = 'x11';
      await startShell({ fake });
      expect(fake.app.switches, platform).toEqual([]);
    }
  });

  it('refuses malformed accelerators without touching the registered one', () => {
    const fake = new FakeElectron();
    const shortcut = new DialShortcut(fake, () => {});
    shortcut.apply('Alt+F9');
    expect(shortcut.apply('Ctrl+')).toMatchObject({ ok: false, error: expect.stringMatching(/not a key combination/) });
    expect(shortcut.apply('Hyper+D')).toMatchObject({ ok: false, error: expect.stringMatching(/"Hyper" is not a modifier/) });
    expect(shortcut.apply('D')).toMatchObject({ ok: false, error: expect.stringMatching(/needs a modifier/) });
    expect(shortcut.apply('Ctrl+Bogus')).toMatchObject({ ok: false });
    expect(shortcut.accelerator).toBe('Alt+F9');
    expect(fake.registered.has('Alt+F9')).toBe(true);
  });

  it('checks a combination for the settings window without keeping it', () => {
    const fake = new FakeElectron();
    fake.takenAccelerators.add('Ctrl+Alt+T');
    const shortcut = new DialShortcut(fake, () => {});
    shortcut.apply('CommandOrControl+Alt+D');
    expect(shortcut.check('Ctrl+Alt+T')).toMatchObject({ ok: false, error: expect.stringMatching(/already taken/) });
    expect(shortcut.check('Ctrl+Alt+K')).toEqual({ ok: true, accelerator: 'Ctrl+Alt+K' });
    expect([...fake.registered.keys()]).toEqual(['CommandOrControl+Alt+D']);
  });

  it.each(['CommandOrControl+Alt+D', 'Ctrl+Shift+F12', 'F9', 'Alt+Space', 'Cmd+Option+P'])('accepts %s', (accelerator) => {
    expect(checkAccelerator(accelerator)).toBeNull();
  });
});
