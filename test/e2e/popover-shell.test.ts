/**
 * The popover with the shell's side of the bridge: pause reasons from the settings file (in both
 * languages, and the defaults when the shell has no settings), the screen-pop banner, the core's notices
 * as toasts, the Demo PBX hint, and every control reachable by keyboard with a visible focus.
 * Real core on the demo PBX, real settings store, real keychain (run under scripts/with-keyring.mjs).
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Snapshot } from '../../electron/shared/snapshot.ts';
import { startBridgeServer, type BridgeServer } from './support/bridge-server.ts';
import { launchChromium, openWithBridge, type LaunchedBrowser, type OpenedPage } from './support/browser.ts';
import { POP_TEMPLATE, startRealCore, type RealCore, type RealCoreOptions } from './support/core.ts';
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
async function serve(settings: Record<string, unknown> | null, coreOptions: RealCoreOptions = {}): Promise<void> {
  core = await startRealCore(coreOptions);
  const pbx = { host: core.demo.host, port: core.demo.port, username: 'agent', extension: '1001' };
  shell = settings === null ? undefined : await startShellBackend({ settings: { pbx, ...settings } });
  const bridge = await startBridgeServer({ companion: core.companion, ...(shell ? { shell: shell.methods } : {}) });
  server = bridge;
  core.onPop((pop) => bridge.emitPop(pop));
  core.onNotice((message, phrase) => bridge.emitNotice(message, phrase));
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
/** Ctrl+K, the words, Enter on the one entry they find (`expected`). */
async function fromPalette(page: Page, words: string, expected: string): Promise<void> {
  await page.keyboard.press('Control+K');
  await page.getByTestId('palette-input').fill(words);
  await expect.poll(() => page.getByTestId('palette-item').allInnerTexts()).toEqual([expected]);
  await page.keyboard.press('Enter');
  await page.getByTestId('palette').waitFor({ state: 'hidden' });
}
const pickerLabels = (page: Page) => page.getByTestId('reason-picker').locator('label').allInnerTexts();

