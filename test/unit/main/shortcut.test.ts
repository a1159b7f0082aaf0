import { describe, expect, it } from 'vitest';
import { DialShortcut, checkAccelerator } from '../../../electron/main/shortcut.ts';
import { FakeElectron } from './fake-electron.ts';
import { CONFIGURED, settle, startShell } from './support.ts';

describe('the dial hotkey', () => {
  it('registers the default CommandOrControl+Alt+D and dials the PRIMARY selection on Linux', async () => {
    const { fake, companions } = await startShell();
    expect([...fake.registered.keys()]).toEqual(['CommandOrControl+Alt+D']);
    fake.selectionText = 'Call Ana at +1 (415) 555-0100 before noon';
    fake.clipboardText = '999999999';
    fake.press('CommandOrControl+Alt+D');
    await settle();
    expect(companions[0]!.dials()).toEqual(['+14155550100']);
  });

  it('reads the clipboard on Windows and macOS, where no selection can be read', async () => {
    const fake = new FakeElectron();
    fake.platform = 'win32';
    const { companions } = await startShell({ fake });
    fake.selectionText = '+1 415 555 0199';
    fake.clipboardText = 'tel 415-555-0100';
    fake.press('CommandOrControl+Alt+D');
    await settle();
    expect(companions[0]!.dials()).toEqual(['4155550100']);
  });

  it.each([
    ['', /Nothing is selected/],
    ['   \n ', /Nothing is selected/],
    ['no digits here at all', /./],
    [`${'lorem ipsum '.repeat(5000)}`, /./],
    ['Order A12345 shipped', /./],
  ])('tells the agent and sends nothing for the selection %#', async (selection, message) => {
    const { fake, companions } = await startShell();
    fake.selectionText = selection;
    fake.press('CommandOrControl+Alt+D');
    await settle();
    expect(companions[0]!.dials()).toEqual([]);
    expect(fake.notificationsShown.at(-1)?.body).toMatch(message);
  });

  it('shows the preview instead of dialling when the settings ask to confirm', async () => {
    const { fake, companions } = await startShell({ settings: { ...CONFIGURED, dialing: { confirmBeforeDial: true } } });
    fake.selectionText = '415.555.0100';
    fake.press('CommandOrControl+Alt+D');
    await settle();
    expect(companions[0]!.dials()).toEqual([]);
    const popover = fake.windows[0]!;
    expect(popover.visible).toBe(true);
    expect(popover.webContents.messages('push:dial-request')).toEqual([{ source: 'hotkey', preview: expect.objectContaining({ ok: true, e164: '+14155550100' }) }]);
    // A page that was still loading takes it once.
    expect(await fake.invoke(popover.ipcEvent(), 'dial:take-pending')).toEqual({ ok: true, value: { source: 'hotkey', preview: expect.objectContaining({ e164: '+14155550100' }) } });
    expect(await fake.invoke(popover.ipcEvent(), 'dial:take-pending')).toEqual({ ok: true, value: null });
  });

  it('reports a taken accelerator and keeps the old one working', () => {
    const fake = new FakeElectron();
    fake.takenAccelerators.add('Ctrl+Shift+X');
    const shortcut = new DialShortcut(fake, () => {});
    expect(shortcut.apply('CommandOrControl+Alt+D')).toEqual({ ok: true, accelerator: 'CommandOrControl+Alt+D' });
    expect(shortcut.apply('Ctrl+Shift+X')).toEqual({ ok: false, error: '"Ctrl+Shift+X" is already taken by another app or by the system: choose another combination.' });
    expect(shortcut.accelerator).toBe('CommandOrControl+Alt+D');
    expect([...fake.registered.keys()]).toEqual(['CommandOrControl+Alt+D']);
    // The old one is unregistered before the new one is tried, then put back.
    expect(fake.shortcutLog).toEqual(['register:CommandOrControl+Alt+D', 'unregister:CommandOrControl+Alt+D', 'register:Ctrl+Shift+X', 'register:CommandOrControl+Alt+D']);
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
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/Wayland session does not let apps take global shortcuts.*--dial-selection/) });
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

  it('tells the agent at start-up when the saved hotkey is taken', async () => {
    const fake = new FakeElectron();
    fake.takenAccelerators.add('CommandOrControl+Alt+D');
    await startShell({ fake });
    expect(fake.notificationsShown.map((n) => n.body)).toContain('The dial hotkey is not active: "CommandOrControl+Alt+D" is already taken by another app or by the system: choose another combination.');
  });

  it.each(['CommandOrControl+Alt+D', 'Ctrl+Shift+F12', 'F9', 'Alt+Space', 'Cmd+Option+P'])('accepts %s', (accelerator) => {
    expect(checkAccelerator(accelerator)).toBeNull();
  });
});
