/**
 * What a client sent to the PBX, read back from the demo PBX's received bytes and checked for what
 * must never be there: a CR or LF that is not a line end, a NUL or another control byte, a Unicode
 * line separator, a header line that is not `Key: value`, an `Action:` anywhere but the first line
 * of a message, and a value longer than the action builder allows.
 */
import { MAX_VALUE_LENGTH } from '../../../electron/core/ami/action.ts';

export interface WireMessage {
  action: string;
  headers: Array<[string, string]>;
}

export interface WireReport {
  messages: WireMessage[];
  problems: string[];
}

const HEADER = /^([A-Za-z][A-Za-z0-9_()-]*): ?(.*)$/s;

export function checkWire(bytes: Buffer): WireReport {
  const problems: string[] = [];
  const text = bytes.toString('latin1'); // byte for byte: UTF-8 sequences stay visible as bytes
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) !== 10) problems.push(`a CR that does not end a line at byte ${i}`);
    if (c === 10 && text.charCodeAt(i - 1) !== 13) problems.push(`an LF that does not end a line at byte ${i}`);
    if ((c < 32 && c !== 13 && c !== 10 && c !== 9) || c === 127) problems.push(`control byte 0x${c.toString(16)} at byte ${i}`);
  }
  // UTF-8 of U+2028, U+2029 and U+0085 (NEL): line breaks to some parsers.
  for (const [name, seq] of [
    ['U+2028', '\xe2\x80\xa8'],
    ['U+2029', '\xe2\x80\xa9'],
    ['U+0085', '\xc2\x85'],
  ] as const) {
    if (text.includes(seq)) problems.push(`${name} on the wire`);
  }
  const messages: WireMessage[] = [];
  for (const block of text.split('\r\n\r\n')) {
    if (block === '') continue;
    const lines = block.split('\r\n');
    const headers: Array<[string, string]> = [];
    lines.forEach((line, index) => {
      const m = HEADER.exec(line);
      if (!m) return void problems.push(`not a header line: ${JSON.stringify(line.slice(0, 80))}`);
      const [, key, value] = m as unknown as [string, string, string];
      if (key.toLowerCase() === 'action' && index !== 0)
        problems.push(`an injected Action: line inside a message: ${JSON.stringify(line.slice(0, 80))}`);
      if (index === 0 && key.toLowerCase() !== 'action')
        problems.push(`a message that does not start with Action: ${JSON.stringify(line.slice(0, 80))}`);
      if (Buffer.byteLength(value, 'latin1') > MAX_VALUE_LENGTH * 4) problems.push(`a ${value.length}-byte value in ${key}`);
      headers.push([key, value]);
    });
    messages.push({ action: headers[0]?.[1] ?? '', headers });
  }
  return { messages, problems };
}
