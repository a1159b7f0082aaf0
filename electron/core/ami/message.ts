/**
 * One AMI message: an ordered list of `Key: Value` headers.
 *
 * Keys are looked up case-insensitively; repeated keys (ChanVariable, DestChanVariable, Output)
 * are kept in order; values are kept exactly as sent (a caller ID 004930123456 stays a string).
 * Parsing is lazy: the framer hands over the message's bytes, decoded only when a caller asks
 * for more than the first header (`kind`, `name`), and the headers are split only when a value
 * is asked for. On a busy PBX most events cannot concern the agent and are never decoded
 * (see agent/relevance.ts). A message kept while undecoded keeps the read it came from alive
 * until its text is first read.
 */
export type MessageKind = 'response' | 'event' | 'other';

export class AmiMessage {
  private text: string | undefined;
  /** The undecoded message: bytes start..end of `bytes` (dropped once decoded). */
  private bytes: Buffer | undefined;
  private start = 0;
  private end = 0;
  /** The first header, [key, value], once read. */
  private first: readonly [string, string] | undefined;
  /** Where each header is in the text (see headerSpans), once split. */
  private spans: number[] | undefined;
  /**
   * A message lives for one event, so at a full GC often none is alive: V8 then forgets the shape
   * of messages, and every function optimized for it starts over (a few hundred ms of slow code
   * after each full GC on a busy PBX). One message kept for the life of the process keeps it.
   */
  private static readonly keptForItsShape = new AmiMessage('');

  constructor(raw: string) {
    this.text = raw;
    this.bytes = undefined;
  }

  /** A message of bytes start..end of `bytes` (UTF-8, without its CRLF CRLF), decoded when first read. */
  static fromBytes(bytes: Buffer, start: number, end: number): AmiMessage {
    const m = new AmiMessage('');
    m.text = undefined;
    m.bytes = bytes;
    m.start = start;
    m.end = end;
    return m;
  }

  /** The message text without its terminating CRLF CRLF. */
  get raw(): string {
    if (this.text === undefined) {
      this.text = this.bytes!.toString('utf8', this.start, this.end);
      this.bytes = undefined;
    }
    return this.text;
  }

  /** The message's size as received, in bytes (UTF-8, without its CRLF CRLF): what budgets count. */
  get byteLength(): number {
    return this.text === undefined ? this.end - this.start : Buffer.byteLength(this.text);
  }

  /** Builds a message from header pairs (used by servers and tests). */
  static from(pairs: ReadonlyArray<readonly [string, string]>): AmiMessage {
    return new AmiMessage(pairs.map(([k, v]) => `${k}: ${v}`).join('\r\n'));
  }

  /** `response` for `Response: ...`, `event` for `Event: ...`, decided from the first header alone. */
  get kind(): MessageKind {
    const key = (this.first ?? this.readFirstHeader())[0];
    if (sameKey(key, 'event')) return 'event';
    if (sameKey(key, 'response')) return 'response';
    return 'other';
  }

  /** The value of the first header: the event name or the response word, without a full parse. */
  get name(): string {
    return (this.first ?? this.readFirstHeader())[1];
  }

  /** The first value of `key` (ASCII case-insensitive, as Asterisk's strcasecmp), or undefined. */
  get(key: string): string | undefined {
    const spans = this.headerSpans();
    const raw = this.text!;
    for (let i = 0; i < spans.length; i += 4) if (keyAt(raw, spans[i]!, spans[i + 1]!, key)) return raw.slice(spans[i + 2], spans[i + 3]);
    return undefined;
  }

  /** Every value of `key` (case-insensitive), in the order sent. */
  getAll(key: string): string[] {
    const spans = this.headerSpans();
    const raw = this.text!;
    const out: string[] = [];
    for (let i = 0; i < spans.length; i += 4)
      if (keyAt(raw, spans[i]!, spans[i + 1]!, key)) out.push(raw.slice(spans[i + 2], spans[i + 3]));
    return out;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** All headers as [key, value] pairs, in order. */
  entries(): Array<[string, string]> {
    const spans = this.headerSpans();
    const raw = this.text!;
    const out: Array<[string, string]> = [];
    for (let i = 0; i < spans.length; i += 4) out.push([raw.slice(spans[i], spans[i + 1]), raw.slice(spans[i + 2], spans[i + 3])]);
    return out;
  }

  /** A plain object for JSON output: a repeated key becomes an array of its values. */
  toJSON(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of this.entries()) {
      const seen = out[k];
      if (seen === undefined) out[k] = v;
      else if (Array.isArray(seen)) seen.push(v);
      else out[k] = [seen, v];
    }
    return out;
  }

  /**
   * Channel variables from `ChanVariable: NAME=value` headers (or `DestChanVariable`), as Asterisk
   * sends them for manager.conf `channelvars`. Originate responses write `ChanVariable(CHANNEL): ...`.
   */
  variables(key = 'ChanVariable'): Record<string, string> {
    const out: Record<string, string> = {};
    const spans = this.headerSpans();
    const raw = this.text!;
    for (let i = 0; i < spans.length; i += 4) {
      const ks = spans[i]!;
      const ke = spans[i + 1]!;
      // `KEY` or `KEY(CHANNEL)`, the key compared as get() compares it.
      const named =
        ke - ks === key.length ||
        (ke - ks > key.length + 1 && raw.charCodeAt(ks + key.length) === 40 /* ( */ && raw.charCodeAt(ke - 1) === 41); /* ) */
      if (!named || !keyAt(raw, ks, ks + key.length, key)) continue;
      const vs = spans[i + 2]!;
      const ve = spans[i + 3]!;
      const eq = raw.indexOf('=', vs);
      if (eq > vs && eq < ve) out[raw.slice(vs, eq)] = raw.slice(eq + 1, ve);
    }
    return out;
  }

