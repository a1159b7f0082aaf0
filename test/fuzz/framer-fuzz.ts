/**
 * Fuzzing of the AMI framer and codec (issue 10): generated inputs of five kinds, each fed to a
 * fresh AmiFramer split at random points, with these invariants:
 *  - nothing throws but FramingError (a peer over the size bound, a banner line that never ends);
 *  - after every push that did not throw, at most `maxMessageBytes` are buffered;
 *  - the messages equal a reference split of the whole input (an independent implementation), so
 *    no split point changes the result; valid messages come out exactly as they went in;
 *  - every framed message survives every AmiMessage method, and `AmiMessage.from(m.entries())`
 *    gives back the same entries;
 *  - memory stays bounded (RSS and heap are sampled; the caller checks them against a bound).
 * Input i of seed s is generated from (s, i) alone, so `--seed s --only i` reproduces a failure.
 */
import { AmiFramer, FramingError, DEFAULT_MAX_MESSAGE_BYTES } from '../../electron/core/ami/framer.ts';
import { AmiMessage } from '../../electron/core/ami/message.ts';
import { allRawFixtures, readRaw } from '../support/fixtures.ts';

export type InputKind = 'random-bytes' | 'valid' | 'mutated' | 'huge' | 'codec-string';
const KINDS: InputKind[] = ['random-bytes', 'valid', 'mutated', 'huge', 'codec-string'];

export interface FuzzOptions {
  inputs: number;
  seed?: number;
  /** Run only this input index (to reproduce a failure). */
  only?: number;
  /** Called every `progressEvery` inputs. */
  onProgress?: (report: FuzzReport) => void;
  progressEvery?: number;
  /** Every how many inputs memory is sampled (default 1000). */
  sampleEvery?: number;
  /** Failures kept with their details (default 20). */
  keepFailures?: number;
}

export interface Failure {
  index: number;
  kind: InputKind;
  error: string;
  /** The start of the input, hex, to look at. */
  inputHead: string;
}

export interface FuzzReport {
  seed: number;
  inputs: number;
  byKind: Record<InputKind, number>;
  bytes: number;
  messages: number;
  /** Inputs that ended in a FramingError (expected for oversized or malformed input). */
  framingErrors: number;
  /** Exceptions other than FramingError, and broken invariants. Must be 0. */
  crashes: number;
  failures: Failure[];
  maxRssMB: number;
  maxHeapUsedMB: number;
  seconds: number;
}

/** mulberry32, seeded per input. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rand {
  readonly next: () => number;
  constructor(seed: number, index: number) {
    this.next = prng(Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b));
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

// ---------------------------------------------------------------------------------------------
// Material: every message of every real transcript.

let pool: Buffer[] | undefined;
/** Each real message with its CRLF CRLF, as bytes. */
function messagePool(): Buffer[] {
  if (!pool) {
    pool = [];
    for (const name of allRawFixtures()) {
      const bytes = readRaw(name);
      let start = bytes.indexOf('\r\n') + 2; // after the banner line
      for (;;) {
        const end = bytes.indexOf('\r\n\r\n', start);
        if (end < 0) break;
        pool.push(bytes.subarray(start, end + 4));
        start = end + 4;
      }
    }
  }
  return pool;
}

const BANNER = Buffer.from('Asterisk Call Manager/11.0.0\r\n');
/** Bytes that matter to a framer and to UTF-8: CR, LF, colon, space, NUL, lone and invalid UTF-8 bytes. */
const INTERESTING = [13, 10, 13, 10, 58, 32, 0, 0x80, 0xbf, 0xc0, 0xc3, 0xe2, 0xed, 0xf0, 0xf4, 0xf8, 0xff, 65, 69, 0x7f];
/** Invalid or awkward UTF-8 sequences: lone continuation, truncated, overlong, surrogate, beyond U+10FFFF. */
const BAD_UTF8 = [
  [0x80],
  [0xc3],
  [0xe2, 0x82],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xff, 0xfe],
  [0xf0, 0x9f, 0x98],
];

function randomBytes(r: Rand): Buffer {
  const n = r.chance(0.9) ? r.int(600) : r.int(8000);
  const out = Buffer.allocUnsafe(n);
  const biased = r.chance(0.7);
  for (let i = 0; i < n; i++) out[i] = biased && r.chance(0.5) ? r.pick(INTERESTING) : r.int(256);
  return r.chance(0.2) ? Buffer.concat([BANNER, out]) : out;
}

