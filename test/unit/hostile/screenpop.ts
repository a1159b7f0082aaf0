/**
 * Screen-pop templates with hostile channel variables (and caller IDs, queue names, lookups): a
 * caller controls these, so whatever they hold the pop must open the template's own scheme and host
 * and carry every value encoded. Checked without trusting the encoder: the rendered URL is parsed
 * and each value read back from the spot it was put in (query parameter, path segment, fragment)
 * must equal what the caller sent. Random templates are compiled too: one that compiles never
 * renders a URL outside its allowed schemes. `runScreenPopFuzz(count, seed)` is the test's short
 * run and `npm run fuzz`'s long one.
 */
import { compileTemplate, render, type CompiledTemplate } from '../../../electron/core/screenpop/template.ts';
import type { CallInfo } from '../../../electron/shared/snapshot.ts';
import type { HostileReport } from './dialing.ts';
import { prng, randomHostile } from './strings.ts';

/** Where a value goes, and how to read it back from the parsed URL. */
interface Probe {
  template: string;
  allowedSchemes?: string[];
  readBack(url: URL): string | null;
}

const PROBES: Probe[] = [
  { template: 'https://crm.example.com/c?v={var.HOSTILE}&n=1', readBack: (u) => u.searchParams.get('v') },
  { template: 'https://crm.example.com/c?n=1#{var.HOSTILE}', readBack: (u) => decodeURIComponent(u.hash.slice(1)) },
  { template: 'https://crm.example.com/c/{var.HOSTILE}/view', readBack: (u) => decodeURIComponent(u.pathname.split('/')[2] ?? '') },
  { template: 'http://10.0.0.5:8080/{var.HOSTILE}?x={var.HOSTILE}', readBack: (u) => u.searchParams.get('x') },
  {
    template: 'salesforce://record?id={var.HOSTILE}',
    allowedSchemes: ['https', 'salesforce'],
    readBack: (u) => new URLSearchParams(u.search).get('id'),
  },
];

const TEMPLATE_PIECES = [
  'https://',
  'http://',
  'HTTPS://',
  'javascript:',
  'data:text/html,',
  'file:///',
  'salesforce://',
  'https:',
  '//',
  '/\\',
  '\\\\',
  'crm.example.com',
  'evil.example',
  '@',
  ':8080',
  '/',
  '?',
  '#',
  '&',
  '=',
  '%',
  '%2F',
  '%0d%0a',
  ' ',
  '.',
  '..',
  '{number}',
  '{name}',
  '{queue}',
  '{var.HOSTILE}',
  '{var.CUSTOMER_ID}',
  '{lookup.id}',
  '{extension}',
  '{did}',
  '{',
  '}',
  '{var.}',
  '{unknown}',
];

function randomTemplate(random: () => number): string {
  let out = random() < 0.7 ? ['https://crm.example.com/', 'http://crm/', 'salesforce://x/', ''][Math.floor(random() * 4)]! : '';
  const n = 1 + Math.floor(random() * 8);
  for (let i = 0; i < n; i++) out += TEMPLATE_PIECES[Math.floor(random() * TEMPLATE_PIECES.length)]!;
  return out;
}

function call(random: () => number, value: string): CallInfo {
  return {
    id: random() < 0.5 ? '1795667760.12' : value,
    channel: 'PJSIP/1001-0000000a',
    direction: 'inbound',
    state: 'ringing',
    remote: { number: random() < 0.5 ? value : '+34912345678', name: value },
    queue: random() < 0.5 ? value : 'support',
    vars: { HOSTILE: value, CUSTOMER_ID: randomHostile(random, 4) },
    recording: 'off',
    startedAt: 0,
    answeredAt: null,
    uniqueid: value,
    did: value,
  };
}

/** What a value should read back as: lone surrogates become U+FFFD, `<unknown>` is no value, `.`/`..` in a path are none. */
function expected(value: string, probe: Probe): string {
  if (value === '<unknown>') return '';
  const wellFormed = value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  if (probe.template.includes('/{var.HOSTILE}/') && (wellFormed === '.' || wellFormed === '..')) return '';
  return wellFormed;
}

export function runScreenPopFuzz(count: number, seed: number): HostileReport {
  const random = prng(seed);
  const report: HostileReport = {
    target: 'screen-pop templates and hostile channel variables',
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
  const compiled = PROBES.map((probe) => {
    const result = compileTemplate(probe.template, { allowedSchemes: probe.allowedSchemes });
    if (!result.ok) throw new Error(`probe template ${probe.template} does not compile: ${result.error}`);
    return { probe, template: result.template };
  });

  for (let i = 0; i < count; i++) {
    const value = randomHostile(random);
    report.cases++;
    try {
      if (i % 4 === 3) {
        // A random template: if it compiles, no value may take a render outside its scheme and host.
        const source = randomTemplate(random);
        const allowed = random() < 0.5 ? undefined : ['https', 'salesforce'];
        const result = compileTemplate(source, { allowedSchemes: allowed });
        if (result.ok) checkRender(result.template, call(random, value), value, null);
        continue;
      }
      const { probe, template } = compiled[i % compiled.length]!;
      checkRender(template, call(random, value), value, probe);
    } catch (error) {
      fail('crash', `threw ${String(error).slice(0, 100)}`, value);
    }
  }
  return report;

  function checkRender(template: CompiledTemplate, info: CallInfo, value: string, probe: Probe | null): void {
    const rendered = render(template, info, { extension: '1001', lookup: { id: value } });
    if (!rendered.ok) {
      if (typeof rendered.reason !== 'string' || rendered.reason.length > 400) fail('violation', 'refusal not a short sentence', value);
      return;
    }
    report.accepted++;
    const url = new URL(rendered.url);
    if (!template.allowedSchemes.includes(url.protocol.slice(0, -1)))
      fail('violation', `scheme ${url.protocol} outside ${template.allowedSchemes.join(',')} for ${template.source}`, value);
    if (url.protocol !== template.protocol || url.host !== template.host)
      fail('violation', `went to ${url.protocol}//${url.host} from ${template.source}`, value);
    // The probes' literal text is clean, so any raw character there came from a value (a random template's own literal text may hold anything).
    // eslint-disable-next-line no-control-regex
    if (probe && /[\u0000-\u0020\u007f-\uffff"<>\\^`{|}]/.test(rendered.url))
      fail('violation', `unencoded character in ${JSON.stringify(rendered.url.slice(0, 120))}`, value);
    if (probe) {
      const back = probe.readBack(url);
      if (back !== expected(value, probe))
        fail('violation', `read back ${JSON.stringify((back ?? '').slice(0, 60))} from ${probe.template}`, value);
    }
  }
}
