/**
 * Issue 18 item 3: the directory in Chromium, on the real core and the demo PBX. The agent types a
 * name in the dialer and in the command palette, picks a contact found in a CSV file or in an HTTP
 * search (a real server on loopback), and the demo PBX sees the call; a hostile name shows as text;
 * a source that answers junk leaves the dialer working, with one notice that says why.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Snapshot } from '../../electron/shared/snapshot.ts';
import { startBridgeServer, type BridgeServer } from './support/bridge-server.ts';
import { launchChromium, openWithBridge, type LaunchedBrowser, type OpenedPage } from './support/browser.ts';
import { startRealCore, type RealCore } from './support/core.ts';
import { startShellBackend, type ShellBackend } from './support/shell-backend.ts';
import { startContactsServer, type ContactsServer } from '../support/contacts-server.ts';

let browser: LaunchedBrowser;
let crm: ContactsServer;
let folder: string;
let csvFile: string;
let core: RealCore;
let shell: ShellBackend;
let server: BridgeServer;
const opened: OpenedPage[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  crm = await startContactsServer();
  folder = await mkdtemp(join(tmpdir(), 'pbx-companion-e2e-contacts-'));
  csvFile = join(folder, 'contacts.csv');
  // As a spreadsheet exports it in Spanish: BOM, semicolons, a quoted name; one hostile row, one junk row.
  await writeFile(
    csvFile,
    '\uFEFFNombre;Teléfono\r\n' +
      '"Fernández, Lucía";+34 912 345 678\r\n' +
      'Luis Ortega;1002\r\n' +
      '<img src=x onerror="window.__owned=1">Eve Malory;1003\r\n' +
      'Nobody;no number\r\n',
  );
});
afterAll(async () => {
  await browser?.close();
  await crm?.close();
  await rm(folder, { recursive: true, force: true });
});
afterEach(async () => {
  for (const { page, problems } of opened.splice(0)) {
    await page.close();
    expect(problems).toEqual([]);
  }
  await server?.close();
  await shell?.close();
  await core?.close();
});

/** The real core on the demo PBX, the settings naming the CSV file and the search at `path` of the CRM. */
async function start(path: string): Promise<Page> {
  core = await startRealCore();
  shell = await startShellBackend({
    settings: {
      pbx: { host: core.demo.host, port: core.demo.port, username: 'agent', extension: '1001' },
      contacts: { csvFile, searchUrl: `${crm.base}${path}?q={query}` },
    },
  });
  server = await startBridgeServer({ companion: core.companion, shell: shell.methods });
  const page = await openWithBridge(await browser.newContext(), server.popoverUrl);
  opened.push(page);
  await expect.poll(() => page.page.getByTestId('agent-status').innerText()).toBe('Available');
  await page.page.getByTestId('tab-dial').click();
  return page.page;
}

const originated = () =>
  core.demo.control
    .receivedActions()
    .filter((a) => a.get('Action') === 'Originate')
    .map((a) => a.get('Exten'));

const until = (what: string, test: (s: Snapshot) => boolean) =>
  expect.poll(() => test(core.companion.snapshot()), { message: what, timeout: 15_000 }).toBe(true);

/** The agent's phone rings for the Originate; the agent answers, then hangs up. */
async function answerAndHangUp(): Promise<void> {
  await until('the agent phone rings for the dial', (s) => s.calls.length > 0);
  expect(core.demo.control.answer()).toBe(true);
  await until('the dialled call is up', (s) => s.calls.some((c) => c.state === 'up'));
  core.demo.control.agentHangup();
  await until('the dialled call ended', (s) => s.calls.length === 0);
}

const results = (page: Page) => page.getByTestId('contact-result').allInnerTexts();