describe('pause reasons from the settings', () => {
  it("offers the settings file's reasons in English, and the PBX gets the code", async () => {
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
  it("puts the popped call's customer page on its card, and drops it when the call leaves", async () => {
    await serve({});
    const page = await openPopover();
    const popped = new Promise<{ callId: string; url: string | null }>((resolve) => core.onPop(resolve));
    core.demo.control.incomingCall(CALLER);
    const pop = await popped;
    // The call is on the card: the page is the card's action, no banner of its own.
    const open = page.getByTestId('call-card').getByTestId('pop-open');
    await open.waitFor();
    expect(await page.getByTestId('pop-banner').count()).toBe(0);
    const href = await open.getAttribute('href');
    expect(href).toBe(pop.url);
    expect(href).toBe(
      POP_TEMPLATE.replace('{var.CUSTOMER_ID}', 'C-20931').replace('{number}', '%2B34912345678').replace('{queue}', 'support'),
    );
    await saveScreenshot(page, 'popover-pop-en');

    core.demo.control.callerHangup(core.demo.control.activeCalls()[0] ?? '');
    await core.until((s) => s.calls.length === 0);
    await open.waitFor({ state: 'detached' });
  });

  it("shows the core's notice about a click-to-dial as a toast", async () => {
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

describe('after-call work', () => {
  /** A queue call answered and ended: the core starts after-call work. */
  async function answerAndEndACall(): Promise<Snapshot> {
    const callId = core.demo.control.incomingCall(CALLER);
    await core.until((s) => s.calls.some((c) => c.state === 'ringing'));
    core.demo.control.answer();
    await core.until((s) => s.calls.some((c) => c.state === 'up'));
    core.demo.control.callerHangup(callId);
    return core.until((s) => s.calls.length === 0 && Boolean(s.afterCallWork) && memberQueues(s).every((q) => q.paused));
  }
  const secondsLeft = async (page: Page) => Number(/(\d+)/.exec(await page.getByTestId('acw-countdown').innerText())?.[1]);

  it('counts down under the status, and End now makes the agent available at the PBX', async () => {
    await serve({}, { afterCallWork: { seconds: 60 } });
    const page = await openPopover();
    expect(await page.getByTestId('acw').count()).toBe(0);
    const acw = await answerAndEndACall();
    expect(acw.afterCallWork?.reason).toBe('After-call work');
    await expect.poll(() => page.getByTestId('agent-status').innerText()).toMatch(/^Paused/);
    expect(await page.getByTestId('pause-reason').innerText()).toBe('After-call work');
    expect(await page.getByTestId('acw-countdown').innerText()).toMatch(/^Available again in \d+ s$/);
    const first = await secondsLeft(page);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(60);
    // End now is the one way back while it runs: no second Resume button.
    expect(await page.getByTestId('resume-all').count()).toBe(0);
    // It counts down on its own, with no new snapshot from the core.
    await expect.poll(() => secondsLeft(page), { timeout: 5000 }).toBeLessThan(first);
    await saveScreenshot(page, 'popover-acw-en');

    await page.getByTestId('acw-end').click();
    const after = await core.until((s) => !s.afterCallWork && memberQueues(s).every((q) => !q.paused));
    expect(after.afterCallWork).toBeNull();
    await page.getByTestId('acw').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('agent-status').innerText()).toBe('Available');
    // The header says it; the words go to screen readers, not to a toast.
    await expect.poll(() => page.getByTestId('verb-done').innerText()).toBe('After-call work ended: available again');
    expect(await page.getByTestId('toast').count()).toBe(0);
  });

  it('speaks Spanish, with the reason the site set', async () => {
    await serve(
      { pauseReasons: [{ code: 'Wrapup', label: { en: 'Wrap-up', es: 'Cierre de llamada' } }] },
      { afterCallWork: { seconds: 45, reason: 'Wrapup' } },
    );
    const page = await openPopover({ locale: 'es-ES' });
    const acw = await answerAndEndACall();
    expect(memberQueues(acw).every((q) => q.pausedReason === 'Wrapup')).toBe(true);
    await expect.poll(() => page.getByTestId('acw-countdown').innerText()).toMatch(/^Disponible de nuevo en \d+ s$/);
    expect(await page.getByTestId('pause-reason').innerText()).toBe('Cierre de llamada');
    expect(await page.getByTestId('acw-end').innerText()).toBe('Terminar ahora');
    await saveScreenshot(page, 'popover-acw-es');
  });
});

describe("the palette's language and theme", () => {
  it('are saved in the settings file (only those fields), and the settings window follows', async () => {
    await serve({ pauseReasons: REASONS });
    const before = shell!.store().settings;
    const context = await browser.newContext({ locale: 'en-US' });
    const popover = await openWithBridge(context, server!.popoverUrl);
    opened.push(popover);
    const page = popover.page;
    await expect.poll(() => page.getByTestId('agent-status').innerText()).toBe('Available');
    const settingsPage = await openWithBridge(context, server!.settingsUrl);
    opened.push(settingsPage);
    await settingsPage.page.getByTestId('field-language').waitFor();

    await fromPalette(page, 'spanish', 'Language: Español');
    await expect.poll(() => shell!.store().settings.language).toBe('es');
    await fromPalette(page, 'dark', 'Tema: Oscuro');
    await expect.poll(() => shell!.store().settings.theme).toBe('dark');
    // Nothing else changed, and the file itself says so (a fresh store reads it).
    expect({ ...shell!.store().settings, language: before.language, theme: before.theme }).toEqual(before);
    const reopened = JSON.parse(readFileSync(shell!.settingsFile, 'utf8')) as { language: string; theme: string };
    expect([reopened.language, reopened.theme]).toEqual(['es', 'dark']);

    // The settings window, open at the same time, follows at once; saving it keeps the choice.
    await expect.poll(() => settingsPage.page.locator('html').getAttribute('lang')).toBe('es');
    await expect.poll(() => settingsPage.page.getByTestId('field-language').inputValue()).toBe('es');
    expect(await settingsPage.page.getByTestId('field-theme').inputValue()).toBe('dark');
    // A window opened later starts in the saved choice, even in a browser with no stored preference.
    const fresh = await openWithBridge(await browser.newContext({ locale: 'en-US' }), server!.popoverUrl);
    opened.push(fresh);
    await expect.poll(() => fresh.page.getByTestId('agent-status').innerText()).toBe('Disponible');
    expect(await fresh.page.locator('html').getAttribute('data-theme')).toBe('dark');

    // Back to the system's: saved as the file writes it.
    await fromPalette(page, 'theme system', 'Tema: Como el sistema');
    await expect.poll(() => shell!.store().settings.theme).toBe('system');
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
    // Pause, the tab strip, two queue toggles and the palette key (the footer lost its two pickers).
    expect(controls.length).toBeGreaterThanOrEqual(5);

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
