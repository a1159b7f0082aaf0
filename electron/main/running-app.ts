/**
 * What startApp (app.ts) takes and what it returns: the core's factory and the keychain come in as
 * parameters (tests pass real ones where they can run); the running app's parts go back out, for
 * index.ts and the tests that drive them.
 */
import type { CredentialStore } from '../core/credentials/store.ts';
import type { CallHistory } from '../core/history/store.ts';
import type { SettingsStore } from '../core/settings/store.ts';
import type { CompanionHost } from './companion-host.ts';
import type { CompanionFactory } from './connection.ts';
import type { DialFlow } from './dial-flow.ts';
import type { PopWindows } from './pop-window.ts';
import type { setupPopover } from './popover.ts';
import type { LinkInbox } from './protocol.ts';
import type { setupSettingsWindow } from './settings-window.ts';
import type { DialShortcut } from './shortcut.ts';
import type { setupTray } from './tray.ts';
import type { WindowFactory } from './windows.ts';

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
