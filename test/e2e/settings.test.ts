/**
 * The settings window, built and served over http in Debian's Chromium, on the shell's side of the
 * bridge made of real parts: the settings store on a file, the OS keychain (a real Secret Service
 * under scripts/with-keyring.mjs), the doctor's checks over TCP against the demo PBX, the screen-pop
 * template compiler, the hotkey check (only Electron's globalShortcut is faked).
 */
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { amiAccount } from '../../electron/core/credentials/store.ts';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import { startBridgeServer, type BridgeServer } from './support/bridge-server.ts';
import { launchChromium, openWithBridge, type LaunchedBrowser, type OpenedPage } from './support/browser.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { startShellBackend, type ShellBackend } from './support/shell-backend.ts';

const SECRET = 's3cret'; // the demo PBX's `agentapp` user (the fixtures' manager.conf)

let browser: LaunchedBrowser;
let demo: DemoPbx;
/** The latest page's shell; every one is closed after the test. */
let shell: ShellBackend | undefined;
const started: (ShellBackend | BridgeServer)[] = [];
const opened: OpenedPage[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  demo = await startDemoPbx({ answerAfterMs: null });
});
afterAll(async () => {
  await demo?.close();
  await browser?.close();
});
afterEach(async () => {
  for (const { page, problems } of opened.splice(0)) {
    await page.close();
    expect(problems).toEqual([]);
  }
  for (const part of started.splice(0).reverse()) await part.close();
  shell = undefined;
});

const pbxSettings = () => ({ pbx: { host: demo.host, port: demo.port, username: 'agentapp', extension: '1001' } });

async function openSettings(
  settings?: Record<string, unknown>,
  options: { locale?: string; colorScheme?: 'light' | 'dark'; secret?: string } = {},
): Promise<Page> {
  shell = await startShellBackend({ ...(settings ? { settings } : {}), ...(options.secret ? { secret: options.secret } : {}) });
  const server = await startBridgeServer({ shell: shell.methods });
  started.push(shell, server);
  const context = await browser.newContext({
    locale: options.locale ?? 'en-US',
    colorScheme: options.colorScheme ?? 'light',
    viewport: { width: 600, height: 900 },
  });
  const page = await openWithBridge(context, server.settingsUrl);
  opened.push(page);
  await page.page.locator('[data-testid="settings-form"], [data-testid="wizard"]').first().waitFor();
  return page.page;
}

const fileText = () => readFile(shell!.settingsFile, 'utf8');
const errorOf = (page: Page, field: string) => page.getByTestId(`error-${field}`).innerText();
const toastTexts = (page: Page) => page.getByTestId('toast').allInnerTexts();

describe('first run', () => {
  it('shows the wizard, says the app runs on the Demo PBX, and sets up a PBX: test, save, keychain', async () => {
    const page = await openSettings();
    expect(await page.getByTestId('wizard-demo-note').innerText()).toContain('built-in Demo PBX');
    await saveScreenshot(page, 'settings-wizard-en');
    await page.getByTestId('wizard-pbx').click();

    await page.getByTestId('wizard-next').click();
    expect(await errorOf(page, 'host')).toBe('This field is required.');
    await page.getByTestId('field-host').fill(demo.host);
    await page.getByTestId('field-port').fill(String(demo.port));
    await page.getByTestId('field-user').fill('agentapp');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('field-extension').fill('1001');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('field-secret').fill(SECRET);
    await page.getByTestId('wizard-next').click();

    await page.getByTestId('test-connection').click();
    await expect.poll(() => page.getByTestId('test-summary').innerText()).toContain('All needed checks passed.');
    const checks = await page
      .getByTestId('test-check')
      .evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-check'), r.getAttribute('data-state')]));
    expect(checks.map(([id]) => id)).toEqual([
      'login',
      'CoreSettings',
      'QueueStatus',
      'ExtensionStateList',
      'DeviceStateList',
      'CoreShowChannels',
      'QueuePause',
      'Originate',
      'Hangup',
      'MixMonitor',
      'PJSIPShowEndpoint',
      'events',
    ]);
    expect(checks.every(([, state]) => state === 'ok')).toBe(true);
    expect(await page.locator('[data-check="QueuePause"]').innerText()).toContain('Pause and resume');
    await saveScreenshot(page, 'settings-wizard-test-en');

    await page.getByTestId('wizard-save').click();
    await expect.poll(() => page.getByTestId('wizard-done').innerText()).toContain(`${demo.host} as extension 1001`);
    const saved = JSON.parse(await fileText()) as { pbx: { host: string; port: number; username: string; extension: string } };
    expect(saved.pbx).toMatchObject({ host: demo.host, port: demo.port, username: 'agentapp', extension: '1001' });
    expect(await fileText()).not.toContain(SECRET);
    expect(await shell!.credentials.get(amiAccount(saved.pbx))).toBe(SECRET);

    await page.getByTestId('wizard-finish').click();
    await page.getByTestId('settings-form').waitFor();
    expect(await page.getByTestId('field-host').inputValue()).toBe(demo.host);
    expect(await page.getByTestId('secret-stored').isVisible()).toBe(true);
    expect(await page.getByTestId('demo-banner').count()).toBe(0);
  });

  it('keeps the Demo PBX when the agent wants to try it first, and says so on the page', async () => {
    const page = await openSettings();
    await page.getByTestId('wizard-demo').click();
    expect(await page.getByTestId('demo-banner').innerText()).toContain('built-in Demo PBX');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => toastTexts(page)).toContain('Saved.');
    expect(JSON.parse(await fileText()).pbx.host).toBe('');
  });
});

