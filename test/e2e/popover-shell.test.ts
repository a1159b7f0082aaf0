/**
 * The popover with the shell's side of the bridge: pause reasons from the settings file (in both
 * languages, and the defaults when the shell has no settings), the screen-pop banner, the core's notices
 * as toasts, the Demo PBX hint, and every control reachable by keyboard with a visible focus.
 * Real core on the demo PBX, real settings store, real keychain (run under scripts/with-keyring.mjs).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Snapshot } from '../../electron/shared/snapshot.ts';
import { startBridgeServer, type BridgeServer } from './support/bridge-server.ts';
import { launchChromium, openWithBridge, type LaunchedBrowser, type OpenedPage } from './support/browser.ts';
import { POP_TEMPLATE, startRealCore, type RealCore } from './support/core.ts';
import { startShellBackend, type ShellBackend } from './support/shell-backend.ts';
import { saveScreenshot } from './support/screenshots.ts';

const CALLER = {
  queue: 'support',
  callerNumber: '+34912345678',
  callerName: 'María José Núñez',
  vars: { CUSTOMER_ID: 'C-20931', CUSTOMER_NAME: 'María José Núñez' },
};
const REASONS = [
  { code: 'Coaching', label: { en: 'Coaching', es: 'Formación' } },
  { code: 'Lunch', label: { en: 'Lunch', es: 'Almuerzo' } },
  { code: 'Tech', label: { en: 'Technical problem', es: 'Problema técnico' } },
];

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

/** A real core, and a shell whose settings file holds `settings` (none: the shell has no settings). */
async function serve(settings: Record<string, unknown> | null): Promise<void> {
  core = await startRealCore();
  const pbx = { host: core.demo.host, port: core.demo.port, username: 'agent', extension: '1001' };
  shell = settings === null ? undefined : await startShellBackend({ settings: { pbx, ...settings } });
  const bridge = await startBridgeServer({ companion: core.companion, ...(shell ? { shell: shell.methods } : {}) });
  server = bridge;
  core.onPop((pop) => bridge.emitPop(pop));
  core.onNotice((message) => bridge.emitNotice(message));
}

