/**
 * Issue 20: the UI paths that had no test in Chromium: the attended-transfer choice of the transfer form
 * (the demo PBX plays Asterisk's Atxfer: a consultation leg to the colleague, as fixture L2 shows), and
 * queue log-out and log-in from the command palette, each reaching the PBX. Real core, demo PBX over TCP.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Snapshot } from '../../electron/shared/snapshot.ts';
import { startBridgeServer, type BridgeServer } from './support/bridge-server.ts';
import { launchChromium, openWithBridge, type LaunchedBrowser, type OpenedPage } from './support/browser.ts';
import { startRealCore, type RealCore } from './support/core.ts';

const CALLER = { queue: 'support', callerNumber: '+34912345678', callerName: 'María José Núñez', vars: { CUSTOMER_ID: 'C-20931' } };

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
  const page = await openWithBridge(await browser.newContext({ viewport: { width: 360, height: 520 } }), server.popoverUrl, {
    coreOnly: true,
  });
  opened.push(page);
  await expect.poll(() => page.page.getByTestId('agent-status').innerText()).toBe('Available');
  return page.page;
}

const actions = (name: string) => core.demo.control.receivedActions().filter((a) => a.get('Action') === name);
const member = (s: Snapshot, queue: string) => s.queues.find((q) => q.name === queue)?.member;

describe('call control in Chromium', () => {
  it("says in words that a permanent member cannot log out, and the PBX's membership stays", async () => {
    const page = await openPopover();
    await page.keyboard.press('Control+K');
    await page.getByTestId('palette-input').fill('log out of sales');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('toasts').innerText()).toContain('You are a permanent member of queue sales');
    expect(actions('QueueRemove').map((a) => a.get('Queue'))).toEqual(['sales']);
    expect(member(core.companion.snapshot(), 'sales')).toBe(true);
  });

  it('transfers attended when the agent ticks Attended: Atxfer, and the consultation with the colleague shows', async () => {
    const page = await openPopover();
    const id = core.demo.control.incomingCall(CALLER);
    await page.getByTestId('call-card').waitFor();
    core.demo.control.answer();
    await expect.poll(() => page.getByTestId('call-state').textContent()).toBe('Connected');
    await page.getByTestId('transfer').click();
    await page.getByTestId('transfer-target').fill('1002');
    await page.getByTestId('transfer-form').getByLabel('Talk first (attended)').check();
    await page.getByTestId('transfer-form').getByRole('button', { name: 'Transfer', exact: true }).click();
    await core.until((s) => s.calls.some((c) => c.consultationOf === id));
    expect(actions('Atxfer').map((a) => a.get('Exten'))).toEqual(['1002']);
    expect(actions('BlindTransfer')).toEqual([]);
    await expect.poll(() => page.getByTestId('hangup').innerText()).toBe('Complete transfer');
  });

  it('logs out of a queue and back in from the command palette (a dynamic member, as FreePBX agents are)', async () => {
    await server.close();
    await core.close();
    core = await startRealCore({ membership: 'dynamic' });
    server = await startBridgeServer({ companion: core.companion });
    const page = await openPopover();
    expect(member(core.companion.snapshot(), 'sales')).toBe(true);
    await page.keyboard.press('Control+K');
    await page.getByTestId('palette-input').fill('log out of sales');
    await page.keyboard.press('Enter');
    // Closed before the next Ctrl+K, which toggles.
    await page.getByTestId('palette').waitFor({ state: 'hidden' });
    await core.until((s) => member(s, 'sales') === false);
    expect(actions('QueueRemove').map((a) => a.get('Queue'))).toEqual(['sales']);
    await expect.poll(() => page.locator('[data-testid="queue-row"][data-queue="sales"]').innerText()).toContain('Logged out');

    await page.keyboard.press('Control+K');
    await page.getByTestId('palette-input').fill('log in to sales');
    await page.keyboard.press('Enter');
    await core.until((s) => member(s, 'sales') === true);
    expect(actions('QueueAdd').map((a) => a.get('Queue'))).toEqual(['sales']);
  });
});
