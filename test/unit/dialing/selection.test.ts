import { describe, expect, it } from 'vitest';
import { extractNumber } from '../../../electron/core/dialing/selection.ts';

describe('extractNumber: the first phone number in the selected text', () => {
  it.each([
    ['+34 912 34 56 78', '+34912345678'],
    ['Call me at +34 912 34 56 78 tomorrow', '+34912345678'],
    ['Order A12345 shipped; phone (415) 555-0123.', '4155550123'],
    ['Price $1,234.56: call 1001 for help', '1001'],
    ['Meeting 2024-01-15 at 10:30, dial +44 (0)20 7946 0958', '+442079460958'],
    ['Reunión el 15/01/2024, llamar al 612 345 678', '612345678'],
    ['server 192.168.1.10, ask ext 2002', '2002'],
    ['Tel.: 612\u00a0345\u00a0678 / Fax: 912 000 000', '612345678'],
    ['Móvil: +54 9 11 2345-6789 (Buenos Aires)', '+5491123456789'],
    ['Phone:\t415.555.0123\nEmail: a@b.example', '4155550123'],
    ['v2.3.1 build 7 then 555\u20110100', '5550100'],
    ['version 2.3.1, call 555.0100', '5550100'],
    ['Customer ID C-1042, phone 099 123 4567', '0991234567'],
  ])('%j -> %s', (text, number) => {
    expect(extractNumber(text)).toMatchObject({ ok: true, number });
  });

  it('says where the number was found, for highlighting', () => {
    const text = 'Llamar a +34 912 34 56 78 hoy';
    const result = extractNumber(text);
    expect(result).toEqual({ ok: true, number: '+34912345678', text: '+34 912 34 56 78', index: 9 });
  });

  it.each([
    ['', /empty/],
    ['   \n\t ', /empty/],
    ['no numbers here', /No phone number/],
    ['v2.3.1 and 10:30 and 1,5 kg', /No phone number/],
    ['Invoice INV-2024-0001 and SKU AB12345', /No phone number/],
    ['IBAN ES9121000418450200051332', /No phone number/],
    ['ref 123456789012345678901234567890', /No phone number/],
    // A version written without its v: 231 would ring an internal extension.
    ['order A12345, version 2.3.1', /No phone number/],
    ['upgrade to 1.10.2 today', /No phone number/],
  ])('%j -> %s', (text, why) => {
    const result = extractNumber(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(why);
  });

  it('finds a number at the end of a 50 KB selection', () => {
    const text = 'lorem ipsum dolor sit amet '.repeat(1900) + ' +1 415 555 0123';
    expect(text.length).toBeGreaterThan(50_000);
    expect(extractNumber(text)).toMatchObject({ ok: true, number: '+14155550123' });
  });

  it('reads only the first maxChars and says so', () => {
    const text = 'x'.repeat(5000) + ' 612 345 678';
    expect(extractNumber(text, { maxChars: 4096 })).toEqual({
      ok: false,
      error: 'No phone number in the selection (read the first 4 KB).',
      phrase: { code: 'dial.input.no-number-in-first', params: { kb: 4 } },
    });
    expect(extractNumber(text, { maxChars: 8192 })).toMatchObject({ ok: true, number: '612345678' });
  });

  it('a long digit string is not restarted in its middle', () => {
    expect(extractNumber('1'.repeat(60) + ' then 612 345 678')).toMatchObject({ ok: true, number: '612345678' });
    expect(extractNumber('1-'.repeat(30000)).ok).toBe(false);
  });

  it('honours minDigits', () => {
    expect(extractNumber('ext 42', { minDigits: 2 })).toMatchObject({ ok: true, number: '42' });
    expect(extractNumber('ext 42').ok).toBe(false);
  });

  it('never throws on random text, and whatever it returns is + and digits', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const alphabet = '0123456789 +-.()/:,abcXYZéñ\u00a0\n';
    for (let n = 0; n < 2000; n++) {
      let s = '';
      const len = Math.floor(next() * 80);
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(next() * alphabet.length)];
      const result = extractNumber(s);
      if (result.ok) {
        expect(result.number).toMatch(/^\+?[0-9]{3,20}$/);
        expect(s.slice(result.index, result.index + result.text.length)).toBe(result.text);
      }
    }
  });
});
