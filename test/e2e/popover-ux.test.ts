/**
 * Issue 22: the popover as an agent lives it for a shift, in Chromium at tray size (360x520), on the
 * real core and the demo PBX. One describe per item of the issue.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { startBridgeServer, type BridgeServer } from './support/bridge-server.ts';
import { launchChromium, openWithBridge, type LaunchedBrowser, type OpenedPage } from './support/browser.ts';
import { startRealCore, type RealCore, type RealCoreOptions } from './support/core.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { startShellBackend, type ShellBackend } from './support/shell-backend.ts';

const CALLER = {
  queue: 'support',
  callerNumber: '+34912345678',
  callerName: 'María José Núñez',
  vars: { CUSTOMER_ID: 'C-20931', CUSTOMER_NAME: 'María José Núñez' },
};

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

/** A real core, and a shell whose settings file names this PBX as agent 1001, with `settings` over it. */
async function serve(settings: Record<string, unknown> = {}, coreOptions: RealCoreOptions = {}): Promise<void> {
  core = await startRealCore(coreOptions);
  const pbx = { host: core.demo.host, port: core.demo.port, username: 'agent', extension: '1001' };
  shell = await startShellBackend({ settings: { pbx, ...settings } });
  const bridge = await startBridgeServer({ companion: core.companion, shell: shell.methods });
  server = bridge;
  core.onPop((pop) => bridge.emitPop(pop));
  core.onNotice((message, phrase) => bridge.emitNotice(message, phrase));
}

async function openPopover(options: { locale?: string; colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await openWithBridge(context, server!.popoverUrl);
  opened.push(page);
  await page.page.getByTestId('connection-status').waitFor();
  await expect
    .poll(() => page.page.getByTestId('status-header').getAttribute('data-status'))
    .toMatch(/^(available|partial|oncall|paused|ringing)$/);
  return page.page;
}

async function answeredCall(page: Page): Promise<string> {
  const id = core.demo.control.incomingCall(CALLER);
  await page.getByTestId('call-card').waitFor();
  core.demo.control.answer();
  await core.until((s) => s.calls.some((c) => c.state === 'up'));
  await expect.poll(() => page.getByTestId('call-state').textContent()).toBe('Connected');
  return id;
}

const overlaps = async (a: Locator, b: Locator) => {
  const [r, s] = [await a.boundingBox(), await b.boundingBox()];
  if (!r || !s) return false;
  return r.x < s.x + s.width && s.x < r.x + r.width && r.y < s.y + s.height && s.y < r.y + r.height;
};

describe('1. state changes show in place; toasts only for failures, never over the focused control', () => {
  it('recording, pausing and resuming leave no toast: the card and the header say it', async () => {
    await serve();
    const page = await openPopover();
    await answeredCall(page);
    await page.getByTestId('record-start').click();
    await expect.poll(() => page.getByTestId('call-recording').innerText()).toBe('Recording');
    await expect.poll(() => page.getByTestId('record-stop').isEnabled()).toBe(true);
    expect(await page.getByTestId('toast').count()).toBe(0);
    await page.getByTestId('hangup').click();
    await page.getByTestId('call-card').waitFor({ state: 'detached' });
    expect(await page.getByTestId('toast').count()).toBe(0);

    await page.getByTestId('pause-all').click();
    await page.getByTestId('reason-picker').getByText('Lunch').click();
    await page.getByTestId('pause-confirm').click();
    await page.getByTestId('reason-picker').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('pause-reason').innerText()).toBe('Lunch');
    expect(await page.getByTestId('toast').count()).toBe(0);
    // Screen readers still hear the confirmation, politely.
    expect(await page.getByTestId('verb-done').innerText()).toBe('Paused: Lunch');

    await page.getByTestId('resume-all').click();
    await page.getByTestId('pause-all').waitFor();
    await expect.poll(() => page.getByTestId('resume-all').count()).toBe(0);
    expect(await page.getByTestId('toast').allInnerTexts()).toEqual([]);
  });

  it('a refused transfer: the error stays clear of the form the agent types in, and goes when the call ends', async () => {
    await serve();
    const page = await openPopover();
    const id = await answeredCall(page);
    await page.getByTestId('transfer').click();
    const field = page.getByTestId('transfer-target');
    await field.fill('sin número');
    await field.press('Enter');
    const toast = page.locator('[data-testid="toast"][data-kind="error"]');
    await toast.waitFor();
    await expect
      .poll(() => page.evaluate<string | null>("document.activeElement?.getAttribute('data-testid') ?? null"))
      .toBe('transfer-target');
    // Nor over the rest of its form: the agent retries or cancels there.
    expect(await overlaps(toast, page.getByTestId('transfer-form'))).toBe(false);

    // The call ends: the failure described a state that is gone.
    core.demo.control.callerHangup(id);
    await page.getByTestId('call-card').waitFor({ state: 'detached' });
    // Well before the 12 s an error otherwise stays.
    await toast.waitFor({ state: 'detached', timeout: 5000 });
  });
});

