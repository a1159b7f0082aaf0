import { describe, expect, it } from 'vitest';
import { parseDialLink, MAX_LINK_LENGTH } from '../../../electron/core/dialing/links.ts';
import { normalizeNumber } from '../../../electron/core/dialing/normalize.ts';

describe('parseDialLink: RFC 3966 tel: URIs', () => {
  // The examples of RFC 3966 section 6, and the forms of section 5.
  it.each([
    ['tel:+1-201-555-0123', { number: '+12015550123', global: true }],
    ['tel:7042;phone-context=example.com', { number: '7042', global: false, phoneContext: 'example.com' }],
    ['tel:863-1234;phone-context=+1-914-555', { number: '+19145558631234', global: true }],
    ['tel:+1-201-555-0123;ext=1234', { number: '+12015550123', extension: '1234' }],
    ['tel:+1-201-555-0123;isub=1411', { number: '+12015550123', isdnSubaddress: '1411' }],
    ['tel:+1(201)555.0123', { number: '+12015550123' }],
    ['tel:+358-555-1234567;postd=pp22', { number: '+3585551234567' }],
    ['TEL:+34-912-345-678', { number: '+34912345678' }],
    ['tel:%2B34%20912%2034%2056%2078', { number: '+34912345678' }],
    ['tel:+44%20(0)20%207946%200958', { number: '+442079460958' }],
    ['tel:*72', { number: '*72', global: false }],
    ['tel:1001', { number: '1001', global: false }],
    ['tel:+1-201-555-0123;EXT=12', { extension: '12' }],
    ['  tel:+12015550123  ', { number: '+12015550123' }],
  ])('%s', (link, expected) => {
    expect(parseDialLink(link)).toMatchObject({ ok: true, scheme: 'tel', ...expected });
  });
});

describe('parseDialLink: sip:, sips: and callto:', () => {
  it.each([
    ['sip:+15550100@pbx.example.com;user=phone', { scheme: 'sip', number: '+15550100', host: 'pbx.example.com' }],
    ['sip:1001@PBX.example.com', { scheme: 'sip', number: '1001', host: 'pbx.example.com' }],
    ['sips:1001@10.0.0.5:5061;transport=tls', { scheme: 'sips', number: '1001', host: '10.0.0.5' }],
    ['sip:1001:secret@10.0.0.5', { scheme: 'sip', number: '1001', host: '10.0.0.5' }],
    ['sip:1001@[::1]:5060', { scheme: 'sip', number: '1001', host: '[::1]' }],
    ['sip:863-1234;phone-context=+1-914-555@gw.example.com;user=phone', { number: '+19145558631234', host: 'gw.example.com' }],
    ['callto:+15550100', { scheme: 'callto', number: '+15550100', global: true }],
    ['callto://+15550100', { scheme: 'callto', number: '+15550100' }],
    ['callto://+1 555 0100/', { scheme: 'callto', number: '+15550100' }],
    ['callto:1001', { scheme: 'callto', number: '1001', global: false }],
  ])('%s', (link, expected) => {
    expect(parseDialLink(link)).toMatchObject({ ok: true, ...expected });
  });

  it('a sip: link whose user is a name is refused', () => {
    expect(parseDialLink('sip:alice@example.com')).toEqual({
      ok: false,
      error: expect.stringMatching(/names a person/),
      phrase: { code: 'dial.input.link.names-someone', params: { scheme: 'sip' } },
    });
    expect(parseDialLink('callto:alice.smith')).toEqual({
      ok: false,
      error: expect.stringMatching(/names a person/),
      phrase: { code: 'dial.input.link.names-someone', params: { scheme: 'callto' } },
    });
  });

  it('a sip: link without a user or a host is refused', () => {
    expect(parseDialLink('sip:pbx.example.com')).toMatchObject({ ok: false, error: expect.stringMatching(/no number before "@"/) });
    expect(parseDialLink('sip:1001@')).toMatchObject({ ok: false, error: expect.stringMatching(/no valid host/) });
    expect(parseDialLink('sip:1001@bad_host!')).toMatchObject({ ok: false });
  });
});

