/**
 * An error whose message is a phrase: English in `message` (logs, the CLI), the phrase for a shell
 * that says it in the agent's language. Error classes of the core extend it or carry `phrase` alike;
 * phraseOfError() (electron/shared/phrases) reads either.
 */
import { english, type Phrase, type PhraseCode, type PhraseParam, phrase } from '../../shared/phrases/index.ts';

export class PhrasedError extends Error {
  override name = 'PhrasedError';
  constructor(
    readonly phrase: Phrase,
    options?: { cause?: unknown },
  ) {
    super(english(phrase), options);
  }

  static of(code: PhraseCode, params?: Record<string, PhraseParam>, options?: { cause?: unknown }): PhrasedError {
    return new PhrasedError(phrase(code, params), options);
  }
}
