/**
 * The first-run wizard as an agent meets it (issue 22 item 10), built and served over http in
 * Debian's Chromium at the tray popover's size, on the shell's side of the bridge made of real parts:
 * the settings store on a file, the OS keychain (a real Secret Service under scripts/with-keyring.mjs),
 * the doctor's checks over TCP against the demo PBX.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import { startBridgeServer, type BridgeServer } from './support/bridge-server.ts';
import { launchChromium, POPOVER_SIZE, openWithBridge, type LaunchedBrowser, type OpenedPage } from './support/browser.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { startShellBackend, type ShellBackend } from './support/shell-backend.ts';

let browser: LaunchedBrowser;
let demo: DemoPbx;
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
});

async function openSettings(
  options: { settings?: Record<string, unknown>; secret?: string; locale?: string; colorScheme?: 'light' | 'dark' } = {},
): Promise<Page> {
  const shell = await startShellBackend({
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.secret ? { secret: options.secret } : {}),
  });
  const server = await startBridgeServer({ shell: shell.methods });
  started.push(shell, server);
  const context = await browser.newContext({
    locale: options.locale ?? 'en-US',
    colorScheme: options.colorScheme ?? 'light',
    viewport: POPOVER_SIZE,
  });
  const page = await openWithBridge(context, server.settingsUrl);
  opened.push(page);
  await page.page.locator('[data-testid="settings-form"], [data-testid="wizard"]').first().waitFor();
  return page.page;
}

/** Walks the wizard to its test step with `user` and `secret`. */
async function toTestStep(page: Page, user: string, secret: string): Promise<void> {
  await page.getByTestId('wizard-pbx').click();
  await page.getByTestId('field-host').fill(demo.host);
  await page.getByTestId('field-port').fill(String(demo.port));
  await page.getByTestId('field-user').fill(user);
  await page.getByTestId('wizard-next').click();
  await page.getByTestId('field-extension').fill('1001');
  await page.getByTestId('wizard-next').click();
  await page.getByTestId('field-secret').fill(secret);
  await page.getByTestId('wizard-next').click();
  await page.locator('[data-step="test"]').waitFor();
}

const labelOf = (page: Page, id: string) => page.locator(`label[for="${id}"]`).innerText();
const isPrimary = (page: Page, testid: string) => page.getByTestId(testid).evaluate((el) => el.classList.contains('primary'));

