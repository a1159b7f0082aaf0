/**
 * Issue 18 item 3: the contacts source in the Settings window (Chromium, the shell's side on a real
 * settings file): a CSV file's full path and an HTTP search URL, the URL checked as the schema checks it
 * (https or this machine, {query} in it, no user or password), the help in English and Spanish.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBridgeServer, type BridgeServer } from './support/bridge-server.ts';
import { launchChromium, openWithBridge, type LaunchedBrowser, type OpenedPage } from './support/browser.ts';
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

async function openSettings(locale: string) {
  const shell = await startShellBackend({
    settings: { pbx: { host: 'pbx.example.com', username: 'agent1001', extension: '1001' } },
    secret: 's3cret',
  });
  const server = await startBridgeServer({ shell: shell.methods });
  started.push(shell, server);
  const opening = await openWithBridge(await browser.newContext({ locale, viewport: { width: 600, height: 900 } }), server.settingsUrl);
  opened.push(opening);
  await opening.page.getByTestId('settings-form').waitFor();
  return { shell, page: opening.page };
}

describe('settings: the contacts source', () => {
  it('checks the search URL and saves both sources', async () => {
    const { shell, page } = await openSettings('en-US');
    await page.getByTestId('field-contactsCsvFile').fill('contacts.csv');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('error-contactsCsvFile').innerText()).toMatch(/^Write the full path/);
    await page.getByTestId('field-contactsCsvFile').fill('/home/agent/contacts.csv');
    for (const bad of [
      'http://crm.example.com/c?q={query}',
      'https://crm.example.com/c?q=all',
      'https://me:pw@crm.example.com/c?q={query}',
    ]) {
      await page.getByTestId('field-contactsSearchUrl').fill(bad);
      await page.getByTestId('settings-save').click();
      await expect.poll(() => page.getByTestId('error-contactsSearchUrl').innerText(), { message: bad }).toMatch(/^An https address/);
    }
    await page.getByTestId('field-contactsSearchUrl').fill('https://crm.example.com/api/contacts?q={query}');
    await page.getByTestId('settings-save').click();
    await expect
      .poll(async () => (JSON.parse(await readFile(shell.settingsFile, 'utf8')) as { contacts?: unknown }).contacts)
      .toEqual({ csvFile: '/home/agent/contacts.csv', searchUrl: 'https://crm.example.com/api/contacts?q={query}' });
  });

  it('says what each field is for in Spanish', async () => {
    const { page } = await openSettings('es-ES');
    const section = page.getByTestId('contacts-section');
    await expect.poll(() => section.locator('h2').innerText()).toBe('Contactos');
    expect(await section.innerText()).toContain('{query} se sustituye por lo que escribió el agente');
  });
});
