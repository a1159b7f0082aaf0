/**
 * The phrases (the core's, main's and the renderer's labels: one catalog system): every code worded
 * in English and Spanish with the same placeholders, nested phrases worded in the same language, and
 * a broken phrase from across IPC worded safely.
 */
import { describe, expect, it } from 'vitest';
import {
  ENGLISH,
  country,
  english,
  formatPhrase,
  phrase,
  phraseOfError,
  placeholdersOf,
  refused,
  succeeded,
  verbatim,
  type Phrase,
} from '../../../electron/shared/phrases/index.ts';
import { PhrasedError } from '../../../electron/core/errors/phrased-error.ts';
import { spanishPhrases } from '../../../electron/shared/phrases/es/index.ts';

describe('the phrase catalogs', () => {
  const codes = Object.keys(ENGLISH) as (keyof typeof ENGLISH)[];

  it('give every English code a Spanish template with the same placeholders', () => {
    const mismatched = codes.filter((code) => placeholdersOf(ENGLISH[code]).join() !== placeholdersOf(spanishPhrases[code] ?? '').join());
    expect(mismatched).toEqual([]);
    expect(Object.keys(spanishPhrases).sort()).toEqual([...codes].sort());
  });

  it('translate every sentence: a Spanish template is not the English one left in place', () => {
    const words = (template: string) => template.replace(/\{\w+\}/g, '').replace(/[^A-Za-z]/g, '');
    // Names, which read the same in both: the app's, each language's own, an acronym's expansion.
    const sameInBoth = new Set(['app.title', 'lang.en', 'lang.es', 'settings.ari']);
    const untranslated = codes.filter(
      (code) => !sameInBoth.has(code) && words(ENGLISH[code]).length > 3 && spanishPhrases[code] === ENGLISH[code],
    );
    expect(untranslated).toEqual([]);
  });

  it("hold the renderer's labels: one catalog system for the core, main and the renderer", () => {
    expect(ENGLISH['settings.title']).toBe('Settings');
    expect(spanishPhrases['settings.title']).toBe('Ajustes');
    expect(formatPhrase(phrase('queues.waiting', { count: 3 }), spanishPhrases, 'es')).toBe('3 en espera');
  });
});

describe('formatPhrase', () => {
  const catalog = { text: '{text}', outer: 'Could not {purpose}: {why}.', purpose: 'place the call to {number}' } as Record<string, string>;

  it('fills names and numbers, and words a nested phrase in the same catalog', () => {
    const nested = { code: 'outer', params: { purpose: { code: 'purpose', params: { number: 1001 } }, why: 'busy' } } as unknown as Phrase;
    expect(formatPhrase(nested, catalog)).toBe('Could not place the call to 1001: busy.');
  });

  it('answers null for a code the catalog lacks, even deep inside, so the shell shows the English it was sent', () => {
    expect(formatPhrase({ code: 'nope' } as unknown as Phrase, catalog)).toBeNull();
    expect(formatPhrase({ code: 'outer', params: { purpose: { code: 'nope' }, why: 'x' } } as unknown as Phrase, catalog)).toBeNull();
  });

  it('stops at a nest too deep or a cycle instead of hanging', () => {
    const cyclic = { code: 'outer', params: { why: 'x' } } as unknown as { params: Record<string, unknown> } & Phrase;
    cyclic.params.purpose = cyclic;
    expect(formatPhrase(cyclic, catalog)).toBeNull();
  });

  it('leaves a placeholder without a value visible rather than inventing one', () => {
    expect(formatPhrase({ code: 'purpose' } as unknown as Phrase, catalog)).toBe('place the call to {number}');
  });

  it('does not read a template from the prototype', () => {
    expect(formatPhrase({ code: 'toString' } as unknown as Phrase, catalog)).toBeNull();
  });
});

describe('a country in a phrase', () => {
  it('is named in the language the phrase is said in, its English name otherwise', () => {
    expect(formatPhrase(country('ES', 'Spain'), spanishPhrases, 'es')).toBe('España');
    expect(formatPhrase(country('DE', 'Germany'), ENGLISH, 'en')).toBe('Germany');
    expect(english(country('MX', 'Mexico'))).toBe('Mexico');
    // No locale, or a code Intl does not know: the English name the core sent.
    expect(formatPhrase(country('ES', 'Spain'), spanishPhrases)).toBe('Spain');
    expect(formatPhrase(country('XX', 'XX'), spanishPhrases, 'es')).toBe('XX');
  });
});

describe('phrases in the core', () => {
  it('a PhrasedError says its phrase in English and carries it', () => {
    const error = PhrasedError.of('text', { text: 'the PBX is busy' });
    expect(error.message).toBe('the PBX is busy');
    expect(phraseOfError(error)).toEqual(phrase('text', { text: 'the PBX is busy' }));
  });

  it('any other error is passed through verbatim', () => {
    expect(phraseOfError(new Error('ECONNRESET'))).toEqual(verbatim('ECONNRESET'));
    expect(phraseOfError('odd')).toEqual(verbatim('odd'));
    expect(phraseOfError({ phrase: { code: 'no-such-code' }, message: 'x' })).toEqual(verbatim('[object Object]'));
  });

  it('refused and succeeded give the English and the phrase together', () => {
    expect(refused('text', { text: 'No.' })).toEqual({ ok: false, error: 'No.', phrase: { code: 'text', params: { text: 'No.' } } });
    expect(succeeded('text', { text: 'Yes.' })).toEqual({ ok: true, message: 'Yes.', phrase: { code: 'text', params: { text: 'Yes.' } } });
    expect(english(verbatim('as is'))).toBe('as is');
  });
});
