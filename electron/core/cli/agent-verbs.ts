/**
 * The agent's verbs from the command line, each acting once and answering in words:
 *
 *   pause --reason R [--queue Q] [--queue-log]     unpause [--queue Q] [--queue-log]
 *   queue-login QUEUE                              queue-logout QUEUE
 *   agent-login --agent 9001                       agent-logout --agent 9001   (the agent pool)
 *   record start|stop|mute|unmute [--file-template T] [--options b]
 *   hangup                                         transfer NUMBER [--attended] [--context C]
 *
 * plus the connection: --host H [--port P] --user U [--tls] [--ca FILE] [--auth md5|plain] --extension 1001 [--device PJSIP/1001]
 * [--technology SIP] [--hint-context ext-local] [--local-context from-queue] [--agent 9001]. The secret comes from
 * AMI_SECRET or a prompt, never from the command line. Exit 0 when the PBX did it, 1 when it
 * refused (the reason on stderr), 2 for a usage error: the input is checked before anything
 * connects, so a bad reason, queue, number or port never opens a connection.
 *
 * --queue-log adds the app's own PAUSE/UNPAUSE row to queue_log under the member's name, for a PBX
 * that does not write them itself (Asterisk 12 and later do, for every QueuePause): off by default.
 *
 * The verbs are the app's own (createAgentVerbs), run over the agent engine's snapshot after its
 * initial sync (agentState below): the same queues, calls and words the app shows.
 */
import { parseArgs } from 'node:util';
import { AmiClient } from '../ami/client.ts';
import type { AmiConnection } from '../ami/types.ts';
import { IdentityError, type AgentIdentity } from '../agent/identity.ts';
import { AgentEngine } from '../agent/sync.ts';
import type { AgentPoolVerbs, CompanionVerbs, RecordOp, VerbResult } from '../../shared/companion.ts';
import type { Snapshot } from '../../shared/snapshot.ts';
import { normalizeNumber, type DialRules } from '../dialing/normalize.ts';
import { deskCountryOf } from '../dialing/region.ts';
import { createAgentVerbs } from '../actions/agent-verbs.ts';
import { ActionRunner } from '../actions/runner.ts';
import type { CliIO } from './io.ts';
import { CONNECTION_OPTIONS, badHostOrUser, portAndIdentity, tlsOption, type ConnectionValues } from './connection-options.ts';
import { ActionInputError, context, queue, text } from '../actions/validate.ts';

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
    ({ values }) => {
      if (typeof values.reason !== 'string' || values.reason.trim() === '') throw new UsageError('give --reason (e.g. --reason Lunch)');
      const reason = text(values.reason, 'Reason', 'input.field.pause-reason');
      const queue = queueOption(values.queue);
      return (ctx) => ctx.verbs.pause({ reason, queue });
    },
  );
}

export async function unpause(args: string[], io: CliIO): Promise<number> {
  return verb('unpause', args, io, { queue: { type: 'string' }, 'queue-log': { type: 'boolean' } }, ({ values }) => {
    const queue = queueOption(values.queue);
    return (ctx) => ctx.verbs.unpause({ queue });
  });
}

export async function queueLogin(args: string[], io: CliIO): Promise<number> {
  return verb('queue-login', args, io, {}, ({ positionals }) => {
    const name = oneQueue(positionals, 'queue-login');
    return (ctx) => ctx.verbs.queueLogin(name);
  });
}

export async function queueLogout(args: string[], io: CliIO): Promise<number> {
  return verb('queue-logout', args, io, {}, ({ positionals }) => {
    const name = oneQueue(positionals, 'queue-logout');
    return (ctx) => ctx.verbs.queueLogout(name);
  });
}

export async function agentLoginVerb(args: string[], io: CliIO): Promise<number> {
  return verb('agent-login', args, io, {}, ({ values, positionals }) => {
    noPositionals(positionals, 'agent-login --agent 9001');
    if (values.agent === undefined) throw new UsageError('give your agent number: agent-login --agent 9001');
    return (ctx) => ctx.verbs.agentLogin();
  });
}

export async function agentLogoutVerb(args: string[], io: CliIO): Promise<number> {
  return verb('agent-logout', args, io, {}, ({ values, positionals }) => {
    noPositionals(positionals, 'agent-logout --agent 9001');
    if (values.agent === undefined) throw new UsageError('give your agent number: agent-logout --agent 9001');
    return (ctx) => ctx.verbs.agentLogout();
  });
}

