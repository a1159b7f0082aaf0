/**
 * The ARI verbs, for sites with ARI and no AMI user for the desk:
 *
 *   ari-dial NUMBER --url http://127.0.0.1:8088 --user U --extension 1001 [--context from-internal] [--dry-run]
 *   ari-hangup [CHANNEL_ID] --url URL --user U --extension 1001
 *   ari-watch --url URL --user U --extension 1001 [--app NAME] [--pop-url T]
 *
 * plus [--device PJSIP/1001] [--technology SIP] [--ca FILE] [--timeout MS] and the dialing rules of
 * `dial` (--country ES, --prefix 9, ...). The password comes from ARI_SECRET or a prompt, never from
 * the command line (it would show in `ps` and shell history). ari-dial prints the dial string first,
 * like `dial`; ari-watch prints the same JSON lines as `watch` (with --pop-url, a
 * `{"type":"pop",...}` line after the snapshot that pops). Exit 0 when Asterisk did it, 1 when
 * it refused (the reason on stderr), 2 for a usage error. ari-watch runs until Ctrl+C across drops
 * and restarts, or exits 1 on a refusal retrying cannot fix (a wrong password, an untrusted certificate).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { agentIdentity, type AgentIdentity, type Technology } from '../agent/identity.ts';
import { AriClient } from '../ari/client.ts';
import { createAriCompanion } from '../ari/companion.ts';
import { originateDial } from '../ari/dial.ts';
import { AriError } from '../ari/errors.ts';
import { parseAriUrl } from '../ari/http.ts';
import { parseDialLink } from '../dialing/links.ts';
import { normalizeNumber } from '../dialing/normalize.ts';
import { createPopLineStream } from '../screenpop/screenpop.ts';
import { DIAL_RULE_OPTIONS, dialRules } from './agent-verbs.ts';
import type { CliIO } from './io.ts';
import { holdProcess } from './watch.ts';

/** Options every ARI verb takes. */
export const ARI_OPTIONS = {
  url: { type: 'string' },
  user: { type: 'string' },
  extension: { type: 'string' },
  device: { type: 'string' },
  technology: { type: 'string' },
  ca: { type: 'string' },
  timeout: { type: 'string' },
} as const;

type Values = Record<string, string | boolean | undefined>;

class UsageError extends Error {
  override name = 'UsageError';
}

interface AriContext {
  /** null only for `ari-dial --dry-run`. */
  client: AriClient | null;
  identity: AgentIdentity;
  values: Values;
  positionals: string[];
  secret: string;
  ca: Buffer | undefined;
}

export async function dial(args: string[], io: CliIO): Promise<number> {
  return verb('ari-dial', args, io, { ...DIAL_RULE_OPTIONS, context: { type: 'string' }, 'dry-run': { type: 'boolean' } }, async (ctx) => {
    const input = ctx.positionals[0];
    if (input === undefined || ctx.positionals.length > 1)
      throw new UsageError('give one number, e.g. ari-dial "+34 912 34 56 78" --url http://127.0.0.1:8088 --user U --extension 1001');
    let number = input;
    if (/^(tel|sips?|callto):/i.test(input.trim())) {
      const link = parseDialLink(input);
      if (!link.ok) return refuse(io, 'ari-dial', link.error);
      number = link.number;
    }
    const plan = normalizeNumber(number, dialRules(ctx.values));
    if (!plan.ok || !plan.dialString) return refuse(io, 'ari-dial', plan.error ?? 'that number cannot be dialled');
    io.out(`${plan.dialString}  ${plan.display ?? plan.dialString}`);
    if (plan.warning) io.err(`ari-dial: warning: ${plan.warning}`);
    if (ctx.values['dry-run']) return 0;
    const { channel, display } = await originateDial(ctx.client!, {
      device: ctx.identity.device,
      plan: { ...plan, dialString: plan.dialString },
      context: str(ctx.values.context),
    });
    io.out(`Your phone will ring: answer it to call ${display}. (channel ${channel.name}, id ${channel.id})`);
    return 0;
  });
}

export async function hangup(args: string[], io: CliIO): Promise<number> {
  return verb('ari-hangup', args, io, {}, async (ctx) => {
    let id = ctx.positionals[0];
    if (ctx.positionals.length > 1) throw new UsageError('give at most one channel id');
    let name = id;
    if (id === undefined) {
      // The agent's current call: a connected channel of the phone first, else a ringing one.
      const mine = (await ctx.client!.channels.list()).filter((c) => ctx.identity.isMyDeviceChannel(c.name));
      const call = mine.find((c) => c.state === 'Up') ?? mine[0];
      if (!call) return refuse(io, 'ari-hangup', 'You have no call to hang up.');
      id = call.id;
      name = call.name;
    }
    await ctx.client!.channels.hangup(id);
    io.out(`Hung up ${name}.`);
    return 0;
  });
}

