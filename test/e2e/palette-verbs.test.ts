/**
 * Issue 20: every verb of the command palette, run with the keyboard alone in Chromium, reaches the
 * PBX (the demo, over TCP, through the real core) or the shell: record start, mute, unmute and stop,
 * transfer, hang up, dial, resume, and open settings; the prompts (Dial…, Transfer…) run nothing until
 * a number is typed. (Pause: popover.test; queue log-in and log-out: call-control.test; listen and its
 * stop: ari.test; agent log-in and log-out: agent-pool.test; dispositions: after-call-card.test.)
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Snapshot } from '../../electron/shared/snapshot.ts';
import { startBridgeServer, type BridgeServer } from './support/bridge-server.ts';
import { launchChromium, openWithBridge, type LaunchedBrowser, type OpenedPage } from './support/browser.ts';
import { startRealCore, type RealCore } from './support/core.ts';
import { startShellBackend, type ShellBackend } from './support/shell-backend.ts';

const CALLER = { queue: 'support', callerNumber: '+34912345678', callerName: 'María José Núñez' };

let browser: LaunchedBrowser;
let core: RealCore;
let shell: ShellBackend;
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
  shell = await startShellBackend({
    settings: { pbx: { host: core.demo.host, port: core.demo.port, username: 'agent', extension: '1001' } },
  });
  server = await startBridgeServer({ companion: core.companion, shell: shell.methods });
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

async function openPopover(): Promise<Page> {
  const page = await openWithBridge(await browser.newContext({ viewport: { width: 360, height: 520 } }), server.popoverUrl);
  opened.push(page);
  await expect.poll(() => page.page.getByTestId('agent-status').innerText()).toBe('Available');
  return page.page;
}

/** Ctrl+K, the words, Enter: what an agent does without the mouse. */
async function palette(page: Page, words: string, expected: string): Promise<void> {
  await page.keyboard.press('Control+K');
  await page.getByTestId('palette-input').fill(words);
  await expect.poll(() => page.locator('[data-testid="palette-item"][aria-selected="true"]').innerText()).toBe(expected);
  await page.keyboard.press('Enter');
  // Closed before the next Ctrl+K, which toggles: pressed while it still shows, it would close it.
  await page.getByTestId('palette').waitFor({ state: 'hidden' });
}

const sent = (name: string) => core.demo.control.receivedActions().filter((a) => a.get('Action') === name);

/** The core's snapshot comes to satisfy `test`, or the test fails saying what it waited for. */
const until = (what: string, test: (s: Snapshot) => boolean) =>
  expect.poll(() => test(core.companion.snapshot()), { message: what, timeout: 15_000 }).toBe(true);

/** The agent answers the ringing call; the popover shows it connected. */
async function answered(page: Page, id: string): Promise<void> {
  await until('the call rings', (s) => s.calls.some((c) => c.id === id && c.state === 'ringing'));
  expect(core.demo.control.answer()).toBe(true);
  await expect.poll(() => page.getByTestId('call-card').first().getAttribute('data-state')).toBe('up');
}

describe('every palette verb reaches the PBX', () => {
  it('on a call: record start, mute, unmute, stop; then transfer', { timeout: 90_000 }, async () => {
    const page = await openPopover();
    const id = core.demo.control.incomingCall(CALLER);
    await answered(page, id);

    await palette(page, 'start recording', 'Start recording');
    await until('recording', (s) => s.calls.some((c) => c.recording === 'on'));
    await palette(page, 'mute recording', 'Mute recording');
    await until('recording muted', (s) => s.calls.some((c) => c.recording === 'muted'));
    await palette(page, 'unmute recording', 'Unmute recording');
    await until('recording again', (s) => s.calls.some((c) => c.recording === 'on'));
    await palette(page, 'stop recording', 'Stop recording');
    await until('recording stopped', (s) => s.calls.some((c) => c.recording === 'off'));
    expect(sent('MixMonitor')).toHaveLength(1);
    expect(sent('MixMonitorMute').map((a) => a.get('State'))).toEqual(['1', '0']);
    expect(sent('StopMixMonitor')).toHaveLength(1);

    await palette(page, 'transfer 1002', 'Transfer call to 1002');
    await until('the call transferred away', (s) => s.calls.length === 0 && s.history[0]?.id === id);
    expect(core.companion.snapshot().history[0]).toMatchObject({ transferredTo: { number: '1002' } });
  });

  it('a prompt (Dial…, Transfer…) waits for its number: Enter keeps the palette open and sends nothing', { timeout: 90_000 }, async () => {
    const page = await openPopover();
    const id = core.demo.control.incomingCall(CALLER);
    await answered(page, id);
    const selected = page.locator('[data-testid="palette-item"][aria-selected="true"]');
    await page.keyboard.press('Control+K');
    for (const [words, prompt] of [
      ['transfer', 'Transfer… (type a target)'],
      ['dial', 'Dial… (type a number)'],
    ] as const) {
      await page.getByTestId('palette-input').fill(words);
      await expect.poll(() => selected.innerText()).toBe(prompt);
      await page.keyboard.press('Enter');
      expect(await page.getByTestId('palette').isVisible()).toBe(true);
      expect(await page.evaluate(`document.activeElement?.getAttribute('data-testid')`)).toBe('palette-input');
    }
    expect([...sent('Originate'), ...sent('BlindTransfer'), ...sent('Redirect')]).toEqual([]);
    // The number typed after the verb: the prompt's verb runs.
    await page.getByTestId('palette-input').fill('transfer 1002');
    await expect.poll(() => selected.innerText()).toBe('Transfer call to 1002');
    await page.keyboard.press('Enter');
    await until('the call transferred away', (s) => s.calls.length === 0 && s.history[0]?.id === id);
  });

  it('hangs up the call; dials; resumes; opens settings', { timeout: 90_000 }, async () => {
    const page = await openPopover();
    const id = core.demo.control.incomingCall(CALLER);
    await answered(page, id);
    await palette(page, 'hang up', 'Hang up the call');
    await until('the call hung up', (s) => s.calls.length === 0);
    expect(sent('Hangup')).toHaveLength(1);

    await palette(page, 'dial 1002', 'Dial 1002');
    await expect.poll(() => sent('Originate').map((a) => a.get('Exten'))).toEqual(['1002']);
    // The demo rings the agent's own phone first, as an Originate does: the agent picks up, then hangs up.
    await until('the agent phone rings for the dial', (s) => s.calls.length > 0);
    expect(core.demo.control.answer()).toBe(true);
    await until('the dialled call is up', (s) => s.calls.some((c) => c.state === 'up'));
    core.demo.control.agentHangup();
    await until('the dialled call ended', (s) => s.calls.length === 0);

    await core.companion.pause({ reason: 'Lunch' });
    await until('paused', (s) => s.queues.filter((q) => q.member).every((q) => q.paused));
    await palette(page, 'resume', 'Resume (become available)');
    await until('available again', (s) => s.queues.filter((q) => q.member).every((q) => !q.paused));

    await palette(page, 'settings', 'Open settings');
    await expect.poll(() => shell.windowRequests).toContain('settings');
  });
});
