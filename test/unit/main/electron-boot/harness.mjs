/**
 * Runs inside the booted app (imported by register.mjs). Waits until the tray says "Available" on the
 * demo PBX (or 20 s, or the app quits by itself), then asks the running app what Electron would see:
 * the popover page through the app:// handler with the assets it names, and 'snapshot:get' invoked as
 * from the popover's main frame. Then app.quit(), and on exit ONE JSON report goes to the file named by
 * ELECTRON_BOOT_REPORT (written on exit, so a start-up that quits or throws is reported too).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const KEY = Symbol.for('pbx-companion.electron-boot');
const WAIT_MS = 20_000;
const SETTLED = /^PBX Companion — Available\b.*· Demo PBX$/;
const reportFile = process.env.ELECTRON_BOOT_REPORT;

// Electron's main process keeps running after an uncaught error (it shows a dialog): so does this one.
const errors = [];
process.on('uncaughtException', (error) => errors.push(`uncaught exception: ${error?.stack ?? error}`));
process.on('unhandledRejection', (reason) => errors.push(`unhandled rejection: ${reason?.stack ?? reason}`));

let outcome = 'the process ended before the app settled';
const asked = {};

process.on('exit', (code) => {
  if (reportFile) writeFileSync(reportFile, JSON.stringify({ outcome, exitCode: code, errors, ...seen(), ...asked }, null, 2));
});

/** What the fake recorded: read synchronously, so it can be written on any exit. */
function seen() {
  const fake = globalThis[KEY];
  if (!fake) return { fakeLoaded: false };
  const { state, electron } = fake;
  const tray = state.trays[0];
  const logFile = path.join(electron.app.getPath('logs'), 'main.log');
  return {
    fakeLoaded: true,
    appPath: electron.app.getAppPath(),
    userData: electron.app.getPath('userData'),
    tray: tray && {
      toolTip: tray.toolTip,
      image: tray.image.path,
      imageEmpty: tray.image.isEmpty(),
      menu: tray.contextMenu?.items.map((item) => item.label ?? item.type) ?? null,
    },
    windows: state.windows.map((window) => ({
      title: window.options.title,
      webPreferences: window.options.webPreferences,
      preloadExists: Boolean(window.options.webPreferences?.preload && existsSync(window.options.webPreferences.preload)),
      loads: window.loads.map(({ url, status, error }) => ({ url, status, error })),
      pushed: Object.fromEntries(window.webContents.sent),
    })),
    ipcChannels: [...state.ipcHandlers.keys()],
    ipcListeners: ipcListenerChannels(electron.ipcMain),
    privilegedSchemes: state.privilegedSchemes,
    protocols: [...state.protocolHandlers.keys()],
    sessions: [...state.sessions].map(([partition, session]) => ({
      partition,
      preloadScripts: session.preloadScripts.map((script) => script.filePath),
      headerListeners: session.headerListeners.length,
      permissions: permissionsOf(session),
    })),
    applicationMenu: menuLabels(state.applicationMenu),
    shortcuts: [...state.shortcuts.keys()],
    defaultProtocolClients: state.defaultProtocolClients,
    notifications: state.notifications,
    openedExternally: state.openedExternally,
    quitRequests: state.quitRequests,
    misuse: state.misuse,
    unknown: state.unknown,
    log: existsSync(logFile) ? readFileSync(logFile, 'utf8') : null,
  };
}

/** What the session's handlers answer a page asking for the camera and microphone, and for notifications. */
function permissionsOf(session) {
  const request = session.permissionRequestHandler;
  const check = session.permissionCheckHandler;
  let granted = null;
  if (request) request(null, 'media', (answer) => (granted = answer), { requestingUrl: 'https://crm.example.com/', isMainFrame: true });
  return {
    request: request ? granted : 'no handler',
    check: check
      ? check(null, 'notifications', 'https://crm.example.com', { requestingUrl: 'https://crm.example.com/', isMainFrame: true })
      : 'no handler',
  };
}

/** The application menu's labels, nested (null: none; undefined: never set). */
function menuLabels(menu) {
  if (menu === undefined || menu === null) return menu ?? null;
  const labels = (items) =>
    items.map((item) => (item.submenu ? { [item.label ?? item.role]: labels(item.submenu) } : (item.label ?? item.role)));
  return labels(menu.items);
}

function ipcListenerChannels(ipcMain) {
  return ipcMain.eventNames().filter((name) => typeof name === 'string');
}

/** What the running app answers: the popover page as Chromium would fetch it, and one IPC round trip. */
async function ask() {
  const { state, request } = globalThis[KEY];
  const popover = state.windows.find((window) => window.loads.some((load) => load.url.endsWith('#/popover')));
  if (!popover) return { popover: null };
  const load = popover.loads.find((l) => l.url.endsWith('#/popover'));
  const page = { url: load.url, status: load.status, csp: load.headers['content-security-policy'] ?? null, html: load.body };

  // The scripts and styles the page names, resolved against its URL and fetched through the handler.
  const assets = [];
  for (const [, ref] of (load.body ?? '').matchAll(/(?:src|href)="([^"]+)"/g)) {
    const url = new URL(ref, load.url).href;
    try {
      const response = await request(url);
      assets.push({ url, status: response.status, type: response.headers.get('content-type') });
    } catch (error) {
      assets.push({ url, status: null, error: String(error) });
    }
  }

  // An invoke from the popover's main frame, shaped as Electron's IpcMainInvokeEvent; the answer is
  // structured-cloned on its way back to the renderer, as Electron does.
  const contents = popover.webContents;
  const event = {
    type: 'frame',
    sender: contents,
    senderFrame: contents.mainFrame,
    frameId: contents.mainFrame.frameTreeNodeId,
    processId: 1,
    preventDefault() {},
  };
  const handler = state.ipcHandlers.get('snapshot:get');
  let snapshotViaIpc;
  try {
    snapshotViaIpc = handler ? structuredClone(await handler(event)) : { ok: false, error: 'no handler for snapshot:get' };
  } catch (error) {
    snapshotViaIpc = { ok: false, error: `threw: ${error?.stack ?? error}` };
  }

  const preload = popover.options.webPreferences.preload;
  const preloadRequires =
    preload && existsSync(preload)
      ? [...new Set([...readFileSync(preload, 'utf8').matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]))]
      : null;
  return { popover: { page, assets }, snapshotViaIpc, preloadRequires };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function settle() {
  const started = Date.now();
  while (Date.now() - started < WAIT_MS) {
    const state = globalThis[KEY]?.state;
    if (state?.quitRequests) return 'the app quit by itself';
    if (state?.trays.some((tray) => SETTLED.test(tray.toolTip))) {
      // The tray as it was then: the demo rings within seconds, and on exit the tray shows the quit.
      asked.tray = seen().tray;
      return 'settled';
    }
    await sleep(50);
  }
  return 'timed out';
}

// Polls while Node loads the entry (the fake appears when the app first asks for 'electron').
void (async () => {
  outcome = await settle();
  if (!globalThis[KEY] || outcome === 'the app quit by itself') return;
  try {
    Object.assign(asked, await ask());
  } catch (error) {
    errors.push(`harness: ${error?.stack ?? error}`);
  }
  // Quit as the tray's Quit does; the fake ends the process after will-quit, which writes the report.
  globalThis[KEY].electron.app.quit();
  setTimeout(() => {
    errors.push('app.quit() did not end the process within 5 s');
    process.exit(1);
  }, 5_000).unref();
})();
