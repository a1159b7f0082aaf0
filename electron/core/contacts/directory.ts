/**
 * The contacts directory as the dialer and the palette search it: the sources the settings name
 * (a CSV file, an HTTP search, both or none), asked together; a new query aborts the one before
 * (the agent typed on), so a slow CRM never answers a stale question into the list.
 */
import type { Contact, ContactSearchResult } from '../../shared/contacts.ts';
import { MAX_CONTACT_QUERY, MAX_CONTACT_RESULTS, MIN_CONTACT_QUERY } from '../../shared/contacts.ts';
import { CONTROL_CHARACTERS } from '../../shared/control-characters.ts';
import { phrase } from '../../shared/phrases/index.ts';
import type { FetchLike } from '../screenpop/lookup.ts';
import { csvContactSource } from './csv-file.ts';
import { httpContactSource } from './http-search.ts';
import type { ContactSource } from './source.ts';

/** The settings' `contacts` section (electron/shared/settings.ts). */
export interface ContactsSettings {
  csvFile: string;
  searchUrl: string;
}

export interface ContactDirectory {
  search(query: string): Promise<ContactSearchResult>;
}

export function createContactDirectory(sources: readonly ContactSource[]): ContactDirectory {
  let previous: AbortController | null = null;
  return {
    async search(query) {
      previous?.abort();
      if (typeof query !== 'string' || query.length > MAX_CONTACT_QUERY || CONTROL_CHARACTERS.test(query)) {
        return { contacts: [], notice: phrase('contacts.query.bad', { max: MAX_CONTACT_QUERY }) };
      }
      const text = query.trim();
      if (text.length < MIN_CONTACT_QUERY || sources.length === 0) return { contacts: [], notice: null };
      const controller = new AbortController();
      previous = controller;
      const answers = await Promise.all(sources.map((source) => source.search(text, controller.signal)));
      if (controller.signal.aborted) return { contacts: [], notice: null };
      return {
        contacts: withoutRepeats(answers.flatMap((answer) => answer.contacts)).slice(0, MAX_CONTACT_RESULTS),
        // A source that gave nothing says why before one that gave less (a file with rows skipped).
        notice:
          (answers.find((answer) => answer.notice && answer.contacts.length === 0) ?? answers.find((answer) => answer.notice))?.notice ??
          null,
      };
    },
  };
}

/** The sources the settings name; none when both are empty. */
export function contactDirectoryFor(settings: ContactsSettings, options: { fetch?: FetchLike; timeoutMs?: number } = {}): ContactDirectory {
  const sources: ContactSource[] = [];
  if (settings.csvFile.trim() !== '') sources.push(csvContactSource(settings.csvFile.trim()));
  if (settings.searchUrl.trim() !== '') sources.push(httpContactSource({ url: settings.searchUrl.trim(), ...options }));
  return createContactDirectory(sources);
}

/** A directory that follows the saved settings: built again when the `contacts` section changes. */
export function followingDirectory(
  settings: () => ContactsSettings,
  options: { fetch?: FetchLike; timeoutMs?: number } = {},
): ContactDirectory {
  let built: { key: string; directory: ContactDirectory } | null = null;
  return {
    search(query) {
      const { csvFile, searchUrl } = settings();
      const key = JSON.stringify([csvFile, searchUrl]);
      if (built?.key !== key) built = { key, directory: contactDirectoryFor({ csvFile, searchUrl }, options) };
      return built.directory.search(query);
    },
  };
}

/** The same person from both sources (same name, same digits) shows once. */
function withoutRepeats(contacts: Contact[]): Contact[] {
  const seen = new Set<string>();
  return contacts.filter((contact) => {
    const key = `${contact.name.toLowerCase()}|${contact.number.replace(/\D/g, '')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