export async function watch(args: string[], io: CliIO): Promise<number> {
  return verb('ari-watch', args, io, { app: { type: 'string' }, 'pop-url': { type: 'string' } }, async (ctx) => {
    const template = str(ctx.values['pop-url']);
    const pops = template === undefined ? null : createPopLineStream(template, ctx.identity.extension);
    if (pops && !pops.ok) throw new UsageError(`--pop-url: ${pops.error}`);
    let seq = 0;
    const companion = await createAriCompanion({
      url: str(ctx.values.url)!,
      username: str(ctx.values.user)!,
      secret: ctx.secret,
      ca: ctx.ca,
      app: str(ctx.values.app),
      extension: ctx.identity.extension,
      device: ctx.identity.device,
      timeoutMs: timeoutOf(ctx.values),
      logger: { warn: (m) => io.err(`ari-watch: ${m}`) },
    });
    try {
      // The first snapshot is already synced: a call ringing at start pops too.
      const first = companion.snapshot();
      io.out(JSON.stringify({ type: 'snapshot', seq: ++seq, snapshot: first }));
      if (pops?.ok) for (const line of pops.next(first)) io.out(JSON.stringify(line));
      const stopped = new Promise<void>((resolve) => {
        if (io.signal.aborted) resolve();
        io.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      // A wrong password does not fix itself: stop instead of printing a stale picture forever.
      const failed = new Promise<void>((resolve) => {
        if (companion.snapshot().connection.status === 'failed') resolve();
        companion.subscribe((snapshot) => {
          io.out(JSON.stringify({ type: 'snapshot', seq: ++seq, snapshot }));
          if (pops?.ok) for (const line of pops.next(snapshot)) io.out(JSON.stringify(line));
          if (snapshot.connection.status === 'failed') resolve();
        });
      });
      // Nothing else holds the process while the PBX is down (the reconnect timer is unref'd).
      const release = holdProcess();
      await Promise.race([stopped, failed]).finally(release);
      const status = companion.snapshot().connection;
      if (status.status === 'failed') return refuse(io, 'ari-watch', status.error ?? 'the ARI connection failed');
      return 0;
    } finally {
      await companion.close();
    }
  });
}

/** Parses, reads the secret, builds the client, runs `act`, turns errors into words and exit codes. */
async function verb(
  name: string,
  args: string[],
  io: CliIO,
  options: Record<string, { type: 'string' | 'boolean' }>,
  act: (ctx: AriContext) => Promise<number>,
): Promise<number> {
  if (args.some((a) => /^--(secret|password)\b/.test(a))) {
    io.err(
      `${name}: the password is never taken from the command line (it would show in \`ps\` and shell history): set ARI_SECRET or type it at the prompt`,
    );
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...ARI_OPTIONS, ...options } });
    const url = str(values.url);
    const user = str(values.user);
    const extension = str(values.extension);
    if (!url || !user || !extension)
      throw new UsageError('give --url, --user and --extension (the password comes from ARI_SECRET or a prompt)');
    const identity = agentIdentity({ extension, device: str(values.device), technology: str(values.technology) as Technology | undefined });
    let ca: Buffer | undefined;
    if (values.ca) {
      try {
        ca = await readFile(String(values.ca));
      } catch (error) {
        throw new UsageError(`cannot read the CA file ${values.ca}: ${(error as Error).message}`);
      }
    }
    parseAriUrl(url);
    // A dry run only prints the dial string: no password, no connection.
    if ((values as Values)['dry-run'] === true) return await act({ client: null, identity, values, positionals, secret: '', ca });
    const secret = (io.env.ARI_SECRET || undefined) ?? (await io.promptSecret(`ARI password for ${user} at ${url}: `));
    if (secret === undefined) throw new UsageError('no password: set ARI_SECRET or run in a terminal to be asked');
    const client = new AriClient({ url, username: user, secret, ca, timeoutMs: timeoutOf(values) });
    return await act({ client, identity, values, positionals, secret, ca });
  } catch (error) {
    io.err(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    const usage =
      error instanceof UsageError ||
      (error instanceof AriError && error.kind === 'invalid-input') ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ||
      (error as Error).name === 'IdentityError';
    return usage ? 2 : 1;
  }
}

function refuse(io: CliIO, name: string, message: string): number {
  io.err(`${name}: ${message}`);
  return 1;
}

function timeoutOf(values: Values): number | undefined {
  if (values.timeout === undefined) return undefined;
  const ms = Number(values.timeout);
  if (!(Number.isFinite(ms) && ms > 0)) throw new UsageError(`--timeout ${values.timeout} is not a number of milliseconds`);
  return ms;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
