/**
 * Issue 20: the call notifications are switchable in the Settings window (Debian's Chromium, the
 * shell's side of the bridge on a real settings file): both on by default, a switch saved to the
 * file, in English and Spanish.
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

async function openSettings(settings: Record<string, unknown>, locale = 'en-US'): Promise<Page> {
  shell = await startShellBackend({ settings });
  const server = await startBridgeServer({ shell: shell.methods });
  started.push(shell, server);
  const context = await browser.newContext({ locale, colorScheme: 'light', viewport: { width: 600, height: 900 } });
  const page = await openWithBridge(context, server.settingsUrl);
  opened.push(page);
  await page.page.getByTestId('settings-form').waitFor();
  return page.page;
}

describe('settings: call notifications', () => {
  it('are both on by default; switching one off is saved to the file', async () => {
    const page = await openSettings(direct);
    expect(await page.getByTestId('field-notifyIncoming').isChecked()).toBe(true);
    expect(await page.getByTestId('field-notifyMissed').isChecked()).toBe(true);
    await page.getByLabel('Notify me of a missed call').uncheck();
    await page.getByTestId('field-secret').fill('s3cret');
    await page.getByTestId('settings-save').click();
    await expect
      .poll(async () => (JSON.parse(await readFile(shell!.settingsFile, 'utf8')) as { notifications?: unknown }).notifications)
      .toEqual({ incoming: true, missed: false });
  });

  it('speaks Spanish', async () => {
    const page = await openSettings({ ...direct, language: 'es', notifications: { incoming: false } }, 'es-ES');
    const incoming = page.getByLabel('Avisarme de una llamada entrante (quién llama, cola, cliente), con o sin página del cliente');
    expect(await incoming.isChecked()).toBe(false);
    expect(await page.getByLabel('Avisarme de una llamada perdida').isChecked()).toBe(true);
    await incoming.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'settings-notifications-es');
  });
});
