/** The UI language: English or Spanish, from the OS locale unless the agent picks one. */
import { formatPhrase, phrase, type Phrase, type PhraseCode, type PhraseParam } from '@shared/phrases/index.ts';
import { PHRASE_CATALOGS, sayIn } from '@shared/phrases/say.ts';
import { en, type MessageKey, type Messages } from '../i18n/en.ts';
import { es } from '../i18n/es.ts';
import { onPrefChange, readPref, writePref } from './stored-pref.ts';

export type Language = 'en' | 'es';
export type LanguagePref = Language | 'auto';
export const LANGUAGE_PREFS = ['auto', 'en', 'es'] as const;

const catalogs: Record<Language, Messages> = { en, es };

/** The first of the browser's languages that we speak; English otherwise. */
export function languageFromLocale(locales: readonly string[]): Language {
  for (const locale of locales) {
    const base = locale.toLowerCase().split(/[-_]/)[0];
    if (base === 'es' || base === 'en') return base;
  }
  return 'en';
}

export class I18n {
  pref = $state<LanguagePref>('auto');
  readonly lang: Language = $derived(
    this.pref === 'auto' ? languageFromLocale(navigator.languages?.length ? navigator.languages : [navigator.language]) : this.pref,
  );

  constructor() {
    this.pref = readPref('language', LANGUAGE_PREFS, 'auto');
    onPrefChange('language', (value) => {
      this.pref = LANGUAGE_PREFS.includes(value as LanguagePref) ? (value as LanguagePref) : 'auto';
    });
    $effect.root(() => {
      $effect(() => {
        document.documentElement.lang = this.lang;
      });
    });
  }

  setPref(pref: LanguagePref): void {
    this.pref = pref;
    writePref('language', pref);
  }

  /** The string for `key` in the current language, with `{name}` placeholders filled. */
  t = (key: MessageKey, params?: Record<string, string | number>): string => {
    const text = catalogs[this.lang][key] ?? en[key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };

  /** One of the shared phrases (electron/shared/phrases), in the current language: the words the tray says too. */
  phrase = (code: PhraseCode, params?: Record<string, PhraseParam>): string => sayIn(phrase(code, params), this.lang);

  /**
   * The core's words in the current language: the phrase when there is one this renderer knows,
   * else `english`, the English the core sent with it (a newer core, or words not phrased yet).
   */
  say = (phrase: Phrase | null | undefined, english: string): string => {
    if (!phrase) return english;
    return formatPhrase(phrase, PHRASE_CATALOGS[this.lang], this.lang) ?? english;
  };
}
