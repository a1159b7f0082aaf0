/**
 * The dialing front doors with random hostile strings: parseDialLink (tel:, sip:, callto: links from
 * web pages and other apps), extractNumber (the hotkey's selected text) and normalizeNumber (what
 * the agent types), and the pipelines the app runs them in. Properties, for every input: no throw;
 * an accepted number is only `+`, digits, `*` and `#`; a refusal is a short sentence without a raw
 * CR, LF or NUL. `runDialingFuzz(count, seed)` is the test's short run and `npm run fuzz`'s long one.
 */
import { parseDialLink } from '../../../electron/core/dialing/links.ts';
import { normalizeNumber, type DialRules } from '../../../electron/core/dialing/normalize.ts';
import { extractNumber } from '../../../electron/core/dialing/selection.ts';
import { prng, randomHostile } from './strings.ts';

export interface HostileReport {
  target: string;
  seed: number;
  cases: number;
  accepted: number;
  crashes: number;
  violations: number;
  /** The first few failures, each with the input that caused it (JSON-escaped). */
  examples: string[];
}

const SCHEMES = ['tel:', 'TEL:', 'sip:', 'sips:', 'callto:', 'callto://', 'tel:+', 'sip:+34', 'tel:%2B', ' tel:', 'javascript:', ''];
const RULES: DialRules[] = [
  { defaultCountry: 'US' },
  // Not outboundPrefix with an e164 format: that gives `0+34...`, which no Originate accepts (reported apart).
  { defaultCountry: 'ES', domesticFormat: 'e164' },
  { defaultCountry: 'ES', outboundPrefix: '0' },
  { defaultCountry: 'GB', internationalFormat: 'e164', allowUnverified: true },
  { defaultCountry: 'AR', outboundPrefix: '9', internationalPrefix: '00' },
];
const DIALABLE = /^\+?[0-9*#]{1,40}$/;
// eslint-disable-next-line no-control-regex
const RAW_BREAK = /[\r\n\u0000]/;

export function runDialingFuzz(count: number, seed: number): HostileReport {
  const random = prng(seed);
  const report: HostileReport = {
    target: 'tel:/sip:/callto: links, selected text, typed numbers',
    seed,
    cases: 0,
    accepted: 0,
    crashes: 0,
    violations: 0,
    examples: [],
  };
  const fail = (kind: 'crash' | 'violation', what: string, input: string) => {
    if (kind === 'crash') report.crashes++;
    else report.violations++;
    if (report.examples.length < 10) report.examples.push(`${what}: ${JSON.stringify(input.slice(0, 200))}`);
  };
  const refusalOk = (error: unknown) => typeof error === 'string' && error.length > 0 && error.length < 400 && !RAW_BREAK.test(error);

  for (let i = 0; i < count; i++) {
    const body = randomHostile(random);
    const input = i % 3 === 0 ? body : SCHEMES[Math.floor(random() * SCHEMES.length)]! + body;
    const rules = RULES[i % RULES.length]!;
    report.cases++;
    try {
      const link = parseDialLink(input);
      if (link.ok) {
        report.accepted++;
        if (!DIALABLE.test(link.number) || link.global !== link.number.startsWith('+'))
          fail('violation', `link gave ${JSON.stringify(link.number)}`, input);
        for (const extra of [link.extension, link.phoneContext, link.host, link.isdnSubaddress]) {
          if (extra !== undefined && RAW_BREAK.test(extra)) fail('violation', 'link detail with a line break', input);
        }
        const plan = normalizeNumber(link.number, rules);
        if (plan.ok && !DIALABLE.test(plan.dialString ?? ''))
          fail('violation', `link then normalise gave ${JSON.stringify(plan.dialString)}`, input);
      } else if (!refusalOk(link.error)) fail('violation', 'link refusal not a short sentence', input);

      const selected = extractNumber(input);
      if (selected.ok) {
        if (!/^\+?[0-9]+$/.test(selected.number)) fail('violation', `selection gave ${JSON.stringify(selected.number)}`, input);
        const plan = normalizeNumber(selected.number, rules);
        if (plan.ok && !DIALABLE.test(plan.dialString ?? ''))
          fail('violation', `selection then normalise gave ${JSON.stringify(plan.dialString)}`, input);
      } else if (!refusalOk(selected.error)) fail('violation', 'selection refusal not a short sentence', input);

      const typed = normalizeNumber(input, rules);
      if (typed.ok) {
        report.accepted++;
        if (!DIALABLE.test(typed.dialString ?? '')) fail('violation', `typed gave ${JSON.stringify(typed.dialString)}`, input);
      } else if (!refusalOk(typed.error)) fail('violation', 'typed refusal not a short sentence', input);
    } catch (error) {
      fail('crash', `threw ${String(error).slice(0, 100)}`, input);
    }
  }
  return report;
}
