/** Access to the real transcripts in ../shared/fixtures (beside the project, as in CI). */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures');

export function fixturePath(name: string): string {
  return path.join(FIXTURES, name);
}

/** Every `.ami.raw` transcript, as `asterisk-22/04-queue-call-answered.ami.raw`. */
export function allRawFixtures(): string[] {
  const out: string[] = [];
  for (const dir of ['asterisk-22', 'asterisk-18']) {
    for (const f of readdirSync(path.join(FIXTURES, dir)).sort()) if (f.endsWith('.ami.raw')) out.push(`${dir}/${f}`);
  }
  return out;
}

export function readRaw(name: string): Buffer {
  return readFileSync(fixturePath(name));
}

export interface TimedRecord {
  kind: 'RX' | 'TX' | 'INFO';
  at: string;
  offsetMs: number;
  bytes: Buffer;
}

/** Parses a `.ami.timed.log`: `#### RX|TX|INFO <iso> +<ms>ms bytes=<n>` LF, n bytes, LF. */
export function readTimed(name: string): TimedRecord[] {
  const buf = readFileSync(fixturePath(name));
  const out: TimedRecord[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const eol = buf.indexOf(0x0a, pos);
    const header = buf.toString('utf8', pos, eol);
    const m = /^#### (RX|TX|INFO) (\S+) \+(\d+)ms bytes=(\d+)$/.exec(header);
    if (!m) throw new Error(`${name}: bad record header at byte ${pos}: ${header.slice(0, 80)}`);
    const n = Number(m[4]);
    out.push({ kind: m[1] as TimedRecord['kind'], at: m[2]!, offsetMs: Number(m[3]), bytes: buf.subarray(eol + 1, eol + 1 + n) });
    pos = eol + 1 + n + 1;
  }
  return out;
}

/** The received chunks of a transcript, split at the real TCP read boundaries. */
export function rxChunks(rawName: string): Buffer[] {
  return readTimed(rawName.replace(/\.ami\.raw$/, '.ami.timed.log'))
    .filter((r) => r.kind === 'RX')
    .map((r) => r.bytes);
}
