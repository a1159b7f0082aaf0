/**
 * The settings as main serves them: the store opened at start-up (and whether this is the first run),
 * the language the agent is spoken to in, what the settings window is shown, and a save that applies
 * what changed: the hotkey, start at login, and a new core when a setting the core uses changed.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { deskCountryOf } from '../core/dialing/region.ts';
import { adminDefaultsPath } from '../core/settings/admin-defaults.ts';
import { SettingsStore } from '../core/settings/store.ts';
import { checkCredentialStore, type CredentialStore } from '../core/credentials/store.ts';
import type { VerbResult } from '../shared/companion.ts';
import type { SettingsView } from '../shared/ipc.ts';
import { phrase, phraseOfError, refusal, succeeded, verbatim, type Phrase } from '../shared/phrases/index.ts';
import type { Settings } from '../shared/settings.ts';
import type { Language } from '../shared/tray-state.ts';
import type { ElectronApi } from './api.ts';
import { applyAutostart } from './autostart.ts';
import { secretsOf } from './connection.ts';
import { popUrlProblem } from './settings-tools.ts';

/**
 * The settings file in the user data folder; a true first run has none yet (only then does the settings
 * window open by itself). The desk's country defaults to the OS region (its regional format, then its
 * preferred languages' regions), not to the app's language.
 */
export async function openSettings(
  api: ElectronApi,
  options: { adminFile?: string | null; now: () => number },
): Promise<{ store: SettingsStore; firstRun: boolean }> {
  const file = join(api.app.getPath('userData'), 'settings.json');
  const firstRun = await access(file).then(
    () => false,
    () => true,
  );
  const store = await SettingsStore.open({
    file,
    adminFile: options.adminFile === undefined ? adminDefaultsPath(api.platform) : options.adminFile,
    now: options.now,
    deskCountry: deskCountryOf([api.app.getSystemLocale(), ...api.app.getPreferredSystemLanguages()]),
  });
  return { store, firstRun };
}

/** The agent's language: the chosen one, or the system's for `auto`. */
export function chosenLanguage(api: ElectronApi, store: SettingsStore): () => Language {
  return () => {
    const chosen = store.settings.language;
    return chosen === 'auto' ? (api.app.getLocale().toLowerCase().startsWith('es') ? 'es' : 'en') : chosen;
  };
}

/** What the settings window is shown: the settings, the admin's locks, and which secrets the keychain holds. */
export async function settingsView(store: SettingsStore, credentials: CredentialStore): Promise<SettingsView> {
  const keychain = await checkCredentialStore(credentials);
  let secrets = { ami: false, ari: false, nats: false, calllog: false };
  if (keychain.ok) {
    try {
      const found = await secretsOf(credentials, store.settings);
      secrets = { ami: found.ami !== null, ari: found.ari !== null, nats: Boolean(found.nats), calllog: Boolean(found.callLog) };
    } catch {
      // Reported through keychainProblem on the next check; the settings still show.
    }
  }
  return {
    settings: store.settings,
    locked: [...store.locked],
    readOnly: store.readOnly,
    notices: [...store.notices],
    secrets,
    keychainProblem: keychain.ok ? null : keychain.message,
    keychainProblemPhrase: keychain.ok ? null : keychain.phrase,
  };
}

/** The settings a running core depends on: a change to any of them means a new core. */
function whatTheCoreUses(settings: Settings): unknown {
  const { language: _language, theme: _theme, autostart: _autostart, dialing, ...rest } = settings;
  const { hotkey: _hotkey, confirmBeforeDial: _confirm, ...rules } = dialing;
  return { ...rest, dialing: rules };
}

export interface SaveDeps {
  api: ElectronApi;
  store: SettingsStore;
  applyShortcut: (accelerator: string) => VerbResult;
  connect: () => Promise<void>;
  /** Shows the saved settings where they show at once (the tray's menu). */
  refresh: () => void;
}

/** Saves `input` and applies what changed; the answer says what did not apply. */
export async function saveSettings(
  input: Record<string, unknown>,
  { api, store, applyShortcut, connect, refresh }: SaveDeps,
): Promise<VerbResult> {
  const before = store.settings;
  // Refused now rather than at ring time: the screen pop would refuse this URL for every call.
  const popProblem = popUrlProblem(input);
  if (popProblem) return refusal(popProblem);
  const saved = await store.save(input);
  if (!saved.ok) return { ok: false, error: saved.error, phrase: saved.phrase };
  const after = saved.settings;
  const problems: Phrase[] = [];
  if (after.dialing.hotkey !== before.dialing.hotkey) {
    const hotkey = applyShortcut(after.dialing.hotkey);
    if (!hotkey.ok) problems.push(hotkey.phrase ?? verbatim(hotkey.error));
  }
  if (after.autostart !== before.autostart)
    await applyAutostart(api, after.autostart).catch((error: unknown) =>
      problems.push(phrase('desktop.autostart-failed', { why: phraseOfError(error) })),
    );
  if (!isDeepStrictEqual(whatTheCoreUses(before), whatTheCoreUses(after))) void connect();
  refresh();
  const [first, second] = problems;
  if (!first) return succeeded('desktop.saved');
  return succeeded('desktop.saved-but', { problems: second ? phrase('desktop.two', { first, second }) : first });
}
