/**
 * The main process, start to finish, as a flat list of setupX() steps over an ElectronApi. index.ts runs
 * it with the real Electron; test/unit/main runs it with a fake one.
 */
import { access } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import type { Settings } from '../shared/settings.ts';
import { SettingsStore } from '../core/settings/store.ts';
import { adminDefaultsPath } from '../core/settings/admin-defaults.ts';
import type { CredentialStore } from '../core/credentials/store.ts';
import { amiAccount, ariAccount, checkCredentialStore, explain } from '../core/credentials/store.ts';
import { CallHistory } from '../core/history/store.ts';
import { usesAri } from '../core/startup.ts';
import type { LifecycleDecision, PopDecision } from '../core/screenpop/screenpop.ts';
import type { VerbResult } from '../shared/companion.ts';
import { phrase, phraseOfError, refusal, refused, succeeded, verbatim, type Phrase } from '../shared/phrases/index.ts';
import { sayIn } from '../shared/phrases/say.ts';
import type { DialRequest, InvokeHandlers, PushChannel, PushPayloads, SettingsView } from '../shared/ipc.ts';
import type { Language } from '../shared/tray-state.ts';
import type { ElectronApi } from './api.ts';
import { APP_ORIGIN } from './app-protocol.ts';
import { applyAutostart } from './autostart.ts';
import type { ClosableCompanion } from './companion-host.ts';
import { CompanionHost } from './companion-host.ts';
import { DialFlow } from './dial-flow.ts';
import { openExternalSafely } from './external.ts';
import { setupIpc } from './ipc.ts';
import { createNotifier } from './notifications.ts';
import { setupPermissions } from './permissions.ts';
import { PopWindows } from './pop-window.ts';
import { setupPopover } from './popover.ts';
import { LinkInbox, linksFromArgv, setupProtocolHandler } from './protocol.ts';
import { createScreenPopShell } from './screen-pop.ts';
import { readSelectedText } from './selection.ts';
import { popUrlProblem, previewPopFor, probeTlsFor, testAriConnectionFor, testConnectionFor } from './settings-tools.ts';
import { setupSettingsWindow } from './settings-window.ts';
import { DialShortcut } from './shortcut.ts';
import { setupSingleInstance } from './single-instance.ts';
import { setupTray } from './tray.ts';
import { CONTENT_SECURITY_POLICY, WindowFactory, setupContentSecurityPolicy } from './windows.ts';

/** What the core may call back: a screen pop (its URL rendered, or null and why), its lifecycle, news for the agent. */
export interface CompanionHooks {
  pop(pop: PopDecision): void;
  popLifecycle(decision: LifecycleDecision): void;
  notice(text: string, level: 'info' | 'error'): void;
}

/** How long links that came with the launch wait for the first login before they are dialled (or refused in words). */
const LAUNCH_LINK_WAIT_MS = 15_000;

/** What main needs from the core: a Companion for these settings, the secrets from the keychain, the hooks. */
export type CompanionFactory = (settings: Settings, secrets: { ami: string | null; ari: string | null }, hooks: CompanionHooks) => Promise<ClosableCompanion>;

export interface AppDeps {
  createCompanion: CompanionFactory;
  credentials: CredentialStore;
  /** The first launch's command line (process.argv). */
  argv: readonly string[];
  now?: () => number;
  log?: (message: string) => void;
  /** Defaults: the OS's admin path; null for none. */
  adminFile?: string | null;
  /** A dev server's URL to load the renderer from (never when packaged). */
  rendererUrl?: string;
  /** True when run as `electron .` (process.defaultApp): protocol registration then names the entry. */
  defaultApp?: boolean;
}

export interface RunningApp {
  host: CompanionHost;
  settings: SettingsStore;
  history: CallHistory;
  factory: WindowFactory;
  shortcut: DialShortcut;
  dialFlow: DialFlow;
  inbox: LinkInbox;
  tray: ReturnType<typeof setupTray>;
  popover: ReturnType<typeof setupPopover>;
  settingsWindow: ReturnType<typeof setupSettingsWindow>;
  popWindows: PopWindows;
  /** Connects (again) with the current settings and secrets. */
  connect(): Promise<void>;
  /** Runs the hotkey's action: read the selection, extract, preview or dial. */
  dialSelection(): Promise<void>;
}

