/**
 * The contacts search as a component uses it (the dialer, the command palette, the transfer picker):
 *
 *   const search = new ContactSearch(companion.bridge);
 *   search.query = text;      // as the agent types; asked after a short pause, only the latest answer kept
 *   search.contacts;          // Contact[] ({name, number, source}) for that text, [] while none
 *   search.notice;            // one Phrase saying why results are missing (source down, slow, junk), or null
 *
 * Names are plain text: show them with {name} in a template, never {@html}. A number is dialled or
 * transferred as typed text is (bridge.dial / bridge.transfer normalise it). Without a contacts source
 * in the settings, or on a shell without the search, it stays empty and silent.
 */
import type { Contact, ContactSearchResult } from '@shared/contacts.ts';
import { MIN_CONTACT_QUERY } from '@shared/contacts.ts';
import type { Phrase } from '@shared/phrases/index.ts';
import { has, type RendererBridge } from './bridge.ts';

/** Typing pauses this long before the sources are asked (the core also aborts a query that a newer one overtakes). */
export const CONTACT_SEARCH_DELAY_MS = 150;

/** One search, once: empty (no notice) on a shell without the search or when the bridge fails. */
export async function searchContacts(bridge: RendererBridge, query: string): Promise<ContactSearchResult> {
  const text = query.trim();
  if (text.length < MIN_CONTACT_QUERY || !has(bridge, 'searchContacts')) return { contacts: [], notice: null };
  return bridge.searchContacts(text).catch(() => ({ contacts: [], notice: null }));
}

export class ContactSearch {
  contacts = $state.raw<Contact[]>([]);
  notice = $state.raw<Phrase | null>(null);
  #query = '';
  #asked = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #bridge: RendererBridge;

  constructor(bridge: RendererBridge) {
    this.#bridge = bridge;
  }

  get query(): string {
    return this.#query;
  }

  /** Asks again after CONTACT_SEARCH_DELAY_MS; a text too short to search clears the results and the notice at once. */
  set query(text: string) {
    const query = text.trim();
    if (query === this.#query) return;
    this.#query = query;
    const mine = ++this.#asked;
    clearTimeout(this.#timer);
    if (query.length < MIN_CONTACT_QUERY) {
      this.contacts = [];
      this.notice = null;
      return;
    }
    this.#timer = setTimeout(() => {
      void searchContacts(this.#bridge, query).then((answer) => {
        if (mine !== this.#asked) return;
        this.contacts = answer.contacts;
        // The last word on the sources stays until the next answer: one notice, not one per keystroke.
        this.notice = answer.notice;
      });
    }, CONTACT_SEARCH_DELAY_MS);
  }
}
