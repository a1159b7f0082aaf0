/**
 * `doctor --host H --port P --user U [--tls] [--ca FILE] [--extension 1001] [--ari-url URL --ari-user U]`:
 * with --ari-url, the ARI section too (doctor-ari.ts; alone when no --host). Logs in, reports the
 * Asterisk and AMI versions, tries every action the app needs and says for each: ok, Permission
 * denied, or missing. Write privileges are probed without side effects: each probe names a target
 * that cannot exist (no call is placed, nobody is paused), and Asterisk checks the privilege before
 * it looks at the target, so "Interface not found" / "No such channel" / "Invalid channel" prove
 * the right is there. Then it prints the least-privilege manager.conf stanza.
 * The secret comes from AMI_SECRET or a prompt, never from argv (it would show in `ps` and history).
 * Exit code: 0 when every needed check passes, 1 otherwise, 2 for bad usage.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { AmiAction } from '../ami/action.ts';
import { AmiClient } from '../ami/client.ts';
import { AmiLoginError, AmiResponseError } from '../ami/errors.ts';
import type { AmiMessage } from '../ami/message.ts';
import { ARI_DOCTOR_OPTIONS, ariDoctor } from './doctor-ari.ts';
import type { CliIO } from './io.ts';

type State = 'ok' | 'denied' | 'missing' | 'failed';

interface Check {
  action: string;
  /** The manager.conf write class that grants it (Asterisk registers each action with its classes). */
  needs: string;
  why: string;
  /** Optional features warn instead of failing the doctor. */
  optional?: boolean;
  /** A probe: any answer other than Permission denied / unknown command proves the right. */
  probe?: boolean;
  list?: boolean;
  fields?: Record<string, string>;
}

// A name no PBX has: probes aim at it so they can never touch a real channel, queue member or call.
const NOWHERE = 'pbx-companion-doctor-probe';

const CHECKS: Check[] = [
  { action: 'CoreSettings', needs: 'reporting', why: 'Asterisk version' },
  { action: 'QueueStatus', needs: '(any)', why: 'queue membership and pauses at login', list: true },
  { action: 'ExtensionStateList', needs: 'call', why: 'extension state at login', list: true },
  { action: 'DeviceStateList', needs: 'call', why: 'device state at login', list: true },
  { action: 'CoreShowChannels', needs: 'reporting', why: 'calls already up at login', list: true },
  { action: 'QueuePause', needs: 'agent', why: 'pause and unpause', probe: true, fields: { Interface: `Local/${NOWHERE}@${NOWHERE}/n`, Paused: 'false' } },
  // No '/' in Channel: Asterisk answers "Invalid channel" before it could dial anything.
  { action: 'Originate', needs: 'originate', why: 'click-to-dial', probe: true, fields: { Channel: NOWHERE, Exten: 's', Context: NOWHERE, Priority: '1' } },
  { action: 'Hangup', needs: 'call', why: 'hang up and transfer', probe: true, fields: { Channel: `${NOWHERE}-0000` } },
  { action: 'MixMonitor', needs: 'system', why: 'call recording', probe: true, optional: true, fields: { Channel: `${NOWHERE}-0000` } },
];