describe('the settings form on the real store', () => {
  it("loads what is saved and saves it back; the schema's refusals show next to their field, in words", async () => {
    const page = await openSettings({ ...pbxSettings(), dialing: { defaultCountry: 'ES' } }, { secret: SECRET });
    expect(await page.getByTestId('field-host').inputValue()).toBe(demo.host);
    expect(await page.getByTestId('field-user').inputValue()).toBe('agentapp');
    expect(await page.getByTestId('field-defaultCountry').inputValue()).toBe('ES');
    const before = await fileText();

    await page.getByTestId('field-defaultCountry').fill('Spain');
    await page.getByTestId('field-internalPattern').fill('^[0-9{2,6}$');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => errorOf(page, 'defaultCountry')).toBe('A two-letter country code such as US or ES');
    expect(await errorOf(page, 'internalPattern')).toBe('Must be a valid regular expression');
    expect(await page.getByTestId('settings-summary').innerText()).toContain('Please fix the fields marked below.');
    expect(await fileText()).toBe(before);
    await saveScreenshot(page, 'settings-errors-en');

    await page.getByTestId('field-defaultCountry').fill('MX');
    await page.getByTestId('field-internalPattern').fill('^[0-9]{3,5}$');
    await page.getByTestId('field-popTrigger').selectOption('answered');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => toastTexts(page)).toContain('Saved.');
    const saved = JSON.parse(await fileText());
    expect(saved.dialing).toMatchObject({ defaultCountry: 'MX', internalPattern: '^[0-9]{3,5}$' });
    expect(saved.screenPop.trigger).toBe('answered');
    expect(saved.pbx.host).toBe(demo.host);
  });

  it('says what a configured PBX still needs, before anything is sent', async () => {
    const page = await openSettings({ pbx: { host: demo.host, port: demo.port, username: '', extension: '' } });
    await page.getByTestId('field-port').fill('70000');
    await page.getByTestId('settings-save').click();
    expect(await errorOf(page, 'port')).toBe('Enter a port number between 1 and 65535.');
    for (const field of ['user', 'extension', 'secret']) expect(await errorOf(page, field)).toBe('This field is required.');
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('port');
  });

  it('stores the secret in the keychain only: never in the file or the page, and the field clears', async () => {
    const page = await openSettings(pbxSettings());
    const secret = 'N0t-in-the-file!';
    await page.getByTestId('field-secret').fill(secret);
    await page.getByTestId('settings-save').click();
    await expect.poll(() => toastTexts(page)).toContain('Saved. The secret is stored in the system keychain.');
    expect(await page.getByTestId('field-secret').inputValue()).toBe('');
    expect(await readFile(shell!.settingsFile)).not.toContain(Buffer.from(secret));
    expect(await shell!.credentials.get(amiAccount({ username: 'agentapp', host: demo.host, port: demo.port }))).toBe(secret);
    const pageStorage = await page.evaluate<string>('JSON.stringify({ ...localStorage, ...sessionStorage })');
    expect(pageStorage).not.toContain(secret);
    expect(await page.getByTestId('secret-stored').isVisible()).toBe(true);
  });

  it('tests the connection: each check in words, a wrong secret and missing rights explained', async () => {
    const page = await openSettings({ pbx: { host: demo.host, port: demo.port, username: 'limited', extension: '1001' } });
    await page.getByTestId('field-secret').fill('wrong-secret');
    await page.getByTestId('test-connection').click();
    await expect.poll(() => page.getByTestId('test-summary').innerText()).toBe('Not ready yet: “Log in to the PBX” did not work.');
    const login = page.locator('[data-check="login"]');
    expect(await login.getAttribute('data-state')).toBe('fail');
    expect(await login.innerText()).toMatch(/Log in to the PBX\s+Will not work/);
    expect((await login.innerText()).toLowerCase()).toMatch(/secret|authentication|refused/);

    // The right secret for a user without the agent and system rights.
    await page.getByTestId('field-secret').fill('l1mited');
    await page.getByTestId('test-connection').click();
    await expect.poll(() => page.locator('[data-check="login"]').getAttribute('data-state')).toBe('ok');
    const pause = page.locator('[data-check="QueuePause"]');
    expect(await pause.getAttribute('data-state')).toBe('fail');
    expect(await pause.innerText()).toContain('Permission denied — the AMI user needs write = agent in manager.conf');
    expect(await page.locator('[data-check="MixMonitor"]').getAttribute('data-state')).toBe('warning');
    expect(await page.locator('[data-check="Originate"]').getAttribute('data-state')).toBe('ok');
    expect(await page.getByTestId('test-summary').innerText()).not.toContain('All needed');
    await page.getByTestId('test-summary').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'settings-test-failed-en');
    await page.locator('details.stanza summary').click();
    expect(await page.locator('details.stanza pre').innerText()).toContain('[limited]');
  });

  it("says the core's words in Spanish: the refused login, a template the pop refuses, the save", async () => {
    const page = await openSettings(
      { pbx: { host: demo.host, port: demo.port, username: 'limited', extension: '1001' } },
      { locale: 'es-ES' },
    );
    await page.getByTestId('field-secret').fill('wrong-secret');
    await page.getByTestId('test-connection').click();
    const login = page.locator('[data-check="login"]');
    await expect.poll(() => login.getAttribute('data-state')).toBe('fail');
    expect(await login.innerText()).toContain(
      'La centralita rechazó el inicio de sesión del usuario AMI "limited" (Authentication failed)',
    );
    expect(await login.innerText()).not.toContain('the PBX');

    await page.getByTestId('field-popTemplate').fill('https://crm.example.com/c/{CUSTOMER_ID}');
    await page.getByTestId('field-popTemplate').blur();
    await expect.poll(() => errorOf(page, 'popTemplate')).toContain('Marcador desconocido {CUSTOMER_ID}');
    await page.getByTestId('test-summary').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'settings-test-failed-es');

    await page.getByTestId('field-popTemplate').fill('');
    await page.getByTestId('field-secret').fill('l1mited');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => toastTexts(page)).toContain('Guardado. La contraseña está guardada en el llavero del sistema.');
  });

  it("previews the screen pop with the app's own template rules, and refuses an unknown placeholder", async () => {
    const page = await openSettings(pbxSettings(), { secret: SECRET });
    const before = await fileText();
    await page.getByTestId('field-popTemplate').fill('https://crm.example.com/c/{CUSTOMER_ID}');
    await page.getByTestId('field-popTemplate').blur();
    await expect.poll(() => errorOf(page, 'popTemplate')).toContain('Unknown placeholder {CUSTOMER_ID}');
    await page.getByTestId('settings-save').click();
    expect(await fileText()).toBe(before);

    await page.getByTestId('field-popTemplate').fill('https://crm.example.com/customers/{var.CUSTOMER_ID}?phone={number}&q={queue}');
    await expect
      .poll(() => page.getByTestId('pop-preview').innerText())
      .toContain('https://crm.example.com/customers/C-20931?phone=%2B34912345678&q=support');
    expect(await page.getByTestId('error-popTemplate').count()).toBe(0);
    await page.getByTestId('settings-save').click();
    await expect.poll(() => toastTexts(page)).toContain('Saved.');
    expect(JSON.parse(await fileText()).screenPop.template).toBe(
      'https://crm.example.com/customers/{var.CUSTOMER_ID}?phone={number}&q={queue}',
    );
  });

  it('checks the dial hotkey for conflicts', async () => {
    const page = await openSettings(pbxSettings());
    await page.getByTestId('field-hotkey').fill('Control+Alt+T');
    await page.getByTestId('hotkey-check').click();
    await expect.poll(() => page.getByTestId('hotkey-result').innerText()).toContain('already taken');
    await page.getByTestId('field-hotkey').fill('Alt');
    await page.getByTestId('hotkey-check').click();
    await expect.poll(() => page.getByTestId('hotkey-result').innerText()).toContain('no key after the modifiers');
    await page.getByTestId('field-hotkey').fill('Control+Shift+F9');
    await page.getByTestId('hotkey-check').click();
    await expect.poll(() => page.getByTestId('hotkey-result').innerText()).toBe('Control+Shift+F9 is free to use.');
  });

  it('edits the pause reasons: add, remove, refuse a duplicate code, save in both languages', async () => {
    const page = await openSettings(pbxSettings(), { secret: SECRET });
    expect(await page.getByTestId('reason-code').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value))).toEqual([
      'Break',
      'Lunch',
      'Meeting',
      'Training',
      'Paperwork',
    ]);
    await page.getByRole('button', { name: 'Remove the reason Training' }).click();
    await page.getByTestId('reason-add').click();
    const last = page.getByTestId('reason-row').last();
    expect(
      await last
        .getByTestId('reason-code')
        .evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement),
    ).toBe(true);
    await last.getByTestId('reason-code').fill('Lunch');
    await last.getByTestId('reason-en').fill('Coaching');
    await last.getByTestId('reason-es').fill('Formación');
    await page.getByTestId('settings-save').click();
    expect(await errorOf(page, 'pauseReasons')).toContain('same code');
    await last.getByTestId('reason-code').fill('Coaching');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => toastTexts(page)).toContain('Saved.');
    const saved = JSON.parse(await fileText());
    expect(saved.pauseReasons.map((r: { code: string }) => r.code)).toEqual(['Break', 'Lunch', 'Meeting', 'Paperwork', 'Coaching']);
    expect(saved.pauseReasons[4].label).toEqual({ en: 'Coaching', es: 'Formación' });
  });
});