function validMessages(r: Rand): { bytes: Buffer; expected: string[]; banner: boolean } {
  const all = messagePool();
  const k = 1 + r.int(12);
  const parts: Buffer[] = [];
  const banner = r.chance(0.3);
  if (banner) parts.push(BANNER);
  const expected: string[] = [];
  for (let i = 0; i < k; i++) {
    const m = r.pick(all);
    // Stray blank lines between messages (a proxy's keepalive) must not become messages.
    if (r.chance(0.05)) parts.push(Buffer.from('\r\n'));
    parts.push(m);
    expected.push(m.toString('utf8', 0, m.length - 4));
  }
  return { bytes: Buffer.concat(parts), expected, banner };
}

function mutate(r: Rand, input: Buffer): Buffer {
  const bytes = Buffer.from(input);
  let parts: Buffer[] = [bytes];
  const mutations = 1 + r.int(6);
  for (let i = 0; i < mutations; i++) {
    const whole = Buffer.concat(parts);
    const at = r.int(whole.length + 1);
    switch (r.int(7)) {
      case 0: // flip a byte
        if (whole.length > 0) whole[Math.min(at, whole.length - 1)] = r.int(256);
        parts = [whole];
        break;
      case 1: // insert NULs
        parts = [whole.subarray(0, at), Buffer.alloc(1 + r.int(4)), whole.subarray(at)];
        break;
      case 2: // insert invalid UTF-8
        parts = [whole.subarray(0, at), Buffer.from(r.pick(BAD_UTF8)), whole.subarray(at)];
        break;
      case 3: // delete a range
        parts = [whole.subarray(0, at), whole.subarray(Math.min(whole.length, at + 1 + r.int(20)))];
        break;
      case 4: // duplicate a range
        parts = [whole.subarray(0, at), whole.subarray(at, at + r.int(200)), whole.subarray(at)];
        break;
      case 5: // a stray CR, LF, CRLF or colon
        parts = [whole.subarray(0, at), Buffer.from(r.pick(['\r', '\n', '\r\n', ':', ': ', '\r\n\r\n'])), whole.subarray(at)];
        break;
      default: // truncate
        parts = [whole.subarray(0, at)];
    }
  }
  return Buffer.concat(parts);
}

/** Huge keys and values, huge colon-less lines, or a peer that never ends its message. */
function huge(r: Rand): { bytes: Buffer; maxMessageBytes: number } {
  const maxMessageBytes = r.chance(0.5) ? DEFAULT_MAX_MESSAGE_BYTES : 1024 + r.int(64 * 1024);
  const size = r.chance(0.5) ? r.int(maxMessageBytes) : maxMessageBytes + r.int(maxMessageBytes);
  const fill = r.pick(['a', 'é', '日', ':', ' ', '\r', '\n', 'x\r\n', '\u0000']);
  const body = Buffer.from(fill.repeat(Math.ceil(size / Buffer.byteLength(fill)))).subarray(0, size);
  const shape = r.int(4);
  const parts =
    shape === 0
      ? [Buffer.from('Event: Huge\r\nValue: '), body, Buffer.from('\r\n\r\n')] // huge value
      : shape === 1
        ? [Buffer.from('Event: Huge\r\n'), body, Buffer.from(': v\r\n\r\n')] // huge key
        : shape === 2
          ? [body, Buffer.from('\r\n\r\nEvent: After\r\n\r\n')] // huge colon-less text, then a message
          : [Buffer.from('Event: Never\r\nData: '), body]; // never ends
  return { bytes: Buffer.concat(parts), maxMessageBytes };
}

