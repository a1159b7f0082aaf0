/**
 * A call the IPC guard refuses, as the agent reads it: in the Spanish UI, in Spanish. The page's
 * calls named below go through the real preload bridge (electron/preload/bridge.ts) and the real guard
 * (electron/main/ipc.ts guardedHandler) in Node, and come back to the page as contextBridge would bring
 * them (plain values, a rejection as the plain object the preload rejects with); every other call goes
 * to the real core and shell over the test bridge. Real keychain (run under scripts/with-keyring.mjs).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { IpcEventLike } from '../../electron/main/api.ts';
import { guardedHandler } from '../../electron/main/ipc.ts';
import { createPreloadBridge } from '../../electron/preload/bridge.ts';
import type { InvokeChannel, InvokeHandlers, PreloadBridge } from '../../electron/shared/ipc.ts';
import { startBridgeServer, type BridgeServer } from './support/bridge-server.ts';
import { BRIDGE_CLIENT_PATH } from './support/bridge-server.ts';
import { launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { startRealCore, type RealCore } from './support/core.ts';
import { startShellBackend, type ShellBackend } from './support/shell-backend.ts';

const APP_ORIGIN = 'app://companion';
/** Our window's main frame: the guard checks what it is sent. */
const OURS: IpcEventLike = { sender: { id: 1 }, senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null } };
/** A page from another origin that got into one of our windows. */
const FOREIGN: IpcEventLike = { sender: { id: 1 }, senderFrame: { url: 'https://evil.example.com/', parent: null } };

let browser: LaunchedBrowser;
let core: RealCore | undefined;
let shell: ShellBackend | undefined;
let server: BridgeServer | undefined;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
  await server?.close();
  await shell?.close();
  await core?.close();
  server = shell = core = undefined;
});

/**
 * Opens `url` in Spanish with the methods in `guarded` going through the preload and the guard as
 * `sender`; `handlers` answer what the guard lets through. Returns the page and the page's errors.
 */
async function openThroughGuard(
  url: string,
  sender: IpcEventLike,
  guarded: (keyof PreloadBridge)[],
  handlers: Partial<InvokeHandlers>,
): Promise<{ page: Page; problems: string[] }> {
  const options = { appOrigin: APP_ORIGIN, isOurWindow: (id: number) => id === 1 };
  const preload = createPreloadBridge({
    invoke: (channel, ...args) => {
      const handler = handlers[channel as InvokeChannel] ?? (() => Promise.reject(new Error(`no handler for ${channel}`)));
      return guardedHandler(channel as InvokeChannel, handler as never, options)(sender, ...args);
    },
    on: () => () => {},
  });
  const context = await browser.newContext({ locale: 'es-ES', viewport: { width: 600, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.exposeFunction('__throughPreload', async (method: keyof PreloadBridge, args: unknown[]) => {
    try {
      return { resolved: await (preload[method] as (...a: unknown[]) => Promise<unknown>)(...args) };
    } catch (rejected) {
      return { rejected };
    }
  });
  await page.addInitScript({ path: BRIDGE_CLIENT_PATH });
  // After the test bridge: the guarded methods replace its own (a string: this file has no DOM types).
  await page.addInitScript({
    content: `window.companion = Object.freeze({
      ...window.companion,
      ...Object.fromEntries(${JSON.stringify(guarded)}.map((method) => [
        method,
        (...args) => window.__throughPreload(method, args).then((r) => ('rejected' in r ? Promise.reject(r.rejected) : r.resolved)),
      ])),
    });`,
  });
  await page.goto(url);
  return { page, problems };
}

describe('a call the IPC guard refuses, in the Spanish UI', () => {
  it('a hotkey too long for the channel: the check says the refusal in Spanish, not the English', async () => {
    // A PBX is set, so the form shows rather than the first-run wizard (nothing connects to it here).
    shell = await startShellBackend({ settings: { language: 'es', pbx: { host: '127.0.0.1', username: 'agent', extension: '1001' } } });
    server = await startBridgeServer({ shell: shell.methods });
    const { page, problems } = await openThroughGuard(server.settingsUrl, OURS, ['checkShortcut'], {
      'shortcut:check': (accelerator) => shell!.methods.checkShortcut(accelerator),
    });
    await page.getByTestId('settings-form').waitFor();
    await page.getByTestId('field-hotkey').fill(`Control+Alt+${'F'.repeat(60)}`);
    await page.getByTestId('hotkey-check').click();
    const result = page.getByTestId('hotkey-result');
    await expect.poll(() => result.innerText()).toMatch(/^Petición no válida para shortcut:check: 0: /);
    expect(await result.innerText()).not.toMatch(/Invalid request|Too big/);
    expect(problems).toEqual([]);
  });

  it('a settings read from a foreign page: the banner says why in Spanish', async () => {
    shell = await startShellBackend({ settings: { language: 'es' } });
    server = await startBridgeServer({ shell: shell.methods });
    const { page, problems } = await openThroughGuard(server.settingsUrl, FOREIGN, ['getSettings'], {
      'settings:get': () => shell!.methods.getSettings(),
    });
    await expect
      .poll(() => page.getByTestId('settings-load-error').innerText())
      .toBe('No se pudieron leer los ajustes: Rechazado: el origen del remitente https://evil.example.com no es el de la aplicación.');
    expect(problems).toEqual([]);
  });

  it('a pause from a foreign page: the toast says why in Spanish, and the PBX hears nothing', async () => {
    core = await startRealCore();
    server = await startBridgeServer({ companion: core.companion });
    const { page, problems } = await openThroughGuard(server.popoverUrl, FOREIGN, ['pause'], {
      'agent:pause': (options) => core!.companion.pause(options),
    });
    await expect.poll(() => page.getByTestId('agent-status').innerText()).toBe('Disponible');
    await page.getByTestId('pause-all').click();
    await page.getByTestId('reason-picker').locator('label').first().click();
    await page.getByTestId('pause-confirm').click();
    await expect
      .poll(() => page.getByTestId('toast').allInnerTexts())
      .toContain('Rechazado: el origen del remitente https://evil.example.com no es el de la aplicación.');
    expect(core.demo.control.receivedActions().filter((a) => a.get('Action') === 'QueuePause')).toEqual([]);
    expect(problems).toEqual([]);
  });
});
