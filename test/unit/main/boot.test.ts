/**
 * Boots the compiled app as `electron .` starts it: the app folder laid out as electron-builder packs it
 * (dist/electron, the bundled preload, renderer/dist, assets, package.json), its package.json "main"
 * run in a child Node with 'electron' resolved to a small fake of REAL Electron's API
 * (electron-boot/electron.cjs: Electron's binary cannot run here). Everything of ours runs for real:
 * index.ts, electron-api.ts, electron-log, the core on the built-in demo PBX. The child reports once the
 * tray says the app is available (electron-boot/harness.mjs) and quits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeChannels } from '../../../electron/shared/ipc.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BOOT = path.join(ROOT, 'test/unit/main/electron-boot');
/** The harness waits 20 s at most for the app to settle; this leaves room for start-up and quit. */
const CHILD_BOUND_MS = 40_000;

interface WindowReport {
  title: string;
  webPreferences: {
    preload?: string;
    contextIsolation: boolean;
    sandbox: boolean;
    nodeIntegration: boolean;
    nodeIntegrationInSubFrames: boolean;
    webSecurity: boolean;
    webviewTag: boolean;
  };
  preloadExists: boolean;
  loads: { url: string; status: number | null; error: string | null }[];
}

interface BootReport {
  outcome: string;
  exitCode: number;
  errors: string[];
  misuse: string[];
  unknown: string[];
  appPath: string;
  tray: { toolTip: string; image: string; imageEmpty: boolean; menu: string[] | null };
  windows: WindowReport[];
  ipcChannels: string[];
  ipcListeners: string[];
  defaultProtocolClients: { protocol: string; path: string | null; args: string[] | null }[];
  sessions: { partition: string; preloadScripts: string[]; permissions: { request: boolean | null | string; check: boolean | string } }[];
  applicationMenu: unknown;
  popover: {
    page: { url: string; status: number; csp: string | null; html: string };
    assets: { url: string; status: number | null }[];
  } | null;
  snapshotViaIpc: {
    ok: boolean;
    error?: string;
    value?: { connection: { status: string; label?: string }; extension: { number: string } };
  };
  preloadRequires: string[] | null;
  log: string | null;
}

const app = mkdtempSync(path.join(tmpdir(), 'pbx-companion-boot-'));
let child: ChildProcess | null = null;
let report: BootReport;
let output = '';
let exit: { code: number | null; signal: string | null };

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(app, { recursive: true, force: true });
});

