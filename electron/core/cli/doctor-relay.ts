/**
 * `doctor --relay nats://HOST:4222[,...] --extension 1001 [--timeout MS]`: a desk in relay mode
 * checks the NATS side instead of an AMI login (doctor/relay.ts): each server reachable with the
 * desk's credential, its own subjects allowed, the relay answering for its extension. The
 * credential comes from NATS_PASSWORD (the desk's seed, or a password for NATS_USER) or NATS_CREDS,
 * as for `watch --relay`. Exit code: 0 when every check passes, 1 otherwise, 2 for bad usage.
 */
import { checkRelay } from '../doctor/relay.ts';
import { agentIdentity } from '../agent/identity.ts';
import { deskInboxPrefix } from '../relay/subjects.ts';
import type { CliIO } from './io.ts';
import { natsServers } from './relay.ts';
import { natsCredential } from './watch-relay.ts';

export const DOCTOR_RELAY_USAGE =
  'doctor --relay nats://HOST:4222[,...] --extension 1001 [--timeout MS]   (credential: NATS_PASSWORD or NATS_CREDS)';

export async function doctorRelay(values: { relay?: string; extension?: string; timeout?: string }, io: CliIO): Promise<number> {
  const usage = (message: string): number => {
    io.err(`doctor: ${message}`);
    io.err(`usage: pbx-companion ${DOCTOR_RELAY_USAGE}`);
    return 2;
  };
  const servers = natsServers(values.relay);
  if (typeof servers === 'string') return usage(servers.replace('--nats', '--relay'));
  if (!values.extension) return usage('give --extension (the agent this desk is)');
  try {
    deskInboxPrefix(agentIdentity({ extension: values.extension }).extension);
  } catch (error) {
    return usage((error as Error).message);
  }
  const timeoutMs = values.timeout === undefined ? 5000 : Number(values.timeout);
  if (!(Number.isInteger(timeoutMs) && timeoutMs > 0)) return usage(`--timeout ${values.timeout} is not a number of milliseconds`);
  const credential = await natsCredential(io);
  if (typeof credential === 'object') return usage(credential.error);
  const user = io.env.NATS_USER || undefined;

  io.out(`PBX Companion doctor: relay mode, desk ${values.extension} on ${servers.join(', ')}${credential ? '' : ' (no credential)'}`);
  const checks = await checkRelay({ servers, extension: values.extension, credential, user, timeoutMs });
  for (const check of checks) io.out(`${(check.state === 'fail' ? 'FAIL' : check.state).padEnd(8)} ${check.id.padEnd(19)} ${check.detail}`);
  const failed = checks.filter((c) => c.state === 'fail').length;
  io.out('');
  io.out(failed === 0 ? 'All needed checks passed.' : `${failed} needed check(s) failed.`);
  return failed === 0 ? 0 : 1;
}
