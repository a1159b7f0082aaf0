/**
 * `doctor --host H --port P --user U [--tls] [--ca FILE] [--auth md5|plain] [--extension 1001] [--agent 9001] [--ari-url URL --ari-user U] [--agi-host H]`:
 * (--agent: the agent pool's checks, Issabel's call center: doctor/agent-pool.ts)
 * (`doctor --relay ...` checks a relay-mode desk's NATS side instead: doctor-relay.ts);
 * with --ari-url, the ARI section too (doctor-ari.ts; alone when no --host); with --agi-host, the
 * dialplan and channelvars lines for IVR validation through `pbx-companion agi` (alone when nothing else). Logs in, reports the
 * Asterisk and AMI versions, tries every action the app needs and says for each: ok, Permission
 * denied, or missing. Write privileges are probed without side effects: each probe names a target
 * that cannot exist (no call is placed, nobody is paused), and Asterisk checks the privilege before
 * it looks at the target, so "Interface not found" / "No such channel" / "Invalid channel" prove
 * the right is there. Then which login methods the PBX accepts, whether it offers TLS on 5039, and
 * for a plain-text session to another machine, that it is one and how to turn TLS on; then the
 * least-privilege manager.conf stanza.
 * The secret comes from AMI_SECRET or a prompt, never from argv (it would show in `ps` and history).
 * Exit code: 0 when every needed check passes, 1 otherwise, 2 for bad usage.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { AmiClient } from '../ami/client.ts';
import { AmiLoginError } from '../ami/errors.ts';
import { DOCTOR_CHECKS, runDoctorCheck } from '../doctor/checks.ts';
import { securityChecks } from '../doctor/security.ts';
import { agentPoolChecks } from '../doctor/agent-pool.ts';
import { AGENT_NUMBER } from '../../shared/fields.ts';
import type { ConnectionCheck } from '../../shared/bridge.ts';
import { plainTextNotice } from '../../shared/network.ts';
import { authOption } from './connection-options.ts';
import { stanza, versionParts } from '../doctor/manager-conf.ts';
import { ARI_DOCTOR_OPTIONS, ariDoctor } from './doctor-ari.ts';
import { agiDialplan, parseAgiHost } from '../doctor/agi-dialplan.ts';
import type { CliIO } from './io.ts';
import { doctorRelay } from './doctor-relay.ts';

export async function run(args: string[], io: CliIO): Promise<number> {
  if (args.some((a) => /^--(secret|password)\b/.test(a))) {
    io.err(
      'doctor: the secret is never taken from the command line (it would show in `ps` and shell history): set AMI_SECRET or type it at the prompt',
    );
    return 2;
  }
  const { values } = parseArgs({
    args,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      user: { type: 'string' },
      tls: { type: 'boolean', default: false },
      ca: { type: 'string' },
      auth: { type: 'string' },
      extension: { type: 'string' },
      agent: { type: 'string' },
      timeout: { type: 'string' },
      'agi-host': { type: 'string' },
      relay: { type: 'string' },
      ...ARI_DOCTOR_OPTIONS,
    },
  });
  // A desk in relay mode talks to NATS, not to the PBX: its checks are the NATS side's.
  if (values.relay !== undefined) return doctorRelay(values, io);
  const { host, user, extension } = values;
  // --agi-host: the dialplan lines for IVR validation through `pbx-companion agi` on that host.
  const agiHost = values['agi-host'] === undefined ? undefined : parseAgiHost(values['agi-host']);
  if (agiHost === null) {
    io.err(
      `doctor: --agi-host ${JSON.stringify(values['agi-host']!.slice(0, 60))} is not a host name or IPv4 address, with an optional :port`,
    );
    return 2;
  }
  const agiSection = agiHost ? ['', agiDialplan(agiHost.host, agiHost.port)] : [];
  if (!host && !values['ari-url'] && agiHost) {
    io.out(agiDialplan(agiHost.host, agiHost.port));
    return 0;
  }
  // An ARI-only site: only the ARI section.
  if (!host && values['ari-url']) return (await ariDoctor(values, io)) ?? 2;
  if (!host || !user) {
    io.err(
      'usage: doctor --host H [--port 5038] --user U [--tls] [--ca FILE] [--auth md5|plain] [--extension 1001] [--agent 9001] [--agi-host H]   (secret: AMI_SECRET or a prompt)',
    );
    return 2;
  }
  if (extension !== undefined && !/^[0-9A-Za-z*#+_-]{1,40}$/.test(extension)) {
    io.err(`doctor: "${extension}" is not an extension`);
    return 2;
  }
  if (values.agent !== undefined && !AGENT_NUMBER.test(values.agent)) {
    io.err(`doctor: --agent ${JSON.stringify(values.agent.slice(0, 40))} is not an agent number such as 9001 (digits only)`);
    return 2;
  }
  const agent = values.agent;
  const auth = authOption('doctor', values.auth, io);
  if (auth === undefined) return 2;
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    io.err(`doctor: --port ${values.port} is not a TCP port`);
    return 2;
  }
  let ca: Buffer | undefined;
  if (values.ca) {
    try {
      ca = await readFile(values.ca);
    } catch (error) {
      io.err(`doctor: cannot read the CA file ${values.ca}: ${(error as Error).message}`);
      return 2;
    }
  }
  const timeoutMs = values.timeout === undefined ? 10_000 : Number(values.timeout);
  if (!(timeoutMs > 0)) {
    io.err(`doctor: --timeout ${values.timeout} is not a number of milliseconds`);
    return 2;
  }
  const secret = io.env.AMI_SECRET ?? (await io.promptSecret(`AMI secret for ${user}: `));
  if (!secret) {
    io.err('doctor: no secret: set AMI_SECRET or run in a terminal to be asked');
    return 2;
  }

  const login = {
    host,
    ...(port === undefined ? {} : { port }),
    username: user,
    secret,
    tls: values.tls || ca ? (ca ? { ca } : true) : false,
    reconnect: false,
    keepaliveIntervalMs: 0,
    actionTimeoutMs: timeoutMs,
    socketFactory: io.socketFactory,
  };
  const client = new AmiClient({ ...login, authType: auth });
  const seen = new Set<string>();
  client.onEvent((event) => seen.add(event.name));
  io.out(
    `PBX Companion doctor: ${host}:${port ?? (values.tls || ca ? 5039 : 5038)} as ${user}${values.tls || ca ? ' (TLS)' : ''}, ${auth} login`,
  );
  try {
    await client.connect();
  } catch (error) {
    const message = error instanceof AmiLoginError ? `${error.kind}: ${error.message}` : String(error);
    io.out(`FAIL     login: ${message}`);
    const plainText = plainTextNotice({ host, tls: Boolean(login.tls), auth });
    if (plainText) io.out(`warning  ${'plain text'.padEnd(19)} ${plainText.message}`);
    io.out('');
    io.out(stanza(user, extension, null, values.agent));
    for (const line of agiSection) io.out(line);
    await client.close();
    // A failed AMI login must not hide whether ARI works.
    await ariDoctor(values, io);
    return 1;
  }
  let failed = 0;
  try {
    io.out(`ok       login (banner: AMI ${client.amiVersion ?? 'unknown'})`);
    let version: string | null = null;
    for (const check of DOCTOR_CHECKS) {
      const { check: result, response } = await runDoctorCheck(client, check);
      if (check.action === 'CoreSettings' && response) {
        version = response.get('AsteriskVersion') ?? null;
        io.out(`         Asterisk ${version ?? 'unknown'}, AMI ${response.get('AMIversion') ?? client.amiVersion ?? 'unknown'}`);
        const warning = versionWarning(version);
        if (warning) io.out(`warning  ${warning}`);
      }
      if (result.state === 'fail') failed++;
      const label = result.state === 'fail' ? 'FAIL' : result.state;
      const needs = check.needs ? ` (needs write = ${check.needs})` : '';
      const what = result.state === 'ok' ? check.why : `${result.detail}: ${check.why} will not work${needs}`;
      io.out(`${label.padEnd(8)} ${check.action.padEnd(19)} ${what}`);
    }
    // FullyBooted follows the login response only for a user that reads `system`; by now it has arrived.
    if (seen.has('FullyBooted')) io.out(`ok       ${'read = system'.padEnd(19)} PBX restarts and phone registration`);
    else {
      failed++;
      io.out(
        `FAIL     ${'read = system'.padEnd(19)} no FullyBooted event after login: PBX restarts and phone registration will not be seen (or an eventfilter drops it)`,
      );
    }
    if (agent !== undefined) {
      for (const check of await agentPoolChecks(client, agent)) {
        if (check.state === 'fail') failed++;
        io.out(`${(check.state === 'fail' ? 'FAIL' : check.state).padEnd(8)} ${check.id.padEnd(19)} ${check.detail}`);
      }
    }
    for (const check of await securityChecks(client, { login, auth })) io.out(securityLine(check));
    io.out('');
    io.out(stanza(user, extension, version, agent));
    for (const line of agiSection) io.out(line);
    io.out('');
    io.out(
      failed === 0
        ? 'All needed checks passed.'
        : `${failed} needed check(s) failed: apply the stanza above, then run "manager reload" on the PBX.`,
    );
  } finally {
    await client.close();
  }
  const ari = await ariDoctor(values, io);
  return failed === 0 && (ari ?? 0) === 0 ? 0 : 1;
}

const SECURITY_LABELS: Record<string, string> = {
  'login-md5': 'login md5',
  'login-plain': 'login plain',
  tls: 'TLS',
  'plain-text': 'plain text',
};

/** One line of the secrets-on-the-wire report: never a failure, so the exit code is the app's needs alone. */
function securityLine(check: ConnectionCheck): string {
  return `${check.state.padEnd(8)} ${(SECURITY_LABELS[check.id] ?? check.id).padEnd(19)} ${check.detail}`;
}

function versionWarning(version: string | null): string | null {
  const major = versionParts(version)[0];
  if (major === undefined) return 'the Asterisk version is unknown';
  if (major < 12) return `Asterisk ${version} is too old: events were renamed in 12 (Dial, Join, QueueMemberPaused); supported: 16 to 22`;
  if (major < 16) return `Asterisk ${version} is older than 16 (supported: 16 to 22): some list actions and events may be missing`;
  return null;
}
