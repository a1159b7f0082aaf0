/**
 * Issue 20: clicking a call's notification opens the popover on that call. Main shows the popover and
 * pushes the call's id (push:focus-call, test/unit/main/call-notices.test.ts); here the page, in
 * Chromium on the real core and the demo PBX through the test bridge, takes it: the ringing call's
 * card gets the focus, a missed call's Recent entry is shown, highlighted and focused, and an id the
 * page does not know changes nothing.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startBridgeServer, type BridgeServer } from './support/bridge-server.ts';
import { launchChromium, openWithBridge, type LaunchedBrowser, type OpenedPage } from './support/browser.ts';
import { startRealCore, type RealCore } from './support/core.ts';
import { saveScreenshot } from './support/screenshots.ts';

const ADA = { queue: 'support', callerNumber: '+15550109000', callerName: 'Ada Lovelace' };
const GRACE = { queue: 'support', callerNumber: '+15550109001', callerName: 'Grace Hopper' };

let browser: LaunchedBrowser;
let core: RealCore;
let server: BridgeServer;
const opened: OpenedPage[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  core = await startRealCore();
  server = await startBridgeServer({ companion: core.companion });
});
afterEach(async () => {
  for (const { page, problems } of opened.splice(0)) {
    await page.close();
    expect(problems).toEqual([]);
  }
  await server?.close();
  await core?.close();
});

async function openPopover(): Promise<Page> {
  const page = await openWithBridge(await browser.newContext({ viewport: { width: 360, height: 520 } }), server.popoverUrl);
  opened.push(page);
  await expect.poll(() => page.page.getByTestId('agent-status').innerText()).toBe('Available');
  return page.page;
}

/** The data-call-id of the focused element, or what has the focus instead. */
const focused = (page: Page) =>
  page.evaluate(`document.activeElement?.getAttribute('data-call-id') ?? document.activeElement?.id ?? ''`) as Promise<string>;

/** A call rings here and the caller gives up: a missed call in the history. */
async function missedCall(caller: typeof ADA): Promise<string> {
  const id = core.demo.control.incomingCall(caller);
  await core.until((s) => s.calls.some((c) => c.id === id && c.state === 'ringing'));
  core.demo.control.callerHangup(id);
  await core.until((s) => s.calls.length === 0 && s.history[0]?.id === id);
  return id;
}

describe('a clicked notification opens the popover on its call', () => {
  it('focuses the ringing call card', async () => {
    const page = await openPopover();
    await page.getByTestId('tab-dial').click();
    const id = core.demo.control.incomingCall(ADA);
    await page.locator('[data-testid="call-card"][data-state="ringing"]').waitFor();
    expect(await focused(page)).toBe('tab-dial');

    server.emitFocusCall(id);
    await expect.poll(() => focused(page)).toBe(id);
    expect(await page.getByTestId('call-card').getAttribute('class')).toContain('highlight');
    core.demo.control.callerHangup(id);
  });

  it('shows a missed call in Recent, highlighted and focused; an unknown id changes nothing', async () => {
    const page = await openPopover();
    const ada = await missedCall(ADA);
    await missedCall(GRACE);
    await expect.poll(() => page.getByTestId('missed-count').innerText()).toBe('2');
    expect(await page.getByTestId('tab-queues').getAttribute('aria-selected')).toBe('true');

    server.emitFocusCall(ada);
    await expect.poll(() => focused(page)).toBe(ada);
    expect(await page.getByTestId('tab-recent').getAttribute('aria-selected')).toBe('true');
    const current = page.locator('[data-testid="recent-entry"][aria-current="true"]');
    expect(await current.count()).toBe(1);
    expect(await current.locator('.who').innerText()).toBe('Ada Lovelace');
    await saveScreenshot(page, 'popover-missed-focused-en');

    // Back on the queues tab, an id the page does not know leaves it there (the notice after it: the page took both, in order).
    await page.getByTestId('tab-queues').click();
    server.emitFocusCall('1790000000.999');
    server.emitNotice('sentinel');
    await page.getByText('sentinel').waitFor();
    expect(await page.getByTestId('tab-queues').getAttribute('aria-selected')).toBe('true');
  });
});
