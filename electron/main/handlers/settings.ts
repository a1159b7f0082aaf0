/** The settings window over IPC: load and save, "Test connection" (AMI and ARI), the screen-pop preview, the TLS probe. */
import type { CredentialStore } from '../../core/credentials/store.ts';
import type { SettingsStore } from '../../core/settings/store.ts';
import type { InvokeHandlers } from '../../shared/ipc.ts';
import { saveSettings, settingsView, type SaveDeps } from '../settings-service.ts';
import { previewPopFor, probeTlsFor, testAriConnectionFor, testConnectionFor } from '../settings-tools.ts';

type SettingsChannels =
  'settings:get' | 'settings:save' | 'settings:test-connection' | 'settings:test-ari' | 'settings:preview-pop' | 'settings:probe-tls';

export function settingsHandlers(
  store: SettingsStore,
  credentials: CredentialStore,
  save: Omit<SaveDeps, 'store'>,
): Pick<InvokeHandlers, SettingsChannels> {
  const tools = { credentials, settings: () => store.settings };
  return {
    'settings:get': () => settingsView(store, credentials),
    'settings:save': (input) => saveSettings(input, { ...save, store }),
    'settings:test-connection': (target, secret) => testConnectionFor(target, secret, tools),
    'settings:test-ari': (target, secret) => testAriConnectionFor(target, secret, tools),
    'settings:preview-pop': (template, options) => previewPopFor(template, options, store.settings),
    'settings:probe-tls': (host) => probeTlsFor(host),
  };
}
