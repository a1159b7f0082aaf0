#!/usr/bin/env node
/**
 * The headless command line: `pbx-companion <verb> [options]` (or `npm run cli -- <verb>`).
 * Each verb lives in electron/core/cli/<verb>.ts; this file only dispatches. Output is a contract
 * (../shared/DESIGN.md): JSON lines for replay and watch, words for the rest.
 */
import { pathToFileURL } from 'node:url';
import type { CliIO } from './cli/io.ts';
import { processIO } from './cli/io.ts';

type Verb = {
  /** `name options: what it does`, one line of the general usage. */
  summary: string;
  /** The lines `<verb> --help` adds below the summary: its options, one a line. */
  help?: readonly string[];
  load: () => Promise<{ run(args: string[], io: CliIO): Promise<number> }>;
};

/** The connection options of every verb that talks AMI (cli/connection-options.ts). */
const AMI_CONNECTION = [
  'connection: --host H [--port P] --user U [--tls] [--ca FILE] [--auth md5|plain] --extension 1001',
  '            [--device PJSIP/1001] [--technology PJSIP|SIP|IAX2] [--hint-context ext-local] [--local-context from-queue]',
  "            [--agent 9001] (an agent of the agent pool, as in Issabel's call center)",
  "--ca FILE: the PEM of the CA that signed the PBX's certificate (implies --tls, port 5039 by default)",
  'The secret comes from AMI_SECRET or a prompt, never from the command line.',
];
const DIAL_RULES = [
  'dialing rules: [--country ES] [--prefix 9] [--international-prefix 00] [--trunk-prefix 1] [--e164] [--internal-pattern RE]',
];
const ARI_CONNECTION = [
  'connection: --url http://pbx:8088 --user U --extension 1001 [--device PJSIP/1001] [--technology SIP] [--ca FILE] [--timeout MS]',
  'The password comes from ARI_SECRET or a prompt, never from the command line.',
];
const QUEUE_LOG =
  "--queue-log: also write the app's own row to queue_log, for a PBX that does not log pauses itself (Asterisk 12 and later do)";

