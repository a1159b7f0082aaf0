/**
 * The tray and the popover say the same one word for the agent's state: every snapshot of the table
 * (test/support/status-table.ts) pushed to the built popover in Chromium, its header read and compared
 * with the tray's menu for the same snapshot, in English and Spanish. Then, on the real core and the
 * demo PBX, a PBX restart during a call: Connecting in both, the call on show marked stale.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { trayMenu, type TrayOptions } from '../../electron/main/tray.ts';
import type { Companion } from '../../electron/shared/companion.ts';
import type { Snapshot } from '../../electron/shared/snapshot.ts';
import type { Language } from '../../electron/shared/tray-state.ts';
import { statusCases } from '../support/status-table.ts';
import { startBridgeServer, type BridgeServer } from './support/bridge-server.ts';
import { launchChromium, openWithBridge, type LaunchedBrowser, type OpenedPage } from './support/browser.ts';
import { startRealCore, type RealCore } from './support/core.ts';
import { saveScreenshot } from './support/screenshots.ts';

let browser: LaunchedBrowser;
let server: BridgeServer | undefined;
let core: RealCore | undefined;
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
  server = undefined;
  await core?.close();
  core = undefined;
});

/** The tray's word: its menu's first line, `<word> · <extension>`, for the same snapshot. */
function trayWord(snapshot: Snapshot, language: Language): string {
  const options: TrayOptions = {
    assetsDir: '/assets',
    language: () => language,
    pauseReasons: () => [],
    verbs: () => ({ pause: async () => ({ ok: true }), unpause: async () => ({ ok: true }) }),
    openPopover: () => {},
    openDialer: () => {},
    openSettings: () => {},
    quit: () => {},
    tell: () => {},
  };
  return String(trayMenu(snapshot, options)[0]?.label).replace(/ · \d+$/, '');
}

/** The popover header's word, without the pause reason shown under it. */
async function popoverWord(page: Page): Promise<string> {
  return (await page.getByTestId('agent-status').innerText()).split('\n')[0]!.trim();
}

async function openPopover(url: string, locale: string): Promise<Page> {
  const context = await browser.newContext({ locale });
  const page = await openWithBridge(context, url, { coreOnly: true });
  opened.push(page);
  await page.page.getByTestId('connection-status').waitFor();
  return page.page;
}

describe('the tray and the popover say the same word', () => {
  it.each([
    ['en', 'en-US'],
    ['es', 'es-ES'],
  ] as const)('for every connection status x calls x pauses x after-call work (%s)', async (language, locale) => {
    // The snapshots come from the table; the popover reads them through the real bridge as from a core.
    const cases = statusCases();
    let current = cases[0]!.snapshot;
    const listeners = new Set<(snapshot: Snapshot) => void>();
    const companion = {
      snapshot: () => current,
      subscribe(listener: (snapshot: Snapshot) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    } as unknown as Companion;
    server = await startBridgeServer({ companion });
    const page = await openPopover(server.popoverUrl, locale);

    const disagreements: string[] = [];
    for (const [index, { name, snapshot: tableSnapshot }] of cases.entries()) {
      // Each case its own extension number, so the test reads the header once it shows this snapshot.
      const number = String(2000 + index);
      const snapshot = { ...tableSnapshot, extension: { ...tableSnapshot.extension, number } };
      current = snapshot;
      for (const listener of listeners) listener(snapshot);
      const tray = trayWord(snapshot, language);
      await expect.poll(() => page.getByTestId('extension').innerText()).toContain(number);
      const popover = await popoverWord(page);
      if (popover !== tray) disagreements.push(`${name}: tray ${tray}, popover ${popover}`);
      if (snapshot.calls.length > 0) {
        expect(await page.getByTestId('call-card').getAttribute('data-stale')).toBe(String(snapshot.connection.stale));
      }
    }
    expect(disagreements).toEqual([]);
  });
});

describe('a PBX restart during a call, on the real core', () => {
  it('says Connecting in the tray and the popover, and keeps the call on show marked stale', async () => {
    core = await startRealCore();
    server = await startBridgeServer({ companion: core.companion });
    const page = await openPopover(server.popoverUrl, 'en-US');
    core.demo.control.incomingCall({ queue: 'support', callerNumber: '+34912345678', callerName: 'Ana Pérez' });
    await core.until((s) => s.calls.some((c) => c.state === 'ringing'));
    core.demo.control.answer();
    await core.until((s) => s.calls.some((c) => c.state === 'up'));
    await expect.poll(() => popoverWord(page)).toBe('On a call');
    expect(trayWord(core.companion.snapshot(), 'en')).toBe('On a call');

    // The PBX restarts and refuses connections for a while: long enough to look at the stale picture.
    void core.demo.control.restart({ downMs: 10_000 }).catch(() => undefined);
    const down = await core.until((s) => s.connection.status !== 'live' && s.calls.length > 0);
    expect(trayWord(down, 'en')).toBe('Connecting');
    await expect.poll(() => popoverWord(page)).toBe('Connecting');
    expect(await page.getByTestId('call-card').getAttribute('data-stale')).toBe('true');
    expect((await page.getByTestId('call-stale').textContent())?.trim()).toBe('Last known state');
    expect(await page.getByTestId('stale').innerText()).toBe('Last known state');
    await saveScreenshot(page, 'popover-reconnecting-call-en');
  });
});