describe('languages and themes', () => {
  it('speaks Spanish when the system does', async () => {
    const page = await openSettings({ pbx: { host: demo.host, port: demo.port, username: '', extension: '' } }, { locale: 'es-ES' });
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Ajustes');
    await page.getByTestId('settings-save').click();
    expect(await errorOf(page, 'user')).toBe('Este campo es obligatorio.');
    await page.getByTestId('field-port').fill('0');
    expect(await errorOf(page, 'port')).toBe('Escribe un puerto entre 1 y 65535.');
    await saveScreenshot(page, 'settings-errors-es');
  });

  it('shows the settings and the wizard in the dark theme', async () => {
    const page = await openSettings(pbxSettings(), { colorScheme: 'dark' });
    const background = await page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    expect(background).toBe('rgb(20, 23, 28)');
    await page.getByTestId('field-secret').fill(SECRET);
    await page.getByTestId('field-popTemplate').fill('https://crm.example.com/customers/{var.CUSTOMER_ID}');
    await page.getByTestId('test-connection').click();
    await expect.poll(() => page.getByTestId('test-summary').innerText()).toContain('All needed checks passed.');
    await saveScreenshot(page, 'settings-dark-en');
    await page.close();

    const wizard = await openSettings(undefined, { colorScheme: 'dark', locale: 'es-ES' });
    expect(await wizard.getByTestId('wizard-demo-note').innerText()).toContain('centralita de demostración');
    await saveScreenshot(wizard, 'settings-wizard-dark-es');
  });

  it('saves the language and the theme to the settings file, and the page follows', async () => {
    const page = await openSettings(pbxSettings(), { secret: SECRET });
    await page.getByTestId('field-language').selectOption('es');
    await page.getByTestId('field-theme').selectOption('dark');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Ajustes');
    expect(await page.evaluate<string | undefined>('document.documentElement.dataset.theme')).toBe('dark');
    const saved = JSON.parse(await fileText());
    expect([saved.language, saved.theme]).toEqual(['es', 'dark']);
  });
});