const VERBS: Record<string, Verb> = {
  replay: {
    summary: 'replay FILE [--extension 1001] [--pop-url T]: feed a recorded transcript, print JSON lines',
    help: [
      'Without --extension: one JSON line per AMI message.',
      'identity: [--device PJSIP/1001] [--technology SIP] [--hint-context ext-local] [--local-context from-queue]',
    ],
    load: () => import('./cli/replay.ts'),
  },
  watch: {
    summary:
      'watch [--host H] [--port P] [--user U] [--tls] [--auth md5|plain] --extension 1001 [--pop-url T]: JSON lines from a live PBX (default: the demo PBX on 127.0.0.1)',
    help: [
      'Without --host: the demo PBX on 127.0.0.1 (user agent, its published secret).',
      "team view: the snapshot's team and me fields; [--colleagues 1002,1003] [--max-members N] as in team.",
      'call log: [--call-log-url https://crm/calls --state-dir DIR] POSTs each ended call to the CRM, signed with',
      'CALL_LOG_SECRET (HMAC-SHA256), through an outbox in DIR that survives restarts; http only to this machine.',
      ...AMI_CONNECTION,
    ],
    load: () => import('./cli/watch.ts'),
  },
  team: {
    summary:
      "team --host H --user U --extension 1001 [--colleagues 1002,1003] [--max-members N]: print the colleagues and the queues' live numbers once",
    help: [
      "Colleagues: the members of the agent's queues, plus --colleagues; their phones' states, pauses and names as the PBX reports them.",
      'Queues: callers waiting, the longest wait, answered and abandoned calls, service level, members available, paused and busy.',
      '[--max-members N] lists the first N colleagues by extension (default 1000); [--timeout MS] (default 10000).',
      ...AMI_CONNECTION,
    ],
    load: () => import('./cli/team.ts'),
  },
  doctor: {
    summary:
      'doctor --host H [--port P] --user U [--tls] [--auth md5|plain] [--extension 1001] [--ari-url URL --ari-user U]: check a PBX and print what is missing',
    help: [
      'connection: --host H [--port P] --user U [--tls] [--ca FILE] [--auth md5|plain] [--timeout MS]',
      'ARI: [--ari-url URL --ari-user U] [--ari-ca FILE] (the password from ARI_SECRET or a prompt)',
      'AGI: [--agi-host H[:4573]] the dialplan and channelvars lines for IVR validation through pbx-companion agi (alone: only them)',
      'The secret comes from AMI_SECRET or a prompt, never from the command line.',
      'A desk in relay mode: --relay nats://HOST:4222[,...] --extension 1001 checks the NATS servers, its credential',
      '(NATS_PASSWORD or NATS_CREDS), its subjects and the relay instead of an AMI login.',
    ],
    load: () => import('./cli/doctor.ts'),
  },
  dial: {
    summary: 'dial NUMBER --extension 1001 [--dry-run]: normalise and originate',
    help: ['[--channel Local/1001@originate-skipvm] [--context from-internal] [--timeout MS]', ...DIAL_RULES, ...AMI_CONNECTION],
    load: () => import('./cli/dial.ts'),
  },
  pause: {
    summary: 'pause --reason R [--queue Q]: pause in one queue or all',
    help: [QUEUE_LOG, ...AMI_CONNECTION],
    load: () => import('./cli/agent-verbs.ts').then((m) => ({ run: m.pause })),
  },
  unpause: {
    summary: 'unpause [--queue Q]',
    help: ['Without --queue: every queue where you are paused.', QUEUE_LOG, ...AMI_CONNECTION],
    load: () => import('./cli/agent-verbs.ts').then((m) => ({ run: m.unpause })),
  },
  'queue-login': {
    summary: 'queue-login QUEUE: log in to a queue',
    help: AMI_CONNECTION,
    load: () => import('./cli/agent-verbs.ts').then((m) => ({ run: m.queueLogin })),
  },
  'queue-logout': {
    summary: 'queue-logout QUEUE: log out of a queue',
    help: AMI_CONNECTION,
    load: () => import('./cli/agent-verbs.ts').then((m) => ({ run: m.queueLogout })),
  },
  'agent-login': {
    summary: 'agent-login --agent 9001: log in to the agent pool (your own phone rings into AgentLogin; answer it)',
    help: AMI_CONNECTION,
    load: () => import('./cli/agent-verbs.ts').then((m) => ({ run: m.agentLoginVerb })),
  },
  disposition: {
    summary:
      'disposition --call LINKEDID --code CODE [--note TEXT] --call-log-url URL --state-dir DIR: send the disposition of an ended call to the CRM',
    help: [
      'The call must be in the call log of DIR (a watch --call-log-url --state-dir DIR logged it when it ended).',
      '[--codes sold,callback,...] the codes allowed (default: any code of letters, digits, - and _)',
      '[--timeout MS] how long to wait for the CRM (default 10000); unsent, the record stays in the outbox for later.',
      'The shared secret comes from CALL_LOG_SECRET, never from the command line.',
    ],
    load: () => import('./cli/disposition.ts'),
  },
  'agent-logout': {
    summary: 'agent-logout --agent 9001: log out of the agent pool (AgentLogoff)',
    help: AMI_CONNECTION,
    load: () => import('./cli/agent-verbs.ts').then((m) => ({ run: m.agentLogoutVerb })),
  },
  record: {
    summary: 'record start|stop|mute|unmute',
    help: ['[--file-template T] [--options b]', ...AMI_CONNECTION],
    load: () => import('./cli/agent-verbs.ts').then((m) => ({ run: m.record })),
  },
  hangup: {
    summary: 'hangup: hang up the current call',
    help: AMI_CONNECTION,
    load: () => import('./cli/agent-verbs.ts').then((m) => ({ run: m.hangup })),
  },
  transfer: {
    summary: 'transfer NUMBER [--attended]',
    help: ['[--context from-internal]', ...DIAL_RULES, ...AMI_CONNECTION],
    load: () => import('./cli/agent-verbs.ts').then((m) => ({ run: m.transfer })),
  },
  relay: {
    summary:
      'relay --host H --user U [--tls] [--ca FILE] [--auth md5|plain] --agents 1001,1002 --nats nats://127.0.0.1:4222[,...]: one AMI session for many desks, served over NATS',
    help: [
      '[--port P] identity: [--technology PJSIP|SIP|IAX2] [--hint-context ext-local] [--local-context from-queue]',
      'verbs: [--context from-internal] [--country ES] [--queue-log]; desks: [--heartbeat MS] (default 5000)',
      'The AMI secret comes from AMI_SECRET or a prompt; the NATS credential from NATS_USER and NATS_PASSWORD',
      '(a password, or the nkey seed SU... that relay --print-nats-conf printed), never from the command line.',
      'Two relays for one PBX: each takes a lease (JetStream KV on the NATS servers), one is active (logs in to AMI,',
      'serves desks), the other a standby that takes over within 5 s; [--pbx-id ID] names the PBX (default HOST:PORT).',
      '[--no-lease]: one relay alone, on a NATS server without JetStream.',
      'relay --print-nats-conf --agents 1001,1002 [...]: print the nats-server config instead (as relay-nats-conf).',
    ],
    load: () => import('./cli/relay.ts'),
  },
  'relay-nats-conf': {
    summary:
      'relay-nats-conf --agents 1001,1002 [--tls-cert F --tls-key F --tls-ca F] [--cluster h1:6222,h2:6222,h3:6222]: print a nats-server config for relay mode',
    help: [
      'Prints a nats-server 2.9 configuration on stdout: one nkey user per desk allowed only its own subjects, the relay user,',
      'the TLS block (--tls-*: absolute paths on the NATS server) and a 3-node cluster block (--cluster, one route port).',
      "The nkey seeds go to stderr, once: keep each in its desk's keychain (docs/relay-security.md); the config holds public keys only.",
    ],
    load: () => import('./cli/relay-conf.ts'),
  },
  agi: {
    summary:
      'agi [--port 4573] [--bind 127.0.0.1] [--allow 10.0.0.5,...] [--lookup URL-TEMPLATE]: the FastAGI service that validates callers for the IVR',
    help: [
      'For AGI(agi://HOST:4573/validate,${DIGITS}) in the dialplan (doctor --agi-host HOST prints the lines).',
      '--allow: the PBX addresses or subnets that may connect (default the loopback; required with a --bind other than it)',
      "--lookup: the CRM's URL with {number}, as the screen pop's lookup: https://crm.example/api/customer?n={number}",
      '  [--lookup-timeout MS] (at most 1500) [--number-format asReceived|e164|digits] [--country ES]',
      '  [--id-field id] [--name-field name] [--field CUSTOMER_TIER=tier ...]: the record fields set on the channel',
      'Without --lookup every call gets CUSTOMER_VALID=unknown at once.',
      'limits: [--max-connections 1000] [--max-per-peer 500] [--idle-timeout 30000]',
    ],
    load: () => import('./cli/agi.ts'),
  },
  'ari-dial': {
    summary: 'ari-dial NUMBER --url URL --user U --extension 1001 [--dry-run]: click-to-dial over ARI',
    help: ['[--context from-internal]', ...DIAL_RULES, ...ARI_CONNECTION],
    load: () => import('./cli/ari.ts').then((m) => ({ run: m.dial })),
  },
  'ari-hangup': {
    summary: 'ari-hangup [CHANNEL_ID] --url URL --user U --extension 1001: hang up over ARI',
    help: ARI_CONNECTION,
    load: () => import('./cli/ari.ts').then((m) => ({ run: m.hangup })),
  },
  'ari-watch': {
    summary: 'ari-watch --url URL --user U --extension 1001 [--app NAME] [--pop-url T]: JSON lines from ARI events',
    help: ARI_CONNECTION,
    load: () => import('./cli/ari.ts').then((m) => ({ run: m.watch })),
  },
};

