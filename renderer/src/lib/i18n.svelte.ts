/**
 * The UI language: English or Spanish, from the OS locale unless the agent picks one. The words are
 * the shared phrases (electron/shared/phrases: the core's, main's and the renderer's labels, ui-*.ts);
 * no catalog lives in the renderer.
 */
import { ENGLISH, formatPhrase, isPhrase, phrase, type Phrase, type PhraseCode, type PhraseParam } from '@shared/phrases/index.ts';
import { PHRASE_CATALOGS, sayIn } from '@shared/phrases/say.ts';
import { onPrefChange, readPref, writePref } from './stored-pref.ts';

export type Language = 'en' | 'es';
export type LanguagePref = Language | 'auto';
export const LANGUAGE_PREFS = ['auto', 'en', 'es'] as const;

/** Whether `code` is one of the shared phrases (a label named at run time, such as a check's, may not be). */
export function isPhraseCode(code: string): code is PhraseCode {
  return Object.hasOwn(ENGLISH, code);
}

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

  /** The phrase `code` in the current language, with its `{name}` placeholders filled. */
  t = (code: PhraseCode, params?: Record<string, PhraseParam>): string => sayIn(phrase(code, params), this.lang);

  /** The same as t(): a shared phrase said as the tray says it. */
  phrase = this.t;

  /**
   * The core's words in the current language: the phrase when there is one this renderer knows,
   * else `english`, the English the core sent with it (a newer core, or words not phrased yet).
   */
  say = (phrase: Phrase | null | undefined, english: string): string => {
    if (!phrase) return english;
    return formatPhrase(phrase, PHRASE_CATALOGS[this.lang], this.lang) ?? english;
  };

  /**
   * A rejection in the current language: the phrase it carries (a bridge read that main refused
   * rejects with an IpcRejection, electron/shared/ipc.ts), else its message as it is.
   */
  sayError = (error: unknown): string => {
    const carried = (error as { phrase?: unknown } | null)?.phrase;
    const message = (error as { message?: unknown } | null)?.message;
    return this.say(isPhrase(carried) ? carried : null, typeof message === 'string' ? message : String(error));
  };
}
