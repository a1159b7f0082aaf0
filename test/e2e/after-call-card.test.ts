/**
 * Issue 19 in the tray popover, built by Vite and served over http, in Debian's Chromium, through the
 * test bridge to the real core on the demo PBX, with the call log going to a real HTTP receiver: a
 * queue call ends, the after-call card asks for the disposition (keyboard only: a digit, the note,
 * Ctrl+Enter), and the record's version 2 arrives with them; after-call work ends there and then. Put
 * off with Escape, the command palette still sets it.
 * Screenshots of the card in English and Spanish.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Snapshot } from '../../electron/shared/snapshot.ts';
import { startCallLogReceiver, type CallLogReceiver } from '../support/call-log-receiver.ts';
import { startBridgeServer, type BridgeServer } from './support/bridge-server.ts';
import { launchChromium, openWithBridge, type LaunchedBrowser, type OpenedPage } from './support/browser.ts';
import { startRealCore, type RealCore } from './support/core.ts';
import { startShellBackend, type ShellBackend } from './support/shell-backend.ts';
import { saveScreenshot } from './support/screenshots.ts';

const CALLER = { queue: 'support', callerNumber: '+34912345678', callerName: 'María José Núñez', vars: { CUSTOMER_ID: 'C-2001' } };
const ACW = 'After-call work';

let browser: LaunchedBrowser;
let core: RealCore;
let server: BridgeServer;
let shell: ShellBackend;
let receiver: CallLogReceiver;
let dir: string;
let opened: OpenedPage[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  receiver = await startCallLogReceiver();
  dir = await mkdtemp(join(tmpdir(), 'after-call-e2e-'));
  core = await startRealCore({
    afterCallWork: { seconds: 120 },
    callLog: {
      url: receiver.url,
      secret: 'e2e-secret',
      stateDir: dir,
      dispositions: [
        { code: 'resolved', label: { en: 'Resolved', es: 'Resuelto' } },
        { code: 'sale', label: { en: 'Sale', es: 'Venta' } },
        { code: 'callback', label: { en: 'Call back', es: 'Volver a llamar' } },
        { code: 'complaint', label: { en: 'Complaint', es: 'Queja' } },
      ],
    },
  });
  shell = await startShellBackend({
    settings: { pbx: { host: core.demo.host, port: core.demo.port, username: 'agent', extension: '1001' } },
  });
  server = await startBridgeServer({ companion: core.companion, shell: shell.methods });
  opened = [];
});
afterEach(async () => {
  for (const { page, problems } of opened) {
    await page.close();
    expect(problems).toEqual([]);
  }
  await server?.close();
  await core?.close();
  await shell?.close();
  await receiver?.close();
  await rm(dir, { recursive: true, force: true });
});

async function openPopover(locale: string): Promise<Page> {
  const context = await browser.newContext({ locale });
  const page = await openWithBridge(context, server.popoverUrl);
  opened.push(page);
  await page.page.getByTestId('popover').waitFor();
  return page.page;
}

const paused = (s: Snapshot) => s.queues.some((q) => q.member && q.pausedReason === ACW);

/** A queue call answered and hung up by the caller; resolves with its id once after-call work paused the agent. */
async function endedCall(): Promise<string> {
  await core.until((s) => s.connection.status === 'live' && s.queues.length === 2);
  const id = core.demo.control.incomingCall(CALLER);
  await core.until((s) => s.calls.some((c) => c.id === id && c.state === 'ringing'));
  expect(core.demo.control.answer()).toBe(true);
  await core.until((s) => s.calls.some((c) => c.id === id && c.state === 'up'));
  core.demo.control.callerHangup(id);
  await core.until(paused);
  return id;
}

describe('the after-call card', () => {
  it('saves a disposition and a note with the keyboard; the record update reaches the CRM and after-call work ends (English)', async () => {
    const page = await openPopover('en-US');
    const id = await endedCall();
    const card = page.getByTestId('after-call-card');
    await card.waitFor();
    expect(await card.getByRole('heading').innerText()).toBe('After the call with María José Núñez');
    await receiver.until(1);
    await saveScreenshot(page, 'popover-after-call-en');

    // Keyboard only: the first choice has the focus; 2 picks Sale, Tab reaches the note, Ctrl+Enter saves.
    await expect
      .poll(() =>
        page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id),
      )
      .toBe('disposition-resolved');
    await page.keyboard.press('2');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Wants the gold plan');
    await page.keyboard.press('Control+Enter');

    await receiver.until(2);
    const update = receiver.posts[1]!;
    expect(update.headers['idempotency-key']).toBe(`${id}:2`);
    expect(JSON.parse(update.body)).toMatchObject({
      callId: id,
      version: 2,
      event: 'disposition',
      disposition: { code: 'sale', label: 'Sale' },
      note: 'Wants the gold plan',
      queue: 'support',
      vars: { CUSTOMER_ID: 'C-2001' },
    });
    await card.waitFor({ state: 'detached' });
    await core.until((s) => !paused(s) && s.afterCallWork === null);
  });

  it('speaks Spanish; Escape puts it off, and the palette still sets the disposition (Spanish)', async () => {
    const page = await openPopover('es-ES');
    const id = await endedCall();
    const card = page.getByTestId('after-call-card');
    await card.waitFor();
    expect(await card.getByRole('heading').innerText()).toBe('Después de la llamada con María José Núñez');
    expect(await card.getByText('Venta').count()).toBe(1);
    await saveScreenshot(page, 'popover-after-call-es');
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'detached' });

    await page.keyboard.press('Control+k');
    await page.getByTestId('palette-input').fill('volver a llamar');
    await expect
      .poll(() => page.getByTestId('palette-item').first().innerText())
      .toBe('Tipificación de la última llamada: Volver a llamar');
    await page.keyboard.press('Enter');
    await receiver.until(2);
    expect(receiver.posts[1]!.headers['idempotency-key']).toBe(`${id}:2`);
    expect(JSON.parse(receiver.posts[1]!.body)).toMatchObject({ disposition: { code: 'callback', label: 'Call back' }, note: null });
  });
});
