/**
 * The hotkey's first step: the first phone-number-like run in the text the agent selected.
 *
 * A single left-to-right scan, no regular expression over the text: a selection can be a whole
 * page (50 KB or more) and a backtracking pattern over it could freeze the app. Only the first
 * `maxChars` characters are read. A run is a `+` or a digit followed by digits and the separators
 * people write inside numbers (space, - . ( ) and the like); it must not touch a letter or digit-
 * letter mix (order ids such as A12345, versions such as v2.3.1) and must not look like a date.
 * The caller passes the result to normalizeNumber(), which decides whether it can be dialled.
 */
import { phrase, refusal, type Phrase } from '../../shared/phrases/index.ts';

export interface ExtractOptions {
  /** Characters read from the start of the selection. Default 64 KiB. */
  maxChars?: number;
  /** Fewest digits a run needs (3 lets short internal extensions through). Default 3. */
  minDigits?: number;
}

/** A refusal says why in English (`error`) and as a phrase for a shell that translates. */
export type ExtractResult = { ok: true; number: string; text: string; index: number } | { ok: false; error: string; phrase: Phrase };

export const DEFAULT_MAX_CHARS = 64 * 1024;
const MAX_RUN_DIGITS = 20;

export function extractNumber(selected: string, options: ExtractOptions = {}): ExtractResult {
  if (typeof selected !== 'string' || selected.trim() === '') return refusal(phrase('dial.input.empty-selection'));
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const minDigits = options.minDigits ?? 3;
  const text = selected.length > maxChars ? selected.slice(0, maxChars) : selected;

  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const startsRun = isDigit(c) || (c === PLUS && isDigit(text.charCodeAt(i + 1))) || (c === OPEN && isDigit(text.charCodeAt(i + 1)));
    if (!startsRun) {
      i++;
      continue;
    }
    if (gluedBefore(text, i)) {
      i = skipToken(text, i + 1);
      continue;
    }
    const run = scanRun(text, i);
    if (run.digits >= minDigits && run.digits <= MAX_RUN_DIGITS && !gluedAfter(text, run.end) && !looksLikeDateOrAddress(run.text)) {
      return { ok: true, number: cleanRun(run.text), text: run.text, index: i };
    }
    // Skip the whole run and whatever token it is glued to, so the scan stays linear and never
    // restarts in the middle of a long digit string.
    i = skipToken(text, Math.max(run.end, i + 1));
  }
  return refusal(
    selected.length > maxChars
      ? phrase('dial.input.no-number-in-first', { kb: Math.round(maxChars / 1024) })
      : phrase('dial.input.no-number-selected'),
  );
}

const PLUS = 0x2b;
const OPEN = 0x28;

interface Run {
  text: string;
  /** Index just after the run's last digit. */
  end: number;
  digits: number;
}

/** From `start`, digits and inner separators; ends at anything else or at three separators in a row. */
function scanRun(text: string, start: number): Run {
  let digits = 0;
  let lastDigitEnd = start;
  let separators = 0;
  for (let i = start; i < text.length && i - start < 48; i++) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) {
      digits++;
      separators = 0;
      lastDigitEnd = i + 1;
    } else if ((c === PLUS && i === start) || isSeparator(c)) {
      if (++separators > 2) break;
    } else break;
  }
  return { text: text.slice(start, lastDigitEnd), end: lastDigitEnd, digits };
}

/** Past the letters, digits and inner - / . of an id such as INV-2024-0001 or AB12345. */
function skipToken(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isWordChar(c) || isDigit(c)) i++;
    else if ((c === 0x2d || c === 0x2f || c === 0x2e) && (isWordChar(text.charCodeAt(i + 1)) || isDigit(text.charCodeAt(i + 1)))) i += 2;
    else break;
  }
  return i;
}

/**
 * Part of a bigger token: after a letter or digit, after "1," / "1." (the tail of 1,234.56), or
 * after "C-" / "INV-" (an id such as C-1042).
 */
function gluedBefore(text: string, i: number): boolean {
  const prev = text.charCodeAt(i - 1);
  if (isWordChar(prev) || isDigit(prev)) return true;
  const before = text.charCodeAt(i - 2);
  if ((prev === 0x2c || prev === 0x2e || prev === 0x3a) && isDigit(before)) return true;
  return (prev === 0x2d || prev === 0x2f) && isWordChar(before);
}

/** Followed by a letter, by ",5" / ".5" / ":5" (a decimal or a time), or by "-A" (an id). */
function gluedAfter(text: string, end: number): boolean {
  const next = text.charCodeAt(end);
  if (isWordChar(next)) return true;
  const after = text.charCodeAt(end + 1);
  if ((next === 0x2c || next === 0x2e || next === 0x3a) && isDigit(after)) return true;
  return (next === 0x2d || next === 0x2f) && isWordChar(after);
}

function cleanRun(raw: string): string {
  const withoutTrunk = raw.startsWith('+') ? raw.replace(/\(0\)/g, '') : raw;
  let out = '';
  for (let i = 0; i < withoutTrunk.length; i++) {
    const c = withoutTrunk.charCodeAt(i);
    if (isDigit(c) || (c === PLUS && i === 0)) out += withoutTrunk[i];
  }
  return out;
}

// Runs are at most 48 characters, so these patterns never see a long input. A version (2.3.1,
// 1.10.2) is short dotted groups: dialled as 231 it could ring an internal extension.
function looksLikeDateOrAddress(run: string): boolean {
  return (
    /^\d{4}[-./]\d{1,2}[-./]\d{1,2}$/.test(run) ||
    /^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$/.test(run) ||
    /^\d{1,3}(\.\d{1,3}){3}$/.test(run) ||
    /^\d{1,2}(\.\d{1,3}){1,2}$/.test(run)
  );
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isSeparator(c: number): boolean {
  // space, NBSP, narrow NBSP, thin space, - . ( ) / and the dashes word processors make
  return (
    c === 0x20 ||
    c === 0xa0 ||
    c === 0x202f ||
    c === 0x2009 ||
    c === 0x2d ||
    c === 0x2e ||
    c === 0x28 ||
    c === 0x29 ||
    c === 0x2f ||
    (c >= 0x2010 && c <= 0x2015)
  );
}

/** Letters and digits of any script, and `_`: a number glued to them is an id, not a phone number. */
function isWordChar(c: number): boolean {
  if (Number.isNaN(c)) return false;
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f) return true;
  if (c < 0x80) return false;
  return /\p{L}/u.test(String.fromCharCode(c));
}
