/**
 * The tray popover, built by Vite and served over http, in Debian's Chromium, talking through the
 * test bridge to the real core (createCompanion) connected over TCP to the demo PBX.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { formatPhrase, type Phrase } from '../../electron/shared/phrases/index.ts';
import type { Snapshot } from '../../electron/shared/snapshot.ts';
import { spanishPhrases } from '../../electron/shared/phrases/es/index.ts';
import { asSentence } from '../../renderer/src/lib/format.ts';
import { startBridgeServer, type BridgeServer } from './support/bridge-server.ts';
import { launchChromium, openWithBridge, type LaunchedBrowser, type OpenedPage } from './support/browser.ts';
import { startRealCore, type RealCore } from './support/core.ts';
import { startShellBackend, type ShellBackend } from './support/shell-backend.ts';
import { saveScreenshot } from './support/screenshots.ts';

const CALLER = {
  queue: 'support',
  callerNumber: '+34912345678',
  callerName: 'María José Núñez',
  vars: { CUSTOMER_ID: 'C-20931', CUSTOMER_NAME: 'María José Núñez' },
};

let browser: LaunchedBrowser;
let core: RealCore;
let server: BridgeServer;
let shell: ShellBackend;
let opened: OpenedPage[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  core = await startRealCore();
  // The settings say what the core runs on: this PBX, as agent 1001 (so no Demo PBX hint).
  shell = await startShellBackend({
    settings: { pbx: { host: core.demo.host, port: core.demo.port, username: 'agent', extension: '1001' } },
  });
  server = await startBridgeServer({ companion: core.companion, shell: shell.methods });
  core.onPop((pop) => server.emitPop(pop));
  core.onNotice((message, phrase) => server.emitNotice(message, phrase));
  opened = [];
});
afterEach(async () => {
  // Every page kept its CSP (no inline script or style) and threw nothing.
  for (const { page, problems } of opened) {
    await page.close();
    expect(problems).toEqual([]);
  }
  await server?.close();
  await core?.close();
  await shell?.close();
});

async function openPopover(options: { locale?: string; colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await openWithBridge(context, server.popoverUrl);
  opened.push(page);
  await page.page.getByTestId('connection-status').waitFor();
  return page.page;
}

const memberQueues = (s: Snapshot) => s.queues.filter((q) => q.member);

describe('the popover on the real core', () => {
  it('shows the connection, the Demo PBX label, the extension and the queues', async () => {
    const page = await openPopover();
    await expect.poll(() => page.getByTestId('agent-status').innerText()).toBe('Available');
    expect(await page.getByTestId('connection-status').innerText()).toContain('Connected');
    expect(await page.getByTestId('connection-label').innerText()).toBe('Demo PBX');
    expect(await page.getByTestId('extension').innerText()).toContain('1001');
    const names = await page.getByTestId('queue-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-queue')));
    expect(names.sort()).toEqual(
      core.companion
        .snapshot()
        .queues.map((q) => q.name)
        .sort(),
    );
    await saveScreenshot(page, 'popover-idle-en');
  });

  it('shows an incoming queue call with name, number, queue and customer id, then the call in progress', async () => {
    const page = await openPopover();
    core.demo.control.incomingCall(CALLER);
    const card = page.getByTestId('call-card');
    await card.waitFor();
    await expect.poll(() => page.getByTestId('agent-status').innerText()).toBe('Ringing');
    expect(await page.getByTestId('call-name').innerText()).toBe('María José Núñez');
    // Written as the dial preview writes it.
    const { display } = await core.companion.previewDial('+34912345678');
    await expect.poll(() => page.getByTestId('call-number').innerText()).toBe(display);
    expect(await page.getByTestId('call-queue').innerText()).toBe('support');
    expect(await page.getByTestId('call-customer-id').innerText()).toBe('C-20931');
    await saveScreenshot(page, 'popover-ringing-en');

    core.demo.control.answer();
    await expect.poll(() => page.getByTestId('call-state').textContent()).toBe('Connected');
    expect(await page.getByTestId('agent-status').innerText()).toBe('On a call');
    await page.getByTestId('record-start').click();
    await expect.poll(() => page.getByTestId('call-recording').innerText()).toBe('Recording');
    await saveScreenshot(page, 'popover-oncall-en');

    await page.getByTestId('hangup').click();
    await core.until((s) => s.calls.length === 0);
    await page.getByTestId('call-card').waitFor({ state: 'detached' });
    await page.getByTestId('tab-recent').click();
    expect(await page.getByTestId('recent-entry').first().innerText()).toContain('María José Núñez');
  });

  it('shows an attended transfer as the agent lives it: the consultation on top, Complete transfer, then Transferred to in Recent', async () => {
    const page = await openPopover();
    const id = core.demo.control.incomingCall(CALLER);
    await page.getByTestId('call-card').waitFor();
    core.demo.control.answer();
    await expect.poll(() => page.getByTestId('call-state').textContent()).toBe('Connected');
    // The agent starts it on the phone (*2 1002): the colleague answers the consultation.
    expect(core.demo.control.attendedTransfer({ exten: '1002' })).toBe(true);
    await core.until((s) => s.calls.some((c) => c.consultationOf === id && c.state === 'up'));
    const kind = async () => ((await page.getByTestId('call-card').locator('.kind').textContent()) ?? '').replace(/\s+/g, ' ').trim();
    await expect.poll(kind).toBe('Consultation · Connected');
    expect(await page.getByTestId('call-card').innerText()).toContain('1002');
    expect(await page.getByTestId('hangup').innerText()).toBe('Complete transfer');
    expect(await page.getByTestId('transfer').count()).toBe(0);
    await saveScreenshot(page, 'popover-consultation-en');
    await page.getByTestId('hangup').click();
    await core.until((s) => s.calls.length === 0 && s.history[0]?.id === id);
    await page.getByTestId('tab-recent').click();
    const entry = page.getByTestId('recent-entry').first();
    expect(await entry.innerText()).toContain('María José Núñez');
    expect(await entry.getByTestId('recent-transferred').innerText()).toMatch(/^Transferred to (Agent Two|1002)$/);
  });

  it('pauses with a reason: the PBX pauses every queue with it, and the snapshot comes back paused', async () => {
    const page = await openPopover();
    await page.getByTestId('pause-all').click();
    await page.getByTestId('reason-picker').getByText('Lunch').click();
    await page.getByTestId('pause-confirm').click();

    const paused = await core.until((s) => memberQueues(s).length > 0 && memberQueues(s).every((q) => q.paused));
    expect(memberQueues(paused).map((q) => q.pausedReason)).toEqual(memberQueues(paused).map(() => 'Lunch'));
    await expect.poll(() => page.getByTestId('pause-reason').innerText()).toBe('Lunch');
    expect(await page.getByTestId('agent-status').innerText()).toContain('Paused');
    expect(await page.getByTestId('queue-paused').allInnerTexts()).toEqual(memberQueues(paused).map(() => 'Paused: Lunch'));
    await saveScreenshot(page, 'popover-paused-en');

    await page.getByTestId('resume-all').click();
    await core.until((s) => memberQueues(s).every((q) => !q.paused));
    await expect.poll(() => page.getByTestId('agent-status').innerText()).toBe('Available');
  });

  it('reads a pause made elsewhere (a phone, a supervisor) with its reason as the PBX says it', async () => {
    const page = await openPopover();
    core.demo.control.pause({ paused: true, reason: 'Supervisor', queue: 'sales' });
    await expect.poll(() => page.locator('[data-queue="sales"] [data-testid="queue-paused"]').innerText()).toBe('Paused: Supervisor');
    await page.locator('[data-queue="sales"] [data-testid="queue-toggle"]').click();
    await core.until((s) => s.queues.every((q) => !q.paused));
  });

  it('pauses from the command palette with the keyboard alone', async () => {
    const page = await openPopover();
    await page.keyboard.press('Control+K');
    await page.getByTestId('palette-input').fill('meeting');
    await page.keyboard.press('Enter');
    const paused = await core.until((s) => memberQueues(s).every((q) => q.paused));
    expect(memberQueues(paused).every((q) => q.pausedReason === 'Meeting')).toBe(true);
    await expect.poll(() => page.getByTestId('pause-reason').innerText()).toBe('Meeting');
  });

  it('previews a number as the core will dial it, refuses what cannot be dialled, and dials', async () => {
    const page = await openPopover();
    await page.getByTestId('tab-dial').click();
    const input = page.getByTestId('dial-input');

    await input.fill('not a number');
    const refusal = (await core.companion.previewDial('not a number')).error ?? '';
    expect(refusal).not.toBe('');
    await expect.poll(() => page.getByTestId('dial-preview').innerText()).toBe(refusal);
    expect(await page.getByTestId('dial-button').isDisabled()).toBe(true);

    await input.fill('1002');
    const preview = await core.companion.previewDial('1002');
    expect(preview.ok).toBe(true);
    await expect.poll(() => page.getByTestId('dial-preview').innerText()).toContain(preview.dialString ?? '');
    await page.getByTestId('dial-button').click();
    const dialling = await core.until((s) => s.calls.length > 0);
    expect(dialling.calls[0]?.direction).not.toBe('inbound');
    await page.getByTestId('call-card').waitFor();
    await page.getByTestId('hangup').click();
    await core.until((s) => s.calls.length === 0);
  });

  it('dials a possible number the metadata does not know (a caller from the history), with a warning in English and Spanish', async () => {
    const preview = await core.companion.previewDial('+15550109000');
    expect(preview).toMatchObject({ ok: true, dialString: '5550109000', display: '+1 555 010 9000' });
    expect(preview.warning).toMatch(/\+1 555 010 9000 is not a known number/);
    for (const [locale, warning] of [
      ['en-US', preview.warning],
      ['es-ES', formatPhrase(preview.warningPhrase!, spanishPhrases)],
    ] as const) {
      const page = await openPopover({ locale });
      await page.getByTestId('tab-dial').click();
      await page.getByTestId('dial-input').fill('+1 555 010 9000');
      await expect.poll(() => page.getByTestId('dial-warning').innerText()).toBe(warning);
      expect(await page.getByTestId('dial-preview').innerText()).toContain('5550109000');
      expect(await page.getByTestId('dial-button').isDisabled()).toBe(false);
      if (locale === 'en-US') await saveScreenshot(page, 'popover-dial-warning-en');
    }
    expect(formatPhrase(preview.warningPhrase!, spanishPhrases)).toMatch(/no es un número conocido/);
  });
});

describe('languages and themes', () => {
  it('speaks Spanish when the system does, and switches to English on request', async () => {
    const page = await openPopover({ locale: 'es-ES' });
    await expect.poll(() => page.getByTestId('agent-status').innerText()).toBe('Disponible');
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    expect(await page.getByRole('tab').allInnerTexts()).toEqual(['Colas', 'Equipo', 'Marcar', 'Recientes']);
    expect(await page.getByTestId('connection-status').innerText()).toContain('Conectado');
    // From the palette, as the footer no longer holds a picker.
    await page.keyboard.press('Control+K');
    await page.getByTestId('palette-input').fill('english');
    await expect.poll(() => page.getByTestId('palette-item').allInnerTexts()).toEqual(['Idioma: English']);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('agent-status').innerText()).toBe('Available');
    expect(await page.getByRole('tab').allInnerTexts()).toEqual(['Queues', 'Team', 'Dial', 'Recent']);
  });

  it("says the core's words in Spanish: a number it cannot dial, a transfer it refuses, a PBX that went away", async () => {
    const spanish = (said: Phrase | null | undefined) => (said ? formatPhrase(said, spanishPhrases) : null);
    const page = await openPopover({ locale: 'es-ES' });

    await page.getByTestId('tab-dial').click();
    await page.getByTestId('dial-input').fill('not a number');
    const preview = await core.companion.previewDial('not a number');
    const previewEs = spanish(preview.errorPhrase);
    expect(previewEs).toBeTruthy();
    expect(previewEs).not.toBe(preview.error);
    await expect.poll(() => page.getByTestId('dial-preview').innerText()).toBe(previewEs);

    core.demo.control.incomingCall(CALLER);
    core.demo.control.answer();
    const { calls } = await core.until((s) => s.calls.some((c) => c.state === 'up'));
    await page.getByTestId('transfer').click();
    await page.getByTestId('transfer-target').fill('sin número');
    await page.getByTestId('transfer-target').press('Enter');
    const refusal = await core.companion.transfer('sin número', { callId: calls[0]!.id });
    expect(refusal.ok).toBe(false);
    const refusalEs = spanish(refusal.phrase);
    expect(refusalEs).toBeTruthy();
    expect(refusalEs).not.toBe(refusal.ok ? '' : refusal.error);
    await expect.poll(() => page.locator('[data-testid="toast"][data-kind="error"]').allInnerTexts()).toContain(refusalEs);
    await saveScreenshot(page, 'popover-refusal-es', { showToasts: true });

    // The PBX restarts and refuses connections for a while: the reason shows in Spanish as the core says it.
    void core.demo.control.restart({ downMs: 10_000 }).catch(() => undefined);
    const down = await core.until((s) => s.connection.status !== 'live' && Boolean(s.connection.errorPhrase));
    expect(spanish(down.connection.errorPhrase)).toBeTruthy();
    await expect
      .poll(
        async () =>
          (await page.getByTestId('connection-error').innerText()).trim() ===
          asSentence(spanish(core.companion.snapshot().connection.errorPhrase) ?? ''),
      )
      .toBe(true);
    expect(await page.getByTestId('connection-error').innerText()).not.toContain(core.companion.snapshot().connection.error ?? '');
    await saveScreenshot(page, 'popover-reconnecting-es');
  });

  it('follows a dark system theme, and a forced light theme wins over it', async () => {
    const page = await openPopover({ colorScheme: 'dark' });
    const background = () => page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    expect(luminance(await background())).toBeLessThan(0.1);
    await saveScreenshot(page, 'popover-idle-dark-en');
    await page.keyboard.press('Control+K');
    await page.getByTestId('palette-input').fill('light');
    await expect.poll(() => page.getByTestId('palette-item').allInnerTexts()).toEqual(['Theme: Light']);
    await page.keyboard.press('Enter');
    await expect.poll(async () => luminance(await background())).toBeGreaterThan(0.8);
  });

  it('saves the popover idle, ringing, on a call and paused in Spanish', async () => {
    const page = await openPopover({ locale: 'es-ES' });
    await expect.poll(() => page.getByTestId('agent-status').innerText()).toBe('Disponible');
    await saveScreenshot(page, 'popover-idle-es');
    core.demo.control.incomingCall(CALLER);
    await expect.poll(() => page.getByTestId('agent-status').innerText()).toBe('Sonando');
    await saveScreenshot(page, 'popover-ringing-es');
    core.demo.control.answer();
    await expect.poll(() => page.getByTestId('agent-status').innerText()).toBe('En llamada');
    await saveScreenshot(page, 'popover-oncall-es');
    await page.getByTestId('hangup').click();
    await core.until((s) => s.calls.length === 0);
    await page.getByTestId('pause-all').click();
    await page.getByTestId('reason-picker').getByText('Almuerzo').click();
    await page.getByTestId('pause-confirm').click();
    await core.until((s) => memberQueues(s).every((q) => q.paused && q.pausedReason === 'Lunch'));
    await expect.poll(() => page.getByTestId('pause-reason').innerText()).toBe('Almuerzo');
    await saveScreenshot(page, 'popover-paused-es');
  });
});

/** Relative luminance of a CSS rgb() colour, 0 (black) to 1 (white). */
function luminance(css: string): number {
  const [r, g, b] = (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => Number(v) / 255);
  const lin = (c = 0) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
