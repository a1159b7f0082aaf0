/**
 * Issue 22, items 6 and 7, in Chromium at tray size (360x520) on the real core and the demo PBX:
 * the dialer takes what agents paste (00 and 011 prefixes, a number inside text, the desk's country
 * shown), and the calls the agent places read as outgoing (card, header, Recent, a callback).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startBridgeServer, type BridgeServer } from './support/bridge-server.ts';
import { launchChromium, openWithBridge, type LaunchedBrowser, type OpenedPage } from './support/browser.ts';
import { startRealCore, type RealCore } from './support/core.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { startShellBackend, type ShellBackend } from './support/shell-backend.ts';

const CUSTOMER = {
  queue: 'support',
  callerNumber: '+34912345678',
  callerName: 'María José Núñez',
  vars: { CUSTOMER_ID: 'C-20931', CUSTOMER_NAME: 'María José Núñez' },
};

// Several browser contexts a test, on a machine shared with other test runs: a generous bound, no timing.
const TEST_TIMEOUT_MS = 90_000;

let browser: LaunchedBrowser;
let core: RealCore;
let server: BridgeServer | undefined;
let shell: ShellBackend | undefined;
let opened: OpenedPage[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  for (const { page, problems } of opened) {
    await page.close();
    expect(problems).toEqual([]);
  }
  opened = [];
  await server?.close();
  await core?.close();
  await shell?.close();
  server = undefined;
  shell = undefined;
});

/** The real core on the demo PBX (its desk country the core's default, US), and a shell over it. */
async function serve(): Promise<void> {
  core = await startRealCore();
  const pbx = { host: core.demo.host, port: core.demo.port, username: 'agent', extension: '1001' };
  shell = await startShellBackend({ settings: { pbx } });
  server = await startBridgeServer({ companion: core.companion, shell: shell.methods });
}

async function openPopover(options: { locale?: string; colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 360, height: 520 }, ...options });
  const page = await openWithBridge(context, server!.popoverUrl);
  opened.push(page);
  await page.page.getByTestId('connection-status').waitFor();
  await expect.poll(() => page.page.getByTestId('status-header').getAttribute('data-status')).toMatch(/^(available|oncall)$/);
  return page.page;
}

/** Types `text` into the dialer as a paste would put it, and waits for the core's preview of it. */
async function preview(page: Page, text: string): Promise<string> {
  if ((await page.getByTestId('dial-input').count()) === 0) await page.getByTestId('tab-dial').click();
  await page.getByTestId('dial-input').fill(text);
  await expect.poll(() => page.getByTestId('dial-preview').innerText()).not.toMatch(/^…?$/);
  return page.getByTestId('dial-preview').innerText();
}

/** The agent's phone answers the Originate; resolves once the far end (not the agent's phone) has answered too. */
async function farEndAnswers(): Promise<void> {
  const answered = new Promise<void>((resolve) => {
    const stop = core.demo.control.onCall((notice) => {
      if (notice.type !== 'answered' || notice.channel.startsWith('PJSIP/1001-')) return;
      stop();
      resolve();
    });
  });
  core.demo.control.answer();
  await answered;
}

