/**
 * The tray icon: its picture and tooltip follow the snapshot (one icon per state, 1x and 2x from
 * assets/), and its menu holds what an agent does without opening anything: available, pause with a
 * reason, dial, open, settings, quit.
 */
import { join } from 'node:path';
import { agentStatus, agentStatusPhrase, type AgentStatus } from '../shared/agent-status.ts';
import type { CompanionVerbs, VerbResult } from '../shared/companion.ts';
import { phrase, phraseOfError, verbatim, type Phrase, type PhraseCode } from '../shared/phrases/index.ts';
import { sayIn } from '../shared/phrases/say.ts';
import type { Snapshot } from '../shared/snapshot.ts';
import type { Language } from '../shared/tray-state.ts';
import { trayTooltip } from '../shared/tray-state.ts';
import type { ElectronApi, MenuItemLike, Rect, TrayLike } from './api.ts';

export interface PauseReasonLike {
  code: string;
  label: { en: string; es: string };
}

export interface TrayOptions {
  assetsDir: string;
  language: () => Language;
  pauseReasons: () => readonly PauseReasonLike[];
  verbs: () => Pick<CompanionVerbs, 'pause' | 'unpause'>;
  openPopover: (bounds?: Rect) => void;
  openDialer: () => void;
  openSettings: () => void;
  quit: () => void;
  /** A verb that failed, in words. */
  tell: (message: Phrase) => void;
  /** The clock the after-call work countdown is read with (ms since the epoch). */
  now?: () => number;
}

/** `assets/tray-<state>.png`; Electron picks `tray-<state>@2x.png` beside it on high-DPI screens. */
export function trayIconPath(assetsDir: string, state: AgentStatus): string {
  return join(assetsDir, `tray-${state}.png`);
}

export function trayMenu(snapshot: Snapshot, options: TrayOptions): MenuItemLike[] {
  const language = options.language();
  const say = (code: PhraseCode) => sayIn(phrase(code), language);
  const state = agentStatus(snapshot);
  const word = sayIn(agentStatusPhrase(state), language);
  const live = snapshot.connection.status === 'live';
  const inQueues = snapshot.queues.some((queue) => queue.member);
  const run = (action: Promise<VerbResult>) =>
    void action.then(
      (result) => !result.ok && options.tell(result.phrase ?? verbatim(result.error)),
      (error: unknown) => options.tell(phraseOfError(error)),
    );
  return [
    { label: snapshot.extension.number ? `${word} · ${snapshot.extension.number}` : word, enabled: false },
    { type: 'separator' },
    {
      label: say('desktop.tray.available'),
      type: 'radio',
      checked: state !== 'paused',
      enabled: live && inQueues,
      click: () => run(options.verbs().unpause({})),
    },
    {
      label: say('desktop.tray.pause'),
      type: 'submenu',
      enabled: live && inQueues,
      submenu: options
        .pauseReasons()
        .map((reason) => ({ label: reason.label[language], click: () => run(options.verbs().pause({ reason: reason.code })) })),
    },
    { type: 'separator' },
    { label: say('desktop.tray.dial'), click: options.openDialer },
    { label: say('desktop.tray.open'), click: () => options.openPopover() },
    { label: say('desktop.tray.settings'), click: options.openSettings },
    { type: 'separator' },
    { label: say('desktop.tray.quit'), click: options.quit },
  ];
}

export interface TrayHandle {
  tray: TrayLike;
  /** The state the icon shows now. */
  readonly state: AgentStatus;
  update(snapshot: Snapshot): void;
}

export function setupTray(api: ElectronApi, initial: Snapshot, options: TrayOptions): TrayHandle {
  const now = options.now ?? Date.now;
  let state = agentStatus(initial);
  const tray = api.createTray(api.image(trayIconPath(options.assetsDir, state)));
  let menuKey = '';
  let last = initial;
  // While after-call work runs, the tooltip counts down once a second; no snapshot comes in between.
  let ticker: ReturnType<typeof setInterval> | null = null;
  const tick = (running: boolean) => {
    if (running && !ticker) {
      ticker = setInterval(() => tray.setToolTip(trayTooltip(last, options.language(), now())), 1000);
      ticker.unref?.();
    } else if (!running && ticker) {
      clearInterval(ticker);
      ticker = null;
    }
  };
  const update = (snapshot: Snapshot) => {
    last = snapshot;
    tick(Boolean(snapshot.afterCallWork));
    const next = agentStatus(snapshot);
    if (next !== state) {
      state = next;
      tray.setImage(api.image(trayIconPath(options.assetsDir, state)));
    }
    tray.setToolTip(trayTooltip(snapshot, options.language(), now()));
    // Rebuilding a menu on every snapshot flickers on some desktops: only when what it shows changes.
    const key = JSON.stringify([
      state,
      options.language(),
      snapshot.connection.status,
      snapshot.queues.map((q) => q.member),
      options.pauseReasons(),
    ]);
    if (key !== menuKey) {
      menuKey = key;
      tray.setContextMenu(api.menu(trayMenu(snapshot, options)));
    }
  };
  tray.on('click', (_event, bounds) => options.openPopover(bounds));
  update(initial);
  return {
    tray,
    get state() {
      return state;
    },
    update,
  };
}
