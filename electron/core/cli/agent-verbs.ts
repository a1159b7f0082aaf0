/**
 * The agent's verbs from the command line, each acting once and answering in words:
 *
 *   pause --reason R [--queue Q] [--queue-log]     unpause [--queue Q] [--queue-log]
 *   queue-login QUEUE                              queue-logout QUEUE
 *   record start|stop|mute|unmute [--file-template T] [--options b]
 *   hangup                                         transfer NUMBER [--attended] [--context C]
 *
 * plus the connection: --host H [--port P] --user U [--tls] --extension 1001 [--device PJSIP/1001]
 * [--technology SIP] [--hint-context ext-local] [--local-context from-queue]. The secret comes from
 * AMI_SECRET or a prompt, never from the command line. Exit 0 when the PBX did it, 1 when it
 * refused (the reason on stderr), 2 for a usage error.
 *
 * The verbs are the app's own (createAgentVerbs), run over the agent engine's snapshot after its
 * initial sync (agentState below): the same queues, calls and words the app shows.
 */
import { parseArgs } from 'node:util';
import { AmiClient } from '../ami/client.ts';
import type { AmiConnection } from '../ami/types.ts';
import type { AgentIdentity } from '../agent/identity.ts';
import { AgentEngine } from '../agent/sync.ts';
import type { CompanionVerbs, RecordOp, VerbResult } from '../../shared/companion.ts';
import type { Snapshot } from '../../shared/snapshot.ts';
import type { DialRules } from '../dialing/normalize.ts';
import { createAgentVerbs } from '../actions/agent-verbs.ts';
import { ActionRunner } from '../actions/runner.ts';
import type { CliIO } from './io.ts';
import { CONNECTION_OPTIONS, portAndIdentity, type ConnectionValues } from './connection-options.ts';

export { CONNECTION_OPTIONS } from './connection-options.ts';

/** A usage error: printed with the verb's name, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export async function pause(args: string[], io: CliIO): Promise<number> {
  return verb(
    'pause',
    args,
    io,
    { reason: { type: 'string' }, queue: { type: 'string' }, 'queue-log': { type: 'boolean' } },
    async (ctx) => {
      const reason = ctx.values.reason;
      if (typeof reason !== 'string' || reason.trim() === '') throw new UsageError('give --reason (e.g. --reason Lunch)');
      return ctx.verbs.pause({ reason, queue: str(ctx.values.queue) });
    },
  );
}

export async function unpause(args: string[], io: CliIO): Promise<number> {
  return verb('unpause', args, io, { queue: { type: 'string' }, 'queue-log': { type: 'boolean' } }, async (ctx) =>
    ctx.verbs.unpause({ queue: str(ctx.values.queue) }),
  );
}

export async function queueLogin(args: string[], io: CliIO): Promise<number> {
  return verb('queue-login', args, io, {}, async (ctx) => ctx.verbs.queueLogin(oneQueue(ctx.positionals, 'queue-login')));
}

export async function queueLogout(args: string[], io: CliIO): Promise<number> {
  return verb('queue-logout', args, io, {}, async (ctx) => ctx.verbs.queueLogout(oneQueue(ctx.positionals, 'queue-logout')));
}

export async function record(args: string[], io: CliIO): Promise<number> {
  const op = args[0] as RecordOp | undefined;
  if (!op || !['start', 'stop', 'mute', 'unmute'].includes(op)) {
    io.err('record: say what to do: record start|stop|mute|unmute');
    return 2;
  }
  return verb('record', args.slice(1), io, { 'file-template': { type: 'string' }, options: { type: 'string' } }, async (ctx) =>
    ctx.verbs.record(op),
  );
}

export async function hangup(args: string[], io: CliIO): Promise<number> {
  return verb('hangup', args, io, {}, async (ctx) => ctx.verbs.hangup());
}

export async function transfer(args: string[], io: CliIO): Promise<number> {
  const options = { attended: { type: 'boolean' }, context: { type: 'string' }, ...DIAL_RULE_OPTIONS } as const;
  return verb('transfer', args, io, options, async (ctx) => {
    const target = ctx.positionals[0];
    if (!target) throw new UsageError('give the number to transfer to: transfer NUMBER [--attended]');
    return ctx.verbs.transfer(target, { attended: ctx.values.attended === true });
  });
}

function oneQueue(positionals: string[], name: string): string {
  if (positionals.length !== 1) throw new UsageError(`give one queue: ${name} QUEUE`);
  return positionals[0]!;
}

/** The dialing rules as options, shared with `dial`. */
export const DIAL_RULE_OPTIONS = {
  country: { type: 'string' },
  prefix: { type: 'string' },
  'international-prefix': { type: 'string' },
  'trunk-prefix': { type: 'string' },
  e164: { type: 'boolean' },
  'internal-pattern': { type: 'string' },
} as const;

