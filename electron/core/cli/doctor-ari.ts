/**
 * The doctor's ARI section: `doctor --ari-url http://127.0.0.1:8088 --ari-user U [--ca FILE]`
 * (alone, or after the AMI checks). The password comes from ARI_SECRET or a prompt.
 *
 * Checks, each without side effects: Asterisk's HTTP server answers; the user and password are
 * accepted (asterisk/info); the Asterisk version; the ARI modules the app needs (from
 * GET /asterisk/modules when the user may read it, else by a GET on each resource: 404 "Resource
 * not found" means the module is not loaded); write access (DELETE of a channel that cannot exist:
 * "Channel not found" proves the right, a read_only user gets 403 first); the events WebSocket;
 * whether ari.conf lists `channelvars`, without which ARI pops have an empty {var.NAME} (from the
 * calls up now: ARI cannot show ari.conf, and when no call is up it says it cannot tell).
 */
import { readFile } from 'node:fs/promises';
import { AriClient } from '../ari/client.ts';
import { ariConfStanza, channelVarsCheck, runAriChecks } from '../ari/test-connection.ts';
import type { CliIO } from './io.ts';

/** The options the doctor takes for this section (merge into its parseArgs options). */
export const ARI_DOCTOR_OPTIONS = {
  'ari-url': { type: 'string' },
  'ari-user': { type: 'string' },
  'ari-ca': { type: 'string' },
} as const;

export interface AriDoctorValues {
  'ari-url'?: string;
  'ari-user'?: string;
  'ari-ca'?: string;
  timeout?: string;
}

/**
 * Runs the section when `--ari-url` is given: prints its lines and returns the exit code (0 all
 * needed checks pass, 1 some fail, 2 bad usage), or null without `--ari-url`.
 */
export async function ariDoctor(values: AriDoctorValues, io: CliIO): Promise<number | null> {
  const url = values['ari-url'];
  if (url === undefined) return null;
  const user = values['ari-user'];
  if (!user) {
    io.err('doctor: give --ari-user with --ari-url (the password comes from ARI_SECRET or a prompt)');
    return 2;
  }
  let ca: Buffer | undefined;
  if (values['ari-ca']) {
    try {
      ca = await readFile(values['ari-ca']);
    } catch (error) {
      io.err(`doctor: cannot read the CA file ${values['ari-ca']}: ${(error as Error).message}`);
      return 2;
    }
  }
  const timeoutMs = values.timeout === undefined ? 10_000 : Number(values.timeout);
  const secret = (io.env.ARI_SECRET || undefined) ?? (await io.promptSecret(`ARI password for ${user}: `));
  if (secret === undefined) {
    io.err('doctor: no ARI password: set ARI_SECRET or run in a terminal to be asked');
    return 2;
  }
  let client: AriClient;
  try {
    client = new AriClient({ url, username: user, secret, ca, timeoutMs });
  } catch (error) {
    io.err(`doctor: ${(error as Error).message}`);
    return 2;
  }
  const { failed, warnings } = await ariChecks(client, io);
  io.out('');
  if (failed > 0) io.out(`${failed} needed ARI check(s) failed.`);
  else if (warnings > 0) io.out(`All needed ARI checks passed, with ${warnings} warning(s) above: read them.`);
  else io.out('All needed ARI checks passed.');
  if (failed > 0 || warnings > 0) io.out(ariConfStanza(user));
  return failed === 0 ? 0 : 1;
}

/** The checks themselves (ari/test-connection.ts), printed one a line; returns how many needed checks failed and how many warned. */
export async function ariChecks(client: AriClient, io: CliIO): Promise<{ failed: number; warnings: number }> {
  const line = (label: 'ok' | 'FAIL' | 'warning' | '', name: string, what: string) =>
    io.out(`${label.padEnd(8)} ${name.padEnd(22)} ${what}`);
  const { target } = client.http;
  io.out(`ARI: ${target.secure ? 'https' : 'http'}://${target.where}${target.base}`);
  const { checks, asteriskVersion } = await runAriChecks(client);
  if (checks.some((check) => check.id === 'ari-credentials' && check.state === 'ok')) checks.push(await channelVarsCheck(client));
  for (const check of checks) {
    line(check.state === 'fail' ? 'FAIL' : check.state, check.name, check.text);
    if (check.id === 'ari-credentials' && check.state === 'ok') line('', '', `Asterisk ${asteriskVersion ?? 'unknown'}`);
  }
  return {
    failed: checks.filter((check) => check.state === 'fail').length,
    warnings: checks.filter((check) => check.state === 'warning').length,
  };
}
