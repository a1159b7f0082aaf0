/**
 * Issue 18, the popover's team view in Chromium on the real core and the demo PBX over TCP: the demo's
 * colleagues in the Team tab with lamps that change as its calls go; a call transferred to a colleague
 * picked from Transfer to... (the demo PBX moves the call to the colleague's phone); the Team tab and the
 * palette with the keyboard alone; the queues' live numbers and the agent's day on the Queues tab; and
 * screenshots of the Team tab in English and Spanish, light and dark (test/e2e/screenshots/team-*.png).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, openWithBridge, type LaunchedBrowser, type OpenedPage } from './support/browser.ts';
import { startBridgeServer, type BridgeServer } from './support/bridge-server.ts';
import { startRealCore, type RealCore, type RealCoreOptions } from './support/core.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { startShellBackend, type ShellBackend } from './support/shell-backend.ts';

/** Colleagues 1002 and 1003 in the agent's queues (their names from the queues: "Agent 1002"). */
const COLLEAGUES: RealCoreOptions = { agents: { count: 2, first: 1002 } };
/** How long a poll waits for the PBX and the page: generous, as the machine is shared and slow at times. */
const SOON = { timeout: 10_000 };
const CALLER = { queue: 'support', callerNumber: '+34912345678', callerName: 'María José Núñez', vars: { CUSTOMER_ID: 'C-20931' } };

let browser: LaunchedBrowser;
const started: Array<{ close(): Promise<void> }> = [];
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

async function start(options: RealCoreOptions): Promise<RealCore> {
  const core = await startRealCore(options);
  started.push(core);
  return core;
}

/** The popover on `core`; with `shell`, the shell's side too (settings, the contacts search). */
async function openPopover(
  core: RealCore,
  look: { locale?: string; colorScheme?: 'light' | 'dark' } = {},
  shell?: ShellBackend,
): Promise<Page> {
  const server: BridgeServer = await startBridgeServer({ companion: core.companion, ...(shell ? { shell: shell.methods } : {}) });
  started.push(server);
  const context = await browser.newContext({ ...look, viewport: { width: 360, height: 520 } });
  const page = await openWithBridge(context, server.popoverUrl, { coreOnly: !shell });
  opened.push(page);
  await expect.poll(() => page.page.getByTestId('agent-status').innerText(), SOON).toMatch(/^(Available|Disponible)$/);
  return page.page;
}

const row = (page: Page, extension: string) => page.locator(`[data-testid="colleague"][data-extension="${extension}"]`);
const lamp = (page: Page, extension: string) => row(page, extension).getAttribute('data-lamp');
const actions = (core: RealCore, name: string) => core.demo.control.receivedActions().filter((a) => a.get('Action') === name);
/** The demo PBX's own word on where a call is: the colleague's phone holds a leg of it, the agent's none. */
const legsOfCall = (core: RealCore, extension: string, callId: string) =>
  core.demo.control.legsOf(extension).filter((leg) => leg.linkedid === callId);

/** A queue call (or, `direct`, an outside caller dialling the agent's phone) that the agent answers. */
async function answeredCall(core: RealCore, page: Page, direct = false): Promise<string> {
  const id = direct
    ? core.demo.control.outsideCall({ callerNumber: CALLER.callerNumber, callerName: CALLER.callerName, extension: '1001' })
    : core.demo.control.incomingCall(CALLER);
  await page.getByTestId('call-card').waitFor();
  core.demo.control.answer();
  await expect.poll(() => page.getByTestId('call-state').textContent(), SOON).toBe('Connected');
  return id;
}

