/**
 * Contacts from an HTTP search: GET the search URL with `{query}` filled in (the screen pop's
 * template rules: only the path and query hold the typed text, percent-encoded), and read a JSON
 * array of {"name", "number"} (or an object holding one as `contacts`). Like the caller lookup it never
 * holds the agent back: a timeout, a bounded body, and junk answered with a notice, never a throw.
 */
import type { Contact, ContactSearchResult } from '../../shared/contacts.ts';
import { isContactsSearchUrl, MAX_CONTACT_RESULTS } from '../../shared/contacts.ts';
import { phrase, refused, type Phrase } from '../../shared/phrases/index.ts';
import type { FetchLike } from '../screenpop/lookup.ts';
import { readLimited, whyFailed } from '../screenpop/lookup.ts';
import type { CompileResult } from '../screenpop/template.ts';
import { compileTemplate, render } from '../screenpop/template.ts';
import { toContact, type ContactSource } from './source.ts';

export const DEFAULT_SEARCH_TIMEOUT_MS = 2000;
export const DEFAULT_SEARCH_MAX_BYTES = 256 * 1024;
/** Entries read from one answer; the rest are not looked at. */
const MAX_ENTRIES = 500;

export interface HttpSearchOptions {
  /** e.g. `https://crm.example.com/api/contacts?q={query}`. */
  url: string;
  timeoutMs?: number;
  maxBytes?: number;
  /** Default the global fetch. */
  fetch?: FetchLike;
}

/** The search URL as a template: `{query}` only, https (http only to this machine). */
export function compileSearchUrl(url: string): CompileResult {
  if (!isContactsSearchUrl(url)) return refused('contacts.reason.url');
  return compileTemplate(url, { placeholders: ['query'], allowedSchemes: ['https', 'http'] });
}

export function httpContactSource(options: HttpSearchOptions): ContactSource {
  const compiled = compileSearchUrl(options.url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_SEARCH_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_SEARCH_MAX_BYTES;
  const doFetch: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const none = (notice: Phrase | null): ContactSearchResult => ({ contacts: [], notice });

  return {
    async search(query, signal) {
      if (!compiled.ok) return none(phrase('contacts.http.url', { why: compiled.phrase }));
      const blank = { id: '', channel: null, direction: 'outbound' as const, state: 'dialing' as const, remote: { number: '', name: '' } };
      const call = { ...blank, queue: null, vars: {}, recording: 'off' as const, startedAt: 0, answeredAt: null };
      const rendered = render(compiled.template, call, { query });
      if (!rendered.ok) return none(phrase('contacts.http.url', { why: rendered.phrase }));

      const controller = new AbortController();
      const abort = () => controller.abort();
      signal.addEventListener('abort', abort);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      try {
        const response = await doFetch(rendered.url, {
          signal: controller.signal,
          headers: { accept: 'application/json' },
          redirect: 'follow',
        });
        if (!response.ok || !response.body) {
          await response.body?.cancel().catch(() => undefined);
          return none(phrase('contacts.http.status', { status: response.status }));
        }
        const text = await readLimited(response.body, maxBytes);
        if (text === null) return none(phrase('contacts.http.too-long', { max: maxBytes }));
        return contactsOf(text);
      } catch (error) {
        if (signal.aborted) return none(null);
        if (timedOut) return none(phrase('contacts.http.timeout', { ms: timeoutMs }));
        return none(phrase('contacts.http.failed', { why: whyFailed(error) }));
      } finally {
        clearTimeout(timer);
        signal.removeEventListener('abort', abort);
      }
    },
  };
}

/** The answer's contacts, or a notice when it is not JSON or not a list of them. */
function contactsOf(text: string): ContactSearchResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { contacts: [], notice: phrase('contacts.http.not-json') };
  }
  const list = Array.isArray(parsed) ? parsed : isObject(parsed) && Array.isArray(parsed['contacts']) ? parsed['contacts'] : null;
  if (!list) return { contacts: [], notice: phrase('contacts.http.shape') };
  const contacts: Contact[] = [];
  for (const entry of list.slice(0, MAX_ENTRIES)) {
    const contact = isObject(entry) ? toContact(entry['name'], entry['number'], 'http') : null;
    if (contact) contacts.push(contact);
    if (contacts.length >= MAX_CONTACT_RESULTS) break;
  }
  // Entries there were, and none a contact: the CRM answers something else than this search expects.
  if (contacts.length === 0 && list.length > 0) return { contacts: [], notice: phrase('contacts.http.shape') };
  return { contacts, notice: null };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