export function dialRules(values: Record<string, unknown>): DialRules {
  return {
    defaultCountry: str(values.country) ?? defaultCountry(),
    outboundPrefix: str(values.prefix),
    internationalPrefix: str(values['international-prefix']),
    nationalTrunkPrefix: str(values['trunk-prefix']),
    domesticFormat: values.e164 === true ? 'e164' : 'national',
    internationalFormat: values.e164 === true ? 'e164' : 'idd',
    internalPattern: str(values['internal-pattern']),
  };
}

/** The region of the system's locale (es-ES -> ES), else US. */
function defaultCountry(): string {
  try {
    return new Intl.Locale(Intl.DateTimeFormat().resolvedOptions().locale).maximize().region ?? 'US';
  } catch {
    return 'US';
  }
}

/**
 * The agent's snapshot after the engine's initial sync over `connection` (already connected):
 * the queues the agent is in and the calls on the phone, as the app would show them.
 */
export async function agentState(connection: AmiConnection, identity: AgentIdentity, signal: AbortSignal): Promise<Snapshot> {
  const engine = new AgentEngine({ connection, identity });
  try {
    return await new Promise<Snapshot>((resolve, reject) => {
      const settle = (snapshot: Snapshot) => {
        if (snapshot.connection.status === 'live') resolve(snapshot);
        else if (snapshot.connection.status === 'failed') reject(new Error(snapshot.connection.error ?? 'could not read the agent state'));
      };
      engine.subscribe(settle);
      signal.addEventListener('abort', () => reject(new Error('stopped')), { once: true });
      engine.start();
      settle(engine.snapshot());
    });
  } finally {
    engine.stop();
  }
}

export interface VerbContext {
  values: Record<string, unknown>;
  positionals: string[];
  /** The app's verbs over this connection and the agent's snapshot. */
  verbs: CompanionVerbs;
  snapshot: Snapshot;
}

/** Parses, connects, reads the agent's state, runs `act`, prints the result, closes. */
async function verb(
  name: string,
  args: string[],
  io: CliIO,
  options: Record<string, { type: 'string' | 'boolean' }>,
  act: (ctx: VerbContext) => Promise<VerbResult>,
): Promise<number> {
  let client: AmiClient | null = null;
  try {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...CONNECTION_OPTIONS, ...options } });
    const connected = await connect(name, values as ConnectionValues, io);
    if (typeof connected === 'number') return connected;
    client = connected.client;
    const snapshot = await agentState(client, connected.identity, io.signal);
    const given: Record<string, unknown> = values;
    const verbs = createAgentVerbs({
      connection: client,
      runner: new ActionRunner(client),
      identity: connected.identity,
      snapshot: () => snapshot,
      dialRules: dialRules(given),
      context: str(given.context),
      queueLog: given['queue-log'] === true,
      recordingTemplate: str(given['file-template']),
      recordingOptions: str(given.options),
    });
    const result = await act({ values: given, positionals, verbs, snapshot });
    if (result.ok) {
      io.out(result.message ?? 'Done.');
      return 0;
    }
    io.err(`${name}: ${result.error}`);
    return 1;
  } catch (error) {
    io.err(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    return error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1;
  } finally {
    await client?.close();
  }
}

/** An AmiClient logged in from the connection options, or the exit code of a usage error. */
export async function connect(
  name: string,
  values: ConnectionValues,
  io: CliIO,
): Promise<{ client: AmiClient; identity: AgentIdentity } | number> {
  if (!values.host || !values.user || !values.extension) {
    io.err(`${name}: give --host, --user and --extension (the secret comes from AMI_SECRET or a prompt)`);
    return 2;
  }
  const target = portAndIdentity(name, { ...values, extension: values.extension }, io);
  if (typeof target === 'number') return target;
  const { port, identity } = target;
  const secret = io.env.AMI_SECRET ?? (await io.promptSecret(`AMI secret for ${values.user}@${values.host}: `));
  if (secret === undefined) {
    io.err(`${name}: no secret: set AMI_SECRET or run in a terminal to be asked`);
    return 2;
  }
  // One attempt: a command that acts once must not keep retrying in the background.
  const client = new AmiClient({
    host: values.host,
    port,
    username: values.user,
    secret,
    tls: values.tls ?? false,
    reconnect: false,
    keepaliveIntervalMs: 0,
  });
  try {
    await client.connect();
  } catch (error) {
    await client.close();
    throw error;
  }
  return { client, identity };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
