import { describe, expect, it } from 'vitest';
import type { CallInfo } from '../../../electron/shared/snapshot.ts';
import type { CompiledTemplate } from '../../../electron/core/screenpop/template.ts';
import { compileTemplate, encodeValue, formatNumber, render } from '../../../electron/core/screenpop/template.ts';
import { queueCall } from './calls.ts';

function compiled(source: string, options?: Parameters<typeof compileTemplate>[1]): CompiledTemplate {
  const result = compileTemplate(source, options);
  if (!result.ok) throw new Error(`expected ${source} to compile: ${result.error}`);
  return result.template;
}

function url(template: CompiledTemplate, call: CallInfo, context: Parameters<typeof render>[2] = {}): URL {
  const result = render(template, call, context);
  if (!result.ok) throw new Error(`expected a URL: ${result.reason}`);
  return new URL(result.url);
}

function compileError(source: string, options?: Parameters<typeof compileTemplate>[1]): string {
  const result = compileTemplate(source, options);
  if (result.ok) throw new Error(`expected ${source} to be refused`);
  return result.error;
}

describe('render', () => {
  it("fills the issue's template with the queue call's values, the number encoded", () => {
    const template = compiled('https://crm.example/c?id={var.CUSTOMER_ID}&n={number}&q={queue}');
    const result = render(template, queueCall(), { extension: '1001' });
    expect(result).toEqual({ ok: true, url: 'https://crm.example/c?id=C-1042&n=%2B15550109000&q=support' });
  });

  it('knows every placeholder', () => {
    const template = compiled(
      'https://crm.example/{extension}/{did}?n={number}&m={name}&q={queue}&l={linkedid}&u={uniqueid}&v={var.CUSTOMER_NAME}&k={lookup.account}',
    );
    const u = url(template, queueCall(), { extension: '1001', lookup: { account: 'ACME-7' } });
    expect(u.pathname).toBe('/1001/600');
    expect(Object.fromEntries(u.searchParams)).toEqual({
      n: '+15550109000',
      m: 'PSTN Caller',
      q: 'support',
      l: '1795661986.5',
      u: '1795661988.6',
      v: 'Ada Lovelace',
      k: 'ACME-7',
    });
  });

  it('renders missing values empty: unknown variables, no lookup, no queue, no uniqueid, <unknown> caller ID', () => {
    const template = compiled(
      'https://crm.example/c?v={var.NOPE}&k={lookup.account}&q={queue}&u={uniqueid}&d={did}&n={number}&m={name}&e={extension}',
    );
    const call = queueCall({ queue: null, uniqueid: undefined, did: null, remote: { number: '<unknown>', name: '<unknown>' } });
    expect(render(template, call)).toEqual({ ok: true, url: 'https://crm.example/c?v=&k=&q=&u=&d=&n=&m=&e=' });
  });

  it('reads channel variables and lookup fields ignoring case when the exact name is absent', () => {
    const template = compiled('https://crm.example/c?id={var.customer_id}&k={lookup.ACCOUNT}');
    expect(url(template, queueCall(), { lookup: { account: 'A1' } }).search).toBe('?id=C-1042&k=A1');
  });

  it('never throws on a malformed call', () => {
    const template = compiled('https://crm.example/c?n={number}&v={var.X}&q={queue}&m={name}');
    const broken = { id: 5, remote: undefined, vars: null, queue: 7 } as unknown as CallInfo;
    expect(render(template, broken)).toEqual({ ok: true, url: 'https://crm.example/c?n=&v=&q=&m=' });
  });

  it('does not expand placeholders found inside values', () => {
    const template = compiled('https://crm.example/c?n={number}');
    const u = url(template, queueCall({ remote: { number: '{var.CUSTOMER_ID}', name: '' } }));
    expect(u.searchParams.get('n')).toBe('{var.CUSTOMER_ID}');
  });

  describe('hostile values', () => {
    const hostile = [
      '&',
      '#',
      '/',
      '?',
      '=',
      '+',
      ' ',
      '%',
      '"',
      "'",
      '`',
      '<script>alert(1)</script>',
      "!'()*",
      'a&n=evil&x=',
      'x#frag',
      '\n',
      '\r\n',
      'line1\r\nSet-Cookie: a=b',
      '\u0000\u0007\u001b\u007f',
      'José Núñez',
      '株式会社 🦄',
      'javascript:alert(1)',
      'https://evil.example/',
      '//evil.example',
      '\\\\evil.example\\x',
      '%0d%0a',
      '%2e%2e/%2e%2e/admin',
      '../../admin',
      '{number}',
      '\u202eRTL override',
    ];
    const template = compiled('https://crm.example/p/{var.A}/end?n={number}&m={name}&q={queue}#{var.F}');

    function hostileCall(value: string): CallInfo {
      return queueCall({ remote: { number: value, name: value }, queue: value, vars: { A: value, F: value } });
    }

    function assertHeld(u: URL, value: string): void {
      expect(u.protocol).toBe('https:');
      expect(u.host).toBe('crm.example');
      expect(u.username + u.password + u.port).toBe('');
      expect([...u.searchParams.keys()]).toEqual(['n', 'm', 'q']);
      expect(u.searchParams.get('n')).toBe(value);
      expect(u.searchParams.get('m')).toBe(value);
      expect(u.searchParams.get('q')).toBe(value);
      const segments = u.pathname.split('/');
      expect(segments).toHaveLength(4);
      expect(segments[1]).toBe('p');
      expect(decodeURIComponent(segments[2]!)).toBe(value);
      expect(segments[3]).toBe('end');
      expect(decodeURIComponent(u.hash.slice(1))).toBe(value);
      // Nothing but printable ASCII, and none of the characters a value could break out with.
      expect(u.href).toMatch(/^[\x21-\x7e]+$/);
      expect(u.href).not.toMatch(/["'<>\\`!()*]/);
    }

    it.each(hostile)('%j stays a value, everywhere in the URL', (value) => {
      const result = render(template, hostileCall(value), { extension: '1001' });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      assertHeld(new URL(result.url), value);
    });

    it('a 100 KB value stays a value when long URLs are allowed', () => {
      const value = `${'&#/?\r\nJosé'.repeat(10_000)}`.slice(0, 100_000);
      const long = compiled('https://crm.example/p/{var.A}/end?n={number}&m={name}&q={queue}#{var.F}', { maxLength: 10_000_000 });
      const result = render(long, hostileCall(value));
      expect(result.ok).toBe(true);
      if (result.ok) assertHeld(new URL(result.url), value);
    });

    it('a 100 KB value is no pop by default: the URL would be too long to open', () => {
      const result = render(template, hostileCall('x'.repeat(100_000)));
      expect(result).toEqual({
        ok: false,
        reason: 'The URL would be longer than 32768 characters.',
        phrase: { code: 'pop.render.too-long', params: { max: 32768 } },
      });
    });

    it('. and .. in a path segment count as missing (they would move up the path), and stay values in the query', () => {
      for (const value of ['.', '..']) {
        const u = url(template, hostileCall(value));
        expect(u.pathname).toBe('/p//end');
        expect(u.searchParams.get('n')).toBe(value);
        expect(decodeURIComponent(u.hash.slice(1))).toBe(value);
      }
    });

    it('a lone surrogate becomes U+FFFD instead of breaking the render', () => {
      const u = url(template, hostileCall('a\uD800b'));
      expect(u.searchParams.get('n')).toBe('a\uFFFDb');
    });

    it('a value in an opaque (non-hierarchical) URL of an allowed custom scheme stays a value', () => {
      const custom = compiled('crm:customer/{number}?m={name}', { allowedSchemes: ['crm'] });
      for (const value of ['//evil.example/x', 'javascript:alert(1)', '?#&']) {
        const u = url(custom, queueCall({ remote: { number: value, name: value } }));
        expect(u.protocol).toBe('crm:');
        expect(u.host).toBe('');
        expect(decodeURIComponent(u.pathname.slice('customer/'.length))).toBe(value);
        expect(u.searchParams.get('m')).toBe(value);
      }
    });
  });

  it('refuses a URL whose scheme is no longer allowed (the final check)', () => {
    const template = compiled('https://crm.example/c?n={number}');
    expect(render({ ...template, allowedSchemes: ['http'] }, queueCall())).toMatchObject({
      ok: false,
      reason: 'The scheme "https:" is not allowed.',
    });
  });

  it('refuses a URL whose host differs from the saved one (the final check)', () => {
    const template = compiled('https://crm.example/c?n={number}');
    expect(render({ ...template, host: 'other.example' }, queueCall())).toEqual({
      ok: false,
      reason: 'The rendered URL changed its scheme or host.',
      phrase: { code: 'pop.render.moved' },
    });
  });
});

describe('compileTemplate', () => {
  it('names an unknown placeholder', () => {
    expect(compileError('https://crm.example/c?id={customer}')).toMatch(/^Unknown placeholder \{customer\}; known: number, name, queue/);
    expect(compileError('https://crm.example/c?id={var.}')).toMatch(/^Unknown placeholder \{var\.\}/);
    expect(compileError('https://crm.example/c?id={var.A-B}')).toMatch(/^Unknown placeholder \{var\.A-B\}/);
    expect(compileError('https://crm.example/c?id={Number}')).toMatch(/^Unknown placeholder \{Number\}/);
    expect(compileError('https://crm.example/c?id={}')).toMatch(/^Unknown placeholder \{\}/);
  });

  it('refuses unbalanced braces', () => {
    expect(compileError('https://crm.example/c?id={number')).toBe('The "{" at position 26 is not closed by a "}".');
    expect(compileError('https://crm.example/c?id={num{ber}')).toBe('The "{" at position 26 is not closed by a "}".');
    expect(compileError('https://crm.example/c?id=number}')).toBe('A "}" at position 32 closes no placeholder.');
  });

  it('refuses schemes outside the allow-list', () => {
    for (const source of [
      'javascript:alert({number})',
      'file:///etc/passwd?{number}',
      'data:text/html,{name}',
      'ftp://crm.example/{number}',
      'vbscript:x',
    ]) {
      expect(compileError(source)).toMatch(/^The scheme ".+:" is not allowed; allowed: http:, https:\.$/);
    }
    expect(compileError('http://crm.example/{number}', { allowedSchemes: ['https'] })).toBe(
      'The scheme "http:" is not allowed; allowed: https:.',
    );
    expect(compileTemplate('HTTPS://crm.example/{number}').ok).toBe(true);
  });

  it('refuses a placeholder in the scheme or the host', () => {
    for (const source of ['{var.X}://crm.example/', '{var.URL}', 'ht{var.X}tp://crm.example/']) {
      expect(compileError(source)).toBe('A placeholder cannot be part of the scheme: write it out, e.g. https://');
    }
    const host = 'A placeholder cannot be part of the host: values may go only in the path, the query or the fragment.';
    for (const source of [
      'https://{var.HOST}/',
      'https://crm.{var.X}.example/',
      'https://crm.example{var.X}/c',
      'https://{number}@crm.example/',
      'https://crm.example:{var.PORT}/',
    ]) {
      expect(compileError(source)).toBe(host);
    }
    expect(compileError('https:{number}')).toBe('Write the address as https://host/...');
    expect(compileError('https:/crm.example/{number}')).toBe('Write the address as https://host/...');
  });

  it('allows placeholders right after the host, in the query and in the fragment', () => {
    expect(compileTemplate('https://crm.example/{number}').ok).toBe(true);
    expect(compileTemplate('https://crm.example?{number}').ok).toBe(true);
    expect(compileTemplate('https://crm.example#{number}').ok).toBe(true);
    expect(compileTemplate('http://10.0.0.5:8080/crm/{var.CUSTOMER_ID}').ok).toBe(true);
  });

  it('refuses what is not a URL at all', () => {
    expect(compileError('')).toBe('The URL template is empty.');
    expect(compileError('crm.example/c?id={number}')).toBe('A placeholder cannot be part of the scheme: write it out, e.g. https://');
    expect(compileError('crm.example')).toBe('The URL template must start with a scheme, e.g. https://');
    expect(compileError('https://crm.example/c?id={number}\n')).toMatch(/control character/);
    expect(compileError('https://crm example/c')).toMatch(/spaces/);
    expect(compileError('https:///c?id={number}')).toBe('The URL template has no host.');
    expect(compileError('https://?id={number}')).toBe('The URL template has no host.');
    expect(compileError('https://[::1/c')).toBe('The URL template is not a valid URL.');
    expect(compileError(undefined as unknown as string)).toBe('The URL template is empty.');
  });

  it('limits the placeholders when asked (as the caller lookup does)', () => {
    expect(compileTemplate('https://crm.example/lookup?n={number}', { placeholders: ['number'] }).ok).toBe(true);
    expect(compileError('https://crm.example/lookup?n={number}&c={var.CUSTOMER_ID}', { placeholders: ['number'] })).toBe(
      'The placeholder {var.CUSTOMER_ID} cannot be used here; allowed: {number}.',
    );
  });
});

describe('number formats', () => {
  it('as received, E.164 and digits only', () => {
    const template = compiled('https://crm.example/c?n={number}&d={did}');
    const call = queueCall({ remote: { number: '0034 912 345 678', name: '' }, did: '+1 (555) 010-9000' });
    expect(url(template, call).search).toBe('?n=0034%20912%20345%20678&d=%2B1%20%28555%29%20010-9000');
    expect(url(template, call, { numberFormat: 'e164', defaultCountry: 'ES' }).search).toBe('?n=%2B34912345678&d=%2B15550109000');
    expect(url(template, call, { numberFormat: 'digits' }).search).toBe('?n=0034912345678&d=15550109000');
  });

  it('E.164 falls back to the digits when the number is no public number', () => {
    expect(formatNumber('912345678', 'e164', 'ES')).toBe('+34912345678');
    expect(formatNumber('1002', 'e164', 'ES')).toBe('1002');
    expect(formatNumber('+1', 'e164')).toBe('+1');
    expect(formatNumber('anonymous', 'e164')).toBe('');
    expect(formatNumber('912345678', 'e164', 'XX')).toBe('912345678');
    expect(formatNumber('912345678', 'e164')).toBe('912345678');
  });
});

describe('encodeValue', () => {
  it('encodes what encodeURIComponent leaves, too', () => {
    expect(encodeValue("!'()*")).toBe('%21%27%28%29%2A');
    expect(encodeValue('a-b_c.d~e')).toBe('a-b_c.d~e');
  });
});
