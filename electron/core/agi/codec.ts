/**
 * The FastAGI protocol, as Asterisk's res_agi speaks it on the socket: lines ending in LF (a CR
 * before it is tolerated). Asterisk opens with the environment block (`agi_network: yes`,
 * `agi_network_script: validate?key=42`, `agi_request: agi://...`, `agi_channel: ...`, ...,
 * `agi_arg_1: ...`, then an empty line); we send one command a line and Asterisk answers each with
 * `200 result=N [(data)] [endpos=N]`, `510 Invalid or unknown command`, `511 Command Not Permitted
 * on a dead channel...` or a multi-line `520-...` usage ending in `520 End of proper usage.`. When
 * the caller hangs up, Asterisk writes `HANGUP` on a line of its own, between answers.
 * Commands are built here from checked parts only: a variable's name by a strict pattern, its value
 * quoted with backslash escapes and stripped of control characters, so no text can end a command
 * early or start another.
 */
import { printable } from '../../shared/control-characters.ts';

export const DEFAULT_MAX_LINE_BYTES = 8 * 1024;
/** Asterisk sends about 20 environment lines plus one per AGI() argument (at most 127). */
export const MAX_ENVIRONMENT_LINES = 200;

export class AgiProtocolError extends Error {
  override name = 'AgiProtocolError';
}

/** Bytes to lines, each at most `maxLineBytes` long and valid UTF-8, else an AgiProtocolError. */
export class AgiLineReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES) {}

  /** The complete lines in `chunk` (with what came before it); throws on a line too long or not UTF-8. */
  push(chunk: Buffer): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let lf = chunk.indexOf(10); lf !== -1; lf = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, lf);
      this.grow(piece.length);
      const bytes = this.pending.length === 0 ? piece : Buffer.concat([...this.pending, piece]);
      this.pending = [];
      this.pendingBytes = 0;
      lines.push(this.decode(bytes[bytes.length - 1] === 13 ? bytes.subarray(0, -1) : bytes));
      start = lf + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.grow(rest.length);
      this.pending.push(rest);
    }
    return lines;
  }

  private grow(bytes: number): void {
    this.pendingBytes += bytes;
    if (this.pendingBytes > this.maxLineBytes) throw new AgiProtocolError(`a line longer than ${this.maxLineBytes} bytes`);
  }

  private decode(bytes: Buffer): string {
    try {
      return this.decoder.decode(bytes);
    } catch {
      throw new AgiProtocolError('a line that is not UTF-8');
    }
  }
}

/** The agi_* variables of one session, by name without the `agi_` prefix: `channel`, `callerid`, `arg_1`. */
export type AgiEnvironment = Readonly<Record<string, string>>;

/** Collects the environment block line by line; `add` returns true on the empty line that ends it. */
export class AgiEnvironmentReader {
  private readonly fields: Record<string, string> = Object.create(null) as Record<string, string>;
  private lines = 0;

  add(line: string): boolean {
    if (line === '') return true;
    if (++this.lines > MAX_ENVIRONMENT_LINES)
      throw new AgiProtocolError(`an environment block of more than ${MAX_ENVIRONMENT_LINES} lines`);
    const match = /^agi_([a-z0-9_]{1,40}): ?(.*)$/.exec(line);
    if (!match) throw new AgiProtocolError(`an environment line that is not "agi_name: value": ${JSON.stringify(line.slice(0, 60))}`);
    this.fields[match[1]!] = match[2]!;
    return false;
  }

  get environment(): AgiEnvironment {
    return this.fields;
  }
}

/** What the AGI() application asked for: the script's name, its `?a=b` parameters and its arguments. */
export interface AgiRequest {
  script: string;
  params: URLSearchParams;
  args: string[];
}

/** `agi_network_script: validate?key=42` and `agi_arg_1`, `agi_arg_2`, ... */
export function agiRequest(env: AgiEnvironment): AgiRequest {
  const network = env.network_script ?? '';
  const query = network.indexOf('?');
  const script = (query === -1 ? network : network.slice(0, query)).replace(/^\/+|\/+$/g, '');
  const params = new URLSearchParams(query === -1 ? '' : network.slice(query + 1));
  const args: string[] = [];
  for (let n = 1; env[`arg_${n}`] !== undefined; n++) args.push(env[`arg_${n}`]!);
  return { script, params, args };
}

/** One answer of Asterisk to a command. */
export interface AgiReply {
  /** 200 success, 510 unknown command, 511 dead channel, 520 wrong usage. */
  code: number;
  /** The `result=` value: `1`, `-1`, or the digits GET DATA read. */
  result: string;
  /** The text in parentheses (`timeout`, a variable's value), or the line's words for 5xx. */
  data: string;
}

/** Reads answers line by line: `add` returns the answer once it is complete (520 spans several lines). */
export class AgiReplyReader {
  private usage = false;

  add(line: string): AgiReply | null {
    if (this.usage) {
      if (!line.startsWith('520 ')) return null;
      this.usage = false;
      return { code: 520, result: '', data: 'Invalid command syntax' };
    }
    if (line.startsWith('520-')) {
      this.usage = true;
      return null;
    }
    const match = /^(\d{3})(?: (.*))?$/.exec(line);
    if (!match) throw new AgiProtocolError(`an answer that is not "200 result=...": ${JSON.stringify(line.slice(0, 60))}`);
    const code = Number(match[1]);
    const rest = match[2] ?? '';
    const result = /^result=(\S*)/.exec(rest);
    if (!result) return { code, result: '', data: rest };
    const data = /\((.*)\)/.exec(rest.slice(result[0].length));
    return { code, result: result[1]!, data: data?.[1] ?? '' };
  }
}

/** Asterisk's words when the caller hung up, on a line between answers. */
export const HANGUP_LINE = 'HANGUP';

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,79}$/;
const SOUND_FILE = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+){0,4}$/;
/** A value Asterisk stores on the channel: longer ones are cut (its variables are not for documents). */
export const MAX_VALUE_LENGTH = 1024;

/** A command argument as res_agi parses it: in quotes, with `\` and `"` escaped, no control characters. */
export function quote(value: string): string {
  const clean = channelValue(value);
  return `"${clean.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** A value fit to set on a channel: control characters gone, at most MAX_VALUE_LENGTH characters. */
export function channelValue(value: string): string {
  return [...printable(value)].slice(0, MAX_VALUE_LENGTH).join('');
}

export function isVariableName(name: string): boolean {
  return VARIABLE_NAME.test(name);
}

/** `SET VARIABLE NAME "value"`; throws on a name that is not a channel variable's. */
export function setVariable(name: string, value: string): string {
  if (!isVariableName(name)) throw new AgiProtocolError(`"${name.slice(0, 40)}" is not a channel variable name`);
  return `SET VARIABLE ${name} ${quote(value)}`;
}

export function isSoundFile(name: string): boolean {
  return SOUND_FILE.test(name);
}

/** `GET DATA file timeoutMs maxDigits`: plays the prompt and reads digits until # or the timeout. */
export function getData(file: string, timeoutMs: number, maxDigits: number): string {
  if (!isSoundFile(file)) throw new AgiProtocolError(`"${file.slice(0, 40)}" is not a sound file name such as custom/enter-account`);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || !Number.isInteger(maxDigits) || maxDigits < 1)
    throw new AgiProtocolError('GET DATA needs a whole timeout and digit count');
  return `GET DATA ${file} ${timeoutMs} ${maxDigits}`;
}
