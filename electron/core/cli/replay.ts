/**
 * `replay FILE...`: feeds recorded transcripts (raw AMI bytes) through the same framer and codec
 * the app uses.
 *
 * Without `--extension`: one JSON line per message, `{"type":"banner",...}` then
 * `{"type":"message","seq":N,"message":{...}}`.
 *
 * With `--extension 1001 [--device PJSIP/1001] [--hint-context ext-local] [--agent 9001]`: the agent engine's
 * snapshot on every change, `{"type":"snapshot","seq":N,"snapshot":{...}}` (seq from 1). Several
 * files are one session with a connection drop between them (e.g. the four 12-reload-and-restart
 * connections). `--pop-url T` adds `{"type":"pop","callId":...,"url":...}` after the snapshot that
 * triggers a screen pop.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { AmiFramer } from '../ami/framer.ts';
import type { Snapshot } from '../../shared/snapshot.ts';
import type { Technology } from '../agent/identity.ts';
import { agentIdentity } from '../agent/identity.ts';
import { ReplaySession } from '../agent/replay.ts';
import { createPopLineStream } from '../screenpop/screenpop.ts';
import type { CliIO } from './io.ts';

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      extension: { type: 'string' },
      device: { type: 'string' },
      technology: { type: 'string' },
      'hint-context': { type: 'string' },
      'local-context': { type: 'string' },
      agent: { type: 'string' },
      'pop-url': { type: 'string' },
    },
  });
  if (positionals.length === 0) {
    io.err('replay: give a transcript file, e.g. ../shared/fixtures/asterisk-22/04-queue-call-answered.ami.raw');
    return 2;
  }
  const files: Array<{ name: string; bytes: Buffer }> = [];
  for (const name of positionals) files.push({ name, bytes: await readFile(name) });
  if (values.extension === undefined) return messages(files, io);

  const identity = agentIdentity({
    extension: values.extension,
    device: values.device,
    technology: values.technology as Technology | undefined,
    hintContext: values['hint-context'],
    localMemberContext: values['local-context'],
    agent: values.agent,
  });
  let pop: ((snapshot: Snapshot) => void) | null = null;
  if (values['pop-url'] !== undefined) {
    const stream = createPopLineStream(values['pop-url'], identity.extension, {
      onRefused: (callId, reason) => io.err(`replay: no pop for call ${callId}: ${reason}`),
    });
    if (!stream.ok) {
      io.err(`replay: --pop-url: ${stream.error}`);
      return 2;
    }
    pop = (snapshot) => {
      for (const line of stream.next(snapshot)) io.out(JSON.stringify(line));
    };
  }
  let seq = 0;
  const session = new ReplaySession(identity, {
    logger: { warn: (m) => io.err(`replay: ${m}`) },
    onSnapshot: (snapshot) => {
      io.out(JSON.stringify({ type: 'snapshot', seq: ++seq, snapshot }));
      pop?.(snapshot);
    },
  });
  files.forEach((file, i) => {
    const framer = new AmiFramer({ onBanner: (banner) => session.connect(banner), onMessage: (m) => session.message(m) });
    framer.push(file.bytes);
    if (framer.pendingBytes > 0) io.err(`replay: ${framer.pendingBytes} bytes at the end of ${file.name} do not form a complete message`);
    session.end(i === files.length - 1);
  });
  return 0;
}

function messages(files: Array<{ name: string; bytes: Buffer }>, io: CliIO): number {
  let seq = 0;
  for (const file of files) {
    const framer = new AmiFramer({
      onBanner: (banner) => io.out(JSON.stringify({ type: 'banner', banner })),
      onMessage: (message) => io.out(JSON.stringify({ type: 'message', seq: ++seq, message })),
    });
    framer.push(file.bytes);
    if (framer.pendingBytes > 0) io.err(`replay: ${framer.pendingBytes} bytes at the end of ${file.name} do not form a complete message`);
  }
  return 0;
}
