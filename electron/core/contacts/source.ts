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

/** Every word of the query is in the name (any case, any accent), or its digits are in the number. */
export function matches(contact: Contact, query: string): boolean {
  const name = fold(contact.name);
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length > 0 && words.every((word) => name.includes(word))) return true;
  const digits = query.replace(/\D/g, '');
  return digits.length >= 2 && /^[\d\s+().-]+$/.test(query.trim()) && contact.number.replace(/\D/g, '').includes(digits);
}

/** Lower case without accents, so "garcia" finds "García". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
