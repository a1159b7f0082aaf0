/**
 * One contacts source (a CSV file, an HTTP search): what it is asked and what it answers, and the
 * rules every source keeps for an entry (names as plain text, numbers with digits, bounded lengths).
 */
import type { Contact, ContactSearchResult } from '../../shared/contacts.ts';
import { printable } from '../../shared/control-characters.ts';
import { MAX_INPUT_LENGTH } from '../dialing/normalize.ts';

export interface ContactSource {
  /** Never throws: a source that fails answers no contacts and a notice that says why. `signal` aborts it (a newer query came). */
  search(query: string, signal: AbortSignal): Promise<ContactSearchResult>;
}

/** A longer name is not a person's; cut, not refused. */
export const MAX_NAME_LENGTH = 120;

/**
 * An entry as a Contact, or null for junk: no name, or a number with no digit or longer than the dialer
 * takes. Control characters become spaces (a name reaches the popover, the palette and the logs).
 */
export function toContact(name: unknown, number: unknown, source: Contact['source']): Contact | null {
  if (typeof name !== 'string' || (typeof number !== 'string' && typeof number !== 'number')) return null;
  const shownName = printable(name).trim().slice(0, MAX_NAME_LENGTH);
  const shownNumber = printable(String(number)).trim();
  if (shownName === '' || !/\d/.test(shownNumber) || shownNumber.length > MAX_INPUT_LENGTH) return null;
  return { name: shownName, number: shownNumber, source };
}

/** A contact as a search compares it: computed once per contact, not once per keystroke. */
export interface SearchKey {
  /** The name folded (fold()). */
  name: string;
  /** The number's digits. */
  digits: string;
}

export function searchKey(contact: Contact): SearchKey {
  return { name: fold(contact.name), digits: contact.number.replace(/\D/g, '') };
}

/** What the agent typed as a test: every word in the name (any case, any accent), or its digits in the number. */
export function matcher(query: string): (key: SearchKey) => boolean {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const digits = query.replace(/\D/g, '');
  const byNumber = digits.length >= 2 && /^[\d\s+().-]+$/.test(query.trim());
  return (key) => (words.length > 0 && words.every((word) => key.name.includes(word))) || (byNumber && key.digits.includes(digits));
}

/** Lower case without accents, so "garcia" finds "García". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