/** Wholly inside the popover's scrolling body as it stands: seen without scrolling. */
async function inView(page: Page, testId: string): Promise<boolean> {
  const [box, body] = [await page.getByTestId(testId).first().boundingBox(), await page.locator('main.body').boundingBox()];
  return !!box && !!body && box.y >= body.y && box.y + box.height <= body.y + body.height;
}

describe('2. on a call, a compact call strip', () => {
  it('folds the customer page into the card, lets the demo note go for good, and keeps tabs and queues in view', async () => {
    await serve({ pbx: { host: '' } });
    const page = await openPopover();
    await page.getByTestId('demo-hint').waitFor();
    await answeredCall(page);
    const open = page.getByTestId('call-card').getByTestId('pop-open');
    await open.waitFor();
    expect(await open.getAttribute('href')).toContain('/customers/C-20931');
    expect(await page.getByTestId('pop-banner').count()).toBe(0);
    // Even with the demo note: the tabs show under the card.
    expect(await inView(page, 'tab-queues')).toBe(true);

    await page.getByTestId('demo-dismiss').click();
    await page.getByTestId('demo-hint').waitFor({ state: 'detached' });
    expect(await inView(page, 'tab-queues')).toBe(true);
    expect(await inView(page, 'queue-row')).toBe(true);
    await saveScreenshot(page, 'popover-oncall-compact-en');

    // Remembered: after a reload the note stays hidden (the call is still there, and the tabs with it).
    await page.reload();
    await page.getByTestId('call-card').waitFor();
    await expect.poll(() => page.getByTestId('agent-status').innerText()).toBe('On a call');
    expect(await page.getByTestId('demo-hint').count()).toBe(0);

    const es = await openPopover({ locale: 'es-ES', colorScheme: 'dark' });
    await expect.poll(() => es.getByTestId('call-state').textContent()).toBe('En curso');
    await es.getByTestId('demo-dismiss').click();
    expect(await inView(es, 'tab-queues')).toBe(true);
    await saveScreenshot(es, 'popover-oncall-compact-es-dark');
    // The call's colour matters here: the other two looks too.
    for (const [locale, colorScheme, name] of [
      ['en-US', 'dark', 'popover-oncall-compact-en-dark'],
      ['es-ES', 'light', 'popover-oncall-compact-es'],
    ] as const) {
      const other = await openPopover({ locale, colorScheme });
      await other.getByTestId('demo-dismiss').click();
      expect(await inView(other, 'tab-queues')).toBe(true);
      await saveScreenshot(other, name);
    }
  });
});

