/**
 * Issue 20 item 7: the popover is loaded once and then hidden and shown; what it shows when opened
 * must be current. A hidden window's timers are throttled (Chromium: down to once a minute), so the
 * call timer ticks at once when the page becomes visible again. Here the page's timers never fire
 * (setInterval stubbed before any script: a fully throttled hidden window) and the show is the
 * visibilitychange event the window's show sends; real core and demo PBX through the test bridge.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBridgeServer, type BridgeServer } from './support/bridge-server.ts';
import { launchChromium, openWithBridge, type LaunchedBrowser, type OpenedPage } from './support/browser.ts';
import { startRealCore, type RealCore } from './support/core.ts';

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

describe('the popover shown again', () => {
  it('shows the call timer as it is now, not as the last throttled tick left it', async () => {
    const context = await browser.newContext();
    await context.addInitScript('window.setInterval = () => 0;');
    const page = await openWithBridge(context, server.popoverUrl);
    opened.push(page);
    const timer = page.page.getByTestId('call-timer');

    const id = core.demo.control.incomingCall({ queue: 'support', callerNumber: '+34912345678', callerName: 'Ada' });
    await core.until((s) => s.calls.some((c) => c.id === id && c.state === 'ringing'));
    expect(core.demo.control.answer()).toBe(true);
    const up = await core.until((s) => s.calls.some((c) => c.id === id && c.state === 'up'));
    await expect.poll(() => page.page.getByTestId('call-card').getAttribute('data-state')).toBe('up');
    const answeredAt = up.calls.find((c) => c.id === id)!.answeredAt!;
    const shown = await timer.innerText();
    // Two seconds on the call pass with no tick (a hidden window's timers).
    await expect.poll(() => Date.now() - answeredAt, { timeout: 10_000 }).toBeGreaterThan(2100);
    expect(await timer.innerText()).toBe(shown);

    await page.page.evaluate(`document.dispatchEvent(new Event('visibilitychange'))`);
    await expect.poll(() => timer.innerText()).toMatch(/^0:0[2-9]$/);
    expect(await timer.innerText()).not.toBe(shown);
    core.demo.control.callerHangup(id);
  });
});
