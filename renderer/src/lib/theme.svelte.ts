/** Light or dark: follows the OS (prefers-color-scheme) unless the agent forces one. */
import { onPrefChange, readPref, writePref } from './stored-pref.ts';

export type ThemePref = 'auto' | 'light' | 'dark';
export const THEME_PREFS = ['auto', 'light', 'dark'] as const;

export class Theme {
  pref = $state<ThemePref>('auto');

  constructor() {
    this.pref = readPref('theme', THEME_PREFS, 'auto');
    onPrefChange('theme', (value) => {
      this.pref = THEME_PREFS.includes(value as ThemePref) ? (value as ThemePref) : 'auto';
    });
    // The stylesheet reads data-theme; without it, the media query decides.
    $effect.root(() => {
      $effect(() => {
        if (this.pref === 'auto') delete document.documentElement.dataset.theme;
        else document.documentElement.dataset.theme = this.pref;
      });
    });
  }

  setPref(pref: ThemePref): void {
    this.pref = pref;
    writePref('theme', pref);
  }
}
