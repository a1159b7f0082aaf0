/**
 * `relay --host H --user U [--tls] [--ca FILE] [--auth md5|plain] [--agents 1001,1002] --nats nats://127.0.0.1:4222[,...]`:
 * one AMI session for every agent, their snapshots and verbs served over NATS (relay/relay.ts).
 * The agents are those the PBX lists (its queues' members, its hinted phones), plus `--agents`, plus
 * any a desk asks for; `--no-discover` serves only `--agents` (and those asked for). Listen and
 * whisper are served only to the desks in `--supervisors`.
 * The AMI secret comes from AMI_SECRET (or a prompt); the relay's NATS credential from NATS_USER and
 * NATS_PASSWORD (a password, or the nkey seed `SU...` that `relay --print-nats-conf` printed).
 * Every option is checked before anything connects. Runs until Ctrl+C (or SIGTERM from systemd),
 * across AMI drops and NATS reconnects; says on stderr what it serves and what goes wrong.
 * Two relays may run for one PBX: each takes the lease (relay/lease.ts, JetStream KV; the PBX is
 * `--pbx-id`, or host:port) and only its holder logs in to AMI and serves desks, the other waits as a
 * standby and takes over within 5 s when the active dies, about half a second after it stops cleanly
 * (Ctrl+C, SIGTERM: it leaves the PBX, then gives the lease back) ("relay: active|standby for PBX X" on stderr).
 * `--no-lease` runs one relay alone, on a NATS server without JetStream.
 * `relay --print-nats-conf ...` is the nats-server config printer (cli/relay-conf.ts).
 */
import { parseArgs } from 'node:util';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AmiClient } from '../ami/client.ts';
import { AmiLoginError } from '../ami/errors.ts';
import { agentIdentity, type Technology } from '../agent/identity.ts';
import { natsAuthOptions } from '../relay/nats-auth.ts';
import { alwaysHeld, leaseBuckets, openLease, type Lease } from '../relay/lease.ts';
import { LeasedConnection } from '../relay/leased-connection.ts';
import { startRelay, type Relay } from '../relay/relay.ts';
import { serveUnderLease, type Running } from '../relay/standby.ts';
import { RELAY_INBOX_PREFIX, subjectToken } from '../relay/subjects.ts';
import type { CliIO } from './io.ts';
import { authOption, badHostOrUser, tlsOption, usesTls, warnPlainText } from './connection-options.ts';
import { holdProcess, untilAborted } from './watch.ts';

export const RELAY_USAGE =
  'relay --host H [--port P] --user U [--tls] [--ca FILE] [--auth md5|plain] [--agents 1001,1002] [--no-discover] [--max-agents N] [--supervisors 2001,2002] --nats nats://127.0.0.1:4222[,...] [--pbx-id ID] [--no-lease]';

const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  user: { type: 'string' },
  tls: { type: 'boolean' },
  ca: { type: 'string' },
  auth: { type: 'string' },
  agents: { type: 'string' },
  'no-discover': { type: 'boolean' },
  'max-agents': { type: 'string' },
  supervisors: { type: 'string' },
  nats: { type: 'string' },
  technology: { type: 'string' },
  'hint-context': { type: 'string' },
  'local-context': { type: 'string' },
  context: { type: 'string' },
  country: { type: 'string' },
  'queue-log': { type: 'boolean' },
  heartbeat: { type: 'string' },
  'pbx-id': { type: 'string' },
  'no-lease': { type: 'boolean' },
} as const;

/** `--nats a,b`: each a nats:// or tls:// URL with a host, or why not. */
export function natsServers(text: string | undefined): string[] | string {
  if (!text) return 'give --nats nats://HOST:4222 (several, comma-separated, for a cluster)';
  const servers = text.split(',').map((s) => s.trim());
  for (const server of servers) {
    let url: URL | null;
    try {
      url = new URL(server);
    } catch {
      url = null;
    }
    if (!url || !['nats:', 'tls:'].includes(url.protocol) || !url.hostname || url.username || url.pathname.replace('/', '') !== '')
      return `--nats ${JSON.stringify(server.slice(0, 80))} is not a NATS URL such as nats://127.0.0.1:4222 (no credential in it: NATS_USER and NATS_PASSWORD)`;
  }
  return servers;
}

/** `--agents 1001,1002`: extensions that can be subject tokens (none: only those the PBX lists), or why not. */
export function agentList(
  text: string | undefined,
  identity: { technology?: Technology; hintContext?: string; localMemberContext?: string },
): string[] | string {
  if (!text) return [];
  const agents = [...new Set(text.split(',').map((a) => a.trim()))];
  for (const extension of agents) {
    try {
      agentIdentity({ ...identity, extension });
      subjectToken(extension);
    } catch (error) {
      return `--agents: ${(error as Error).message}`;
    }
  }
  return agents;
}