export async function run(args: string[], io: CliIO): Promise<number> {
  if (args.some((a) => /^--(secret|password)\b/.test(a))) {
    io.err('doctor: the secret is never taken from the command line (it would show in `ps` and shell history): set AMI_SECRET or type it at the prompt');
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
      extension: { type: 'string' },
      timeout: { type: 'string' },
      ...ARI_DOCTOR_OPTIONS,
    },
  });
  const { host, user, extension } = values;
  // An ARI-only site: only the ARI section.
  if (!host && values['ari-url']) return (await ariDoctor(values, io)) ?? 2;
  if (!host || !user) {
    io.err('usage: doctor --host H [--port 5038] --user U [--tls] [--ca FILE] [--extension 1001]   (secret: AMI_SECRET or a prompt)');
    return 2;
  }
  if (extension !== undefined && !/^[0-9A-Za-z*#+_-]{1,40}$/.test(extension)) {
    io.err(`doctor: "${extension}" is not an extension`);
    return 2;
  }
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

  const client = new AmiClient({
    host,
    ...(port === undefined ? {} : { port }),
    username: user,
    secret,
    tls: values.tls || ca ? (ca ? { ca } : true) : false,
    reconnect: false,
    keepaliveIntervalMs: 0,
    actionTimeoutMs: timeoutMs,
  });
  const seen = new Set<string>();
  client.onEvent((event) => seen.add(event.name));
  io.out(`PBX Companion doctor: ${host}:${port ?? (values.tls || ca ? 5039 : 5038)} as ${user}${values.tls || ca ? ' (TLS)' : ''}`);
  try {
    await client.connect();
  } catch (error) {
    const message = error instanceof AmiLoginError ? `${error.kind}: ${error.message}` : String(error);
    io.out(`FAIL     login: ${message}`);
    io.out('');
    io.out(stanza(user, extension, null));
    return 1;
  }
  let failed = 0;
  try {
    io.out(`ok       login (banner: AMI ${client.amiVersion ?? 'unknown'})`);
    let version: string | null = null;
    for (const check of CHECKS) {
      const { state, detail, response } = await runCheck(client, check);
      if (check.action === 'CoreSettings' && response) {
        version = response.get('AsteriskVersion') ?? null;
        io.out(`         Asterisk ${version ?? 'unknown'}, AMI ${response.get('AMIversion') ?? client.amiVersion ?? 'unknown'}`);
        const warning = versionWarning(version);
        if (warning) io.out(`warning  ${warning}`);
      }
      const fails = state !== 'ok' && !check.optional;
      if (fails) failed++;
      const label = state === 'ok' ? 'ok' : fails ? 'FAIL' : 'warning';
      const needs = check.needs === '(any)' ? '' : ` (needs write = ${check.needs})`;
      const what = state === 'ok' ? check.why : `${detail}: ${check.why} will not work${needs}`;
      io.out(`${label.padEnd(8)} ${check.action.padEnd(19)} ${what}`);
    }
    // FullyBooted follows the login response only for a user that reads `system`; by now it has arrived.
    if (seen.has('FullyBooted')) io.out(`ok       ${'read = system'.padEnd(19)} PBX restarts and phone registration`);
    else {
      failed++;
      io.out(`FAIL     ${'read = system'.padEnd(19)} no FullyBooted event after login: PBX restarts and phone registration will not be seen (or an eventfilter drops it)`);
    }
    io.out('');
    io.out(stanza(user, extension, version));
    io.out('');
    io.out(failed === 0 ? 'All needed checks passed.' : `${failed} needed check(s) failed: apply the stanza above, then run "manager reload" on the PBX.`);
  } finally {
    await client.close();
  }
  const ari = await ariDoctor(values, io);
  return failed === 0 && (ari ?? 0) === 0 ? 0 : 1;
}

async function runCheck(client: AmiClient, check: Check): Promise<{ state: State; detail: string; response?: AmiMessage }> {
  const action = AmiAction.build(check.action, check.fields ?? {});
  try {
    const response = check.list ? (await client.listAction(action)).response : await client.action(action);
    return { state: 'ok', detail: 'ok', response };
  } catch (error) {
    if (error instanceof AmiResponseError) {
      if (error.permissionDenied) return { state: 'denied', detail: 'Permission denied' };
      if (error.unknownAction) return { state: 'missing', detail: 'missing on this PBX (module not loaded?)' };
      if (check.probe) return { state: 'ok', detail: error.pbxMessage };
      return { state: 'failed', detail: error.pbxMessage };
    }
    return { state: 'failed', detail: error instanceof Error ? error.message : String(error) };
  }
}

function versionParts(version: string | null): number[] {
  return (version?.match(/\d+(\.\d+)*/)?.[0] ?? '').split('.').filter(Boolean).map(Number);
}

function versionWarning(version: string | null): string | null {
  const major = versionParts(version)[0];
  if (major === undefined) return 'the Asterisk version is unknown';
  if (major < 12) return `Asterisk ${version} is too old: events were renamed in 12 (Dial, Join, QueueMemberPaused); supported: 16 to 22`;
  if (major < 16) return `Asterisk ${version} is older than 16 (supported: 16 to 22): some list actions and events may be missing`;
  return null;
}