describe('3. the header tells the truth per queue', () => {
  const header = (page: Page) => page.getByTestId('status-header');
  /** The status dot's colour is the theme's amber (--warn), as the page computes both (a string: no DOM types here). */
  const dotIsAmber = (page: Page) =>
    page.evaluate<boolean>(`(() => {
      const header = document.querySelector('[data-testid="status-header"]');
      const probe = document.createElement('span');
      probe.style.color = 'var(--warn)';
      header.append(probe);
      const amber = getComputedStyle(probe).color;
      probe.remove();
      return getComputedStyle(header.querySelector('.dot')).backgroundColor === amber;
    })()`);

  it('paused in sales only: "Available in 1 of 2", where and why, in amber; then green, then fully paused amber', async () => {
    await serve();
    const page = await openPopover();
    // A supervisor's pause in one queue.
    core.demo.control.pause({ paused: true, reason: 'Meeting', queue: 'sales' });
    await expect.poll(() => page.getByTestId('agent-status').innerText()).toBe('Available in 1 of 2\nPaused in sales (Meeting)');
    expect(await page.getByTestId('pause-reason').innerText()).toBe('Paused in sales (Meeting)');
    expect(await header(page).getAttribute('data-status')).toBe('partial');
    expect(await dotIsAmber(page)).toBe(true);
    await saveScreenshot(page, 'popover-partial-pause-en');
    for (const [locale, colorScheme, name] of [
      ['en-US', 'dark', 'popover-partial-pause-en-dark'],
      ['es-ES', 'light', 'popover-partial-pause-es'],
      ['es-ES', 'dark', 'popover-partial-pause-es-dark'],
    ] as const) {
      const other = await openPopover({ locale, colorScheme });
      if (locale === 'es-ES') {
        await expect.poll(() => other.getByTestId('agent-status').innerText()).toBe('Disponible en 1 de 2\nEn pausa en sales (Reunión)');
      }
      expect(await dotIsAmber(other)).toBe(true);
      await saveScreenshot(other, name);
    }

    core.demo.control.pause({ paused: false, queue: 'sales' });
    await expect.poll(() => page.getByTestId('agent-status').innerText()).toBe('Available');
    expect(await header(page).getAttribute('data-status')).toBe('available');
    expect(await dotIsAmber(page)).toBe(false);

    core.demo.control.pause({ paused: true, reason: 'Lunch' });
    await expect.poll(() => page.getByTestId('agent-status').innerText()).toBe('Paused\nLunch');
    expect(await dotIsAmber(page)).toBe(true);
  });
});

/** Cut with an ellipsis, not mid-word: its text is wider than its box and the overflow says so. */
const ellipsised = (locator: Locator) =>
  locator.evaluate((el) => {
    const box = el as unknown as { scrollWidth: number; clientWidth: number };
    const page = globalThis as unknown as { getComputedStyle(e: unknown): { textOverflow: string } };
    return box.scrollWidth > box.clientWidth && page.getComputedStyle(el).textOverflow === 'ellipsis';
  });

const words = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

