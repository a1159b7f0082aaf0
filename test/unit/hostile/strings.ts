/**
 * Hostile text for the hostile-input checks: a fixed list of the classics (CR, LF, `%0d%0a`, NUL,
 * 100 KB, Unicode line separators, an AMI action smuggled into a value, URL tricks) and a seeded
 * generator of random strings built from the same ingredients, so a failure can be replayed by seed.
 */

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INJECTION = 'x\r\nAction: Originate\r\nChannel: PJSIP/666\r\nApplication: System\r\nData: rm -rf /\r\n\r\n';

/** Seeded random strings each verb gets in test/unit/hostile/verbs.test.ts, after HOSTILE_VALUES. */
export const RANDOM_PER_VERB = 2000;

/** Every verb gets each of these; named so a failure says which. */
export const HOSTILE_VALUES: ReadonlyArray<readonly [string, string]> = [
  ['CR', '1002\r'],
  ['LF', '1002\nAction: Hangup'],
  ['CRLF injection', INJECTION],
  ['CRLF only', '\r\n'],
  ['%0d%0a', '1002%0d%0aAction:%20Originate'],
  ['%0D%0A upper', 'Lunch%0D%0AAction: Logoff'],
  ['NUL', '10\u000002'],
  ['NUL only', '\u0000'],
  ['100 KB letters', 'A'.repeat(100 * 1024)],
  ['100 KB digits', '1'.repeat(100 * 1024)],
  ['U+2028 line separator', '1002\u2028Action: Originate'],
  ['U+2029 paragraph separator', 'Lunch\u2029Action: Logoff'],
  ['U+0085 next line', 'Lunch\u0085Action: Logoff'],
  ['vertical tab and form feed', 'a\u000bb\u000cc'],
  ['DEL', 'Lunch\u007f'],
  ['ESC sequence', '\u001b[31mred'],
  ['lone surrogate', 'x\ud800y'],
  ['right-to-left override', '\u202e1002'],
  ['empty', ''],
  ['spaces', '   '],
  ['pipe (queue_log column)', 'Lunch|HANGUP'],
  ['regex channel', '/.*/'],
  ['glob channel', 'PJSIP/*'],
  ['path traversal', '../../etc/passwd'],
  ['colon header', 'Channel: PJSIP/666'],
  ['odd call id', '1795667760.0;DROP TABLE'],
  ['semicolon local', 'Local/666@from-internal;2'],
  ['javascript', 'javascript:alert(1)'],
  ['emoji', '☎️📞'],
];

/** Pieces random strings are made of: the dangerous bytes, their encodings, and ordinary text. */
const PIECES = [
  '\r',
  '\n',
  '\r\n',
  '\u0000',
  '\u2028',
  '\u2029',
  '\u0085',
  '\t',
  '\u007f',
  '\u001b',
  '\ud800',
  '\udfff',
  '\u202e',
  '\ufeff',
  '%0d',
  '%0a',
  '%0D%0A',
  '%00',
  '%25',
  '%2e%2e',
  '%2F',
  '%u2028',
  '&#13;',
  '\\r\\n',
  'Action: ',
  'Originate',
  ':',
  ';',
  '/',
  '//',
  '\\',
  '?',
  '#',
  '&',
  '=',
  '@',
  '|',
  '"',
  "'",
  '<',
  '>',
  '{',
  '}',
  '`',
  ' ',
  '..',
  'tel:',
  'sip:',
  'sips:',
  'callto:',
  'javascript:',
  'data:',
  'https://',
  'http://evil.example/',
  'file:///',
  '+',
  '*',
  '#',
  '(',
  ')',
  '-',
  '.',
  ';ext=',
  ';phone-context=',
  ';isub=',
  'phone-context=+1',
  '0',
  '1',
  '2',
  '34',
  '555',
  '1001',
  '1002',
  '+34912345678',
  '+1 415 555 0100',
  '00',
  '011',
  'ñ',
  'é',
  '漢字',
  '☎',
  '📞',
  '٣',
  '١٢٣',
  '𝟙𝟚𝟛',
  'a',
  'Z',
  'x',
  'Lunch',
  '<unknown>',
];

/** A random string of 0 to `maxPieces` pieces; one in 64 is also padded to several KB. */
export function randomHostile(random: () => number, maxPieces = 12): string {
  const n = Math.floor(random() * (maxPieces + 1));
  let out = '';
  for (let i = 0; i < n; i++) {
    const r = random();
    if (r < 0.7) out += PIECES[Math.floor(random() * PIECES.length)]!;
    else if (r < 0.9) out += String.fromCharCode(Math.floor(random() * 0x80));
    else out += String.fromCharCode(Math.floor(random() * 0x10000));
  }
  if (random() < 1 / 64) out += 'x'.repeat(1 + Math.floor(random() * 70_000));
  return out;
}
