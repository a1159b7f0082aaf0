/**
 * Issue 20: `npm run ui` serves the popover and the settings window to a plain browser (no Playwright
 * init script: the page loads the bridge itself) on the real core and the demo PBX.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { startUiServer, type UiServer } from './support/ui-server.ts';

let browser: LaunchedBrowser;
let ui: UiServer;

beforeAll(async () => {
  browser = await launchChromium();
  ui = await startUiServer({ everyMs: 0 });
});
afterAll(async () => {
  await ui?.close();
  await browser?.close();
});

describe('npm run ui', () => {
  it('the popover works in a plain page: live on the demo PBX, a call rings and is answered by the demo phone', async () => {
    const page = await (await browser.newContext()).newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    await page.goto(ui.bridge.popoverUrl);
    await expect.poll(() => page.getByTestId('agent-status').innerText()).toBe('Available');
    expect(await page.getByTestId('connection-label').innerText()).toBe('Demo PBX');
    ui.core.demo.control.incomingCall({ queue: 'support', callerNumber: '+34912345678', callerName: 'Ada Lovelace' });
    await page.getByTestId('call-card').waitFor();
    await expect.poll(() => page.getByTestId('call-card').getAttribute('data-state'), { timeout: 15_000 }).toBe('up');
    expect(problems).toEqual([]);
  });

  it('the settings window opens on the same bridge', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(ui.bridge.settingsUrl);
    await page.getByTestId('settings-form').waitFor();
    expect(await page.getByTestId('field-host').inputValue()).toBe('127.0.0.1');
  });
});