export async function run(args: string[], io: CliIO): Promise<number> {
  if (args.includes('--print-nats-conf')) return (await import('./relay-conf.ts')).run(args, io);
  const { values } = parseArgs({ args, options: OPTIONS });
  const usage = (message: string): number => {
    io.err(`relay: ${message}`);
    io.err(`usage: pbx-companion ${RELAY_USAGE}`);
    return 2;
  };
  if (!values.host || !values.user) return usage('give --host and --user of the AMI user the relay logs in as');
  const bad = badHostOrUser(values);
  if (bad) return usage(bad);
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) return usage(`--port ${values.port} is not a TCP port`);
  const auth = authOption('relay', values.auth, io);
  if (auth === undefined) return 2;
  const technology = values.technology as Technology | undefined;
  const identity = { technology, hintContext: values['hint-context'], localMemberContext: values['local-context'] };
  const agents = agentList(values.agents, identity);
  if (typeof agents === 'string') return usage(agents);
  const discover = !values['no-discover'];
  if (!discover && agents.length === 0) return usage('with --no-discover, give --agents 1001,1002 (the extensions this relay serves)');
  const maxAgents = values['max-agents'] === undefined ? 5000 : Number(values['max-agents']);
  if (!(Number.isInteger(maxAgents) && maxAgents >= 1 && maxAgents <= 50_000))
    return usage(`--max-agents ${values['max-agents']} is not a number from 1 to 50000`);
  const supervisors = agentList(values.supervisors, identity);
  if (typeof supervisors === 'string') return usage(supervisors.replace('--agents', '--supervisors'));
  const servers = natsServers(values.nats);
  if (typeof servers === 'string') return usage(servers);
  if (values['pbx-id'] !== undefined && !/^[-\w.]{1,100}$/.test(values['pbx-id']))
    return usage(
      `--pbx-id ${JSON.stringify(values['pbx-id'].slice(0, 100))} is not a name of letters, digits, "-", "_" and "." (at most 100)`,
    );
  const heartbeatMs = values.heartbeat === undefined ? 5000 : Number(values.heartbeat);
  if (!(Number.isInteger(heartbeatMs) && heartbeatMs >= 100 && heartbeatMs <= 60_000))
    return usage(`--heartbeat ${values.heartbeat} is not a number of milliseconds from 100 to 60000`);
  if (values.country !== undefined && !/^[A-Z]{2}$/.test(values.country))
    return usage(`--country ${values.country} is not a country code such as ES`);
  const tls = await tlsOption('relay', values, io);
  if (typeof tls === 'number') return tls;
  warnPlainText('relay', { host: values.host, tls: usesTls(values), auth }, io);
  const secret = io.env.AMI_SECRET || (await io.promptSecret(`AMI secret for ${values.user}@${values.host}: `));
  if (!secret) return usage('no AMI secret: set AMI_SECRET');
  const credential = io.env.NATS_PASSWORD || undefined;

  let nats: NatsConnection;
  try {
    nats = await connect({
      servers,
      ...(credential ? natsAuthOptions(credential, io.env.NATS_USER || undefined) : {}),
      inboxPrefix: RELAY_INBOX_PREFIX,
      name: 'pbx-companion relay',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
    });
  } catch (error) {
    io.err(`relay: cannot connect to NATS at ${servers.join(', ')}: ${(error as Error).message}`);
    return 1;
  }
  const log = { warn: (m: string) => io.err(`relay: ${m}`) };
  const pbx = values['pbx-id'] ?? `${values.host}:${port ?? (tls ? 5039 : 5038)}`;
  let lease: Lease;
  try {
    lease = values['no-lease'] ? alwaysHeld() : await openLease({ nats, pbx, buckets: leaseBuckets(nats.info?.cluster), logger: log });
  } catch (error) {
    io.err(`relay: ${(error as Error).message}`);
    await nats.close();
    return 1;
  }
  /** Why the relay must end (a refused AMI login, a refused NATS subscription), once known. */
  let fail: (error: Error) => void = () => {};
  const failed = new Promise<Error>((resolve) => (fail = resolve));

  /** Acting on the PBX: one AMI login and the relay's subscriptions, only while the lease is held. */
  const start = async (): Promise<Running> => {
    const client = new AmiClient({ host: values.host!, port, username: values.user!, secret, tls, authType: auth, logger: log });
    let relay: Relay;
    try {
      relay = await startRelay({
        connection: new LeasedConnection(client, lease.held),
        nats,
        agents,
        discover,
        maxAgents,
        supervisors,
        identity,
        dialRules: { defaultCountry: values.country ?? 'US' },
        originateContext: values.context,
        queueLog: values['queue-log'],
        heartbeatMs,
        logger: log,
      });
    } catch (error) {
      await client.close();
      throw error;
    }
    const learnt = discover ? ' and every agent the PBX lists' : '';
    io.err(`relay: serving ${agents.length} agent(s) (${agents.join(', ') || 'none named'})${learnt} on ${servers.join(', ')}`);
    client.onStatus((status, error) => {
      if (status === 'disconnected' && error) fail(error);
    });
    client.connect().catch((error: unknown) => {
      if (error instanceof AmiLoginError && error.retryable) io.err(`relay: ${error.message}; retrying until stopped`);
    });
    return {
      async stop(why) {
        // Lost: the PBX first, nothing of this relay may reach it once another can be active.
        if (why === 'lost') await client.close();
        await relay.stop();
        await client.close();
      },
    };
  };
  void (async () => {
    for await (const s of nats.status()) {
      if (s.type === 'disconnect') io.err('relay: NATS disconnected; reconnecting');
      else if (s.type === 'reconnect') io.err('relay: NATS reconnected');
    }
  })();
  const release = holdProcess();
  if (!values['no-lease']) io.err(`relay: standby for PBX ${pbx}`);
  const serving = serveUnderLease({
    lease,
    start,
    said: (active) => !values['no-lease'] && io.err(`relay: ${active ? 'active' : 'standby'} for PBX ${pbx}`),
    failed: fail,
  });
  let code = 0;
  try {
    const final = await Promise.race([failed, untilAborted(io.signal), nats.closed().then((e) => e ?? new Error('NATS closed'))]);
    if (final) {
      io.err(`relay: ${final.message}`);
      code = 1;
    }
  } finally {
    release();
    await serving.stop();
    await lease.close();
    await nats.close().catch(() => {});
  }
  return code;
}
