/**
 * Contacts from real CSV files on disk: the formats spreadsheets write (BOM, semicolons, quotes with
 * separators, quotes and line breaks inside), hostile rows (skipped and counted, names shown as text),
 * a huge file (bounded in size and rows), a missing one, and a file edited while the app runs.
 */
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvContactSource, MAX_CSV_ROWS, parseContactsCsv } from '../../../electron/core/contacts/csv-file.ts';
import { english } from '../../../electron/shared/phrases/index.ts';

let folder: string;
const live = new AbortController().signal;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'pbx-companion-contacts-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, content);
  return path;
}

describe('the contacts CSV file', () => {
  it('reads what Excel writes in Spanish: a BOM, semicolons, CRLF, quoted fields with separators, quotes and line breaks', async () => {
    const path = await file(
      'excel.csv',
      '\uFEFFNombre;Empresa;Teléfono\r\n' +
        'Lucía Fernández;"Acme; Sucursal ""Norte""";+34 912 345 678\r\n' +
        '"Ortega,\r\nLuis";;1002\r\n',
    );
    const answer = await csvContactSource(path).search('luc', live);
    expect(answer).toEqual({ contacts: [{ name: 'Lucía Fernández', number: '+34 912 345 678', source: 'csv' }], notice: null });
    // A line break inside a quoted name is shown as a space.
    expect((await csvContactSource(path).search('ortega luis', live)).contacts).toEqual([
      { name: 'Ortega, Luis', number: '1002', source: 'csv' },
    ]);
  });

  it('reads a file Excel saved as Windows-1252 rather than UTF-8', async () => {
    const path = await file('latin1.csv', Buffer.from('Nombre;Teléfono\r\nJosé Núñez;600 111 222\r\n', 'latin1'));
    expect((await csvContactSource(path).search('nunez', live)).contacts).toEqual([
      { name: 'José Núñez', number: '600 111 222', source: 'csv' },
    ]);
  });

  it('finds by any word of the name in any case and accent, or by digits of the number', async () => {
    const path = await file('plain.csv', 'name,number\nLucía Fernández,+34 912 345 678\nAda Lovelace,+1 555 010 9000\n');
    const source = csvContactSource(path);
    expect((await source.search('FERNANDEZ lu', live)).contacts.map((c) => c.name)).toEqual(['Lucía Fernández']);
    expect((await source.search('0109', live)).contacts.map((c) => c.name)).toEqual(['Ada Lovelace']);
    expect((await source.search('zoe', live)).contacts).toEqual([]);
  });

  it('reads quotes inside quotes, an empty last field and a last row without a line break', () => {
    expect(parseContactsCsv('name,number\n"Ada ""The Countess"" Lovelace",1\nNo Number,\nGrace,2')).toEqual({
      contacts: [
        { name: 'Ada "The Countess" Lovelace', number: '1', source: 'csv' },
        { name: 'Grace', number: '2', source: 'csv' },
      ],
      skipped: 1,
      truncated: false,
    });
  });

  it('reads name and number from the first two columns when there is no header', async () => {
    expect(parseContactsCsv('Ada Lovelace,+15550109000\nGrace Hopper,1234\n').contacts.map((c) => c.number)).toEqual([
      '+15550109000',
      '1234',
    ]);
  });

  it('skips and counts junk rows, keeps a hostile name as text without control characters', async () => {
    const path = await file(
      'hostile.csv',
      'name\tnumber\n' +
        '<script>alert(1)</script>Eve\u0007\u001b]0;owned\u0007\t+34 600 000 001\n' +
        '\tno name 123\n' +
        'No Number\tcall me\n' +
        `Too Long\t${'1'.repeat(65)}\n` +
        '\n' +
        '"Unclosed\t555\nNext Row\t556\n',
    );
    const answer = await csvContactSource(path).search('eve', live);
    expect(answer.contacts).toEqual([{ name: '<script>alert(1)</script>Eve ]0;owned', number: '+34 600 000 001', source: 'csv' }]);
    expect(english(answer.notice!)).toBe('4 rows of the contacts file were skipped (no name, or no number with digits).');
  });

  it('does not read a file over its size limit, and keeps no more than its row limit', async () => {
    const big = await file('big.csv', `name,number\n${'Someone,1234\n'.repeat(1000)}`);
    const tooBig = await csvContactSource(big, { maxBytes: 4096 }).search('someone', live);
    expect(tooBig.contacts).toEqual([]);
    expect(english(tooBig.notice!)).toBe('The contacts file is larger than 4 KB: no contacts are read from it.');

    const rows = Array.from({ length: MAX_CSV_ROWS + 5000 }, (_, i) => `Person ${i},+3491${String(i).padStart(7, '0')}`);
    const huge = await file('huge.csv', `name,number\n${rows.join('\n')}\nLast Person,999\n`);
    const started = performance.now();
    const answer = await csvContactSource(huge).search('person', live);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(answer.contacts).toHaveLength(20);
    expect(english(answer.notice!)).toBe(
      `The contacts file has more than ${MAX_CSV_ROWS} rows: only the first ${MAX_CSV_ROWS} are searched.`,
    );
    expect((await csvContactSource(huge).search('last', live)).contacts).toEqual([]);
  });

  it('says why when the file cannot be read, and reads it again once it changes', async () => {
    const path = join(folder, 'later.csv');
    const source = csvContactSource(path);
    const missing = await source.search('ada', live);
    expect(missing.contacts).toEqual([]);
    expect(english(missing.notice!)).toMatch(/^The contacts file cannot be read \(.+\): no contacts from it\.$/);
    await file('later.csv', 'name,number\nAda,1\n');
    expect((await source.search('ada', live)).contacts).toHaveLength(1);
    await file('later.csv', 'name,number\nAda Lovelace,1\nAda Byron,2\n');
    await utimes(path, new Date(), new Date(Date.now() + 5000));
    expect((await source.search('ada', live)).contacts).toHaveLength(2);
  });
});
