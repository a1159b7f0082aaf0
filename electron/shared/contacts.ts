/**
 * The contacts directory's contract (electron/core/contacts): what a search answers, and the rule the
 * settings apply to the search URL before the core compiles it as a template. Safe for the renderer.
 */
import { CONTROL_CHARACTERS } from './control-characters.ts';
import { isLoopbackHost } from './network.ts';
import type { Phrase } from './phrases/index.ts';

/** One person or place the agent may call: `name` is plain text (shown as text, never HTML). */
export interface Contact {
  name: string;
  /** As the source wrote it: dial() normalises it as it does a typed number. */
  number: string;
  source: 'csv' | 'http';
}

export interface ContactSearchResult {
  /** Best first, at most MAX_CONTACT_RESULTS. */
  contacts: Contact[];
  /** Why some or all results are missing (a source down, slow, junk, rows skipped); null when all went well. */
  notice: Phrase | null;
}

export const MAX_CONTACT_RESULTS = 20;
/** The longest query a search takes (the IPC contract refuses longer ones). */
export const MAX_CONTACT_QUERY = 100;
/** Shorter queries find nothing: one letter would list half the file and ask the CRM about every keystroke. */
export const MIN_CONTACT_QUERY = 2;

/** A full path on Linux, macOS or Windows (`C:\...`, `\\server\share`): a relative one would depend on where the app started. */
export function isFullPath(value: string): boolean {
  return /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(value) && !CONTROL_CHARACTERS.test(value);
}

/**
 * True when `value` may be the search URL: https (http only to this machine), no user name or password,
 * no control characters, and a `{query}` in it. The core then checks it as a template (screenpop/template.ts).
 */
export function isContactsSearchUrl(value: string): boolean {
  if (CONTROL_CHARACTERS.test(value) || !value.includes('{query}')) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}