describe('the team view in Chromium', () => {
  it("shows the demo's colleagues with lamps that change as its calls go", async () => {
    const core = await start(COLLEAGUES);
    const page = await openPopover(core);
    await page.getByTestId('tab-team').click();
    await expect.poll(() => row(page, '1002').innerText(), SOON).toContain('Agent 1002');
    expect(await lamp(page, '1002')).toBe('free');
    expect(await row(page, '1002').getByTestId('colleague-state').innerText()).toBe('Free');
    // The agent is not their own colleague.
    expect(await row(page, '1001').count()).toBe(0);

    // An outside caller reaches 1002's phone, which answers: on a call, the lamp a square and the words say it.
    const id = core.demo.control.outsideCall({ callerNumber: '+34911111111' });
    await expect.poll(() => lamp(page, '1002'), SOON).toBe('busy');
    expect(await row(page, '1002').getByTestId('colleague-state').innerText()).toMatch(/^On a call/);
    core.demo.control.callerHangup(id);
    await expect.poll(() => lamp(page, '1002'), SOON).toBe('free');

    core.demo.control.setDeviceState('1002', 'UNAVAILABLE');
    await expect.poll(() => lamp(page, '1002'), SOON).toBe('offline');
    expect(await row(page, '1002').getByTestId('colleague-state').innerText()).toBe('Offline');
  });

  it('transfers a call to a colleague picked from Transfer to..., free first, and the demo PBX moves the call', async () => {
    const core = await start({ agents: { count: 3, first: 1002 } });
    // Of the three colleagues, 1002 is on a call and 1003 paused: 1004, the free one, comes first.
    core.demo.control.outsideCall({ callerNumber: '+34911111111', extension: '1002' });
    core.demo.control.pause({ paused: true, reason: 'Lunch', iface: 'PJSIP/1003' });
    await core.until((s) => s.team?.members.find((c) => c.extension === '1002')?.state === 'inuse');
    const page = await openPopover(core);
    // Straight to the agent's phone: a queue call would ring the free colleague too (ring-all).
    const id = await answeredCall(core, page, true);
    await page.getByTestId('transfer').click();
    const form = page.getByTestId('transfer-form');
    await expect
      .poll(() => form.getByTestId('colleague').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-extension'))))
      .toEqual(['1004', '1003', '1002']);
    await form.locator('[data-testid="colleague"][data-extension="1004"]').click();

    await expect.poll(() => legsOfCall(core, '1004', id).length, SOON).toBe(1);
    expect(actions(core, 'BlindTransfer').map((a) => a.get('Exten'))).toEqual(['1004']);
    expect(legsOfCall(core, '1001', id)).toEqual([]);
    await core.until((s) => s.calls.length === 0);
  });

  it('transfers attended to a colleague found by name, with the keyboard alone', async () => {
    const core = await start(COLLEAGUES);
    const page = await openPopover(core);
    const id = await answeredCall(core, page, true);
    await page.getByTestId('transfer').click();
    await page.getByTestId('transfer-form').getByLabel('Talk first (attended)').check();
    await page.getByTestId('transfer-target').fill('agent 1003');
    await page.getByTestId('transfer-target').press('Enter');
    await core.until((s) => s.calls.some((c) => c.consultationOf === id));
    expect(actions(core, 'Atxfer').map((a) => a.get('Exten'))).toEqual(['1003']);
    expect(actions(core, 'BlindTransfer')).toEqual([]);
  });

  it('calls a colleague from the Team tab with the keyboard, and on a call transfers to them', async () => {
    const core = await start(COLLEAGUES);
    const page = await openPopover(core);
    await page.getByTestId('tab-team').click();
    const find = page.getByTestId('team-find');
    await find.fill('agent 1003');
    await find.press('Enter');
    await expect.poll(() => actions(core, 'Originate').length, SOON).toBe(1);
    expect(actions(core, 'Originate')[0]?.get('Exten')).toBe('1003');
    await expect.poll(() => core.companion.snapshot().calls.length, SOON).toBe(1);
    core.demo.control.agentHangup();
    await core.until((s) => s.calls.length === 0);

    const id = await answeredCall(core, page, true);
    await expect.poll(() => page.getByTestId('team').innerText(), SOON).toContain('Enter to transfer');
    // Typing chooses the first match (1002); the arrows move the choice down and back.
    await find.fill('agent');
    await find.press('ArrowDown');
    await expect.poll(() => find.getAttribute('aria-activedescendant'), SOON).toBe('team-list-1003');
    await find.press('ArrowUp');
    await find.press('Enter');
    await expect.poll(() => legsOfCall(core, '1002', id).length, SOON).toBe(1);
    expect(actions(core, 'BlindTransfer').map((a) => a.get('Exten'))).toEqual(['1002']);
  });

  it('finds a colleague in the palette by name: Call, and on a call Transfer to', async () => {
    const core = await start(COLLEAGUES);
    const page = await openPopover(core);
    await page.keyboard.press('Control+K');
    await page.getByTestId('palette-input').fill('agent 1002');
    await expect.poll(() => page.getByTestId('palette-item').allInnerTexts(), SOON).toEqual(['Call Agent 1002 (1002)']);
    await page.keyboard.press('Escape');
    await page.getByTestId('palette').waitFor({ state: 'hidden' });

    const id = await answeredCall(core, page, true);
    await page.keyboard.press('Control+K');
    await page.getByTestId('palette-input').fill('agent 1002');
    await expect.poll(() => page.getByTestId('palette-item').allInnerTexts(), SOON).toEqual(['Transfer to Agent 1002 (1002)']);
    await page.keyboard.press('Enter');
    await expect.poll(() => legsOfCall(core, '1002', id).length, SOON).toBe(1);
    expect(actions(core, 'BlindTransfer').map((a) => a.get('Exten'))).toEqual(['1002']);
  });

  it("transfers to a contact the settings' CSV file names: picking it fills the number, Enter transfers", async () => {
    const folder = await mkdtemp(join(tmpdir(), 'pbx-companion-e2e-team-'));
    started.push({ close: () => rm(folder, { recursive: true, force: true }) });
    const csvFile = join(folder, 'contacts.csv');
    await writeFile(csvFile, 'Name,Phone\r\nLuis Ortega,1002\r\n');
    const core = await start({});
    const pbx = { host: core.demo.host, port: core.demo.port, username: 'agent', extension: '1001' };
    const shell = await startShellBackend({ settings: { pbx, contacts: { csvFile } } });
    started.push(shell);
    const page = await openPopover(core, {}, shell);
    const id = await answeredCall(core, page);
    await page.getByTestId('transfer').click();
    await page.getByTestId('transfer-target').fill('ortega');
    await page.getByTestId('transfer-form').getByTestId('contact-result').click();
    expect(await page.getByTestId('transfer-target').inputValue()).toBe('1002');
    await page.getByTestId('transfer-target').press('Enter');
    await expect.poll(() => legsOfCall(core, '1002', id).length, SOON).toBe(1);
    expect(actions(core, 'BlindTransfer').map((a) => a.get('Exten'))).toEqual(['1002']);
  });

  it("shows each queue's live numbers and the agent's day on the Queues tab", { timeout: 40_000 }, async () => {
    const core = await start({ team: { extensions: ['1002'] } });
    const page = await openPopover(core);
    // One call answered and ended: the agent's day counts it.
    const first = await answeredCall(core, page);
    core.demo.control.callerHangup(first);
    await core.until((s) => s.calls.length === 0);
    await expect
      .poll(() => page.getByTestId('my-day').innerText())
      .toMatch(/^Today: 1 answered · 0:0\d talking · 0:00 paused · last \d\d:\d\d( [AP]M)?$/);

    // Paused in support, a caller waits there: the row says how long, and who can take it.
    core.demo.control.pause({ paused: true, reason: 'Lunch', queue: 'support' });
    core.demo.control.incomingCall(CALLER);
    const support = page.locator('[data-testid="queue-row"][data-queue="support"]');
    await expect.poll(() => support.getByTestId('queue-waiting').innerText(), SOON).toBe('1 waiting');
    await expect.poll(() => support.getByTestId('queue-agents').innerText(), SOON).toBe('0 free · 1 paused · 0 busy');
    await expect.poll(() => support.getByTestId('queue-longest').innerText(), SOON).toMatch(/^longest 0:0[1-9]$/);
  });

  it.each([
    { locale: 'en-US', colorScheme: 'light' },
    { locale: 'en-US', colorScheme: 'dark' },
    { locale: 'es-ES', colorScheme: 'light' },
    { locale: 'es-ES', colorScheme: 'dark' },
  ] as const)('screenshot of the Team tab: $locale $colorScheme', async (look) => {
    const core = await start({ agents: { count: 5, first: 1002 } });
    core.demo.control.outsideCall({ callerNumber: '+34911111111', extension: '1003' });
    core.demo.control.pause({ paused: true, reason: 'Lunch', iface: 'PJSIP/1004' });
    core.demo.control.setDeviceState('1006', 'UNAVAILABLE');
    await core.until((s) => s.team?.members.find((c) => c.extension === '1006')?.state === 'unavailable');
    const page = await openPopover(core, look);
    await page.getByTestId('tab-team').click();
    await expect.poll(() => page.getByTestId('colleague').count(), SOON).toBe(5);
    await expect.poll(() => lamp(page, '1003'), SOON).toBe('busy');
    await page.getByTestId('team-find').press('ArrowDown');
    await saveScreenshot(page, `team-${look.locale.slice(0, 2)}-${look.colorScheme}`);
  });
});
