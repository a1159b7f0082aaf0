/**
 * The doctor's ARI section: `doctor --ari-url http://127.0.0.1:8088 --ari-user U [--ca FILE]`
 * (alone, or after the AMI checks). The password comes from ARI_SECRET or a prompt.
 *
 * Checks, each without side effects: Asterisk's HTTP server answers; the user and password are
 * accepted (asterisk/info); the Asterisk version; the ARI modules the app needs (from
 * GET /asterisk/modules when the user may read it, else by a GET on each resource: 404 "Resource
 * not found" means the module is not loaded); write access (DELETE of a channel that cannot exist:
 * "Channel not found" proves the right, a read_only user gets 403 first); the events WebSocket.
 */
import { readFile } from 'node:fs/promises';
import { AriClient } from '../ari/client.ts';
import { AriError } from '../ari/errors.ts';
import { AriEventStream } from '../ari/events.ts';
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

interface ModuleCheck {
  module: string;
  /** A GET that only this module serves. */
  probe: string;
  why: string;
  optional?: boolean;
}

const MODULES: ModuleCheck[] = [
  { module: 'res_ari_channels', probe: '/channels', why: 'calls, click-to-dial and hang up' },
  { module: 'res_ari_endpoints', probe: '/endpoints', why: 'the phone registered or not' },
  { module: 'res_ari_applications', probe: '/applications', why: "subscriptions to the agent's endpoint and device state" },
  { module: 'res_ari_events', probe: '', why: 'the events WebSocket' },
  { module: 'res_ari_device_states', probe: '/deviceStates', why: 'device states', optional: true },
  { module: 'res_ari_bridges', probe: '/bridges', why: 'supervisor listen and whisper', optional: true },
  { module: 'res_ari_recordings', probe: '/recordings/stored', why: 'recording control of Stasis calls', optional: true },
];

// A channel id no PBX has: the write probe can never hang up a real call.
const NOWHERE = 'pbx-companion-doctor-probe';

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
  const failed = await ariChecks(client, io);
  io.out('');
  if (failed === 0) io.out('All needed ARI checks passed.');
  else io.out(`${failed} needed ARI check(s) failed.\n${ARI_CONF_HINT(user)}`);
  return failed === 0 ? 0 : 1;
}

/** The checks themselves, over a client; returns how many needed checks failed. */
export async function ariChecks(client: AriClient, io: CliIO): Promise<number> {
  const line = (label: 'ok' | 'FAIL' | 'warning' | '', name: string, what: string) => io.out(`${label.padEnd(8)} ${name.padEnd(22)} ${what}`);
  const { target } = client.http;
  io.out(`ARI: ${target.secure ? 'https' : 'http'}://${target.where}${target.base}`);

  let version: string | null;
  try {
    const info = await client.asterisk.info();
    version = typeof info?.system?.version === 'string' ? info.system.version : null;
    line('ok', 'reachable', "Asterisk's HTTP server answered");
    line('ok', 'credentials', 'user and password accepted');
  } catch (error) {
    const e = asAriError(error);
    if (e.kind === 'auth') {
      line('ok', 'reachable', "Asterisk's HTTP server answered");
      line('FAIL', 'credentials', `${e.message}: check the [user] section of ari.conf`);
    } else if (e.kind === 'not-found' || e.kind === 'bad-response') {
      line('FAIL', 'reachable', `${e.message}: no ARI at this URL (ari.conf enabled = yes? http.conf prefix?)`);
    } else {
      line('FAIL', 'reachable', e.message);
    }
    return 1;
  }
  let failed = 0;
  const major = Number(/^(\d+)/.exec(version ?? '')?.[1]);
  line('', '', `Asterisk ${version ?? 'unknown'}`);
  if (Number.isFinite(major) && major < 16) line('warning', 'version', `Asterisk ${version} is older than 16 (supported: 16 to 22): some ARI resources and events may be missing`);

  const running = await moduleStatus(client);
  for (const check of MODULES) {
    const state = running ? (running.get(check.module) ?? 'not loaded') : check.probe ? await probe(client, check.probe) : null;
    if (state === null) continue; // res_ari_events: the WebSocket check below says
    const ok = state === 'Running' || state === 'ok';
    if (!ok && !check.optional) failed++;
    line(ok ? 'ok' : check.optional ? 'warning' : 'FAIL', check.module, ok ? check.why : `${state}: ${check.why} will not work`);
  }

  try {
    await client.channels.hangup(NOWHERE);
    line('ok', 'write access', 'dial and hang up allowed');
  } catch (error) {
    const e = asAriError(error);
    if (e.kind === 'not-found') line('ok', 'write access', 'dial and hang up allowed');
    else {
      failed++;
      line('FAIL', 'write access', `${e.message}: dial and hang up will not work`);
    }
  }

  const socket = await websocketCheck(client);
  if (socket) {
    failed++;
    line('FAIL', 'events WebSocket', `${socket}: the agent's state and calls will not show`);
  } else line('ok', 'events WebSocket', 'events arrive');
  return failed;
}

/** Each module's status from GET /asterisk/modules, or null when this user may not list them. */
async function moduleStatus(client: AriClient): Promise<Map<string, string> | null> {
  try {
    const modules = await client.asterisk.modules();
    if (!Array.isArray(modules)) return null;
    return new Map(modules.filter((m) => typeof m?.name === 'string').map((m) => [m.name.replace(/\.so$/, ''), String(m.status)]));
  } catch {
    return null;
  }
}

/** 'ok', or why the resource did not answer. */
async function probe(client: AriClient, path: string): Promise<string> {
  try {
    await client.http.request('GET', path);
    return 'ok';
  } catch (error) {
    const e = asAriError(error);
    if (e.kind === 'not-found') return 'not loaded (404)';
    return e.message;
  }
}

/** Opens the events WebSocket once; null when it opened, else why not. */
async function websocketCheck(client: AriClient): Promise<string | null> {
  const stream = new AriEventStream({ http: client.http, app: 'pbx-companion-doctor', reconnect: false, pingIntervalMs: 0 });
  try {
    return await new Promise<string | null>((resolve) => {
      stream.onStatus((status, error) => {
        if (status === 'live') resolve(null);
        else if (status === 'failed' || status === 'disconnected') resolve(error?.message ?? 'the events WebSocket closed');
      });
      stream.start();
    });
  } finally {
    await stream.close();
  }
}

function asAriError(error: unknown): AriError {
  return error instanceof AriError ? error : new AriError('network', error instanceof Error ? error.message : String(error));
}

const ARI_CONF_HINT = (user: string) =>
  [
    '; ari.conf (then "module reload res_ari.so"); http.conf needs enabled = yes (and tlsenable for https)',
    '[general]',
    'enabled = yes',
    `[${user}]`,
    'type = user',
    'read_only = no',
    'password = <a long random password>',
  ].join('\n');
