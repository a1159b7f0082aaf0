/**
 * Issue 20: the Settings window's Advanced section (Debian's Chromium, the shell's side of the bridge
 * on a real settings file and keychain): folded by default; the technology an Issabel site needs, the
 * recording file name and the other rare settings saved to the file; a value the app refuses said next
 * to its field, with the section opened; in English and Spanish.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startBridgeServer, type BridgeServer } from './support/bridge-server.ts';
import { launchChromium, openWithBridge, type LaunchedBrowser, type OpenedPage } from './support/browser.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { startShellBackend, type ShellBackend } from './support/shell-backend.ts';

let browser: LaunchedBrowser;
let shell: ShellBackend | undefined;
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
  shell = undefined;
});

const direct = { pbx: { host: 'pbx.example.com', username: 'agent1001', extension: '1001' } };

async function openSettings(settings: Record<string, unknown>, locale = 'en-US', colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  shell = await startShellBackend({ settings });
  const server = await startBridgeServer({ shell: shell.methods });
  started.push(shell, server);
  const context = await browser.newContext({ locale, colorScheme, viewport: { width: 600, height: 900 } });
  const page = await openWithBridge(context, server.settingsUrl);
  opened.push(page);
  await page.page.getByTestId('settings-form').waitFor();
  return page.page;
}

const saved = async () => JSON.parse(await readFile(shell!.settingsFile, 'utf8')) as Record<string, Record<string, unknown>>;

describe('settings: the Advanced section', () => {
  it('is folded until opened; saves the technology and the recording name; says a refusal next to its field', async () => {
    const page = await openSettings(direct);
    const section = page.getByTestId('advanced-section');
    expect(await page.getByTestId('field-technology').isVisible()).toBe(false);
    await section.getByText('Advanced', { exact: true }).click();
    expect(await page.getByTestId('field-technology').inputValue()).toBe('PJSIP');
    await page.getByTestId('field-technology').selectOption({ label: 'SIP (chan_sip: Issabel, older Asterisk)' });
    await page.getByLabel('Recording file name').fill('calls/{agentname}.wav');
    await page.getByLabel('After-call work (seconds)').fill('30');
    await page.getByTestId('field-secret').fill('s3cret');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('error-recordingFile').innerText()).toMatch(/^Must be a file name ending in \.wav/);
    expect((await saved()).pbx?.['technology']).not.toBe('SIP');

    await page.getByLabel('Recording file name').fill('calls/{date}/{extension}-{uniqueid}.wav');
    await page.getByTestId('settings-save').click();
    await expect
      .poll(async () => (await saved()).recording)
      .toEqual({ fileTemplate: 'calls/{date}/{extension}-{uniqueid}.wav', options: '' });
    const file = await saved();
    expect(file.pbx).toMatchObject({ technology: 'SIP', host: 'pbx.example.com' });
    expect(file['afterCallWorkSeconds']).toBe(30);
    await section.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'settings-advanced-en');
  });

  it('speaks Spanish, in the dark theme too', async () => {
    const page = await openSettings(
      { ...direct, language: 'es', theme: 'dark', pbx: { ...direct.pbx, technology: 'SIP' } },
      'es-ES',
      'dark',
    );
    await page.getByTestId('advanced-section').getByText('Avanzado', { exact: true }).click();
    expect(await page.getByTestId('field-technology').inputValue()).toBe('SIP');
    expect(await page.getByLabel('Nombre del archivo de grabación').inputValue()).toBe(
      'companion-{date}-{time}-{extension}-{uniqueid}.wav',
    );
    await page.getByTestId('advanced-section').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'settings-advanced-es-dark');
  });
});
