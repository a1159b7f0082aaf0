import { describe, expect, it } from 'vitest';
import { normalizeNumber } from '../../../electron/core/dialing/normalize.ts';
import { parseSettings } from '../../../electron/core/settings/schema.ts';

describe('dialing rules that cannot make a dial string', () => {
  it('refuses an outbound prefix with E.164 numbers in words, instead of building 9+34...', () => {
    for (const rules of [
      { defaultCountry: 'ES', outboundPrefix: '9', domesticFormat: 'e164' as const },
      { defaultCountry: 'ES', outboundPrefix: '0', internationalFormat: 'e164' as const },
    ]) {
      const plan = normalizeNumber('+34 912 34 56 78', rules);
      expect(plan.ok).toBe(false);
      expect(plan.error).toMatch(/outbound prefix with E\.164/);
    }
    expect(normalizeNumber('+34 912 34 56 78', { defaultCountry: 'ES', domesticFormat: 'e164' }).dialString).toBe('+34912345678');
  });

  it('the settings refuse that combination when they are saved', () => {
    const result = parseSettings({ dialing: { defaultCountry: 'ES', outboundPrefix: '9', domesticFormat: 'e164' } });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toMatch(/dialing\.outboundPrefix: an outbound prefix cannot be combined with E\.164/);
  });

  it('does not read separators alone as a feature code', () => {
    for (const input of ['/.*/', '*', '#', '(*)', '-#-']) {
      expect(normalizeNumber(input, { defaultCountry: 'US' })).toMatchObject({ ok: false, error: expect.stringMatching(/no digits/) });
    }
    expect(normalizeNumber('*72', { defaultCountry: 'US' })).toMatchObject({ ok: true, dialString: '*72' });
  });
});
