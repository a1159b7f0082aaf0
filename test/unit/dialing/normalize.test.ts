import { describe, expect, it } from 'vitest';
import { normalizeNumber } from '../../../electron/core/dialing/normalize.ts';
import type { DialRules } from '../../../electron/core/dialing/normalize.ts';

// Each row: what the agent typed, the desk's rules, the dial string the PBX must receive, the E.164.
type Row = [input: string, rules: DialRules, dialString: string, e164: string | undefined];

const US: DialRules = { defaultCountry: 'US', outboundPrefix: '9' };
const US_1PLUS: DialRules = { defaultCountry: 'US', outboundPrefix: '9', nationalTrunkPrefix: '1' };
const UK: DialRules = { defaultCountry: 'GB', outboundPrefix: '9' };
const ES: DialRules = { defaultCountry: 'ES', outboundPrefix: '0' };
const ES_E164: DialRules = { defaultCountry: 'ES', domesticFormat: 'e164', internationalFormat: 'e164' };
const MX: DialRules = { defaultCountry: 'MX', outboundPrefix: '' };
const EC: DialRules = { defaultCountry: 'EC', outboundPrefix: '9' };
const CO: DialRules = { defaultCountry: 'CO', outboundPrefix: '9', internationalPrefix: '009' };
const AR: DialRules = { defaultCountry: 'AR', outboundPrefix: '0' };

const table: Row[] = [
  // United States: 10 digits, or 1+10 when the PBX wants the trunk prefix; 011 abroad.
  ['(415) 555-0123', US, '94155550123', '+14155550123'],
  ['415.555.0123', US, '94155550123', '+14155550123'],
  ['+1 415 555 0123', US, '94155550123', '+14155550123'],
  ['1-415-555-0123', US, '94155550123', '+14155550123'],
  ['(415) 555-0123', US_1PLUS, '914155550123', '+14155550123'],
  ['+1 800 356 9377', US_1PLUS, '918003569377', '+18003569377'],
  ['+44 20 7946 0958', US, '9011442079460958', '+442079460958'],
  ['011 44 20 7946 0958', US, '9011442079460958', '+442079460958'],
  ['+34 912 34 56 78', US, '901134912345678', '+34912345678'],
  // United Kingdom: trunk 0 kept for domestic numbers, 00 abroad, (0) after +44 dropped.
  ['020 7946 0958', UK, '902079460958', '+442079460958'],
  ['+44 (0)20 7946 0958', UK, '902079460958', '+442079460958'],
  ['07911 123456', UK, '907911123456', '+447911123456'],
  ['+44 7911 123456', UK, '907911123456', '+447911123456'],
  ['+1 415 555 0123', UK, '90014155550123', '+14155550123'],
  ['00 34 912 345 678', UK, '90034912345678', '+34912345678'],
  // Spain: no trunk prefix, 9 digits, outbound 0, 00 abroad.
  ['912 34 56 78', ES, '0912345678', '+34912345678'],
  ['612-345-678', ES, '0612345678', '+34612345678'],
  ['+34 612 345 678', ES, '0612345678', '+34612345678'],
  ['0034 612 345 678', ES, '0612345678', '+34612345678'],
  ['+1 (415) 555-0123', ES, '00014155550123', '+14155550123'],
  ['+52 55 1234 5678', ES, '000525512345678', '+525512345678'],
  ['912 34 56 78', ES_E164, '+34912345678', '+34912345678'],
  ['+593 99 123 4567', ES_E164, '+593991234567', '+593991234567'],
  // Mexico: 10 digits since 2019-2020; the mobile 1 after +52 and the 01/044/045 prefixes are dropped.
  ['55 1234 5678', MX, '5512345678', '+525512345678'],
  ['+52 55 1234 5678', MX, '5512345678', '+525512345678'],
  ['+52 1 55 1234 5678', MX, '5512345678', '+525512345678'],
  ['044 55 1234 5678', MX, '5512345678', '+525512345678'],
  ['045 33 1234 5678', MX, '3312345678', '+523312345678'],
  ['01 55 1234 5678', MX, '5512345678', '+525512345678'],
  ['+52 1 55 1234 5678', ES, '000525512345678', '+525512345678'],
  ['+1 415 555 0123', MX, '0014155550123', '+14155550123'],
  // Ecuador: trunk 0 (02 Quito, 09 mobiles), outbound 9.
  ['02 234 5678', EC, '9022345678', '+59322345678'],
  ['(02) 234-5678', EC, '9022345678', '+59322345678'],
  ['099 123 4567', EC, '90991234567', '+593991234567'],
  ['+593 99 123 4567', EC, '90991234567', '+593991234567'],
  ['+34 912 345 678', EC, '90034912345678', '+34912345678'],
  // Colombia: 10 digits for every call since 2021 (601 Bogota, 3xx mobiles); carrier prefix 009 configured.
  ['601 234 5678', CO, '96012345678', '+576012345678'],
  ['300 123 4567', CO, '93001234567', '+573001234567'],
  ['+57 300 1234567', CO, '93001234567', '+573001234567'],
  ['+1 415 555 0123', CO, '900914155550123', '+14155550123'],
  // Argentina: mobiles are +54 9 area number; dialled at home as 0 area 15 number.
  ['+54 9 11 2345-6789', AR, '00111523456789', '+5491123456789'],
  ['011 15 2345-6789', AR, '00111523456789', '+5491123456789'],
  ['11 15 2345 6789', AR, '00111523456789', '+5491123456789'],
  ['+54 11 15 2345 6789', AR, '00111523456789', '+5491123456789'],
  ['011 2345-6789', AR, '001123456789', '+541123456789'],
  ['+54 11 2345 6789', AR, '001123456789', '+541123456789'],
  ['+54 9 11 2345 6789', ES, '0005491123456789', '+5491123456789'],
  ['+54 9 11 2345 6789', US, '90115491123456789', '+5491123456789'],
];

