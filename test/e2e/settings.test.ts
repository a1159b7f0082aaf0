/** The settings window, built and served over http in Debian's Chromium: the form's checks, in both languages. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startBridgeServer, type BridgeServer } from './support/bridge-server.ts';
import { launchChromium, openWithBridge, type LaunchedBrowser, type OpenedPage } from './support/browser.ts';
import { saveScreenshot } from './support/screenshots.ts';

let browser: LaunchedBrowser;
let server: BridgeServer;
const opened: OpenedPage[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  // The settings page needs no core: its save goes through settings-api.ts.
  server = await startBridgeServer({});
});
afterAll(async () => {
  await server?.close();
  await browser?.close();
});
afterEach(async () => {
  for (const { page, problems } of opened.splice(0)) {
    await page.close();
    expect(problems).toEqual([]);
  }
});

async function openSettings(locale = 'en-US'): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 560, height: 900 } });
  const page = await openWithBridge(context, server.settingsUrl);
  opened.push(page);
  await page.page.getByTestId('settings-form').waitFor();
  return page.page;
}

const errorOf = (page: Page, field: string) => page.getByTestId(`error-${field}`).innerText();

describe('the settings form', () => {
  it('says what each empty required field needs, and focuses the first', async () => {
    const page = await openSettings();
    await page.getByTestId('settings-save').click();
    expect(await page.getByTestId('settings-summary').innerText()).toBe('Please fix the fields marked below.');
    for (const field of ['host', 'user', 'secret', 'extension']) {
      expect(await errorOf(page, field)).toBe('This field is required.');
      expect(await page.getByTestId(`field-${field}`).getAttribute('aria-invalid')).toBe('true');
    }
    expect(await page.getByTestId('error-port').count()).toBe(0);
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('host');
    await saveScreenshot(page, 'settings-errors-en');
  });

  it('refuses a bad host, port, user, extension and screen-pop template, in words', async () => {
    const page = await openSettings();
    await page.getByTestId('field-host').fill('http://pbx.example.com');
    await page.getByTestId('field-port').fill('70000');
    await page.getByTestId('field-user').fill('agent app');
    await page.getByTestId('field-extension').fill('10 01');
    await page.getByTestId('field-popTemplate').fill('crm.example.com/{CUSTOMER_ID}');
    await page.getByTestId('settings-save').click();
    expect(await errorOf(page, 'host')).toContain('host name or an IP address');
    expect(await errorOf(page, 'port')).toBe('Enter a port number between 1 and 65535.');
    expect(await errorOf(page, 'user')).toContain('without spaces');
    expect(await errorOf(page, 'extension')).toContain('1001');
    expect(await errorOf(page, 'popTemplate')).toBe('The address must start with https:// or http://.');

    await page.getByTestId('field-popTemplate').fill('https://crm.example.com/c/{CUSTOMER ID}');
    expect(await errorOf(page, 'popTemplate')).toContain('{placeholder}');
  });

  it('accepts a valid form, previews the screen pop and saves without keeping the secret', async () => {
    const page = await openSettings();
    await page.getByTestId('field-host').fill('192.168.1.20');
    await page.getByTestId('field-user').fill('agent1001');
    await page.getByTestId('field-secret').fill('s3cret!');
    await page.getByTestId('field-extension').fill('1001');
    await page.getByTestId('field-popTemplate').fill('https://crm.example.com/customers/{CUSTOMER_ID}?phone={number}');
    expect(await page.getByTestId('pop-preview').innerText()).toContain('https://crm.example.com/customers/C-20931?phone=%2B34912345678');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('toast').innerText()).toBe('Settings saved.');
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(0);
    const stored = await page.evaluate<string>('JSON.stringify({ ...localStorage })');
    expect(stored).toContain('192.168.1.20');
    expect(stored).not.toContain('s3cret!');
  });

  it('speaks Spanish when the system does', async () => {
    const page = await openSettings('es-ES');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Ajustes');
    await page.getByTestId('settings-save').click();
    expect(await errorOf(page, 'host')).toBe('Este campo es obligatorio.');
    await page.getByTestId('field-port').fill('0');
    expect(await errorOf(page, 'port')).toBe('Escribe un puerto entre 1 y 65535.');
    await saveScreenshot(page, 'settings-errors-es');
  });
});