/** Advanced event filters exist from 22.1, 21.6, 20.11 and 18.26 on. */
export function hasAdvancedFilters(version: string | null): boolean {
  const [major = 0, minor = 0] = versionParts(version);
  const since: Record<number, number> = { 18: 26, 20: 11, 21: 6, 22: 1 };
  if (major > 22) return true;
  return since[major] !== undefined && minor >= since[major];
}

/**
 * The least-privilege manager.conf user. Why each class (Asterisk registers every action with the
 * classes that may run it, and sends every event under one class):
 * - read = call: channel, dial, bridge, hangup, DeviceStateChange, ExtensionStatus, MixMonitor events.
 * - read = agent: Queue* and Agent* events (QueueMemberPause, AgentCalled, QueueCallerJoin, ...).
 * - read = system: FullyBooted and Shutdown (restarts), PeerStatus/ContactStatus (registration).
 *   Not dialplan (the VarSet flood: ChanVariable headers already carry `channelvars`), not dtmf,
 *   security, agi, user or reporting (RTCP).
 * - write = call: Hangup, Redirect, BlindTransfer, Atxfer, Status, Getvar, ExtensionStateList, DeviceStateList.
 * - write = originate: Originate (click-to-dial).
 * - write = agent: QueuePause, QueueAdd, QueueRemove.
 * - write = reporting: CoreSettings, CoreStatus, CoreShowChannels (instead of system for these).
 * - write = system: only MixMonitor (recording) needs it, and with originate it also lets the user
 *   Originate the System() application (a shell on the PBX): so it is left out unless wanted.
 *   Never `command` or `config`: the app runs no CLI commands and changes no configuration.
 */
export function stanza(user: string, extension: string | undefined, version: string | null): string {
  const lines = [
    `; manager.conf: least privilege for PBX Companion (then "manager reload")`,
    `; in [general]: channelvars = CUSTOMER_ID,CUSTOMER_NAME   (the variables your IVR sets for screen pops)`,
    `[${user}]`,
    `secret = <keep your secret>`,
    `deny = 0.0.0.0/0.0.0.0`,
    `permit = <the agents' network, e.g. 10.0.0.0/255.255.0.0>`,
    `read = call,agent,system`,
    `write = call,originate,agent,reporting   ; add system only for recordings the app starts (MixMonitor needs it; with originate it also allows Originate of System())`,
    `writetimeout = 5000`,
  ];
  if (!extension) {
    lines.push(`; give --extension to print this desk's event filter (each desk then receives only its own calls)`);
    return lines.join('\n');
  }
  const ext = extension;
  const advanced = [
    `eventfilter(action(include),header(Event),method(starts_with)) = Queue`,
    `eventfilter(action(include),header(Event),method(starts_with)) = Agent`,
    `eventfilter(action(include),method(contains)) = PJSIP/${ext}`,
    ...(versionParts(version)[0] !== undefined && versionParts(version)[0]! < 21 ? [`eventfilter(action(include),method(contains)) = SIP/${ext}`] : []),
    `eventfilter(action(include),method(contains)) = /${ext}@`,
    `eventfilter(action(include),method(contains)) = :${ext}@`,
    ...['Exten', 'CallerIDNum', 'ConnectedLineNum', 'AOR'].map((h) => `eventfilter(action(include),header(${h}),method(exact)) = ${ext}`),
    // Restarts: not in the verified set; the app reconnects on the socket close even without them.
    `eventfilter(action(include),name(FullyBooted)) =`,
    `eventfilter(action(include),name(Shutdown)) =`,
    `eventfilter(action(exclude),name(VarSet)) =`,
  ];
  const legacy = [`eventfilter = Event: (Queue|Agent)`, `eventfilter = (/|:|: )${ext}[^0-9]`, `eventfilter = Event: (FullyBooted|Shutdown)`];
  if (hasAdvancedFilters(version)) {
    lines.push(`; event filter for extension ${ext} (Asterisk 22.1+, 21.6+, 20.11+, 18.26+)`, ...advanced);
    lines.push(`; or the legacy regex form, for older versions:`, ...legacy.map((l) => `; ${l}`));
  } else {
    lines.push(`; event filter for extension ${ext} (legacy regex form${version ? ` for Asterisk ${version}` : ''})`, ...legacy);
    lines.push(`; on Asterisk 22.1+, 21.6+, 20.11+, 18.26+ prefer the advanced form:`, ...advanced.map((l) => `; ${l}`));
  }
  return lines.join('\n');
}