/** A string for AmiMessage itself: lone surrogates, NUL, lone CR and LF, colons, non-ASCII. */
function codecString(r: Rand): string {
  const alphabet = [
    'Event',
    'ChanVariable',
    ': ',
    ':',
    '=',
    '\r\n',
    '\r',
    '\n',
    '\u0000',
    '\ud800',
    '\udc00',
    'é',
    '日',
    '😀',
    ' ',
    'a',
    '(',
    ')',
    'x',
  ];
  let s = '';
  const n = r.int(60);
  for (let i = 0; i < n; i++) s += r.pick(alphabet);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Checking.

/** Splits `bytes` into 1..n chunks at random points (sometimes byte by byte). */
function split(r: Rand, bytes: Buffer): Buffer[] {
  if (bytes.length > 0 && bytes.length < 300 && r.chance(0.05)) {
    const out: Buffer[] = [];
    for (let i = 0; i < bytes.length; i++) out.push(bytes.subarray(i, i + 1));
    return out;
  }
  const cuts = new Set<number>();
  const n = r.int(bytes.length > 100_000 ? 40 : 8);
  for (let i = 0; i < n; i++) cuts.add(r.int(bytes.length + 1));
  const points = [0, ...[...cuts].sort((a, b) => a - b), bytes.length];
  const out: Buffer[] = [];
  for (let i = 1; i < points.length; i++) out.push(bytes.subarray(points[i - 1]!, points[i]!));
  return out;
}

/**
 * The reference: the whole input at once, written differently from the framer. A banner is the
 * first line when the input starts with (a prefix of) `Asterisk Call Manager/`; the rest is cut at
 * every CRLF CRLF, leading CRLFs dropped, empty pieces skipped, the unfinished tail ignored.
 */
export function referenceSplit(bytes: Buffer): { banner?: string; messages: string[] } {
  const text = bytes.toString('latin1'); // one char per byte, so offsets are byte offsets
  const prefix = 'Asterisk Call Manager/';
  let rest = text;
  let banner: string | undefined;
  if (prefix.startsWith(text.slice(0, prefix.length))) {
    const eol = text.indexOf('\r\n');
    if (eol < 0) return { messages: [] };
    banner = Buffer.from(text.slice(0, eol), 'latin1').toString('utf8');
    rest = text.slice(eol + 2);
  }
  const pieces = rest.split('\r\n\r\n');
  pieces.pop();
  const messages: string[] = [];
  for (let piece of pieces) {
    while (piece.startsWith('\r\n') && piece.length > 2) piece = piece.slice(2);
    if (piece.length > 0) messages.push(Buffer.from(piece, 'latin1').toString('utf8'));
  }
  return banner === undefined ? { messages } : { banner, messages };
}

function checkMessage(m: AmiMessage): void {
  const entries = m.entries();
  void m.kind;
  void m.name;
  m.toJSON();
  m.variables();
  m.variables('DestChanVariable');
  // The first value of each key (ASCII case folded, as Asterisk compares names), by one pass: a
  // fuzzed message may have 300,000 lines.
  const firstValues = new Map<string, [string, string]>();
  for (const [k, v] of entries) {
    if (k.includes(':') || k.includes('\r\n') || v.includes('\r\n'))
      throw new Error(`a header kept a separator: ${JSON.stringify([k, v]).slice(0, 200)}`);
    const folded = k.replace(/[A-Z]+/g, (c) => c.toLowerCase());
    if (!firstValues.has(folded)) firstValues.set(folded, [k, v]);
  }
  let checked = 0;
  for (const [folded, [key, expected]] of firstValues) {
    if (checked++ === 50) break; // get() scans the headers: 50 keys are enough per message
    const swapped = key.replace(/[A-Za-z]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
    if (m.get(key) !== expected || m.get(folded) !== expected || m.get(swapped) !== expected) {
      throw new Error(`get(${JSON.stringify(key).slice(0, 80)}) in some letter case is not the first value of that key`);
    }
    if (m.getAll(swapped).length < 1 || !m.has(folded)) throw new Error('getAll/has disagree with entries');
  }
  const again = AmiMessage.from(entries).entries();
  if (again.length !== entries.length || again.some(([k, v], i) => k !== entries[i]![0] || v !== entries[i]![1])) {
    throw new Error('AmiMessage.from(entries()) does not give the same entries');
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

interface Outcome {
  messages: number;
  framingError: boolean;
}

/** Feeds one input; throws (anything but a FramingError escaping from push) on a broken invariant. */
function feed(bytes: Buffer, chunks: Buffer[], maxMessageBytes: number, expected?: string[]): Outcome {
  const got: string[] = [];
  let banner: string | undefined;
  const framer = new AmiFramer(
    {
      onBanner: (b) => (banner = b),
      onMessage: (m) => {
        got.push(m.raw);
        checkMessage(m);
      },
    },
    { maxMessageBytes },
  );
  let framingError = false;
  for (const chunk of chunks) {
    try {
      framer.push(chunk);
    } catch (error) {
      if (!(error instanceof FramingError)) throw error;
      framingError = true;
      break;
    }
    if (framer.pendingBytes > maxMessageBytes) throw new Error(`${framer.pendingBytes} bytes buffered over the bound ${maxMessageBytes}`);
  }
  if (framingError) {
    if (framer.pendingBytes > 256) throw new Error(`after a FramingError ${framer.pendingBytes} bytes stay buffered`);
    // The client resets the framer when it reconnects: it must frame again from a clean start.
    const before = got.length;
    framer.reset();
    framer.push(Buffer.from('Event: Again\r\n\r\n'));
    if (got.length !== before + 1 || got[before] !== 'Event: Again')
      throw new Error('the framer did not frame a plain message after reset()');
    return { messages: before, framingError: true };
  }
  const reference = referenceSplit(bytes);
  if (!sameList(got, reference.messages))
    throw new Error(
      `framed ${got.length} messages, the reference split ${reference.messages.length}; first difference at ${got.findIndex((g, i) => g !== reference.messages[i])}`,
    );
  if (banner !== reference.banner)
    throw new Error(`banner ${JSON.stringify(banner)?.slice(0, 80)} != reference ${JSON.stringify(reference.banner)?.slice(0, 80)}`);
  if (expected && !sameList(got, expected)) throw new Error('valid messages did not come out exactly as they went in');
  return { messages: got.length, framingError: false };
}

/** Mostly framer inputs; huge ones are rare (each is up to 2 MiB). */
function kindOf(r: Rand): InputKind {
  const roll = r.next();
  return roll < 0.3 ? 'random-bytes' : roll < 0.55 ? 'valid' : roll < 0.85 ? 'mutated' : roll < 0.9995 ? 'codec-string' : 'huge';
}

/** The input being run, so a failure can say what it was. */
interface Current {
  kind: InputKind;
  bytes: Buffer;
}

/** Runs input `index`: its outcome, or a throw on a broken invariant. */
function runInput(seed: number, index: number, current: Current): Outcome {
  const r = new Rand(seed, index);
  const kind = kindOf(r);
  current.kind = kind;
  current.bytes = Buffer.alloc(0);
  switch (kind) {
    case 'random-bytes': {
      const bytes = (current.bytes = randomBytes(r));
      return feed(bytes, split(r, bytes), DEFAULT_MAX_MESSAGE_BYTES);
    }
    case 'valid': {
      const v = validMessages(r);
      current.bytes = v.bytes;
      return feed(v.bytes, split(r, v.bytes), DEFAULT_MAX_MESSAGE_BYTES, v.expected);
    }
    case 'mutated': {
      const bytes = (current.bytes = mutate(r, validMessages(r).bytes));
      const max = r.chance(0.1) ? 64 + r.int(512) : DEFAULT_MAX_MESSAGE_BYTES;
      return feed(bytes, split(r, bytes), max);
    }
    case 'huge': {
      const h = huge(r);
      current.bytes = h.bytes;
      return feed(h.bytes, split(r, h.bytes), h.maxMessageBytes);
    }
    case 'codec-string': {
      const text = codecString(r);
      current.bytes = Buffer.from(text);
      checkMessage(new AmiMessage(text));
      return { messages: 1, framingError: false };
    }
  }
}

export function fuzzFramer(options: FuzzOptions): FuzzReport {
  const seed = options.seed ?? 1;
  const sampleEvery = options.sampleEvery ?? 1000;
  const keep = options.keepFailures ?? 20;
  const report: FuzzReport = {
    seed,
    inputs: 0,
    byKind: Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<InputKind, number>,
    bytes: 0,
    messages: 0,
    framingErrors: 0,
    crashes: 0,
    failures: [],
    maxRssMB: 0,
    maxHeapUsedMB: 0,
    seconds: 0,
  };
  const started = Date.now();
  const sample = (): void => {
    const m = process.memoryUsage();
    report.maxRssMB = Math.max(report.maxRssMB, m.rss / 1048576);
    report.maxHeapUsedMB = Math.max(report.maxHeapUsedMB, m.heapUsed / 1048576);
  };
  const indices = options.only !== undefined ? [options.only] : undefined;
  const total = indices ? 1 : options.inputs;
  for (let n = 0; n < total; n++) {
    const index = indices ? indices[0]! : n;
    const current: Current = { kind: 'random-bytes', bytes: Buffer.alloc(0) };
    try {
      const outcome = runInput(seed, index, current);
      report.messages += outcome.messages;
      if (outcome.framingError) report.framingErrors++;
    } catch (error) {
      report.crashes++;
      if (report.failures.length < keep) {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        report.failures.push({ index, kind: current.kind, error: message, inputHead: current.bytes.subarray(0, 64).toString('hex') });
      }
    }
    report.byKind[current.kind]++;
    report.bytes += current.bytes.length;
    report.inputs++;
    if (report.inputs % sampleEvery === 0) sample();
    if (options.onProgress && options.progressEvery && report.inputs % options.progressEvery === 0) options.onProgress(report);
  }
  sample();
  report.seconds = (Date.now() - started) / 1000;
  return report;
}
