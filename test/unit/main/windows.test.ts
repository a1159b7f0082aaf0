import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, appUrl, resolveAppFile } from '../../../electron/main/app-protocol.ts';
import { openExternalSafely } from '../../../electron/main/external.ts';
import { CONTENT_SECURITY_POLICY, WindowFactory, setupContentSecurityPolicy } from '../../../electron/main/windows.ts';
import { FakeElectron } from './fake-electron.ts';
import type { FakeWindow } from './fake-electron.ts';
import { describeShell, startShell, usePbx } from './support.ts';

usePbx();

function factoryOn(fake: FakeElectron, opened: string[] = []) {
  return new WindowFactory(fake, { preload: '/app/dist/electron/preload/index.cjs', openExternal: (url) => opened.push(url) });
}

describe('the hardened window factory', () => {
  it('makes every window isolated, sandboxed, without Node and with web security', () => {
    const fake = new FakeElectron();
    factoryOn(fake).create({ width: 400, height: 500, title: 'T' });
    const prefs = fake.windows[0]!.options.webPreferences;
    expect(prefs).toEqual({
      preload: '/app/dist/electron/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
    expect(fake.windows[0]!.options.show).toBe(false);
  });

  it('denies new windows and navigation, handing the address to the external opener', () => {
    const fake = new FakeElectron();
    const opened: string[] = [];
    factoryOn(fake, opened).create({ width: 400, height: 500, title: 'T' });
    const contents = fake.windows[0]!.webContents;
    expect(contents.openHandler?.({ url: 'https://crm.example.com/c/1' })).toEqual({ action: 'deny' });
    expect(contents.navigate('https://evil.example.com/')).toBe(true);
    expect(contents.navigate('https://evil.example.com/', 'will-redirect')).toBe(true);
    expect(opened).toEqual(['https://crm.example.com/c/1', 'https://evil.example.com/', 'https://evil.example.com/']);
  });

  it('knows its own windows, and forgets them when closed', () => {
    const fake = new FakeElectron();
    const factory = factoryOn(fake);
    const window = factory.create({ width: 1, height: 1, title: 'T' }) as FakeWindow;
    expect(factory.isOurs(window.webContents.id)).toBe(true);
    expect(factory.isOurs(9999)).toBe(false);
    window.close();
    expect(factory.isOurs(window.webContents.id)).toBe(false);
    expect(factory.windows()).toEqual([]);
  });

  it('puts the strict CSP on every response, replacing a weaker one', () => {
    const fake = new FakeElectron();
    setupContentSecurityPolicy(fake);
    const headers = fake.headersFor({
      url: 'http://localhost:5173/',
      responseHeaders: { 'content-security-policy': ["default-src *; script-src 'unsafe-eval'"], 'X-Other': ['1'] },
    });
    expect(headers).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY], 'X-Other': ['1'] });
    expect(CONTENT_SECURITY_POLICY).toMatch(/default-src 'none'/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'(;|$)/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
  });

  it("makes a content window for someone else's page: no preload, its own session, navigation only within its origin", () => {
    const fake = new FakeElectron();
    const opened: string[] = [];
    const factory = factoryOn(fake, opened);
    const window = factory.createContent({
      width: 1100,
      height: 780,
      title: 'Ada Lovelace',
      origin: 'https://crm.example.com',
      partition: 'persist:screen-pop',
    }) as FakeWindow;
    expect(window.options.webPreferences).toEqual({
      partition: 'persist:screen-pop',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
    expect('preload' in window.options.webPreferences).toBe(false);
    const contents = window.webContents;
    expect(contents.navigate('https://crm.example.com/customer/C-1042/edit')).toBe(false);
    // Off its origin: stopped, and handed to the browser only after the agent's click or key, one link each.
    contents.input('mouseDown');
    expect(contents.navigate('https://crm.example.com:8443/other')).toBe(true);
    contents.input('rawKeyDown');
    expect(contents.navigate('http://crm.example.com/')).toBe(true);
    expect(contents.navigate('https://evil.example.com/', 'will-redirect')).toBe(true);
    contents.input('mouseDown');
    expect(contents.openHandler?.({ url: 'https://crm.example.com/popup' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://crm.example.com:8443/other', 'http://crm.example.com/', 'https://crm.example.com/popup']);
    // Not one of the app's windows: no IPC, no pushed snapshots.
    expect(factory.isOurs(contents.id)).toBe(false);
    expect(factory.windows()).toEqual([]);
  });
});

describeShell('the windows of the running shell', () => {
  it('builds the popover and the settings window from the factory, serving the renderer from app://', async () => {
    const { fake, app } = await startShell();
    app.settingsWindow.open();
    expect(fake.windows.map((w) => w.url)).toEqual([appUrl('popover'), appUrl('settings')]);
    expect(fake.windows.every((w) => w.options.webPreferences.sandbox && w.options.webPreferences.contextIsolation)).toBe(true);
    expect(fake.windows[0]!.options).toMatchObject({ frame: false, skipTaskbar: true, resizable: false });
    expect(fake.served).toEqual([{ root: '/opt/pbx-companion/resources/app.asar/renderer/dist', csp: CONTENT_SECURITY_POLICY }]);
    // The popover hides when it loses focus.
    app.popover.show();
    expect(fake.windows[0]!.visible).toBe(true);
    fake.windows[0]!.emit('blur');
    expect(fake.windows[0]!.visible).toBe(false);
    // One settings window at a time.
    app.settingsWindow.open();
    expect(fake.windows).toHaveLength(2);
  });
});

describe('the app:// origin', () => {
  const root = '/opt/app/renderer/dist';
  it.each([
    ['app://companion/', `${root}/index.html`],
    ['app://companion/index.html#/popover', `${root}/index.html`],
    ['app://companion/assets/app-1.js?v=2', `${root}/assets/app-1.js`],
    // Dot segments, plain or encoded, collapse at the root: they never climb out of it.
    ['app://companion/../../etc/passwd', `${root}/etc/passwd`],
    ['app://companion/%2e%2e/%2e%2e/etc/passwd', `${root}/etc/passwd`],
    ['app://companion/..%2f..%2fetc%2fpasswd', `${root}/etc/passwd`],
    ['app://companion/a/..%5c..%5c..%5cetc%5cpasswd', `${root}/a/..\\..\\..\\etc\\passwd`],
    ['app://other/index.html', null],
    ['file:///etc/passwd', null],
    ['app://companion/%00', null],
    ['not a url', null],
  ])('%s -> %s', (url, file) => {
    expect(resolveAppFile(root, url)).toBe(file);
  });

  it('has one exact origin', () => {
    expect(APP_ORIGIN).toBe('app://companion');
    expect(appUrl('settings')).toBe('app://companion/index.html#/settings');
  });
});

describe('openExternalSafely', () => {
  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'tel:+15550100', 'smb://host/share', 'not a url'])('refuses %s', async (url) => {
    const fake = new FakeElectron();
    const result = await openExternalSafely(fake, url);
    expect(result.ok).toBe(false);
    expect(fake.opened).toEqual([]);
  });

  it('opens http and https, and what the settings allow', async () => {
    const fake = new FakeElectron();
    expect(await openExternalSafely(fake, 'https://crm.example.com/?q=1')).toEqual({ ok: true });
    expect(await openExternalSafely(fake, 'salesforce://record/1', ['https', 'salesforce'])).toEqual({ ok: true });
    expect(fake.opened).toEqual(['https://crm.example.com/?q=1', 'salesforce://record/1']);
  });
});