/** The settings a running core depends on: a change to any of them means a new core. */
function whatTheCoreUses(settings: Settings): unknown {
  const { language: _language, theme: _theme, autostart: _autostart, dialing, ...rest } = settings;
  const { hotkey: _hotkey, confirmBeforeDial: _confirm, ...rules } = dialing;
  return { ...rest, dialing: rules };
}

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
  setupProtocolHandler(api, inbox, deps.argv, { defaultApp: deps.defaultApp ?? false, appEntry: deps.argv[1] ?? '' });

  await api.app.whenReady();
  const appRoot = api.app.getAppPath();
  const userData = api.app.getPath('userData');
  const devUrl = !api.app.isPackaged && deps.rendererUrl ? new URL(deps.rendererUrl) : null;
  const baseUrl = devUrl ? devUrl.origin : APP_ORIGIN;
  setupContentSecurityPolicy(api);
  setupPermissions(api);
  api.serveApp(join(appRoot, 'renderer', 'dist'), CONTENT_SECURITY_POLICY);

  const settingsFile = join(userData, 'settings.json');
  // A true first run has no settings file yet: only then does the settings window open by itself.
  const firstRun = await access(settingsFile).then(
    () => false,
    () => true,
  );
  const settings = await SettingsStore.open({ file: settingsFile, adminFile: deps.adminFile === undefined ? adminDefaultsPath(api.platform) : deps.adminFile, now });
  const history = await CallHistory.open({ file: join(userData, 'history.json'), now });
  const notify = createNotifier(api, log);
  const language = (): Language => {
    const chosen = settings.settings.language;
    return chosen === 'auto' ? (api.app.getLocale().toLowerCase().startsWith('es') ? 'es' : 'en') : chosen;
  };
  const say = (words: Phrase) => sayIn(words, language());
  const tell = (message: Phrase) => notify('PBX Companion', say(message));

  const host = new CompanionHost(now, (snapshot) => {
    if (history.record(snapshot.history)) history.save().catch((error: unknown) => log(`history: not saved: ${String(error)}`));
    return { ...snapshot, history: history.entries() };
  });
  const factory = new WindowFactory(api, {
    preload: join(appRoot, 'dist', 'electron', 'preload', 'index.cjs'),
    now,
    log,
    openExternal: (url) => void openExternalSafely(api, url, settings.settings.screenPop.allowedSchemes).then((r) => !r.ok && log(`blocked link: ${r.error}`)),
  });
  const push = <P extends PushChannel>(channel: P, payload: PushPayloads[P]) => factory.windows().forEach((window) => window.webContents.send(channel, payload));

  const popover = setupPopover(api, factory, baseUrl);
  const settingsWindow = setupSettingsWindow(factory, baseUrl);
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
  // What the core offers (listen and whisper) changes only with a new core, which always shows a snapshot.
  let offered = host.capabilities();
  host.subscribe((snapshot) => {
    tray.update(snapshot);
    push('push:snapshot', snapshot);
    const now = host.capabilities();
    if (!isDeepStrictEqual(now, offered)) {
      offered = now;
      push('push:capabilities', now);
    }
  });

  // The latest request is also kept until the popover takes it: after a launch link the page may not
  // be listening yet when it is pushed.
  let pendingDial: DialRequest | null = null;
  const dialFlow = new DialFlow({
    companion: () => host,
    confirmBeforeDial: () => settings.settings.dialing.confirmBeforeDial,
    showPreview: (request) => {
      pendingDial = request;
      popover.show();
      push('push:dial-request', request);
    },
    tell,
  });
  const dialSelection = async () => {
    const selected = await readSelectedText(api);
    if (!selected.ok) return tell(selected.phrase);
    await dialFlow.fromSelection(selected.text);
  };
  const shortcut = new DialShortcut(api, () => void dialSelection());
  const applyShortcut = (accelerator: string): VerbResult => {
    const result = shortcut.apply(accelerator);
    if (!result.ok) tell(phrase('desktop.hotkey-inactive', { why: result.phrase }));
    else if (result.warning) tell(result.warning);
    return result.ok ? { ok: true } : { ok: false, error: result.error, phrase: result.phrase };
  };
  applyShortcut(settings.settings.dialing.hotkey);

  // A screen pop: every window hears of it; the CRM page opens as the settings say (browser, the pop
  // window, or a notification with an Open action).
  const popWindows = new PopWindows(
    factory,
    () => settings.settings.screenPop.allowedSchemes,
    () => settings.settings.screenPop.windowOrigins,
  );
  const screenPop = createScreenPopShell({
    target: () => settings.settings.screenPop.open,
    language,
    notify,
    openExternal: (url) => openExternalSafely(api, url, settings.settings.screenPop.allowedSchemes),
    windows: popWindows,
    push: (pop) => push('push:pop', pop),
  });
  // The core's news (how a click-to-dial went): every window shows it; a failure also as a notification.
  const notice = (message: string, level: 'info' | 'error', words: Phrase = verbatim(message)) => {
    push('push:notice', { message, phrase: words });
    if (level === 'error') tell(words);
  };
  const hooks: CompanionHooks = { pop: screenPop.pop, popLifecycle: screenPop.lifecycle, notice };
  const secretsOf = async (current: Settings) => ({
    ami: current.pbx.host && current.pbx.username ? await deps.credentials.get(amiAccount(current.pbx)) : null,
    ari: current.ari.enabled && current.ari.username ? await deps.credentials.get(ariAccount(current.ari)) : null,
  });
  // Connects may overlap (a wrong secret saved, then corrected at once): the latest call wins. An
  // attempt overtaken by a later one closes the core it made instead of putting it in place.
  let connectGeneration = 0;
  const connect = async () => {
    const generation = ++connectGeneration;
    const place = async (next: ClosableCompanion | null, whyNone: Phrase | null = null) => {
      if (generation === connectGeneration) return host.replace(next, whyNone);
      await next?.close?.();
    };
    const current = settings.settings;
    const onAri = !current.pbx.host && usesAri(current);
    if ((current.pbx.host || onAri) && !current.pbx.extension.trim()) {
      await place(null, phrase(onAri ? 'desktop.no-extension-ari' : 'desktop.no-extension'));
      return;
    }
    try {
      // No AMI host: the demo PBX (no secret), or ARI alone when it is on (its password from the keychain).
      if (!current.pbx.host) {
        const secrets = await secretsOf(current);
        if (onAri && secrets.ari === null) return await place(null, phrase('desktop.no-ari-password', { login: `${current.ari.username}@${current.ari.url}` }));
        return await place(await deps.createCompanion(current, secrets, hooks));
      }
      const secrets = await secretsOf(current);
      if (secrets.ami === null) {
        await place(null, phrase('desktop.no-ami-secret', { login: `${current.pbx.username || '(no user)'}@${current.pbx.host}` }));
        return;
      }
      await place(await deps.createCompanion(current, secrets, hooks));
    } catch (error) {
      const why = phraseOfError(error);
      await place(null, error instanceof Error && error.name === 'CredentialStoreError' ? why : phrase('desktop.could-not-start', { why }));
    }
  };

  const saveSecret = async (kind: 'ami' | 'ari', secret: string | null): Promise<VerbResult> => {
    const current = settings.settings;
    const account = kind === 'ami' ? (current.pbx.host && current.pbx.username ? amiAccount(current.pbx) : null) : current.ari.url && current.ari.username ? ariAccount(current.ari) : null;
    if (!account) return refused(kind === 'ami' ? 'desktop.save-login-first' : 'desktop.save-ari-first');
    try {
      if (secret === null) await deps.credentials.delete(account);
      else await deps.credentials.set(account, secret);
    } catch (error) {
      const why = explain(error);
      return { ok: false, error: why.message, phrase: phraseOfError(why) };
    }
    void connect();
    return succeeded(secret === null ? 'desktop.secret-removed' : 'desktop.secret-stored');
  };

  const handlers: InvokeHandlers = {
    'snapshot:get': () => host.snapshot(),
    'dial:preview': (input) => host.previewDial(input),
    'dial:start': (input) => {
      pendingDial = null;
      return host.dial(input);
    },
    'dial:take-pending': () => {
      const taken = pendingDial;
      pendingDial = null;
      return taken;
    },
    'agent:pause': (options) => host.pause(options),
    'agent:unpause': (options) => host.unpause(options),
    'queue:login': (queue) => host.queueLogin(queue),
    'queue:logout': (queue) => host.queueLogout(queue),
    'call:record': (op, callId) => host.record(op, callId),
    'call:hangup': (callId) => host.hangup(callId),
    'call:transfer': (target, options) => host.transfer(target, options),
    'history:dismiss': async (id) => {
      if (!history.dismiss(id)) return refused('history.not-pending');
      await history.save();
      host.refresh();
      return { ok: true };
    },
    'settings:get': async (): Promise<SettingsView> => {
      const keychain = await checkCredentialStore(deps.credentials);
      let secrets = { ami: false, ari: false };
      if (keychain.ok) {
        try {
          const found = await secretsOf(settings.settings);
          secrets = { ami: found.ami !== null, ari: found.ari !== null };
        } catch {
          // Reported through keychainProblem on the next check; the settings still show.
        }
      }
      return { settings: settings.settings, locked: [...settings.locked], readOnly: settings.readOnly, notices: [...settings.notices], secrets, keychainProblem: keychain.ok ? null : keychain.message, keychainProblemPhrase: keychain.ok ? null : keychain.phrase };
    },
    'settings:save': async (input) => {
      const before = settings.settings;
      // Refused now rather than at ring time: the screen pop would refuse this URL for every call.
      const popProblem = popUrlProblem(input);
      if (popProblem) return refusal(popProblem);
      const saved = await settings.save(input);
      if (!saved.ok) return { ok: false, error: saved.error, phrase: saved.phrase };
      const after = saved.settings;
      const problems: Phrase[] = [];
      if (after.dialing.hotkey !== before.dialing.hotkey) {
        const hotkey = applyShortcut(after.dialing.hotkey);
        if (!hotkey.ok) problems.push(hotkey.phrase ?? verbatim(hotkey.error));
      }
      if (after.autostart !== before.autostart) await applyAutostart(api, after.autostart).catch((error: unknown) => problems.push(phrase('desktop.autostart-failed', { why: phraseOfError(error) })));
      if (!isDeepStrictEqual(whatTheCoreUses(before), whatTheCoreUses(after))) void connect();
      tray.update(host.snapshot());
      const [first, second] = problems;
      if (!first) return succeeded('desktop.saved');
      return succeeded('desktop.saved-but', { problems: second ? phrase('desktop.two', { first, second }) : first });
    },
    'settings:test-connection': (target, secret) => testConnectionFor(target, secret, { credentials: deps.credentials, settings: () => settings.settings }),
    'settings:test-ari': (target, secret) => testAriConnectionFor(target, secret, { credentials: deps.credentials, settings: () => settings.settings }),
    'settings:preview-pop': (template, options) => previewPopFor(template, options, settings.settings),
    'settings:probe-tls': (host) => probeTlsFor(host),
    'credentials:set': (kind, secret) => saveSecret(kind, secret),
    'credentials:delete': (kind) => saveSecret(kind, null),
    'shortcut:check': (accelerator) => {
      const result = shortcut.check(accelerator);
      return result.ok ? { ok: true } : { ok: false, error: result.error, phrase: result.phrase };
    },
    'window:open-settings': () => {
      settingsWindow.open();
      return { ok: true };
    },
    'window:hide': () => {
      popover.hide();
      return { ok: true };
    },
    'app:capabilities': () => host.capabilities(),
    'supervisor:start': (agent, mode) => host.supervise(agent, mode),
    'supervisor:stop': () => host.stopSupervising(),
  };
  setupIpc(api, handlers, { appOrigin: baseUrl, isOurWindow: (id) => factory.isOurs(id), log });

  api.app.on('window-all-closed', () => {
    // A tray app keeps running with no window open.
  });
  api.app.on('will-quit', () => {
    shortcut.release();
    void host.close();
  });

  for (const notice of settings.notices) tell(notice.phrase ?? verbatim(notice.message));
  if (history.noticePhrase) tell(history.noticePhrase);

  running = { host, settings, history, factory, shortcut, dialFlow, inbox, tray, popover, settingsWindow, popWindows, connect, dialSelection };
  await connect();
  if (firstRun) settingsWindow.open();
  // Links that came with the launch or during start-up are dialled once the core is logged in, each once.
  await host.settled(LAUNCH_LINK_WAIT_MS);
  inbox.start((link) => void dialFlow.fromLink(link));
  if (deps.argv.includes('--dial-selection')) void dialSelection();
  return running;
}
