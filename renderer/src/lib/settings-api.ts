/**
 * How the settings window loads and saves. The app's real store (settings file plus keychain,
 * through a bridge method still to come) will implement this interface; until then the window
 * uses `draftSettingsApi`, which keeps the non-secret fields in this window's storage and says
 * plainly that the secret was not kept.
 */
import type { VerbResult } from '@shared/companion.ts';
import { DEFAULT_SETTINGS, type SettingsForm } from './settings-form.ts';

export interface LoadedSettings {
  form: SettingsForm;
  /** A secret is already in the keychain: the secret field may stay empty. */
  hasSavedSecret: boolean;
}

export interface SettingsApi {
  load(): Promise<LoadedSettings>;
  save(form: SettingsForm): Promise<VerbResult>;
}

const KEY = 'pbx-companion.settings-draft';

export function draftSettingsApi(storage: Storage | undefined = globalThis.localStorage): SettingsApi {
  return {
    async load() {
      try {
        const saved = JSON.parse(storage?.getItem(KEY) ?? 'null') as Partial<SettingsForm> | null;
        return { form: { ...DEFAULT_SETTINGS, ...saved, secret: '' }, hasSavedSecret: false };
      } catch {
        return { form: { ...DEFAULT_SETTINGS }, hasSavedSecret: false };
      }
    },
    async save(form) {
      // The secret is never written here: only the app's keychain may hold it.
      const { secret: _secret, ...rest } = form;
      try {
        storage?.setItem(KEY, JSON.stringify(rest));
        return { ok: true };
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
