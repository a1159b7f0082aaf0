/**
 * The agent's language and theme, chosen from the palette: applied at once (every window follows
 * through the shared preference) and, where the shell keeps settings, saved there too, changing only
 * that field, so the tray and the next start follow.
 */
import type { VerbResult } from '@shared/companion.ts';
import { has, type RendererBridge } from './bridge.ts';
import type { I18n, LanguagePref } from './i18n.svelte.ts';
import type { Theme, ThemePref } from './theme.svelte.ts';

export type PrefChange = { language: LanguagePref } | { theme: ThemePref };

export async function choosePref(change: PrefChange, ui: { bridge: RendererBridge; i18n: I18n; theme: Theme }): Promise<VerbResult> {
  const { bridge, i18n, theme } = ui;
  if ('language' in change) i18n.setPref(change.language);
  else theme.setPref(change.theme);
  if (!has(bridge, 'getSettings') || !has(bridge, 'saveSettings')) return { ok: true };
  const notSaved = (error: string): VerbResult => ({ ok: false, error: i18n.t('prefs.notSaved', { error }) });
  try {
    const { settings } = await bridge.getSettings();
    const next =
      'language' in change
        ? { ...settings, language: change.language }
        : { ...settings, theme: change.theme === 'auto' ? 'system' : change.theme };
    const result = await bridge.saveSettings(next);
    return result.ok ? { ok: true } : notSaved(i18n.say(result.phrase, result.error));
  } catch (error) {
    return notSaved(i18n.sayError(error));
  }
}
