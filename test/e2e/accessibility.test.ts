/**
 * Issue 20: an axe-core scan (WCAG 2.1 A and AA) of every screen an agent sees, in light and dark,
 * English and Spanish: the popover idle, ringing, on a call (and its transfer picker), paused, in after-call
 * work and its Team tab (real core on the demo PBX), the Settings window and the first-run wizard. No serious or critical violation. And a
 * ringing call and a pause the agent did not make are said through the popover's aria-live region.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Snapshot } from '../../electron/shared/snapshot.ts';
import { startBridgeServer, type BridgeServer } from './support/bridge-server.ts';
import { launchChromium, openWithBridge, type LaunchedBrowser, type OpenedPage } from './support/browser.ts';
import { startRealCore, type RealCore } from './support/core.ts';
import { startShellBackend, type ShellBackend } from './support/shell-backend.ts';

const CALLER = { queue: 'support', callerNumber: '+34912345678', callerName: 'María José Núñez', vars: { CUSTOMER_ID: 'C-20931' } };
const LOOKS = [
  { locale: 'en-US', language: 'en', colorScheme: 'light' },
  { locale: 'en-US', language: 'en', colorScheme: 'dark' },
  { locale: 'es-ES', language: 'es', colorScheme: 'light' },
  { locale: 'es-ES', language: 'es', colorScheme: 'dark' },
] as const;
type Look = (typeof LOOKS)[number];

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

/** The serious and critical violations on the page as it is now, one line each. */
async function violations(page: Page, screen: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${screen}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}: ${v.help}`);
}

async function open(look: Look, url: string): Promise<Page> {
  const context = await browser.newContext({ locale: look.locale, colorScheme: look.colorScheme, viewport: { width: 360, height: 520 } });
  const page = await openWithBridge(context, url);
  opened.push(page);
  return page.page;
}

const memberQueues = (s: Snapshot) => s.queues.filter((q) => q.member);

describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
  it.each(LOOKS)('the popover in every state: $locale $colorScheme', { timeout: 120_000 }, async (look) => {
    // 1002 a colleague in the team view (not in the queues: the queue call rings the agent alone).
    const core: RealCore = await startRealCore({ afterCallWork: { seconds: 60 }, team: { extensions: ['1002'] } });
    started.push(core);
    const pbx = { host: core.demo.host, port: core.demo.port, username: 'agent', extension: '1001' };
    const shell: ShellBackend = await startShellBackend({ settings: { pbx, language: look.language, theme: look.colorScheme } });
    started.push(shell);
    const server: BridgeServer = await startBridgeServer({ companion: core.companion, shell: shell.methods });
    started.push(server);
    const page = await open(look, server.popoverUrl);
    const found: string[] = [];
    const screen = (name: string) => `popover ${name} ${look.locale} ${look.colorScheme}`;

    await expect.poll(() => page.getByTestId('agent-status').innerText()).toMatch(/^(Available|Disponible)$/);
    found.push(...(await violations(page, screen('idle'))));

    const callId = core.demo.control.incomingCall(CALLER);
    await core.until((s) => s.calls.some((c) => c.state === 'ringing'));
    await page.getByTestId('call-card').first().waitFor();
    // Said to a screen reader, not only shown.
    const rings =
      look.language === 'en' ? 'Incoming call from María José Núñez, queue support' : 'Llamada entrante de María José Núñez, cola support';
    await expect.poll(() => page.getByTestId('announcer').innerText()).toBe(rings);
    found.push(...(await violations(page, screen('ringing'))));

    core.demo.control.answer();
    await core.until((s) => s.calls.some((c) => c.state === 'up'));
    await expect.poll(() => page.getByTestId('call-card').first().getAttribute('data-state')).toBe('up');
    found.push(...(await violations(page, screen('on a call'))));
    await page.getByTestId('transfer').click();
    await page.getByTestId('transfer-form').getByTestId('colleague').first().waitFor();
    found.push(...(await violations(page, screen('transfer to a colleague'))));
    await page.getByTestId('transfer-target').press('Escape');

    core.demo.control.callerHangup(callId);
    await core.until((s) => s.calls.length === 0 && Boolean(s.afterCallWork) && memberQueues(s).every((q) => q.paused));
    await page.getByTestId('acw').waitFor();
    found.push(...(await violations(page, screen('after-call work'))));

    await page.getByTestId('acw-end').click();
    await core.until((s) => !s.afterCallWork && memberQueues(s).every((q) => !q.paused));
    await core.companion.pause({ reason: 'Lunch' });
    await core.until((s) => memberQueues(s).every((q) => q.paused));
    await expect.poll(() => page.getByTestId('agent-status').innerText()).toMatch(/^(Paused|En pausa)/);
    await expect.poll(() => page.getByTestId('announcer').innerText()).toBe(look.language === 'en' ? 'Paused: Lunch' : 'En pausa: Lunch');
    found.push(...(await violations(page, screen('paused'))));

    // The Team tab, a colleague on a call and one row chosen with the keyboard.
    core.demo.control.outsideCall({ callerNumber: '+34911111111', extension: '1002' });
    await page.getByTestId('tab-team').click();
    // The colleague's phone rings, then answers after the demo's answer delay (2 s): wait past it.
    await expect.poll(() => page.getByTestId('colleague').getAttribute('data-lamp'), { timeout: 20_000 }).toBe('busy');
    await page.getByTestId('team-find').press('ArrowDown');
    found.push(...(await violations(page, screen('team'))));

    expect(found).toEqual([]);
  });

  it.each(LOOKS)('the Settings window and the first-run wizard: $locale $colorScheme', { timeout: 120_000 }, async (look) => {
    const found: string[] = [];
    const configured = { pbx: { host: 'pbx.example.com', username: 'agent1001', extension: '1001' } };
    for (const [name, settings] of [
      ['settings', configured],
      ['wizard', {}],
    ] as const) {
      const shell = await startShellBackend({ settings: { ...settings, language: look.language, theme: look.colorScheme } });
      started.push(shell);
      const server = await startBridgeServer({ shell: shell.methods });
      started.push(server);
      const page = await open(look, server.settingsUrl);
      await page.getByTestId(name === 'wizard' ? 'wizard' : 'settings-form').waitFor();
      if (name === 'settings') await page.getByTestId('advanced-section').locator('summary').click();
      found.push(...(await violations(page, `${name} ${look.locale} ${look.colorScheme}`)));
    }
    expect(found).toEqual([]);
  });
});