describe('parseDialLink: hostile links never reach AMI', () => {
  it.each([
    ['tel:+15550100\r\nAction: Originate', /line break/],
    ['tel:+15550100\nAction: Hangup', /line break/],
    ['tel:+15550100%0d%0aAction:%20Originate%0d%0aChannel:%20PJSIP/1002', /encoded line break/],
    ['tel:+15550100%0AAction:%20Hangup', /encoded line break/],
    ['tel:+15550100;ext=1%0d%0aAction:%20Hangup', /encoded line break/],
    ['sip:1001%0d%0aAction:%20Hangup@pbx', /encoded line break/],
    ['tel:+15550100%00', /encoded line break or control/],
    [`tel:+${'1'.repeat(1000)}`, /too long/],
    [`tel:+1${'-'.repeat(MAX_LINK_LENGTH)}`, /too long/],
    ['tel:+1' + '5'.repeat(25), /2 to 20 digits/],
    ['tel:1-800-FLOWERS', /letters/],
    ['tel:+1-800-356-93A7', /letters/],
    ['javascript:alert(1)', /"javascript:" links are not phone numbers/],
    ['JavaScript:alert(document.cookie)//tel:+15550100', /"javascript:" links/],
    ['data:text/html,<script>alert(1)</script>', /"data:" links/],
    ['http://evil.example/tel:+15550100', /"http:" links/],
    ['+15550100', /not a tel:, sip: or callto: link/],
    ['tel:+15550100?action=originate', /more than a number/],
    ['tel:+15550100&Action=Originate', /more than a number/],
    ['tel:+15550100;tel:+15550199', /unexpected part/],
    ['tel:+15550100,+15550199', /Pauses/],
    ['tel:+15550100;ext=12;ext=34', /repeats/],
    ['tel:+15550100;ext=12a', /";ext=" of the link is not a number/],
    ['tel:5550100;phone-context=evil_domain!', /neither a number nor a domain/],
    ['tel:%E0%A4%A', /broken percent-encoding/],
    ['tel:', /no number/],
    ['tel:+', /no number/],
    ['tel:--..', /no number/],
    ['', /empty/],
    ['   ', /empty/],
    ['tel:5551234p22', /Pauses/],
  ])('%j is refused (%s)', (link, why) => {
    const result = parseDialLink(link);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(why);
  });

  it('never throws, whatever it is given', () => {
    for (const value of [null, undefined, 42, {}, [], 'tel:%', 'tel:%%%%', 'sip:@', 'callto://', ':', 'tel:;;;;', 'sip:a@b@c']) {
      expect(() => parseDialLink(value as unknown as string)).not.toThrow();
      expect(parseDialLink(value as unknown as string).ok).toBe(false);
    }
  });

  it('never throws on random strings, and whatever it accepts is only digits, + * #', () => {
    // A fixed-seed generator: the same strings every run.
    let seed = 0x2545f491;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const alphabet = 'tel:sip@callto/+0123456789-.() ;=%0aAdDxX#*?&,\r\n\u0000é';
    for (let n = 0; n < 3000; n++) {
      const prefix = ['tel:', 'sip:', 'callto:', 'sips:', ''][Math.floor(next() * 5)];
      let s = prefix!;
      const len = Math.floor(next() * 40);
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(next() * alphabet.length)];
      const result = parseDialLink(s);
      if (result.ok) expect(result.number).toMatch(/^\+?[0-9*#]+$/);
    }
  });
});

describe('a link through the dialing rules', () => {
  it('a tel: link becomes the dial string of the desk', () => {
    const link = parseDialLink('tel:+34-912-345-678');
    expect(link.ok).toBe(true);
    if (link.ok) expect(normalizeNumber(link.number, { defaultCountry: 'ES', outboundPrefix: '0' }).dialString).toBe('0912345678');
  });
});
