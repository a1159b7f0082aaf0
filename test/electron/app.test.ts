/**
 * The real app in the real Electron, through Playwright's Electron runner: windows hardened, the bridge
 * present and nothing else, the first run's settings window on the built-in demo PBX. Electron's binary cannot be
 * downloaded on our build machines, so there this suite says it was skipped and why.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron } from 'playwright-core';
import type { ElectronApplication, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

function findElectron(): { path: string | null; reason: string } {
  let path: unknown;
  try {
    // In plain Node the 'electron' package exports the path of its binary, and throws if it was never downloaded.
    path = createRequire(import.meta.url)('electron');
  } catch (error) {
    return { path: null, reason: `Electron binary not present (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
  }
  if (typeof path !== 'string' || !existsSync(path)) return { path: null, reason: `Electron binary not present at ${String(path)}` };
  for (const built of ['dist/electron/main/index.js', 'dist/electron/preload/index.cjs', 'renderer/dist/index.html']) {
    if (!existsSync(join(root, built)))
      return { path: null, reason: `the app is not built (${built} missing): run npm run build && node build/bundle-preload.mjs` };
  }
  return { path, reason: '' };
}

const electron = findElectron();
if (!electron.path) process.stderr.write(`test/electron: skipped: ${electron.reason}\n`);
const title = electron.path ? 'the packaged app in Electron' : `skipped: ${electron.reason}`;

describe.skipIf(!electron.path)(title, () => {
  let app: ElectronApplication;
  let userData: string;

  beforeAll(async () => {
    userData = mkdtempSync(join(tmpdir(), 'pbx-companion-e2e-'));
    app = await _electron.launch({
      executablePath: electron.path!,
      args: [root, `--user-data-dir=${userData}`],
      env: { ...process.env, PBX_COMPANION_E2E: '1' },
    });
  });
  afterAll(async () => {
    await app?.close();
    rmSync(userData, { recursive: true, force: true });
  });

  async function settingsPage(): Promise<Page> {
    const found = app.windows().find((page) => page.url().includes('#/settings'));
    return found ?? app.waitForEvent('window', { predicate: (page) => page.url().includes('#/settings') });
  }

  it('opens the settings window on a first run, from the app:// origin', async () => {
    const page = await settingsPage();
    expect(page.url()).toBe('app://companion/index.html#/settings');
  });

  it('gives the page the bridge and nothing of Node or Electron', async () => {
    const page = await settingsPage();
    const seen = await page.evaluate(() => {
      const g = globalThis as unknown as { companion?: object; require?: unknown; process?: unknown; ipcRenderer?: unknown };
      return {
        bridge: typeof g.companion,
        verbs: Object.keys(g.companion ?? {}).sort(),
        require: typeof g.require,
        process: typeof g.process,
        ipc: typeof g.ipcRenderer,
      };
    });
    expect(seen).toMatchObject({ bridge: 'object', require: 'undefined', process: 'undefined', ipc: 'undefined' });
    expect(seen.verbs).toEqual(
      expect.arrayContaining(['dial', 'getSnapshot', 'onSnapshot', 'pause', 'previewDial', 'getSettings', 'setSecret']),
    );
  });

  it('opens no new windows', async () => {
    const page = await settingsPage();
    const before = app.windows().length;
    const opened = await page.evaluate(
      () => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/') === null,
    );
    expect(opened).toBe(true);
    expect(app.windows().length).toBe(before);
  });

  it('runs on the built-in demo PBX on a first run, labelled so, live rather than in error', async () => {
    const page = await settingsPage();
    const connection = () =>
      page.evaluate(
        async () =>
          (
            await (
              globalThis as unknown as {
                companion: { getSnapshot(): Promise<{ connection: { status: string; error: string | null; label?: string } }> };
              }
            ).companion.getSnapshot()
          ).connection,
      );
    await expect.poll(async () => (await connection()).status, { timeout: 15_000 }).toBe('live');
    expect(await connection()).toMatchObject({ status: 'live', error: null, label: 'Demo PBX' });
  });

  it('refuses navigation away from the app', async () => {
    const page = await settingsPage();
    // Listen in main for the navigation's will-navigate: the app's own handler was registered when the
    // window was made, so it has run (and decided) by the time this one runs. No wait for nothing to happen.
    await app.evaluate(({ webContents }) => {
      const contents = webContents.getAllWebContents().find((c) => c.getURL().includes('#/settings'))!;
      (globalThis as unknown as { navigationRefused: Promise<boolean> }).navigationRefused = new Promise((resolve) =>
        contents.once('will-navigate', (event) => resolve(event.defaultPrevented)),
      );
    });
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
    });
    expect(await app.evaluate(() => (globalThis as unknown as { navigationRefused: Promise<boolean> }).navigationRefused)).toBe(true);
    expect(page.url()).toBe('app://companion/index.html#/settings');
  });
});
