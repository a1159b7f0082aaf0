/** A phrase in one of the app's languages; what the renderer and main's notifications use. */
import { ENGLISH, english, formatPhrase, type Phrase, type PhraseCatalog } from './index.ts';
import { spanishPhrases } from './es/index.ts';

export type PhraseLanguage = 'en' | 'es';

export const PHRASE_CATALOGS: Readonly<Record<PhraseLanguage, PhraseCatalog>> = { en: ENGLISH, es: spanishPhrases };

/** `words` in `language`; English when that catalog cannot word it (a phrase from a newer core). */
export function sayIn(words: Phrase, language: PhraseLanguage): string {
  return formatPhrase(words, PHRASE_CATALOGS[language], language) ?? english(words);
}