describe('normalizeNumber: public numbers per country', () => {
  it.each(table)('%s with %j -> %s', (input, rules, dialString, e164) => {
    const plan = normalizeNumber(input, rules);
    expect(plan.error).toBeUndefined();
    expect(plan).toMatchObject({ ok: true, input: input.trim(), dialString, e164 });
    expect(plan.display).toMatch(/^\+\d/);
  });

  it('marks domestic and international numbers', () => {
    expect(normalizeNumber('912345678', ES).kind).toBe('domestic');
    expect(normalizeNumber('+1 415 555 0123', ES).kind).toBe('international');
  });

  it('shows a friendly international form for the preview', () => {
    expect(normalizeNumber('912345678', ES).display).toBe('+34 912 34 56 78');
    expect(normalizeNumber('011 15 2345-6789', AR).display).toBe('+54 9 11 2345 6789');
  });

  it("uses the country's own international prefix when none is configured", () => {
    expect(normalizeNumber('+34 912 345 678', { defaultCountry: 'US' }).dialString).toBe('01134912345678');
    expect(normalizeNumber('+34 912 345 678', { defaultCountry: 'AU' }).dialString).toBe('001134912345678');
    // Colombia lists only a pattern of carriers' prefixes: 00 until the admin picks one.
    expect(normalizeNumber('+34 912 345 678', { defaultCountry: 'CO' }).dialString).toBe('0034912345678');
  });
});

describe('normalizeNumber: internal extensions and feature codes', () => {
  it.each([
    ['1001', ES, '1001'],
    ['100', US, '100'],
    [' 2002 ', UK, '2002'],
    ['10-01', ES, '1001'],
    ['*72', ES, '*72'],
    ['*98', US, '*98'],
    ['#1', US, '#1'],
    ['*21*600#', ES, '*21*600#'],
  ] as const)('%s passes unchanged as %s, without the outbound prefix', (input, rules, dialString) => {
    const plan = normalizeNumber(input, rules);
    expect(plan).toMatchObject({ ok: true, dialString });
    expect(plan.e164).toBeUndefined();
  });

  it('follows a configured extension pattern', () => {
    const rules: DialRules = { defaultCountry: 'ES', outboundPrefix: '0', internalPattern: '^7[0-9]{3}$' };
    expect(normalizeNumber('7001', rules)).toMatchObject({ ok: true, dialString: '7001', kind: 'internal' });
    expect(normalizeNumber('1001', rules)).toMatchObject({ ok: false });
  });

  it('a + number is never taken for an extension', () => {
    expect(normalizeNumber('+1001', ES).ok).toBe(false);
  });

  it('refuses feature codes when the settings say so', () => {
    expect(normalizeNumber('*72', { defaultCountry: 'ES', allowFeatureCodes: false })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/feature codes/i),
    });
  });
});

