/**
 * The contacts HTTP search against a real HTTP server on loopback: a good answer, the wrapped form,
 * and every way a CRM lets the dialer down (slow, down, junk, oversized, a hostile name): no throw,
 * no contacts, one notice that says why. And the directory: a new query aborts the one before.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSearchUrl, httpContactSource } from '../../../electron/core/contacts/http-search.ts';
import { contactDirectoryFor, createContactDirectory } from '../../../electron/core/contacts/directory.ts';
import { compileTemplate } from '../../../electron/core/screenpop/template.ts';
import { english } from '../../../electron/shared/phrases/index.ts';
import { HOSTILE_NAME, startContactsServer, type ContactsServer } from '../../support/contacts-server.ts';
import { waitUntil } from '../../support/wait.ts';

let crm: ContactsServer;
const live = new AbortController().signal;

beforeAll(async () => {
  crm = await startContactsServer();
});
afterAll(() => crm.close());

const search = (path: string, query: string, timeoutMs = 2000) =>
  httpContactSource({ url: `${crm.base}${path}?q={query}`, timeoutMs }).search(query, live);

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

describe('the contacts HTTP search', () => {
  it('asks with the typed text percent-encoded and reads a JSON array of {name, number}', async () => {
    const answer = await search('/search', 'lu & cía');
    expect(crm.requests.at(-1)).toBe('/search?q=lu%20%26%20c%C3%ADa');
    expect(answer).toEqual({ contacts: [], notice: null });
    const found = await search('/search', 'Lu');
    expect(found.notice).toBeNull();
    expect(found.contacts).toEqual([
      { name: 'Lucía Fernández', number: '+34 912 345 678', source: 'http' },
      { name: 'Luis Ortega', number: '1002', source: 'http' },
    ]);
  });

  it('reads the same list wrapped as {"contacts": [...]}', async () => {
    const found = await search('/wrapped', 'ada');
    expect(found.contacts.map((c) => c.name)).toEqual(['Ada Lovelace']);
  });

  it('gives up on a slow search at its timeout, with a notice', async () => {
    const started = Date.now();
    const answer = await search('/slow', 'lu', 300);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(answer.contacts).toEqual([]);
    expect(english(answer.notice!)).toBe('The contacts search did not answer within 300 ms: no contacts from it.');
  });

  it('says so when the search is down (nothing listens)', async () => {
    const port = await closedPort();
    const answer = await httpContactSource({ url: `http://127.0.0.1:${port}/search?q={query}` }).search('lu', live);
    expect(answer.contacts).toEqual([]);
    expect(english(answer.notice!)).toMatch(/^The contacts search failed \(fetch failed: .*ECONNREFUSED.*\): no contacts from it\.$/);
  });

  it('ignores junk with one clear notice: HTML, JSON of another shape, an error status, an oversized answer', async () => {
    expect(english((await search('/html', 'lu')).notice!)).toBe('The contacts search did not answer JSON: its answer is ignored.');
    expect(english((await search('/shape', 'lu')).notice!)).toMatch(/did not answer a list of contacts/);
    expect(english((await search('/error', 'lu')).notice!)).toBe('The contacts search answered HTTP 500: no contacts from it.');
    const huge = await search('/huge', 'lu');
    expect(huge.contacts).toEqual([]);
    expect(english(huge.notice!)).toBe('The contacts search answered more than 262144 bytes: its answer is ignored.');
  });

  it('keeps a hostile name as plain text without control characters, and skips entries that are no contact', async () => {
    const answer = await search('/hostile', 'eve');
    expect(answer.notice).toBeNull();
    expect(answer.contacts).toEqual([
      { name: '<img src=x onerror="window.__owned=1">Eve [31m Evil', number: '+34 600 000 001', source: 'http' },
    ]);
    expect(answer.contacts[0]!.name).not.toBe(HOSTILE_NAME);
  });

  it('takes a search URL only with {query}, over https (http only to this machine), and nowhere but the path and query', () => {
    expect(compileSearchUrl('https://crm.example.com/api/contacts?q={query}').ok).toBe(true);
    expect(compileSearchUrl('http://127.0.0.1:8080/c?q={query}').ok).toBe(true);
    for (const bad of [
      'http://crm.example.com/c?q={query}',
      'https://crm.example.com/c?q=fixed',
      'https://user:pw@crm.example.com/c?q={query}',
      'https://{query}.example.com/c',
      'https://crm.example.com/c?q={query}&n={number}',
      'https://crm.example.com/c?q={query}\r\nX: y',
    ]) {
      expect(compileSearchUrl(bad).ok, bad).toBe(false);
    }
    // A screen pop's template knows no {query}.
    expect(compileTemplate('https://crm.example.com/c?q={query}')).toMatchObject({
      ok: false,
      phrase: { code: 'pop.template.unknown-placeholder' },
    });
  });
});

describe('the contacts directory', () => {
  it('aborts the query before when the agent types on: the CRM sees the connection close, the old answer is empty', async () => {
    const directory = contactDirectoryFor({ csvFile: '', searchUrl: `${crm.base}/slow?q={query}` }, { timeoutMs: 30_000 });
    const before = crm.aborted();
    const first = directory.search('lu');
    await waitUntil(() => crm.requests.at(-1) === '/slow?q=lu', 'the first query at the CRM');
    const second = directory.search('luc');
    expect(await first).toEqual({ contacts: [], notice: null });
    await waitUntil(() => crm.aborted() === before + 1, 'the first query aborted');
    await waitUntil(() => crm.requests.at(-1) === '/slow?q=luc', 'the second query at the CRM');
    void directory.search('x'); // too short to ask: aborts the second all the same
    expect(await second).toEqual({ contacts: [], notice: null });
  });

  it('refuses a query with control characters or too long, and asks nothing for less than two characters', async () => {
    const directory = contactDirectoryFor({ csvFile: '', searchUrl: `${crm.base}/search?q={query}` });
    const asked = crm.requests.length;
    expect(english((await directory.search('lu\r\ncía')).notice!)).toBe('A contacts search is at most 100 characters of plain text.');
    expect(english((await directory.search('l'.repeat(101))).notice!)).toMatch(/at most 100 characters/);
    expect(await directory.search(' l ')).toEqual({ contacts: [], notice: null });
    expect(crm.requests.length).toBe(asked);
  });

  it('answers nothing, and no notice, with no source set', async () => {
    expect(await createContactDirectory([]).search('lucia')).toEqual({ contacts: [], notice: null });
  });
});
