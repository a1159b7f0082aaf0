/** Every IPC handler, by area; InvokeHandlers (shared/ipc.ts) makes sure no channel is left without one. */
import type { CredentialStore } from '../../core/credentials/store.ts';
import type { CallHistory } from '../../core/history/store.ts';
import type { SettingsStore } from '../../core/settings/store.ts';
import type { InvokeHandlers } from '../../shared/ipc.ts';
import type { ElectronApi } from '../api.ts';
import type { CompanionHost } from '../companion-host.ts';
import type { Dialing } from '../dialing.ts';
import { agentHandlers } from './agent.ts';
import { contactsHandlers } from './contacts.ts';
import { credentialHandlers } from './credentials.ts';
import { dialingHandlers } from './dialing.ts';
import { settingsHandlers } from './settings.ts';
import { superviseHandlers } from './supervise.ts';
import { windowHandlers } from './windows.ts';

export interface HandlerDeps {
  api: ElectronApi;
  host: CompanionHost;
  history: CallHistory;
  dialing: Dialing;
  settings: SettingsStore;
  credentials: CredentialStore;
  /** Connects again (after a save that changes what the core uses, or a new secret). */
  connect: () => Promise<void>;
  /** Shows saved settings where they show at once (the tray's menu). */
  refresh: () => void;
  windows: { openSettings(): void; hidePopover(): void };
}

export function invokeHandlers({
  api,
  host,
  history,
  dialing,
  settings,
  credentials,
  connect,
  refresh,
  windows,
}: HandlerDeps): InvokeHandlers {
  return {
    ...agentHandlers(host, history),
    ...dialingHandlers(host, dialing),
    ...contactsHandlers(settings),
    ...settingsHandlers(settings, credentials, { api, applyShortcut: dialing.applyShortcut, connect, refresh }),
    ...credentialHandlers(settings, credentials, connect),
    ...windowHandlers(windows),
    ...superviseHandlers(host),
  };
}