describe('normalizeNumber: refusals in words', () => {
  it.each([
    ['', /type a number/i],
    ['   ', /type a number/i],
    ['1-800-FLOWERS', /letters/i],
    ['+1 415 555 0123 ext. 45', /letters/i],
    ['call me', /letters/i],
    ['555 1234,,45', /pauses/i],
    ['5551234w45', /pauses/i],
    ['5551234;45', /pauses/i],
    ['+34 912 34 56 78\r\nAction: Hangup', /line break/i],
    ['912\u0000345678', /control character/i],
    ['1'.repeat(65), /too long/i],
    ['12345678', /not a phone number in Spain/],
    ['+34 1', /not a phone number/],
    ['$912345678', /not a phone number/],
    ['+*72', /cannot contain \* or #/],
  ])('%j is refused (%s)', (input, why) => {
    const plan = normalizeNumber(input, ES);
    expect(plan.ok).toBe(false);
    expect(plan.dialString).toBeUndefined();
    expect(plan.error).toMatch(why);
  });

  it('refuses broken settings in words', () => {
    expect(normalizeNumber('912345678', { defaultCountry: 'XX' }).error).toMatch(/unknown country/);
    expect(normalizeNumber('912345678', { defaultCountry: 'ES', outboundPrefix: '9a' }).error).toMatch(/outbound prefix/);
    expect(normalizeNumber('+1 415 555 0123', { defaultCountry: 'ES', internationalPrefix: '+' }).error).toMatch(/international prefix/);
    expect(normalizeNumber('1001', { defaultCountry: 'ES', internalPattern: '([' }).error).toMatch(/extension pattern/);
  });

  it('dials a possible number the metadata does not know, normalised, with a warning instead of a refusal', () => {
    // The demo's own caller, as an agent calls back from the history: a US number in the 555 range.
    expect(normalizeNumber('+15550109000', US)).toMatchObject({
      ok: true,
      dialString: '95550109000',
      e164: '+15550109000',
      display: '+1 555 010 9000',
    });
    expect(normalizeNumber('+15550109000', US).warning).toBe(
      '+1 555 010 9000 is not a known number: it may not exist. Check the digits before you call.',
    );
    expect(normalizeNumber('+1 555 010 9000', ES)).toMatchObject({ ok: true, dialString: '00015550109000', kind: 'international' });
    expect(normalizeNumber('+34 999 99 99 99', { defaultCountry: 'ES' })).toMatchObject({
      ok: true,
      dialString: '999999999',
      warning: '+34 999 99 99 99 is not a known number in Spain: it may not exist. Check the digits before you call.',
    });
    // Older settings files still carry allowUnverified: it changes nothing.
    expect(normalizeNumber('+34 999 99 99 99', { defaultCountry: 'ES', allowUnverified: true })).toEqual(
      normalizeNumber('+34 999 99 99 99', { defaultCountry: 'ES' }),
    );
    // A known number carries no warning.
    expect(normalizeNumber('+34 912 34 56 78', ES).warning).toBeUndefined();
  });

  it('still refuses what cannot be a number: impossible length, letters, control characters, too long', () => {
    for (const input of ['+1 555 010 90001234', '+1 555 CALL NOW', '+15550109000\r\nAction: Hangup', '+1'.padEnd(70, '5')]) {
      const plan = normalizeNumber(input, US);
      expect(plan.ok, input).toBe(false);
      expect(plan.dialString).toBeUndefined();
      expect(plan.warning).toBeUndefined();
    }
  });

  it('never throws on non-string input', () => {
    expect(normalizeNumber(undefined as unknown as string, ES).ok).toBe(false);
    expect(normalizeNumber(42 as unknown as string, ES).ok).toBe(false);
  });
});