export function usage(): string {
  const lines = Object.values(VERBS).map((v) => `  ${v.summary}`);
  return [
    'usage: pbx-companion <verb> [options]',
    '',
    ...lines,
    '',
    'Every AMI verb takes --tls and --auth md5|plain (default md5: the secret never crosses the wire).',
    "Every AMI verb takes --ca FILE: the CA that signed the PBX's certificate (implies --tls).",
    'pbx-companion <verb> --help: the options of one verb.',
    'Secrets come from AMI_SECRET / ARI_SECRET (or a prompt), never from the command line.',
  ].join('\n');
}

/** The verbs, by name (the table `main` dispatches on). */
export function verbNames(): string[] {
  return Object.keys(VERBS);
}

/** One verb's usage: its summary line, then its options. */
export function verbUsage(verb: string): string {
  const entry = VERBS[verb];
  if (!entry) throw new Error(`unknown verb "${verb}"`);
  return [`usage: pbx-companion ${entry.summary}`, ...(entry.help ?? []).map((line) => `  ${line}`)].join('\n');
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [verb, ...args] = argv;
  if (verb === '--help' || verb === '-h' || verb === 'help') {
    io.out(usage());
    return 0;
  }
  if (!verb) {
    io.err(usage());
    return 2;
  }
  const entry = VERBS[verb];
  if (!entry) {
    io.err(`unknown verb "${verb}"\n\n${usage()}`);
    return 2;
  }
  // Answered here, before the verb reads its options, so every verb has it (one added later too).
  if (args.includes('--help') || args.includes('-h')) {
    io.out(verbUsage(verb));
    return 0;
  }
  try {
    const mod = await entry.load();
    return await mod.run(args, io);
  } catch (error) {
    io.err(`${verb}: ${error instanceof Error ? error.message : String(error)}`);
    // Options parseArgs refuses, or an identity that cannot be: a usage error.
    const usage = (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') || (error as Error).name === 'IdentityError';
    return usage ? 2 : 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2), processIO()).then((code) => {
    process.exitCode = code;
  });
}
