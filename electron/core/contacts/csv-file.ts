/**
 * Contacts from a CSV file: read when first searched and again whenever the file changes (its size or
 * time), searched in memory. Bounded: a file over MAX_CSV_BYTES is not read, rows past MAX_CSV_ROWS
 * are not kept. RFC 4180 quoting (quoted separators, "" for a quote, line breaks inside quotes), a
 * UTF-8 (with or without a BOM) or Windows-1252, comma, semicolon (a Spanish Excel's) or tab. Junk rows
 * are skipped and counted.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Contact } from '../../shared/contacts.ts';
import { MAX_CONTACT_RESULTS } from '../../shared/contacts.ts';
import { phrase, type Phrase } from '../../shared/phrases/index.ts';
import { fileProblem } from '../settings/user-file.ts';
import { fold, matcher, searchKey, toContact, type ContactSource, type SearchKey } from './source.ts';

export const MAX_CSV_BYTES = 5 * 1024 * 1024;
export const MAX_CSV_ROWS = 20_000;

/** Header names, folded, for each column: the first row is a header when it names both. */
const NAME_HEADERS = new Set(['name', 'full name', 'contact', 'nombre', 'contacto']);
const NUMBER_HEADERS = new Set(['number', 'phone', 'telephone', 'tel', 'mobile', 'numero', 'telefono', 'movil']);

export interface ParsedContacts {
  contacts: Contact[];
  /** Rows with no name, or no number with digits (empty lines are not counted). */
  skipped: number;
  /** True when rows past MAX_CSV_ROWS were left out. */
  truncated: boolean;
}

export function parseContactsCsv(text: string, maxRows = MAX_CSV_ROWS): ParsedContacts {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows = csvRows(body, separatorOf(body));
  let nameAt = 0;
  let numberAt = 1;
  const header = rows[0]?.map((cell) => fold(cell.trim()));
  if (header && header.some((cell) => NAME_HEADERS.has(cell)) && header.some((cell) => NUMBER_HEADERS.has(cell))) {
    nameAt = header.findIndex((cell) => NAME_HEADERS.has(cell));
    numberAt = header.findIndex((cell) => NUMBER_HEADERS.has(cell));
    rows.shift();
  }
  const contacts: Contact[] = [];
  let skipped = 0;
  let truncated = false;
  for (const row of rows) {
    if (row.every((cell) => cell.trim() === '')) continue;
    if (contacts.length + skipped >= maxRows) {
      truncated = true;
      break;
    }
    const contact = toContact(row[nameAt] ?? '', row[numberAt] ?? '', 'csv');
    if (contact) contacts.push(contact);
    else skipped++;
  }
  return { contacts, skipped, truncated };
}

/** The separator the first line uses most, outside quotes. */
function separatorOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/)).replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((separator) => ({ separator, count: firstLine.split(separator).length }));
  return counts.reduce((best, next) => (next.count > best.count ? next : best)).separator;
}

/**
 * The rows of a CSV text; a quote left open runs to the end of the text (one junk row, not a crash).
 * Scans with indexOf and a regular expression, not a character at a time: a 5 MB file in well under a second.
 */
function csvRows(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  const delimiter = new RegExp(`[${separator === '\t' ? '\\t' : separator}\\r\\n]`, 'g');
  let row: string[] = [];
  let at = 0;
  while (at < text.length) {
    let cell = '';
    if (text[at] === '"') {
      // A quoted field: "" is a quote; separators and line breaks inside are text.
      let from = at + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote === -1) {
          cell += text.slice(from);
          from = text.length;
          break;
        }
        cell += text.slice(from, quote);
        if (text[quote + 1] !== '"') {
          from = quote + 1;
          break;
        }
        cell += '"';
        from = quote + 2;
      }
      at = from;
    }
    // An unquoted field, or what follows a closing quote up to the separator (kept, as spreadsheets do).
    delimiter.lastIndex = at;
    const found = delimiter.exec(text);
    const end = found ? found.index : text.length;
    cell += text.slice(at, end);
    row.push(cell);
    if (!found) break;
    at = end + 1;
    if (found[0] === separator) {
      if (at === text.length) row.push('');
      continue;
    }
    if (found[0] === '\r' && text[at] === '\n') at++;
    rows.push(row);
    row = [];
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

/** A source over the file at `file`: read again when it changes, and never throws. */
export function csvContactSource(file: string, limits: { maxBytes?: number; maxRows?: number } = {}): ContactSource {
  const maxBytes = limits.maxBytes ?? MAX_CSV_BYTES;
  let loaded: { size: number; mtimeMs: number; parsed: ParsedContacts; keys: SearchKey[] } | null = null;

  const load = async (): Promise<NonNullable<typeof loaded> | Phrase> => {
    let info;
    try {
      info = await stat(file);
    } catch (error) {
      return phrase('contacts.csv.unreadable', { why: fileProblem(error) });
    }
    if (info.size > maxBytes) return phrase('contacts.csv.too-big', { max: Math.ceil(maxBytes / 1024) });
    if (loaded && loaded.size === info.size && loaded.mtimeMs === info.mtimeMs) return loaded;
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      return phrase('contacts.csv.unreadable', { why: fileProblem(error) });
    }
    // The file may have grown since the stat: the limit holds for what was read too.
    if (bytes.byteLength > maxBytes) return phrase('contacts.csv.too-big', { max: Math.ceil(maxBytes / 1024) });
    const parsed = parseContactsCsv(decode(bytes), limits.maxRows);
    loaded = { size: info.size, mtimeMs: info.mtimeMs, parsed, keys: parsed.contacts.map(searchKey) };
    return loaded;
  };

  return {
    async search(query) {
      const file = await load();
      if ('code' in file) return { contacts: [], notice: file };
      const test = matcher(query);
      const found: Contact[] = [];
      for (let index = 0; index < file.keys.length && found.length < MAX_CONTACT_RESULTS; index++) {
        if (test(file.keys[index]!)) found.push(file.parsed.contacts[index]!);
      }
      return { contacts: found, notice: noticeOf(file.parsed, limits.maxRows ?? MAX_CSV_ROWS) };
    },
  };
}

/** UTF-8, or else Windows-1252: what Excel writes when "CSV (comma delimited)" is chosen over "CSV UTF-8". */
function decode(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function noticeOf(parsed: ParsedContacts, maxRows: number): Phrase | null {
  if (parsed.truncated) return phrase('contacts.csv.too-many-rows', { max: maxRows });
  if (parsed.skipped > 0) return phrase('contacts.csv.skipped', { count: parsed.skipped });
  return null;
}
