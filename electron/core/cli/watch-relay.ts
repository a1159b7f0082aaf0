/**
 * `watch --relay nats://HOST:4222[,...] --extension 1001 [--pop-url T]`: the same JSON lines as a
 * direct watch (one `{"type":"snapshot","seq":N,"snapshot":{...}}` per change, `{"type":"pop",...}`
 * with --pop-url), read from a relay over NATS by the desk's Companion (relay/desk-companion.ts),
 * the team view included (`team`, `me`; `--colleagues` and `--max-members` as in direct mode).
 * The desk's NATS credential comes from NATS_PASSWORD (a password for NATS_USER, or the desk's nkey
 * seed `SU...`) or NATS_CREDS (a file holding the seed), never from the command line. Runs until Ctrl+C.
 */
import { readFile } from 'node:fs/promises';
import { agentIdentity, type Technology } from '../agent/identity.ts';
import { createDeskCompanion } from '../relay/desk-companion.ts';
import { subjectToken } from '../relay/subjects.ts';
import { createPopLineStream } from '../screenpop/screenpop.ts';
import type { CliIO } from './io.ts';
import { natsServers } from './relay.ts';
import { teamSettings } from './team-options.ts';
import { holdProcess, untilAborted } from './watch.ts';

export interface WatchRelayValues {
  relay?: string;
  extension?: string;
  device?: string;
  technology?: string;
  'hint-context'?: string;
  'local-context'?: string;
  'pop-url'?: string;
  colleagues?: string;
  'max-members'?: string;
}

/** The desk's NATS credential: NATS_PASSWORD (a password or the nkey seed), else the seed in the file NATS_CREDS names. */
export async function natsCredential(io: CliIO): Promise<string | undefined | { error: string }> {
  if (io.env.NATS_PASSWORD) return io.env.NATS_PASSWORD;
  if (!io.env.NATS_CREDS) return undefined;
  try {
    const text = await readFile(io.env.NATS_CREDS, 'utf8');
    return /SU[A-Z2-7]{50,}/.exec(text)?.[0] ?? text.trim();
  } catch (error) {
    return { error: `cannot read NATS_CREDS ${io.env.NATS_CREDS}: ${(error as Error).message}` };
  }
}

export async function watchRelay(values: WatchRelayValues, io: CliIO): Promise<number> {
  const usage = (message: string): number => {
    io.err(`watch: ${message}`);
    io.err(
      'usage: pbx-companion watch --relay nats://HOST:4222[,...] --extension 1001 [--pop-url T] [--colleagues 1002,1003] [--max-members N]',
    );
    return 2;
  };
  if (!values.extension) return usage('give --extension (the agent whose snapshots the relay serves)');
  const servers = natsServers(values.relay);
  if (typeof servers === 'string') return usage(servers.replace('--nats', '--relay'));
  const settings = {
    extension: values.extension,
    device: values.device,
    technology: values.technology as Technology | undefined,
    hintContext: values['hint-context'],
    localMemberContext: values['local-context'],
  };
  try {
    subjectToken(agentIdentity(settings).extension);
  } catch (error) {
    return usage((error as Error).message);
  }
  const pops = values['pop-url'] === undefined ? null : createPopLineStream(values['pop-url'], values.extension);
  if (pops && !pops.ok) return usage(`--pop-url: ${pops.error}`);
  const team = teamSettings('watch', values, io);
  if (typeof team === 'number') return team;
  const credential = await natsCredential(io);
  if (typeof credential === 'object') return usage(credential.error);
  const release = holdProcess();
  let desk;
  try {
    desk = await createDeskCompanion({
      servers,
      credential,
      user: io.env.NATS_USER || undefined,
      identity: settings,
      team,
      logger: { warn: (m) => io.err(`watch: ${m}`) },
    });
  } catch (error) {
    release();
    io.err(`watch: cannot connect to NATS at ${servers.join(', ')}: ${(error as Error).message}`);
    return 1;
  }
  let seq = 0;
  io.out(JSON.stringify({ type: 'snapshot', seq: ++seq, snapshot: desk.snapshot() }));
  desk.subscribe((snapshot) => {
    io.out(JSON.stringify({ type: 'snapshot', seq: ++seq, snapshot }));
    if (pops?.ok) for (const line of pops.next(snapshot)) io.out(JSON.stringify(line));
  });
  try {
    await untilAborted(io.signal);
  } finally {
    release();
    await desk.close();
  }
  return 0;
}
