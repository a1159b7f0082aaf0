/**
 * Phrases: the core's words to the agent as a code and its parameters, so each shell can say them
 * in the agent's language. The core still writes English (`english()`) next to every phrase for the
 * CLI, the logs and any shell that does not translate; the renderer and main's notifications word
 * the phrase themselves (say.ts), falling back to that English for a code they do not know.
 *
 * One catalog per area of the core, English here, and the renderer's labels by window (ui-*.ts); the
 * Spanish in es/, where the compiler checks it has every code (and a test, every placeholder).
 */
import type { VerbResult } from '../companion.ts';
import { printable } from '../control-characters.ts';
import { actionPhrases } from './actions.ts';
import { agentPoolPhrases } from './agent-pool.ts';
import { callLogPhrases } from './call-log.ts';
import { commonPhrases } from './common.ts';
import { connectionPhrases } from './connection.ts';
import { contactsPhrases } from './contacts.ts';
import { desktopPhrases } from './desktop.ts';
import { dialingPhrases } from './dialing.ts';
import { doctorPhrases } from './doctor.ts';
import { ipcPhrases } from './ipc.ts';
import { securityPhrases } from './security.ts';
import { settingsPhrases } from './settings.ts';
import { statusPhrases } from './status.ts';
import { uiCommonPhrases } from './ui-common.ts';
import { uiPopoverPhrases } from './ui-popover.ts';
import { uiSettingsPhrases } from './ui-settings.ts';

export const ENGLISH = {
  ...commonPhrases,
  ...actionPhrases,
  ...agentPoolPhrases,
  ...callLogPhrases,
  ...connectionPhrases,
  ...contactsPhrases,
  ...dialingPhrases,
  ...settingsPhrases,
  ...desktopPhrases,
  ...doctorPhrases,
  ...securityPhrases,
  ...statusPhrases,
  ...ipcPhrases,
  // The renderer's labels, by window.
  ...uiCommonPhrases,
  ...uiPopoverPhrases,
  ...uiSettingsPhrases,
} as const;

export type PhraseCode = Extract<keyof typeof ENGLISH, string>;

/** A value put into a phrase: a name or number as is, or a phrase of its own (worded in the same language). */
export type PhraseParam = string | number | Phrase;

export interface Phrase {
  code: PhraseCode;
  params?: Record<string, PhraseParam>;
}

/** A template per code; `{name}` is replaced by the parameter `name`. */
export type PhraseCatalog = Readonly<Record<PhraseCode, string>>;

/** What another language must give: one template for each code of `T`. */
export type Translation<T> = { readonly [K in keyof T]: string };

export function phrase(code: PhraseCode, params?: Record<string, PhraseParam>): Phrase {
  return params ? { code, params } : { code };
}

/** Words that are not ours (the PBX's `Message:`, an OS error), passed through as they are (shown without control characters). */
export function verbatim(text: string): Phrase {
  return { code: 'text', params: { text } };
}

/** Deeper than any phrase the core builds (a sync's list of problems nests 4). */
const MAX_DEPTH = 8;

/**
 * The phrase in `catalog`'s language, or null when that catalog lacks the code (a newer core than
 * the shell): the caller then shows the English it was sent. Depth-bounded: a phrase is data that
 * crossed IPC, so a cycle or a deep nest from a broken sender must not hang the renderer.
 */
export function formatPhrase(value: Phrase, catalog: Readonly<Record<string, string>>, locale?: string): string | null {
  return format(value, catalog, locale, 0);
}

function format(value: Phrase, catalog: Readonly<Record<string, string>>, locale: string | undefined, depth: number): string | null {
  if (depth > MAX_DEPTH || !value || typeof value.code !== 'string' || !Object.hasOwn(catalog, value.code)) return null;
  const params = value.params && typeof value.params === 'object' ? value.params : {};
  if (value.code === 'country' && locale) {
    const name = regionName(params['iso'], locale);
    if (name) return name;
  }
  const template = catalog[value.code]!;
  let failed = false;
  const text = template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!Object.hasOwn(params, name)) return whole;
    const param = params[name];
    // Where outside words (the PBX's Message, a caller's name, an OS error) become a sentence for a
    // person: no control character gets through (a Response: Error once reached the terminal with
    // escape codes and BEL). Whoever needs the raw text keeps it (AmiResponseError.pbxMessage).
    if (typeof param === 'string') return printable(param);
    if (typeof param === 'number') return String(param);
    const nested = format(param as Phrase, catalog, locale, depth + 1);
    if (nested === null) failed = true;
    return nested ?? '';
  });
  return failed ? null : text;
}

/** A country's name in `locale` (Intl's), or null for a code it does not know. */
function regionName(iso: PhraseParam | undefined, locale: string): string | null {
  if (typeof iso !== 'string' || !/^[A-Z]{2}$/.test(iso)) return null;
  try {
    const name = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' }).of(iso);
    return name ?? null;
  } catch {
    return null;
  }
}

/** A country, named in the language the phrase is said in (its English name is the fallback). */
export function country(iso: string, englishName: string): Phrase {
  return { code: 'country', params: { iso, name: englishName } };
}

/** The phrase in English (every code has an English template, so this always words it). */
export function english(value: Phrase): string {
  return formatPhrase(value, ENGLISH, 'en') ?? value.code;
}

/** The placeholders a template uses, for checking a translation against its English. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
}

/** The phrase an error carries (see PhrasedError in the core), else its message verbatim. */
export function phraseOfError(error: unknown): Phrase {
  const carried = (error as { phrase?: unknown } | null)?.phrase;
  if (isPhrase(carried)) return carried;
  return verbatim(error instanceof Error ? error.message : String(error));
}

export function isPhrase(value: unknown): value is Phrase {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Phrase).code === 'string' &&
    Object.hasOwn(ENGLISH, (value as Phrase).code)
  );
}

/** Any refusal (a verb's, a parser's, a store's): the English for whoever reads `error`, the phrase for whoever translates. */
export type Refusal = { ok: false; error: string; phrase: Phrase };

export function refusal(said: Phrase): Refusal {
  return { ok: false, error: english(said), phrase: said };
}

export function refused(code: PhraseCode, params?: Record<string, PhraseParam>): Refusal {
  return refusal(phrase(code, params));
}

/** A verb's success in words. */
export function success(said: Phrase): VerbResult & { ok: true } {
  return { ok: true, message: english(said), phrase: said };
}

export function succeeded(code: PhraseCode, params?: Record<string, PhraseParam>): VerbResult & { ok: true } {
  return success(phrase(code, params));
}