async function openPopover(options: { locale?: string; colorScheme?: 'light' | 'dark'; coreOnly?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await openWithBridge(context, server!.popoverUrl, { coreOnly: options.coreOnly ?? false });
  opened.push(page);
  await page.page.getByTestId('connection-status').waitFor();
  await expect.poll(() => page.page.getByTestId('agent-status').innerText()).not.toBe('Connecting');
  return page.page;
}

const memberQueues = (s: Snapshot) => s.queues.filter((q) => q.member);
const pickerLabels = (page: Page) => page.getByTestId('reason-picker').locator('label').allInnerTexts();

describe('pause reasons from the settings', () => {
  it('offers the settings file\'s reasons in English, and the PBX gets the code', async () => {
    await serve({ pauseReasons: REASONS });
    const page = await openPopover();
    await page.getByTestId('pause-all').click();
    await expect.poll(() => pickerLabels(page)).toEqual(['Coaching', 'Lunch', 'Technical problem']);
    await page.getByTestId('reason-picker').getByText('Technical problem').click();
    await page.getByTestId('pause-confirm').click();
    const paused = await core.until((s) => memberQueues(s).length > 0 && memberQueues(s).every((q) => q.paused));
    expect(memberQueues(paused).every((q) => q.pausedReason === 'Tech')).toBe(true);
    await expect.poll(() => page.getByTestId('pause-reason').innerText()).toBe('Technical problem');
  });

  it('offers them in Spanish, in the picker and in the command palette', async () => {
    await serve({ pauseReasons: REASONS });
    const page = await openPopover({ locale: 'es-ES' });
    await page.getByTestId('pause-all').click();
    await expect.poll(() => pickerLabels(page)).toEqual(['Formación', 'Almuerzo', 'Problema técnico']);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+K');
    await page.getByTestId('palette-input').fill('formación');
    await page.keyboard.press('Enter');
    const paused = await core.until((s) => memberQueues(s).every((q) => q.paused));
    expect(memberQueues(paused).every((q) => q.pausedReason === 'Coaching')).toBe(true);
    await expect.poll(() => page.getByTestId('pause-reason').innerText()).toBe('Formación');
  });

  it('falls back to the default reasons when the shell has no settings', async () => {
    await serve(null);
    const page = await openPopover({ coreOnly: true });
    await page.getByTestId('pause-all').click();
    expect(await pickerLabels(page)).toEqual(['Break', 'Lunch', 'Meeting', 'Training', 'After-call work']);
  });
});

describe('screen pops and notices', () => {
  it('shows a banner for the popped call with Open, and drops it when the call leaves', async () => {
    await serve({});
    const page = await openPopover();
    const popped = new Promise<{ callId: string; url: string | null }>((resolve) => core.onPop(resolve));
    core.demo.control.incomingCall(CALLER);
    const pop = await popped;
    const banner = page.getByTestId('pop-banner');
    await banner.waitFor();
    expect(await banner.getAttribute('data-call')).toBe(pop.callId);
    expect(await page.getByTestId('pop-who').innerText()).toBe('María José Núñez · support');
    const href = await page.getByTestId('pop-open').getAttribute('href');
    expect(href).toBe(pop.url);
    expect(href).toBe(POP_TEMPLATE.replace('{var.CUSTOMER_ID}', 'C-20931').replace('{number}', '%2B34912345678').replace('{queue}', 'support'));
    await saveScreenshot(page, 'popover-pop-en');

    core.demo.control.callerHangup(core.demo.control.activeCalls()[0] ?? '');
    await core.until((s) => s.calls.length === 0);
    await banner.waitFor({ state: 'detached' });
  });

  it('shows the core\'s notice about a click-to-dial as a toast', async () => {
    await serve({});
    const page = await openPopover();
    const notice = new Promise<string>((resolve) => core.onNotice(resolve));
    // The agent's phone is not registered: the PBX answers the Originate with a failure.
    core.demo.control.unregister();
    await page.getByTestId('tab-dial').click();
    await page.getByTestId('dial-input').fill('1002');
    await expect.poll(() => page.getByTestId('dial-button').isDisabled()).toBe(false);
    await page.getByTestId('dial-button').click();
    const message = await notice;
    expect(message).not.toBe('');
    await expect.poll(() => page.getByTestId('toast').allInnerTexts()).toContain(message);
  });

  it('says plainly when the app runs on the Demo PBX, and offers to set up the real one', async () => {
    await serve({ pbx: { host: '' } });
    const page = await openPopover();
    expect(await page.getByTestId('demo-hint').innerText()).toContain('Demo PBX');
    await page.getByTestId('demo-setup').click();
    await expect.poll(() => shell!.windowRequests).toEqual(['settings']);
  });
});

describe('keyboard', () => {
  it('reaches every control of the popover with Tab, each with a visible focus ring', async () => {
    await serve({});
    const page = await openPopover();
    // Every control a pointer could use (the tab strip counts once: arrows move within it), numbered.
    const controls = await page.evaluate<string[]>(`[...document.querySelectorAll('button, a[href], input, select, textarea, [tabindex]')]
      .filter((el) => !el.disabled && el.tabIndex >= 0 && el.getClientRects().length > 0 && !el.closest('dialog:not([open])'))
      .map((el, i) => { el.dataset.kbd = String(i); return (el.dataset.testid || el.getAttribute('aria-label') || el.textContent.trim()) + '#' + i; })`);
    expect(controls.length).toBeGreaterThan(5);

    const visited: string[] = [];
    for (let i = 0; i < controls.length + 5; i++) {
      await page.keyboard.press('Tab');
      const focus = await page.evaluate<{ name: string; visible: boolean; outline: string } | null>(`(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        const visible = el.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
        const name = (el.dataset.testid || el.getAttribute('aria-label') || el.textContent.trim()) + '#' + (el.dataset.kbd ?? '?');
        return { name, visible, outline: style.outlineStyle + ' ' + style.outlineWidth };
      })()`);
      if (!focus) continue;
      if (visited.includes(focus.name)) break;
      expect(focus.visible, `${focus.name} shows no focus ring (${focus.outline})`).toBe(true);
      visited.push(focus.name);
    }
    expect(visited.sort()).toEqual([...controls].sort());
  });
});
