/**
 * An agent of the agent pool (Issabel's call center) in the tray popover, built by Vite and served
 * over http, in Debian's Chromium, through the test bridge to the real core on the demo PBX's
 * agent-pool mode: log in (the agent's own phone rings into AgentLogin), a queue call connected into
 * the held login call with its pop, a pause with a reason, log out. Screenshots in English and Spanish.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Snapshot } from '../../electron/shared/snapshot.ts';
import { startBridgeServer, type BridgeServer } from './support/bridge-server.ts';
import { launchChromium, openWithBridge, type LaunchedBrowser, type OpenedPage } from './support/browser.ts';
import { startRealCore, type RealCore } from './support/core.ts';
import { startShellBackend, type ShellBackend } from './support/shell-backend.ts';
import { saveScreenshot } from './support/screenshots.ts';

const CALLER = { callerNumber: '+15550109000', callerName: 'PSTN Caller', vars: { CUSTOMER_ID: 'C-1042' } };

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
  core = await startRealCore({ agentPool: true });
  shell = await startShellBackend({
    settings: { pbx: { host: core.demo.host, port: core.demo.port, username: 'agent', extension: '1001', agent: '9001' } },
  });
  server = await startBridgeServer({ companion: core.companion, shell: shell.methods });
  core.onPop((pop) => server.emitPop(pop));
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

async function openPopover(locale: string): Promise<Page> {
  const context = await browser.newContext({ locale });
  const page = await openWithBridge(context, server.popoverUrl);
  opened.push(page);
  await page.page.getByTestId('agent-pool').waitFor();
  return page.page;
}

const callcenter = (s: Snapshot) => s.queues.find((q) => q.name === 'callcenter');
const text = (page: Page, id: string) => page.getByTestId(id).innerText();

describe('the agent pool in the popover (demo PBX, agent 9001 on extension 1001)', () => {
  it('logs in, takes a queue call with its pop, pauses with a reason, logs out (English)', async () => {
    const page = await openPopover('en-US');
    await expect.poll(() => text(page, 'agent-status')).toBe('Logged out');
    expect(await text(page, 'agent-pool-state')).toBe('Logged out: no queue calls reach you');
    expect(await page.locator('[data-queue="callcenter"]').getByTestId('queue-unreachable').innerText()).toBe('Not reachable');
    await saveScreenshot(page, 'popover-pool-loggedout-en');

    await page.getByTestId('agent-login').click();
    await core.until((s) => s.agent?.loggedIn === true);
    expect(
      core.demo.control
        .receivedActions()
        .filter((a) => a.name === 'Originate')
        .map((a) => a.get('Channel')),
    ).toEqual(['PJSIP/1001']);
    await expect.poll(() => text(page, 'agent-pool-state')).toBe('Logged in: ready for queue calls');
    // The held login call is no call: the agent is available, no call card.
    await expect.poll(() => text(page, 'agent-status')).toBe('Available');
    expect(await page.getByTestId('call-card').count()).toBe(0);

    core.demo.agentPool!.queueCall(CALLER);
    await expect.poll(() => text(page, 'agent-status')).toBe('On a call');
    expect(await text(page, 'call-name')).toBe('PSTN Caller');
    expect(await text(page, 'call-queue')).toBe('callcenter');
    await page.getByTestId('pop-open').waitFor();
    expect(await page.getByTestId('pop-open').getAttribute('href')).toContain('/customers/C-1042');
    await saveScreenshot(page, 'popover-pool-oncall-en');

    await page.getByTestId('pause-all').click();
    await page.getByTestId('reason-picker').getByText('Lunch').click();
    await page.getByTestId('pause-confirm').click();
    const paused = await core.until((s) => callcenter(s)?.paused === true);
    expect(callcenter(paused)).toMatchObject({ interface: 'Local/9001@agents', pausedReason: 'Lunch' });

    core.demo.agentPool!.hangupCaller();
    await core.until((s) => s.calls.length === 0);
    await expect.poll(() => text(page, 'agent-status')).toBe('Paused\nLunch');
    await saveScreenshot(page, 'popover-pool-paused-en');
    await page.getByTestId('resume-all').click();
    await core.until((s) => callcenter(s)?.paused === false);

    await page.getByTestId('agent-logout').click();
    await core.until((s) => s.agent?.loggedIn === false);
    await expect.poll(() => text(page, 'agent-status')).toBe('Logged out');
    expect(await page.getByTestId('agent-pool-dropped').count()).toBe(0);

    // The login call dropped (the phone's network): said in words, logged out.
    await page.getByTestId('agent-login').click();
    await core.until((s) => s.agent?.loggedIn === true);
    core.demo.agentPool!.dropLogin('9001');
    await expect
      .poll(() => text(page, 'agent-pool-dropped'))
      .toBe('Your login call ended (the phone hung up, or the network dropped it): you are logged out as agent 9001.');
    await saveScreenshot(page, 'popover-pool-dropped-en');
    expect(core.companion.snapshot().history.map((h) => [h.remote.number, h.outcome])).toEqual([['+15550109000', 'answered']]);
  });

  it('logs out from the command palette, with the keyboard alone (AgentLogoff reaches the PBX)', async () => {
    const page = await openPopover('en-US');
    await page.getByTestId('agent-login').click();
    await core.until((s) => s.agent?.loggedIn === true);
    await expect.poll(() => text(page, 'agent-status')).toBe('Available');

    await page.keyboard.press('Control+K');
    await page.getByTestId('palette-input').fill('log out agent');
    await expect.poll(() => page.locator('[data-testid="palette-item"][aria-selected="true"]').innerText()).toBe('Log out as agent 9001');
    await page.keyboard.press('Enter');
    await core.until((s) => s.agent?.loggedIn === false);
    await expect.poll(() => text(page, 'agent-status')).toBe('Logged out');
    const logoffs = core.demo.control.receivedActions().filter((a) => a.name === 'AgentLogoff');
    expect(logoffs.map((a) => a.get('Agent'))).toEqual(['9001']);
    // Nobody's call was on, so a hard log-off: the login call ends at once.
    expect(logoffs[0]!.get('Soft')).toBeUndefined();
  });

  it('says it in Spanish: logged out, logged in (from the command palette), on a queue call', async () => {
    const page = await openPopover('es-ES');
    await expect.poll(() => text(page, 'agent-status')).toBe('Sesión cerrada');
    expect(await text(page, 'agent-pool-state')).toBe('Sesión cerrada: no te llegan llamadas de cola');
    await saveScreenshot(page, 'popover-pool-loggedout-es');
    // From the command palette, with the keyboard alone.
    await page.keyboard.press('Control+K');
    await page.getByTestId('palette-input').fill('agente 9001');
    await page.keyboard.press('Enter');
    await expect.poll(() => text(page, 'agent-pool-state')).toBe('Sesión iniciada: listo para llamadas de cola');
    await expect.poll(() => text(page, 'agent-status')).toBe('Disponible');
    await saveScreenshot(page, 'popover-pool-ready-es');
    core.demo.agentPool!.queueCall(CALLER);
    await expect.poll(() => text(page, 'agent-status')).toBe('En llamada');
    await page.getByTestId('pop-open').waitFor();
    await saveScreenshot(page, 'popover-pool-oncall-es');
    core.demo.agentPool!.hangupCaller();
    await page.getByTestId('agent-logout').click();
    await expect.poll(() => text(page, 'agent-status')).toBe('Sesión cerrada');
  });
});