describe('6. the dialer takes what agents paste', () => {
  it(
    '00 and 011 reach the country after them, from a US desk; the desk country is shown',
    async () => {
      await serve();
      const page = await openPopover();
      await preview(page, '0034912345678');
      expect(await page.getByTestId('dial-display').innerText()).toBe('+34 912 34 56 78');
      expect(await page.getByTestId('dial-preview').innerText()).toContain('Will dial 01134912345678');
      expect(await page.getByTestId('dial-country').innerText()).toBe('Desk country: United States');
      expect(await page.getByTestId('dial-button').isEnabled()).toBe(true);

      await preview(page, '011 44 20 7946 0958');
      await expect.poll(() => page.getByTestId('dial-display').innerText()).toBe('+44 20 7946 0958');

      const es = await openPopover({ locale: 'es-ES' });
      await preview(es, '0034912345678');
      expect(await es.getByTestId('dial-country').innerText()).toBe('País del puesto: Estados Unidos');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'takes the number out of pasted text, as the hotkey takes it from a selection, and dials it',
    async () => {
      await serve();
      const page = await openPopover();
      // Too short for a US number: refused for that, no longer for the letters around it.
      const short = await preview(page, 'call me at 555-0147');
      expect(short).toContain('"5550147" is not a phone number in United States');
      expect(short).not.toMatch(/letters/);

      await preview(page, 'Call me at (555) 010-9000 after 3pm, thanks!');
      expect(await page.getByTestId('dial-found').innerText()).toBe('Found in the text: (555) 010-9000');
      expect(await page.getByTestId('dial-display').innerText()).toBe('+1 555 010 9000');
      await page.getByTestId('dial-button').click();
      const placed = await core.until((s) => s.calls.length > 0);
      expect(placed.calls[0]).toMatchObject({ placedByAgent: true, remote: { number: '5550109000' } });
      expect(core.demo.control.activeCalls()).toHaveLength(1);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('7. calls the agent places read as outgoing', () => {
  it(
    'dialling 1002: an outgoing arrow, "Calling 1002", the header "Dialling"; Recent says Dialled',
    async () => {
      await serve();
      const page = await openPopover();
      await preview(page, '1002');
      await page.getByTestId('dial-button').click();
      const card = page.getByTestId('call-card');
      await card.waitFor();
      await expect.poll(() => page.getByTestId('call-name').innerText()).toBe('Calling 1002');
      expect(await card.locator('.kind [data-icon]').getAttribute('data-icon')).toBe('outgoing');
      expect((await card.locator('.kind').textContent())?.replace(/\s+/g, ' ').trim()).toBe('Outgoing call · Dialing');
      expect(await page.getByTestId('agent-status').innerText()).toBe('Dialling');
      expect(await page.getByTestId('call-number').count()).toBe(0);
      await saveScreenshot(page, 'popover-outgoing-en');
      const es = await openPopover({ locale: 'es-ES', colorScheme: 'dark' });
      await expect.poll(() => es.getByTestId('call-name').innerText()).toBe('Llamando a 1002');
      expect(await es.getByTestId('agent-status').innerText()).toBe('Llamando');
      await saveScreenshot(es, 'popover-outgoing-es-dark');
      for (const [name, options] of [
        ['popover-outgoing-en-dark', { colorScheme: 'dark' }],
        ['popover-outgoing-es', { locale: 'es-ES', colorScheme: 'light' }],
      ] as const) {
        const other = await openPopover(options);
        await other.getByTestId('call-card').waitFor();
        await saveScreenshot(other, name);
      }

      await farEndAnswers();
      await expect.poll(() => page.getByTestId('call-state').textContent()).toBe('Connected');
      await expect.poll(() => page.getByTestId('agent-status').innerText()).toBe('On a call');
      expect(await page.getByTestId('call-name').innerText()).toMatch(/^(Agent Two|1002)$/);
      await page.getByTestId('hangup').click();
      await card.waitFor({ state: 'detached' });

      await page.getByTestId('tab-recent').click();
      const entry = page.getByTestId('recent-entry').first();
      expect(await entry.locator('.dir [data-icon]').getAttribute('data-icon')).toBe('outgoing');
      expect(await entry.getByTestId('recent-dialled').innerText()).toBe('Dialled');
      expect(await entry.innerText()).not.toMatch(/Answered/);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a callback from Recent carries the customer\u2019s name and marks the missed call returned',
    async () => {
      await serve();
      const page = await openPopover();
      const id = core.demo.control.incomingCall(CUSTOMER);
      await page.getByTestId('call-card').waitFor();
      core.demo.control.callerHangup(id);
      await page.getByTestId('call-card').waitFor({ state: 'detached' });
      await expect.poll(() => page.getByTestId('missed-count').innerText()).toBe('1');

      await page.getByTestId('tab-recent').click();
      await page.getByTestId('callback').first().click();
      await expect.poll(() => page.getByTestId('call-name').innerText()).toBe('Calling María José Núñez');
      const placed = await core.until((s) => s.calls.some((c) => c.placedByAgent));
      expect(placed.calls[0]!.remote.name).toBe('María José Núñez');
      // Called back: the missed badge goes, and the entry says so.
      await expect.poll(() => page.getByTestId('missed-count').count()).toBe(0);
      expect(await page.getByTestId('recent-missed').first().innerText()).toBe('Missed, called back');

      // Answered by the far end, and still the customer's name (a trunk's answer names nobody).
      await farEndAnswers();
      await expect.poll(() => page.getByTestId('call-state').textContent()).toBe('Connected');
      expect(await page.getByTestId('call-name').innerText()).toBe('María José Núñez');
    },
    TEST_TIMEOUT_MS,
  );
});
