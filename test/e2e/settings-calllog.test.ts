/**
 * Issue 19: the call log in the Settings window (Chromium, the shell's side on a real settings file
 * and keychain): the CRM's address checked as the core checks it, the shared secret to the keychain
 * only (per CRM origin), the dispositions with their English and Spanish labels, and "required".
 */
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { callLogAccount } from '../../electron/core/credentials/store.ts';
import { startBridgeServer, type BridgeServer } from './support/bridge-server.ts';
import { launchChromium, openWithBridge, type LaunchedBrowser, type OpenedPage } from './support/browser.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { startShellBackend, type ShellBackend } from './support/shell-backend.ts';

let browser: LaunchedBrowser;
const started: (ShellBackend | BridgeServer)[] = [];
const opened: OpenedPage[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  for (const { page, problems } of opened.splice(0)) {
    await page.close();
    expect(problems).toEqual([]);
  }
  for (const part of started.splice(0).reverse()) await part.close();
});

describe('settings: the call log to the CRM', () => {
  it('checks the address, keeps the secret in the keychain only, and saves the dispositions', async () => {
    const shell = await startShellBackend({
      settings: { pbx: { host: 'pbx.example.com', username: 'agent1001', extension: '1001' } },
      secret: 's3cret',
    });
    const server = await startBridgeServer({ shell: shell.methods });
    started.push(shell, server);
    const opening = await openWithBridge(await browser.newContext({ viewport: { width: 600, height: 900 } }), server.settingsUrl);
    opened.push(opening);
    const page = opening.page;
    await page.getByTestId('settings-form').waitFor();

    await page.getByTestId('field-callLogUrl').fill('http://crm.example.com/calls');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('error-callLogUrl').innerText()).toMatch(/^Use an https address/);
    await page.getByTestId('field-callLogUrl').fill('https://crm.example.com/calls');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('error-callLogSecret').innerText()).toBe('This field is required.');

    await page.getByTestId('field-callLogSecret').fill('sh4red-s3cret');
    await page.getByTestId('disposition-add').click();
    await page.getByTestId('disposition-code').fill('sale');
    await page.getByTestId('disposition-en').fill('Sale');
    await page.getByTestId('disposition-es').fill('Venta');
    await page.getByTestId('field-callLogRequired').check();
    await page.getByTestId('calllog-section').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'settings-calllog-en');
    await page.getByTestId('settings-save').click();

    await expect
      .poll(async () => (JSON.parse(await readFile(shell.settingsFile, 'utf8')) as { callLog?: unknown }).callLog)
      .toEqual({
        url: 'https://crm.example.com/calls',
        required: true,
        dispositions: [{ code: 'sale', label: { en: 'Sale', es: 'Venta' } }],
      });
    const text = await readFile(shell.settingsFile, 'utf8');
    expect(text).not.toContain('sh4red-s3cret');
    // The page saves the settings, then the secret: wait for the keychain too.
    await expect.poll(() => shell.credentials.get(callLogAccount('https://crm.example.com/calls'))).toBe('sh4red-s3cret');
    await page.getByTestId('calllog-secret-stored').waitFor();
  });
});