  /** Splits the first line (from the bytes when not decoded yet). */
  private readFirstHeader(): readonly [string, string] {
    if (this.bytes !== undefined) return (this.first = firstHeaderOf(this.bytes, this.start, this.end));
    const raw = this.text!;
    const eol = raw.indexOf('\r\n');
    return (this.first = splitLine(eol < 0 ? raw : raw.slice(0, eol)));
  }

  /**
   * Where each header is in the text, found once: key start, key end, value start, value end. Keys
   * are compared in place and only the values asked for are cut out.
   */
  private headerSpans(): number[] {
    if (this.spans) return this.spans;
    const spans: number[] = [];
    const raw = this.raw;
    let start = 0;
    while (start <= raw.length) {
      let end = raw.indexOf('\r\n', start);
      if (end < 0) end = raw.length;
      if (end > start) {
        // As splitLine() splits a line.
        const colon = raw.indexOf(':', start);
        if (colon < 0 || colon >= end) spans.push(start, start, start, end);
        else spans.push(start, colon, raw.charCodeAt(colon + 1) === 32 && colon + 1 < end ? colon + 2 : colon + 1, end);
      }
      start = end + 2;
    }
    this.spans = spans;
    return spans;
  }
}

/**
 * First lines seen lately (`Event: VarSet`), four per bucket, a bucket found by a few bytes of
 * the event name: a PBX repeats a few dozen event names, so most messages get theirs
 * without decoding a byte. Only ASCII lines are kept; a full bucket replaces its oldest.
 */
const BUCKETS = 256;
const FIRST_LINES: Array<{ line: string; header: readonly [string, string] } | undefined> = new Array<undefined>(BUCKETS * 4).fill(
  undefined,
);
const NON_ASCII = /[\u0080-\u{10ffff}]/u;

/** The first header of the message in bytes start..end. */
function firstHeaderOf(bytes: Buffer, start: number, end: number): readonly [string, string] {
  let bucket = 0;
  if (end - start > 14) {
    // `Event: ` and then the name: its 1st, 3rd, 6th and 8th letters.
    const key = bytes[start + 7]! | (bytes[start + 9]! << 8) | (bytes[start + 12]! << 16) | (bytes[start + 14]! << 24);
    bucket = (Math.imul(key, 0x9e3779b1) >>> 24) * 4;
    for (let i = bucket; i < bucket + 4; i++) {
      const seen = FIRST_LINES[i];
      if (seen !== undefined && isFirstLine(seen.line, bytes, start, end)) return seen.header;
    }
  }
  // A short line: a byte loop finds its CRLF without a call into C++.
  let eol = start;
  while (eol < end && !(bytes[eol] === 13 && eol + 1 < end && bytes[eol + 1] === 10)) eol++;
  const line = bytes.toString('utf8', start, eol);
  const header = splitLine(line);
  if (end - start > 14 && line.length <= 64 && !NON_ASCII.test(line)) {
    FIRST_LINES.copyWithin(bucket + 1, bucket, bucket + 3);
    FIRST_LINES[bucket] = { line, header };
  }
  return header;
}

/** `line` (ASCII, no CRLF) is the first line of the message in bytes start..end. */
function isFirstLine(line: string, bytes: Buffer, start: number, end: number): boolean {
  const eol = start + line.length;
  if (eol > end || (eol < end && !(bytes[eol] === 13 && eol + 1 < end && bytes[eol + 1] === 10))) return false;
  for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) !== bytes[start + i]) return false;
  return true;
}

/**
 * Header names compare as Asterisk compares them (strcasecmp): ASCII letters without case, every
 * other character exactly. Unlike toLowerCase() it allocates nothing, and a name with `İ` (whose
 * lower case is two characters long) still finds itself.
 */
function sameKey(a: string, b: string): boolean {
  return keyAt(a, 0, a.length, b);
}

/** The key at `from`..`to` of `raw` is `key`, compared as sameKey() compares. */
function keyAt(raw: string, from: number, to: number, key: string): boolean {
  if (to - from !== key.length) return false;
  for (let i = 0; i < key.length; i++) {
    let x = raw.charCodeAt(from + i);
    let y = key.charCodeAt(i);
    if (x === y) continue;
    if (x >= 65 && x <= 90) x += 32;
    if (y >= 65 && y <= 90) y += 32;
    if (x !== y) return false;
  }
  return true;
}

/**
 * `Key: Value` -> [Key, Value]. Asterisk writes one space after the colon; anything after it is
 * the value as sent. A line with no colon (old `Response: Follows` command output) keeps the
 * whole line as its value under the empty key.
 */
function splitLine(line: string): [string, string] {
  const colon = line.indexOf(':');
  if (colon < 0) return ['', line];
  const valueStart = line.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1;
  return [line.slice(0, colon), line.slice(valueStart)];
}