describe('4. long queue names and many queues', () => {
  const LONG_NAME = 'customer-retention-and-loyalty-spain';
  const EXTRA = [LONG_NAME, 'billing', 'claims', 'renewals', 'upgrades', 'partners', 'vip', 'returns', 'shipping', 'tech'];

  it('twelve queues: every toggle in the window, a summary, the paused queue first; long names ellipsised, in Recent too', async () => {
    expect(LONG_NAME).toHaveLength(36);
    await serve({}, { extraQueues: EXTRA });
    const page = await openPopover();
    await expect.poll(() => page.getByTestId('queue-row').count()).toBe(12);

    // A missed call from the long-named queue, for Recent.
    const missed = core.demo.control.incomingCall({ ...CALLER, queue: LONG_NAME });
    await page.getByTestId('call-card').waitFor();
    core.demo.control.callerHangup(missed);
    await page.getByTestId('call-card').waitFor({ state: 'detached' });

    // A supervisor pauses the agent in claims, where a caller then waits.
    core.demo.control.pause({ paused: true, reason: 'Meeting', queue: 'claims' });
    await expect.poll(() => page.locator('[data-queue="claims"] [data-testid="queue-paused"]').count()).toBe(1);
    core.demo.control.incomingCall({ ...CALLER, queue: 'claims' });
    await expect.poll(() => words(page.getByTestId('queue-summary'))).toBe('Paused in 1 of 12 · 1 waiting');
    expect(await page.getByTestId('queue-row').first().getAttribute('data-queue')).toBe('claims');

    for (const toggle of await page.getByTestId('queue-toggle').all()) {
      const box = await toggle.boundingBox();
      expect(box && box.x + box.width).toBeLessThanOrEqual(360 - 12);
    }
    expect(await ellipsised(page.locator(`[data-queue="${LONG_NAME}"] .name`))).toBe(true);
    await saveScreenshot(page, 'popover-12-queues-en');
    const es = await openPopover({ locale: 'es-ES', colorScheme: 'dark' });
    await expect.poll(() => words(es.getByTestId('queue-summary'))).toBe('En pausa en 1 de 12 · 1 en espera');
    await saveScreenshot(es, 'popover-12-queues-es-dark');
    for (const [locale, colorScheme, name] of [
      ['en-US', 'dark', 'popover-12-queues-en-dark'],
      ['es-ES', 'light', 'popover-12-queues-es'],
    ] as const) {
      const other = await openPopover({ locale, colorScheme });
      await other.getByTestId('queue-summary').waitFor();
      await saveScreenshot(other, name);
    }

    await page.getByTestId('tab-recent').click();
    const queue = page.getByTestId('recent-queue').first();
    expect(await queue.innerText()).toBe(LONG_NAME);
    expect(await ellipsised(queue)).toBe(true);
  });
});

describe('5. the command palette makes no accidents', () => {
  const labels = (page: Page) => page.getByTestId('palette-item').allInnerTexts();

  it('chooses nothing until typed, ranks Transfer first on a call, takes a verb with its number, and opens Settings', async () => {
    await serve();
    const page = await openPopover();
    await answeredCall(page);
    await page.keyboard.press('Control+K');
    await page.getByTestId('palette-input').waitFor();
    expect(await page.locator('[data-testid="palette-item"][aria-selected="true"]').count()).toBe(0);
    await page.keyboard.press('Enter');
    // Enter on the fresh palette ran nothing: still open, no pause, one call.
    expect(await page.getByTestId('palette').isVisible()).toBe(true);
    expect(core.companion.snapshot().queues.some((q) => q.paused)).toBe(false);

    await page.getByTestId('palette-input').fill('1002');
    await expect.poll(async () => (await labels(page))[0]).toBe('Transfer call to 1002');
    expect(await page.locator('[data-testid="palette-item"][aria-selected="true"]').innerText()).toBe('Transfer call to 1002');
    await saveScreenshot(page, 'popover-palette-oncall-en');

    await page.getByTestId('palette-input').fill('transfer 1002');
    await expect.poll(() => labels(page)).toEqual(['Transfer call to 1002']);
    await page.getByTestId('palette-input').fill('dial 1002');
    await expect.poll(() => labels(page)).toEqual(['Dial 1002']);
    await page.getByTestId('palette-input').fill('pause lunch');
    await expect.poll(() => labels(page)).toEqual(['Pause: Lunch']);
    await page.getByTestId('palette-input').fill('settings');
    await expect.poll(() => labels(page)).toEqual(['Open settings']);
    await page.keyboard.press('Enter');
    await expect.poll(() => shell!.windowRequests).toEqual(['settings']);

    const es = await openPopover({ locale: 'es-ES' });
    await es.keyboard.press('Control+K');
    await es.getByTestId('palette-input').fill('1002');
    await expect.poll(async () => (await labels(es))[0]).toMatch(/1002/);
    await saveScreenshot(es, 'popover-palette-oncall-es');
    for (const [locale, colorScheme, name] of [
      ['en-US', 'dark', 'popover-palette-oncall-en-dark'],
      ['es-ES', 'dark', 'popover-palette-oncall-es-dark'],
    ] as const) {
      const other = await openPopover({ locale, colorScheme });
      await other.keyboard.press('Control+K');
      await other.getByTestId('palette-input').fill('1002');
      await expect.poll(async () => (await labels(other))[0]).toMatch(/1002/);
      await saveScreenshot(other, name);
    }
  });
});

