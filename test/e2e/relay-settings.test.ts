/**
 * The settings window's connection mode, built and served over http in Debian's Chromium, on the
 * shell's side of the bridge made of real parts (the settings store on a file, the OS keychain under
 * scripts/with-keyring.mjs): choosing "Through the relay" shows the relay's servers, the desk's NATS
 * user and its seed in place of the AMI login; bad servers are said next to the field; a save writes
 * the mode and servers to the file and the seed to the keychain only, under nats:desk-1001.
 */
import { readFile } from 'node:fs/promises';
import { createUser } from '@nats-io/nkeys';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { natsAccount } from '../../electron/core/credentials/store.ts';
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

const directSettings = { pbx: { host: 'pbx.example.com', username: 'agent1001', extension: '1001' } };

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

const errorOf = (page: Page, field: string) => page.getByTestId(`error-${field}`).innerText();
const toastTexts = (page: Page) => page.getByTestId('toast').allInnerTexts();

describe('settings: connection mode', () => {
  it('shows the relay fields in relay mode, says what is wrong, and saves: servers to the file, the seed to the keychain', async () => {
    const page = await openSettings(directSettings);
    expect(await page.getByTestId('field-mode').inputValue()).toBe('direct');
    expect(await page.getByTestId('field-relayUrls').count()).toBe(0);
    expect(await page.getByTestId('field-host').isVisible()).toBe(true);

    await page.getByTestId('field-mode').selectOption({ label: 'Through the relay' });
    await page.getByTestId('field-relayUrls').waitFor();
    expect(await page.getByTestId('field-host').count()).toBe(0);
    expect(await page.getByTestId('field-secret').count()).toBe(0);
    expect(await page.getByTestId('field-relayUser').inputValue()).toBe('desk-{extension}');

    await page.getByTestId('settings-save').click();
    expect(await errorOf(page, 'relayUrls')).toBe('This field is required.');
    expect(await errorOf(page, 'natsSecret')).toBe('This field is required.');
    await page.getByTestId('field-relayUrls').fill('nats://desk:pw@relay-1.example.com:4222');
    await page.getByTestId('settings-save').click();
    expect(await errorOf(page, 'relayUrls')).toBe(
      'Use nats:// or tls:// with a host and a port, such as nats://relay.example.com:4222, without spaces, user or password.',
    );

    const seed = new TextDecoder().decode(createUser().getSeed());
    await page.getByTestId('field-relayUrls').fill('nats://relay-1.example.com:4222, tls://relay-2.example.com:4222');
    await page.getByTestId('field-natsSecret').fill(seed);
    await saveScreenshot(page, 'settings-relay-en');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => toastTexts(page)).toContain('Saved. The secret is stored in the system keychain.');

    const text = await readFile(shell!.settingsFile, 'utf8');
    expect(text).not.toContain(seed);
    expect((JSON.parse(text) as { pbx: unknown }).pbx).toMatchObject({
      mode: 'relay',
      relay: { urls: ['nats://relay-1.example.com:4222', 'tls://relay-2.example.com:4222'], user: 'desk-{extension}' },
      extension: '1001',
    });
    expect(await shell!.credentials.get(natsAccount('desk-1001'))).toBe(seed);
    expect(await page.getByTestId('field-natsSecret').inputValue()).toBe('');
    expect(await page.getByTestId('nats-secret-stored').isVisible()).toBe(true);
  });

  it('opens a desk in relay mode on its relay fields, in Spanish too, with no first-run wizard', async () => {
    const page = await openSettings(
      { pbx: { mode: 'relay', relay: { urls: ['nats://relay-1.example.com:4222'] }, extension: '1001' }, language: 'es' },
      'es-ES',
    );
    expect(await page.getByTestId('field-mode').inputValue()).toBe('relay');
    expect(await page.getByTestId('field-relayUrls').inputValue()).toBe('nats://relay-1.example.com:4222');
    expect(await page.getByText('Modo de conexión').isVisible()).toBe(true);
    expect(await page.locator('[data-testid="field-mode"] option').allInnerTexts()).toEqual([
      'Directo a la centralita',
      'A través del relé',
    ]);
    expect(await page.getByText('Servidores del relé (NATS)').isVisible()).toBe(true);
  });
});