export async function record(args: string[], io: CliIO): Promise<number> {
  const op = args[0] as RecordOp | undefined;
  if (!op || !['start', 'stop', 'mute', 'unmute'].includes(op)) {
    io.err('record: say what to do: record start|stop|mute|unmute');
    return 2;
  }
  return verb('record', args.slice(1), io, { 'file-template': { type: 'string' }, options: { type: 'string' } }, ({ positionals }) => {
    noPositionals(positionals, 'record start|stop|mute|unmute');
    return (ctx) => ctx.verbs.record(op);
  });
}

export async function hangup(args: string[], io: CliIO): Promise<number> {
  return verb('hangup', args, io, {}, ({ positionals }) => {
    noPositionals(positionals, 'hangup');
    return (ctx) => ctx.verbs.hangup();
  });
}

export async function transfer(args: string[], io: CliIO): Promise<number> {
  const options = { attended: { type: 'boolean' }, context: { type: 'string' }, ...DIAL_RULE_OPTIONS } as const;
  return verb('transfer', args, io, options, ({ values, positionals }) => {
    const target = positionals[0];
    if (!target || positionals.length > 1) throw new UsageError('give the number to transfer to: transfer NUMBER [--attended]');
    const plan = normalizeNumber(target, dialRules(values));
    if (!plan.ok) throw new UsageError(plan.error ?? 'that number cannot be dialled');
    if (values.context !== undefined) context(values.context);
    return (ctx) => ctx.verbs.transfer(target, { attended: values.attended === true });
  });
}

function oneQueue(positionals: string[], name: string): string {
  if (positionals.length !== 1) throw new UsageError(`give one queue: ${name} QUEUE`);
  return queue(positionals[0]);
}

/** `--queue Q`: absent (every queue), or a queue name. */
function queueOption(value: unknown): string | undefined {
  return value === undefined ? undefined : queue(value);
}

function noPositionals(positionals: string[], usage: string): void {
  if (positionals.length > 0) throw new UsageError(`unexpected ${JSON.stringify(positionals[0]!.slice(0, 40))}: ${usage}`);
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

/** The region of the system's locale (es-ES -> ES; a language alone names no country), else US: the app's rule. */
function defaultCountry(): string {
  return deskCountryOf([Intl.DateTimeFormat().resolvedOptions().locale]) ?? 'US';
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
  verbs: CompanionVerbs & AgentPoolVerbs;
  snapshot: Snapshot;
}

/**
 * A verb's input checked before anything connects (a UsageError or an ActionInputError when it
 * cannot be right), and what to do with it once connected.
 */
type Plan = (input: { values: Record<string, unknown>; positionals: string[] }) => (ctx: VerbContext) => Promise<VerbResult>;

/** Parses, checks the input, connects, reads the agent's state, acts, prints the result, closes. */
async function verb(
  name: string,
  args: string[],
  io: CliIO,
  options: Record<string, { type: 'string' | 'boolean' }>,
  plan: Plan,
): Promise<number> {
  let client: AmiClient | null = null;
  try {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...CONNECTION_OPTIONS, ...options } });
    const given: Record<string, unknown> = values;
    const act = plan({ values: given, positionals });
    const connected = await connect(name, values as ConnectionValues, io);
    if (typeof connected === 'number') return connected;
    client = connected.client;
    const snapshot = await agentState(client, connected.identity, io.signal);
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
    return isUsageError(error) ? 2 : 1;
  } finally {
    await client?.close();
  }
}

/** Input that can never work, whatever the PBX: exit 2. */
export function isUsageError(error: unknown): boolean {
  return (
    error instanceof UsageError ||
    error instanceof ActionInputError ||
    error instanceof IdentityError ||
    Boolean((error as { code?: string } | null)?.code?.startsWith('ERR_PARSE_ARGS'))
  );
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
  const bad = badHostOrUser(values);
  if (bad) {
    io.err(`${name}: ${bad}`);
    return 2;
  }
  const target = portAndIdentity(name, { ...values, extension: values.extension }, io);
  if (typeof target === 'number') return target;
  const { port, auth, identity } = target;
  const tls = await tlsOption(name, values, io);
  if (typeof tls === 'number') return tls;
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
    tls,
    authType: auth,
    socketFactory: io.socketFactory,
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