describe('the contacts directory in the popover', () => {
  it('finds a name typed in the dialer in the CSV file and in the HTTP search, and dials the one picked', { timeout: 90_000 }, async () => {
    const page = await start('/search');
    const field = page.getByTestId('dial-input');

    await field.fill('lucia');
    await expect.poll(() => results(page)).toEqual(['Fernández, Lucía\n+34 912 345 678']);
    await page.getByTestId('contact-result').click();
    await expect.poll(() => field.inputValue()).toBe('+34 912 345 678');
    await expect.poll(() => page.getByTestId('dial-button').isEnabled()).toBe(true);
    // The number goes through the dialer's rules (a US desk by default: 011 for abroad).
    await page.keyboard.press('Enter');
    await expect.poll(originated).toEqual(['01134912345678']);
    await answerAndHangUp();

    // In the file and at the CRM (same name, same digits): listed once.
    await field.fill('luis');
    await expect.poll(() => crm.requests).toContain('/search?q=luis');
    await expect.poll(() => results(page)).toEqual(['Luis Ortega\n1002']);
    await page.getByTestId('contact-result').click();
    await page.getByTestId('dial-button').click();
    await expect.poll(originated).toEqual(['01134912345678', '1002']);
    await answerAndHangUp();

    // Only at the CRM.
    await field.fill('ada');
    await expect.poll(() => results(page)).toEqual(['Ada Lovelace\n+1 555 010 9000']);
    await page.getByTestId('contact-result').click();
    await page.getByTestId('dial-button').click();
    await expect.poll(() => originated().length).toBe(3);
    expect(originated()[2]).toMatch(/5550109000$/);
    await answerAndHangUp();
  });

  it(
    'in the palette: calls a contact from the CSV file, and transfers a call to one from the HTTP search',
    { timeout: 90_000 },
    async () => {
      const page = await start('/search');
      await page.keyboard.press('Control+K');
      await page.getByTestId('palette-input').fill('call fernandez');
      await expect.poll(() => page.getByTestId('palette-item').allInnerTexts()).toContain('Call Fernández, Lucía (+34 912 345 678)');
      await page.keyboard.press('ArrowDown');
      await expect
        .poll(() => page.locator('[data-testid="palette-item"][aria-selected="true"]').innerText())
        .toBe('Call Fernández, Lucía (+34 912 345 678)');
      await page.keyboard.press('Enter');
      await expect.poll(originated).toEqual(['01134912345678']);
      await answerAndHangUp();

      const id = core.demo.control.incomingCall({ queue: 'support', callerNumber: '+34912345678', callerName: 'Cliente' });
      await until('the call rings', (s) => s.calls.some((c) => c.id === id && c.state === 'ringing'));
      expect(core.demo.control.answer()).toBe(true);
      await expect.poll(() => page.getByTestId('call-card').first().getAttribute('data-state')).toBe('up');
      await page.keyboard.press('Control+K');
      await page.getByTestId('palette-input').fill('transfer ortega');
      await expect.poll(() => page.getByTestId('palette-item').allInnerTexts()).toEqual(['Transfer to Luis Ortega (1002)']);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await until('the call transferred away', (s) => s.calls.length === 0 && s.history[0]?.id === id);
      expect(core.companion.snapshot().history[0]).toMatchObject({ transferredTo: { number: '1002' } });
    },
  );

  it('shows a hostile name as text; a source answering junk leaves the dialer working with one notice', { timeout: 90_000 }, async () => {
    const page = await start('/html');
    const field = page.getByTestId('dial-input');
    await field.pressSequentially('eve mal', { delay: 30 });
    await expect.poll(() => results(page)).toEqual(['<img src=x onerror="window.__owned=1">Eve Malory\n1003']);
    expect(await page.locator('[data-testid="contact-results"] img').count()).toBe(0);
    expect(await page.evaluate('window.__owned')).toBeUndefined();
    // The CSV file's junk row and the CRM's HTML: one line says why, however many keys were typed.
    await expect
      .poll(() => page.getByTestId('contact-notice').allInnerTexts())
      .toEqual(['The contacts search did not answer JSON: its answer is ignored.']);

    await field.fill('1002');
    await expect.poll(() => page.getByTestId('dial-button').isEnabled()).toBe(true);
    await page.getByTestId('dial-button').click();
    await expect.poll(originated).toEqual(['1002']);
    await answerAndHangUp();
  });
});
