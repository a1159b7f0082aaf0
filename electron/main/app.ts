/**
 * The main process, start to finish, as a flat list of setupX() steps over an ElectronApi. index.ts runs
 * it with the real Electron; test/unit/main runs it with a fake one.
 */
import { join } from 'node:path';
import { CallHistory } from '../core/history/store.ts';
import { verbatim, type Phrase } from '../shared/phrases/index.ts';
import { sayIn } from '../shared/phrases/say.ts';
import type { ElectronApi } from './api.ts';
import { setupAppWindows } from './app-windows.ts';
import { createHost, setupConnection } from './connection.ts';
import { setupCallNotices } from './call-notices.ts';
import { setupCoreHooks } from './core-hooks.ts';
import { setupDialing } from './dialing.ts';
import { invokeHandlers } from './handlers/index.ts';
import { setupIpc } from './ipc.ts';
import { createNotifier } from './notifications.ts';
import { LinkInbox, linksFromArgv, setupProtocolHandler } from './protocol.ts';
import { setupSnapshotPush } from './push.ts';
import { setupRendererOrigin } from './renderer-origin.ts';
import { enableShortcutPortal } from './shortcut.ts';
import { chosenLanguage, openSettings } from './settings-service.ts';
import { setupSingleInstance } from './single-instance.ts';
import { setupTray } from './tray.ts';
import { setupWakeChecks } from './wake.ts';
import type { AppDeps, RunningApp } from './running-app.ts';

export type { CompanionFactory, CompanionHooks } from './connection.ts';
export type { AppDeps, RunningApp } from './running-app.ts';

/** How long links that came with the launch wait for the first login before they are dialled (or refused in words). */
const LAUNCH_LINK_WAIT_MS = 15_000;

/** Null when another instance is running (this one quits). */
export async function startApp(api: ElectronApi, deps: AppDeps): Promise<RunningApp | null> {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? (() => {});
  const inbox = new LinkInbox();
  let running: RunningApp | null = null;

  // Before ready: the lock, the schemes, and the links that come with the launch.
  const first = setupSingleInstance(api, (argv) => {
    for (const link of linksFromArgv(argv)) inbox.push(link);
    if (argv.includes('--dial-selection')) void running?.dialSelection();
    else if (linksFromArgv(argv).length === 0) running?.popover.show();
  });
  if (!first) return null;
  // Before ready, so Electron never builds its default menu (Reload, Toggle Developer Tools) on Windows and Linux.
  api.setApplicationMenu(null);
  enableShortcutPortal(api);
  setupProtocolHandler(api, inbox, deps.argv, { defaultApp: deps.defaultApp ?? false, appEntry: deps.argv[1] ?? '' });

  await api.app.whenReady();
  const { appRoot, baseUrl } = setupRendererOrigin(api, deps.rendererUrl);
  const { store: settings, firstRun } = await openSettings(api, { adminFile: deps.adminFile, now });
  const history = await CallHistory.open({ file: join(api.app.getPath('userData'), 'history.json'), now });
  const notify = createNotifier(api, log);
  const language = chosenLanguage(api, settings);
  const tell = (message: Phrase) => notify('PBX Companion', sayIn(message, language()));

  const host = createHost(history, now, log);
  const { factory, push, popover, settingsWindow } = setupAppWindows(api, { appRoot, baseUrl, settings, now, log });
  const tray = setupTray(api, host.snapshot(), {
    assetsDir: join(appRoot, 'assets'),
    language,
    pauseReasons: () => settings.settings.pauseReasons,
    verbs: () => host,
    openPopover: (bounds) => popover.toggle(bounds),
    openDialer: () => popover.show(),
    openSettings: () => settingsWindow.open(),
    quit: () => api.app.quit(),
    tell,
    now,
  });
  setupSnapshotPush(host, tray, push);
  const dialing = setupDialing(api, { host, settings, showPopover: () => popover.show(), push, tell });
  const { hooks, popWindows } = setupCoreHooks(api, { factory, settings, language, notify, push, tell });
  const { credentials, createCompanion } = deps;
  const connect = setupConnection({ host, settings: () => settings.settings, credentials, createCompanion, hooks });

  const windows = { openSettings: () => settingsWindow.open(), hidePopover: () => popover.hide() };
  const refresh = () => tray.update(host.snapshot());
  const handlers = invokeHandlers({ api, host, history, dialing, settings, credentials, connect, refresh, windows });
  setupIpc(api, handlers, { appOrigin: baseUrl, isOurWindow: (id) => factory.isOurs(id), log });

  api.app.on('window-all-closed', () => {}); // A tray app keeps running with no window open.
  const stopWakeChecks = setupWakeChecks(api, () => host.checkConnection(), { log });
  const calls = { subscribe: host.subscribe.bind(host), snapshot: host.snapshot.bind(host) };
  setupCallNotices({ ...calls, settings: () => settings.settings, language, notify, showCall: (id) => popover.showCall(id) });
  api.app.on('will-quit', () => {
    stopWakeChecks();
    dialing.shortcut.release();
    void host.close();
  });

  for (const notice of settings.notices) {
    log(`settings: ${notice.message}`);
    tell(notice.phrase ?? verbatim(notice.message));
  }
  if (history.noticePhrase) tell(history.noticePhrase);

  const { shortcut, flow: dialFlow, dialSelection } = dialing;
  const ours = { factory, popover, settingsWindow, popWindows };
  running = { host, settings, history, shortcut, dialFlow, dialSelection, inbox, tray, connect, ...ours };
  await connect();
  if (firstRun) settingsWindow.open();
  // Links that came with the launch or during start-up are dialled once the core is logged in, each once.
  await host.settled(LAUNCH_LINK_WAIT_MS);
  inbox.start((link) => void dialFlow.fromLink(link));
  if (deps.argv.includes('--dial-selection')) void dialSelection();
  return running;
}