/** Lays out the app folder as electron-builder packs it; node_modules beside it, as in the app.asar. */
async function layOutApp(): Promise<void> {
  const renderer = path.join(ROOT, 'renderer/dist/index.html');
  if (!existsSync(renderer))
    throw new Error(`${renderer} is missing: run \`npm run build:renderer\` first (npm test does it before vitest).`);
  // tsconfig.node.json has rootDir "." so electron/main/index.ts compiles to dist/electron/main/index.js, package.json's "main".
  const tsc = spawn(
    process.execPath,
    [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.node.json'), '--outDir', path.join(app, 'dist')],
    { cwd: ROOT },
  );
  let tscOutput = '';
  tsc.stdout.on('data', (chunk: Buffer) => (tscOutput += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => tsc.on('exit', resolve));
  if (code !== 0) throw new Error(`tsc failed:\n${tscOutput}`);
  const { bundlePreload } = (await import(pathToFileURL(path.join(ROOT, 'build/bundle-preload.mjs')).href)) as {
    bundlePreload: (outfile: string) => Promise<string>;
  };
  await bundlePreload(path.join(app, 'dist/electron/preload/index.cjs'));
  for (const entry of ['package.json', 'node_modules', 'assets']) symlinkSync(path.join(ROOT, entry), path.join(app, entry));
  mkdirSync(path.join(app, 'renderer'));
  symlinkSync(path.join(ROOT, 'renderer/dist'), path.join(app, 'renderer/dist'));
}

/** `electron .` in the app's folder, with a home of its own (settings, logs) and the test's D-Bus (the keychain). */
async function boot(): Promise<void> {
  const main = JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8')).main as string;
  const reportFile = path.join(app, 'boot-report.json');
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: path.join(app, 'home'),
    XDG_CONFIG_HOME: path.join(app, 'config'),
    ELECTRON_BOOT_REPORT: reportFile,
  };
  if (process.env['DBUS_SESSION_BUS_ADDRESS']) env['DBUS_SESSION_BUS_ADDRESS'] = process.env['DBUS_SESSION_BUS_ADDRESS'];
  mkdirSync(env['HOME']!);
  child = spawn(process.execPath, ['--import', pathToFileURL(path.join(BOOT, 'register.mjs')).href, path.join(app, main)], {
    cwd: app,
    env,
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const running = child;
  exit = await new Promise((resolve) => {
    const bound = setTimeout(() => {
      running.kill('SIGKILL');
      resolve({ code: null, signal: `killed after ${CHILD_BOUND_MS} ms` });
    }, CHILD_BOUND_MS);
    running.on('exit', (code, signal) => {
      clearTimeout(bound);
      resolve({ code, signal });
    });
  });
  if (!existsSync(reportFile)) throw new Error(`the booted app wrote no report (exit ${JSON.stringify(exit)}):\n${output}`);
  report = JSON.parse(readFileSync(reportFile, 'utf8')) as BootReport;
}

describe('the compiled app, booted as `electron .` with a fake of Electron', () => {
  beforeAll(async () => {
    await layOutApp();
    await boot();
  }, 120_000);

  it('settles on the demo PBX without an error, uses Electron as Electron allows, and quits', () => {
    const context = `child output:\n${output}\nreport: ${JSON.stringify({ ...report, popover: undefined }, null, 2)}`;
    if (report.unknown.length > 0)
      process.stdout.write(`boot: the app asked Electron for what the fake does not model: ${report.unknown.join(', ')}\n`);
    expect(report.errors, context).toEqual([]);
    expect(report.misuse, context).toEqual([]);
    expect(report.unknown, context).toEqual([]);
    expect(report.outcome, context).toBe('settled');
    expect(exit, context).toEqual({ code: 0, signal: null });
    expect(report.log ?? '', context).not.toMatch(/\[error\]/);
    expect(report.appPath).toBe(app);
  });

  it('shows the available state in the tray with an icon file from assets/', () => {
    expect(report.tray.toolTip).toBe('PBX Companion — Available · 1001 · Demo PBX');
    expect(report.tray.image).toBe(path.join(app, 'assets', 'tray-available.png'));
    expect(existsSync(report.tray.image)).toBe(true);
    expect(report.tray.imageEmpty).toBe(false);
    expect(report.tray.menu).toContain('Quit');
  });

  it('opens hardened windows with the bundled preload, loaded from the app:// origin', () => {
    // A first run (no settings file): the popover, and the settings window opened by itself.
    expect(report.windows.map((window) => window.loads.map((load) => load.url))).toEqual([
      ['app://companion/index.html#/popover'],
      ['app://companion/index.html#/settings'],
    ]);
    for (const window of report.windows) {
      expect(window.webPreferences).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        webviewTag: false,
      });
      expect(window.webPreferences.preload).toBe(path.join(app, 'dist/electron/preload/index.cjs'));
      expect(window.preloadExists).toBe(true);
      expect(window.loads.every((load) => load.status === 200)).toBe(true);
    }
    // A sandboxed preload may require only what Electron's sandbox gives it.
    expect(report.preloadRequires).not.toBeNull();
    expect(report.preloadRequires!.filter((name) => !['electron', 'events', 'timers', 'url'].includes(name))).toEqual([]);
  });

  it('serves the popover page and every file it names through the app:// handler, with the CSP', () => {
    const popover = report.popover!;
    expect(popover.page.status).toBe(200);
    expect(popover.page.csp).toContain("default-src 'none'");
    expect(popover.page.csp).toContain("script-src 'self'");
    expect(popover.page.html).toContain('<div id="app">');
    expect(popover.assets.length).toBeGreaterThan(0);
    expect(popover.assets.filter((asset) => asset.status !== 200)).toEqual([]);
  });

  it('claims tel:, sip: and callto: with the OS as `electron .` runs: Electron and the app folder, an absolute path', () => {
    expect(report.defaultProtocolClients).toEqual(
      ['tel', 'sip', 'callto'].map((protocol) => ({ protocol, path: expect.any(String), args: [app] })),
    );
  });

  it('adds no preload of its own to any session and listens on no IPC channel but ours', () => {
    // electron-log's initialize() would register its preload on every session (the screen pop's CRM
    // page included) and listen on __ELECTRON_LOG__, a channel outside the IPC guard.
    expect(report.sessions.length).toBeGreaterThan(0);
    expect(report.sessions.flatMap((session) => session.preloadScripts)).toEqual([]);
    expect(report.ipcListeners).toEqual([]);
  });

  it("sets no application menu (Electron's default has Reload and Toggle Developer Tools)", () => {
    expect(report.applicationMenu).toBeNull();
  });

  it("refuses every permission request and check on every session: the default one and the screen pop's", () => {
    expect(report.sessions.map((session) => session.partition).sort()).toEqual(['', 'persist:screen-pop']);
    for (const session of report.sessions)
      expect(session.permissions, session.partition || 'the default session').toEqual({ request: false, check: false });
  });

  it("answers snapshot:get from the popover's main frame: live on the Demo PBX", () => {
    expect(report.ipcChannels).toEqual(expect.arrayContaining(Object.keys(invokeChannels)));
    expect(report.snapshotViaIpc.error).toBeUndefined();
    expect(report.snapshotViaIpc.ok).toBe(true);
    expect(report.snapshotViaIpc.value?.connection).toMatchObject({ status: 'live', label: 'Demo PBX' });
  });
});