describe('the first-run wizard for agents', () => {
  it('speaks plain words, keeps the admin words in a details line, and says what each way out does', async () => {
    const page = await openSettings();
    // One way to stay on the Demo PBX on the first step, saying what it means.
    expect(await page.getByTestId('wizard-later').count()).toBe(0);
    expect(await page.locator('#wizard-demo-means').innerText()).toBe(
      'Practice calls, nothing to set up: connect your PBX any time from Settings.',
    );
    await page.getByTestId('wizard-pbx').click();
    expect(await labelOf(page, 'host')).toBe('Server address');
    expect(await labelOf(page, 'user')).toBe('User name from your administrator');
    expect(await page.getByTestId('wizard-admin-details').innerText()).toContain('AMI user in manager.conf');
    expect(await page.locator('#wizard-later-means').innerText()).toContain('Stops here without saving');
    await page.getByTestId('field-host').fill(demo.host);
    await page.getByTestId('field-port').fill(String(demo.port));
    await page.getByTestId('field-user').fill('agentapp');
    await page.getByTestId('wizard-next').click();
    expect(await labelOf(page, 'extension')).toBe('Your extension');
    await page.getByTestId('field-extension').fill('1001');
    await page.getByTestId('wizard-next').click();
    expect(await labelOf(page, 'secret')).toBe('Password from your administrator');
    expect(await page.getByTestId('wizard-admin-details').innerText()).toContain('manager.conf');
  });

  it('after a refused login: the summary names the check, Fix the password leads, Save anyway is secondary', async () => {
    const page = await openSettings();
    await toTestStep(page, 'agentapp', 'wrong-secret');
    await page.getByTestId('test-connection').click();
    await expect.poll(() => page.getByTestId('test-summary').innerText()).toBe('Not ready yet: “Log in to the PBX” did not work.');
    expect(await page.getByTestId('wizard-fix').innerText()).toBe('Fix the password');
    expect(await isPrimary(page, 'wizard-fix')).toBe(true);
    expect(await page.getByTestId('wizard-save').innerText()).toBe('Save anyway');
    expect(await isPrimary(page, 'wizard-save')).toBe(false);
    expect(await page.getByTestId('test-connection').innerText()).toBe('Test again');

    // Fix leads back to the password; with the right one the test passes and Save is the way on.
    await page.getByTestId('wizard-fix').click();
    await page.getByTestId('field-secret').fill('s3cret');
    await page.getByTestId('wizard-next').click();
    expect(await page.getByTestId('wizard-fix').count()).toBe(0);
    await page.getByTestId('test-connection').click();
    await expect.poll(() => page.getByTestId('test-summary').innerText()).toContain('All needed checks passed.');
    expect(await page.getByTestId('wizard-save').innerText()).toBe('Save and connect');
    expect(await isPrimary(page, 'wizard-save')).toBe(true);
  });

  it("a missing right (the admin's part): the summary names the first failed check, Test again runs the checks again", async () => {
    const page = await openSettings();
    await toTestStep(page, 'limited', 'l1mited');
    await page.getByTestId('test-connection').click();
    await expect.poll(() => page.getByTestId('test-summary').innerText()).toMatch(/^Not ready yet: “[^”]+” and \d+ more did not work\.$/);
    expect(await page.getByTestId('wizard-fix').innerText()).toBe('Test again');
    expect(await isPrimary(page, 'wizard-fix')).toBe(true);
    // Test again runs the checks anew: the old report goes while they run, and a new one comes.
    await page.getByTestId('test-summary').evaluate((el) => el.setAttribute('data-old', ''));
    await page.getByTestId('wizard-fix').click();
    await page.locator('[data-testid="test-summary"]:not([data-old])').waitFor();
    expect(await page.getByTestId('test-summary').innerText()).toMatch(/^Not ready yet: “[^”]+” and \d+ more did not work\.$/);
  });

  it('screenshots of the failed test at 360x520: English and Spanish, light and dark', async () => {
    const looks = [
      { locale: 'en-US', colorScheme: 'light', name: 'settings-wizard-failed-en' },
      { locale: 'en-US', colorScheme: 'dark', name: 'settings-wizard-failed-en-dark' },
      { locale: 'es-ES', colorScheme: 'light', name: 'settings-wizard-failed-es' },
      { locale: 'es-ES', colorScheme: 'dark', name: 'settings-wizard-failed-es-dark' },
    ] as const;
    for (const look of looks) {
      const page = await openSettings(look);
      await toTestStep(page, 'agentapp', 'wrong-secret');
      await page.getByTestId('test-connection').click();
      await page.getByTestId('wizard-fix').waitFor();
      if (look.locale === 'es-ES') {
        expect(await page.getByTestId('test-summary').innerText()).toBe('Aún no está listo: «Entrar en la centralita» no ha funcionado.');
        expect(await page.getByTestId('wizard-fix').innerText()).toBe('Corregir la contraseña');
      }
      // The summary at the top: under it the checks, Fix and Save anyway.
      await page.getByTestId('test-summary').evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await saveScreenshot(page, look.name);
    }
  }, 60_000);

  it('tests a saved login with its stored secret over the test bridge (no secret typed crosses as null)', async () => {
    const page = await openSettings({
      settings: { pbx: { host: demo.host, port: demo.port, username: 'agentapp', extension: '1001' } },
      secret: 's3cret',
    });
    await page.getByTestId('settings-form').waitFor();
    expect(await page.getByTestId('field-secret').inputValue()).toBe('');
    await page.getByTestId('test-connection').click();
    await expect.poll(() => page.getByTestId('test-summary').innerText()).toContain('All needed checks passed.');
    expect(await page.locator('[data-check="login"]').getAttribute('data-state')).toBe('ok');
  });
});
