#!/usr/bin/env node
/**
 * The headless command line: `pbx-companion <verb> [options]` (or `npm run cli -- <verb>`).
 * Each verb lives in electron/core/cli/<verb>.ts; this file only dispatches. Output is a contract
 * (../shared/DESIGN.md): JSON lines for replay and watch, words for the rest.
 */
import { pathToFileURL } from 'node:url';
import type { CliIO } from './cli/io.ts';
import { processIO } from './cli/io.ts';

type Verb = { summary: string; load: () => Promise<{ run(args: string[], io: CliIO): Promise<number> }> };

const VERBS: Record<string, Verb> = {
  replay: { summary: 'replay FILE [--extension 1001] [--pop-url T]: feed a recorded transcript, print JSON lines', load: () => import('./cli/replay.ts') },
  watch: { summary: 'watch [--host H] [--port P] [--user U] --extension 1001 [--pop-url T]: JSON lines from a live PBX (default: the demo PBX on 127.0.0.1)', load: () => import('./cli/watch.ts') },
  doctor: { summary: 'doctor --host H [--port P] --user U [--tls] [--extension 1001] [--ari-url URL --ari-user U]: check a PBX and print what is missing', load: () => import('./cli/doctor.ts') },
  dial: { summary: 'dial NUMBER --extension 1001 [--dry-run]: normalise and originate', load: () => import('./cli/dial.ts') },
  pause: { summary: 'pause --reason R [--queue Q]: pause in one queue or all', load: () => import('./cli/agent-verbs.ts').then((m) => ({ run: m.pause })) },
  unpause: { summary: 'unpause [--queue Q]', load: () => import('./cli/agent-verbs.ts').then((m) => ({ run: m.unpause })) },
  'queue-login': { summary: 'queue-login QUEUE: log in to a queue', load: () => import('./cli/agent-verbs.ts').then((m) => ({ run: m.queueLogin })) },
  'queue-logout': { summary: 'queue-logout QUEUE: log out of a queue', load: () => import('./cli/agent-verbs.ts').then((m) => ({ run: m.queueLogout })) },
  record: { summary: 'record start|stop|mute|unmute', load: () => import('./cli/agent-verbs.ts').then((m) => ({ run: m.record })) },
  hangup: { summary: 'hangup: hang up the current call', load: () => import('./cli/agent-verbs.ts').then((m) => ({ run: m.hangup })) },
  transfer: { summary: 'transfer NUMBER [--attended]', load: () => import('./cli/agent-verbs.ts').then((m) => ({ run: m.transfer })) },
  'ari-dial': { summary: 'ari-dial NUMBER --url URL --user U --extension 1001 [--dry-run]: click-to-dial over ARI', load: () => import('./cli/ari.ts').then((m) => ({ run: m.dial })) },
  'ari-hangup': { summary: 'ari-hangup [CHANNEL_ID] --url URL --user U --extension 1001: hang up over ARI', load: () => import('./cli/ari.ts').then((m) => ({ run: m.hangup })) },
  'ari-watch': { summary: 'ari-watch --url URL --user U --extension 1001 [--app NAME] [--pop-url T]: JSON lines from ARI events', load: () => import('./cli/ari.ts').then((m) => ({ run: m.watch })) },
};

export function usage(): string {
  const lines = Object.values(VERBS).map((v) => `  ${v.summary}`);
  return ['usage: pbx-companion <verb> [options]', '', ...lines, '', 'Secrets come from AMI_SECRET / ARI_SECRET (or a prompt), never from the command line.'].join('\n');
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [verb, ...args] = argv;
  if (!verb || verb === '--help' || verb === '-h' || verb === 'help') {
    io.out(usage());
    return verb ? 0 : 2;
  }
  const entry = VERBS[verb];
  if (!entry) {
    io.err(`unknown verb "${verb}"\n\n${usage()}`);
    return 2;
  }
  try {
    const mod = await entry.load();
    return await mod.run(args, io);
  } catch (error) {
    io.err(`${verb}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2), processIO()).then((code) => {
    process.exitCode = code;
  });
}