describe('8. the ringing card', () => {
  it('offers Decline as a secondary button, not the red Hang up, and writes the number as the dial preview does', async () => {
    await serve();
    const { display } = await core.companion.previewDial(CALLER.callerNumber);
    expect(display).not.toBe(CALLER.callerNumber);
    const pages: Array<[Page, string, string]> = [];
    for (const [locale, colorScheme, word] of [
      ['en-US', 'light', 'Decline'],
      ['en-US', 'dark', 'Decline'],
      ['es-ES', 'light', 'Rechazar'],
      ['es-ES', 'dark', 'Rechazar'],
    ] as const) {
      pages.push([
        await openPopover({ locale, colorScheme }),
        word,
        `popover-ringing-${locale.slice(0, 2)}${colorScheme === 'dark' ? '-dark' : ''}`,
      ]);
    }
    const id = core.demo.control.incomingCall(CALLER);
    for (const [page, word, name] of pages) {
      await page.getByTestId('call-card').waitFor();
      await expect.poll(() => page.getByTestId('call-number').innerText()).toBe(display);
      const decline = page.getByTestId('hangup');
      expect(await decline.innerText()).toBe(word);
      expect(await decline.evaluate((el) => el.classList.contains('danger'))).toBe(false);
      await saveScreenshot(page, name);
    }
    await pages[0]![0].getByTestId('hangup').click();
    await core.until((s) => !s.calls.some((c) => c.id === id && c.state === 'ringing'));
  });
});

