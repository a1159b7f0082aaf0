/**
 * Issue 22 item 6: what agents paste into the dialer. 00 and 011 prefixes from any desk, and the
 * number inside text found as the hotkey finds it in a selection (one extraction, extractNumber).
 */
import { describe, expect, it } from 'vitest';
import { dialPreview } from '../../../electron/core/actions/agent-verbs.ts';
import { normalizeNumber, type DialRules } from '../../../electron/core/dialing/normalize.ts';
import { deskCountryOf } from '../../../electron/core/dialing/region.ts';

const US: DialRules = { defaultCountry: 'US' };
const ES: DialRules = { defaultCountry: 'ES' };

describe('00 and 011 from any desk', () => {
  it.each([
    ['0034912345678', US, '01134912345678'],
    ['00 44 20 7946 0958', US, '011442079460958'],
    ['01134912345678', ES, '912345678'],
    ['011 1 415 555 0123', ES, '0014155550123'],
    // A national number the desk's country knows stays national (Buenos Aires is 011 in Argentina).
    ['01112345678', { defaultCountry: 'AR' }, '01112345678'],
  ] as const)('%s (desk %o) dials %s', (input, rules, dialString) => {
    expect(normalizeNumber(input, rules)).toMatchObject({ ok: true, dialString });
  });
});

describe('a number inside pasted text', () => {
  it('is found and dialled; the preview keeps the text the agent pasted', () => {
    const preview = dialPreview('Call me at (555) 010-9000 after 3pm, thanks!', US);
    expect(preview).toMatchObject({
      ok: true,
      input: 'Call me at (555) 010-9000 after 3pm, thanks!',
      found: '(555) 010-9000',
      dialString: '5550109000',
      country: 'US',
    });
    expect(dialPreview('call 1002 please', ES)).toMatchObject({ ok: true, dialString: '1002', found: '1002' });
  });

  it('is refused for what is wrong with the number found, not for the letters around it', () => {
    expect(dialPreview('call me at 555-0147', US)).toMatchObject({
      ok: false,
      found: '555-0147',
      errorPhrase: { code: 'dial.input.impossible' },
    });
    // Text with control characters is refused as it is: no number is taken out of an injection attempt.
    expect(dialPreview('1002\r\nAction: Hangup', US)).toMatchObject({ ok: false, errorPhrase: { code: 'dial.input.control' } });
    expect(dialPreview(`call 1002 ${'x'.repeat(1000)}`, US)).toMatchObject({ ok: false, errorPhrase: { code: 'dial.input.too-long' } });
    // Letters inside the number itself are still refused as letters.
    expect(dialPreview('1-800-FLOWERS', US)).toMatchObject({ ok: false, errorPhrase: { code: 'dial.input.letters' } });
  });
});

describe('the desk country from the OS', () => {
  it('is the first locale with a region numbering knows, never a language alone', () => {
    expect(deskCountryOf(['en-GB'])).toBe('GB');
    expect(deskCountryOf(['es', 'es-419', 'es-MX'])).toBe('MX');
    expect(deskCountryOf(['es_ES.UTF-8'])).toBe('ES');
    expect(deskCountryOf(['en', '', 'not a locale'])).toBeNull();
  });
});