describe('9. one colour language', () => {
  /** Whether `selector`'s computed `property` is the theme's `variable` (a page string: no DOM types here). */
  const isThemeColour = (page: Page, selector: string, property: string, variable: string) =>
    page.evaluate<boolean>(`(() => {
      const el = document.querySelector(${JSON.stringify(selector)});
      const probe = document.createElement('span');
      probe.style.color = 'var(${variable})';
      el.append(probe);
      const colour = getComputedStyle(probe).color;
      probe.remove();
      return getComputedStyle(el)[${JSON.stringify(property)}] === colour;
    })()`);

  it('a connected call is blue, not red, in both themes; the Spanish state label keeps to one line', async () => {
    await serve();
    const pages = [await openPopover(), await openPopover({ locale: 'es-ES', colorScheme: 'dark' })];
    await answeredCall(pages[0]!);
    for (const page of pages) {
      await expect.poll(() => page.getByTestId('call-state').count()).toBe(1);
      expect(await isThemeColour(page, '[data-testid="status-header"] .dot', 'backgroundColor', '--accent')).toBe(true);
      expect(await isThemeColour(page, '[data-testid="call-card"]', 'borderLeftColor', '--accent')).toBe(true);
      expect(await isThemeColour(page, '[data-testid="call-card"] .kind', 'color', '--danger')).toBe(false);
      // One line: no taller than the timer beside it.
      const [kind, timer] = [
        await page.locator('[data-testid="call-card"] .kind').boundingBox(),
        await page.getByTestId('call-timer').boundingBox(),
      ];
      expect(kind!.height).toBeLessThanOrEqual(timer!.height + 2);
    }
  });

  it('the Spanish call label keeps to one line beside an hour-long timer at 360 px', async () => {
    await serve();
    // The page's clock an hour ahead of the PBX's: the card counts 1:00:00 and more.
    const context = await browser.newContext({ locale: 'es-ES' });
    await context.clock.install({ time: Date.now() + 3_600_000 });
    const popover = await openWithBridge(context, server!.popoverUrl);
    opened.push(popover);
    const page = popover.page;
    await page.getByTestId('connection-status').waitFor();
    core.demo.control.incomingCall(CALLER);
    await page.getByTestId('call-card').waitFor();
    core.demo.control.answer();
    await expect.poll(() => page.getByTestId('call-state').textContent()).toBe('En curso');
    await expect.poll(() => page.getByTestId('call-timer').textContent()).toMatch(/^1:0\d:\d\d$/);
    // One line: as tall as one line of its own text (a page string: no DOM types here).
    const lines = await page.evaluate<number>(`(() => {
      const kind = document.querySelector('[data-testid="call-card"] .kind');
      const style = getComputedStyle(kind);
      const line = style.lineHeight === 'normal' ? parseFloat(style.fontSize) * 1.4 : parseFloat(style.lineHeight);
      return Math.round(kind.getBoundingClientRect().height / line);
    })()`);
    expect(lines).toBe(1);
    await saveScreenshot(page, 'popover-oncall-hour-es');
  });

  it('the red kept for danger and failures carries its text at 4.5:1 in the dark theme: Colgar, the missed badge, an error toast', async () => {
    await serve();
    const page = await openPopover({ locale: 'es-ES', colorScheme: 'dark' });
    /** WCAG contrast of `selector`'s text on its own background (a page string: no DOM types here). */
    const contrast = (selector: string) =>
      page.evaluate<number>(`(() => {
        const style = getComputedStyle(document.querySelector(${JSON.stringify(selector)}));
        const luminance = (colour) => {
          const [r, g, b] = colour.match(/[\\d.]+/g).slice(0, 3).map((v) => {
            const c = Number(v) / 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const [light, dark] = [luminance(style.color), luminance(style.backgroundColor)].sort((x, y) => y - x);
        return (light + 0.05) / (dark + 0.05);
      })()`);
    const missed = core.demo.control.incomingCall(CALLER);
    await page.getByTestId('call-card').waitFor();
    core.demo.control.callerHangup(missed);
    await page.getByTestId('missed-count').waitFor();
    expect(await contrast('[data-testid="missed-count"]')).toBeGreaterThanOrEqual(4.5);

    core.demo.control.incomingCall(CALLER);
    await page.getByTestId('call-card').waitFor();
    core.demo.control.answer();
    await expect.poll(() => page.getByTestId('call-state').textContent()).toBe('En curso');
    expect(await contrast('[data-testid="hangup"]')).toBeGreaterThanOrEqual(4.5);
    await page.getByTestId('transfer').click();
    await page.getByTestId('transfer-target').fill('abc');
    await page.getByTestId('transfer-target').press('Enter');
    await page.locator('[data-testid="toast"][data-kind="error"]').waitFor();
    expect(await contrast('[data-testid="toast"][data-kind="error"]')).toBeGreaterThanOrEqual(4.5);
  });
});

describe('10. language and theme live in Settings and the palette', () => {
  const labels = (page: Page) => page.getByTestId('palette-item').allInnerTexts();

  it("the popover's footer holds no pickers; the palette offers the other themes and languages, found in either language, and saves the choice", async () => {
    await serve();
    const page = await openPopover();
    expect(await page.locator('footer select').count()).toBe(0);
    await page.keyboard.press('Control+K');
    await page.getByTestId('palette-input').fill('theme');
    await expect.poll(() => labels(page)).toEqual(['Theme: Light', 'Theme: Dark']);
    await page.getByTestId('palette-input').fill('oscuro');
    await expect.poll(() => labels(page)).toEqual(['Theme: Dark']);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('dark');
    await expect.poll(() => shell!.store().settings.theme).toBe('dark');
    await page.getByTestId('palette').waitFor({ state: 'hidden' });

    await page.keyboard.press('Control+K');
    await page.getByTestId('palette-input').fill('language');
    await expect.poll(() => labels(page)).toEqual(['Language: English', 'Language: Español']);
    await page.getByTestId('palette-input').fill('espanol');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('agent-status').innerText()).toBe('Disponible');
    await expect.poll(() => shell!.store().settings.language).toBe('es');
  });
});
