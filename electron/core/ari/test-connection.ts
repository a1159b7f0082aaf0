/**
 * The doctor's ARI checks as data, for the settings window's "Test connection" and the CLI's
 * `doctor --ari-url` (cli/doctor-ari.ts prints the same list): Asterisk's HTTP server answers; the
 * user and password are accepted (asterisk/info); the Asterisk version; the ARI modules the app
 * needs (from GET /asterisk/modules when the user may read it, else by a GET on each resource: 404
 * "Resource not found" means the module is not loaded); write access (DELETE of a channel that
 * cannot exist: "Channel not found" proves the right, a read_only user gets 403 first); the events
 * WebSocket. None of them changes anything on the PBX.
 */
import type { ConnectionCheck, ConnectionTestReport } from '../../shared/bridge.ts';
import { english, phrase, phraseOfError, verbatim, type Phrase, type PhraseCode } from '../../shared/phrases/index.ts';
import { AriClient } from './client.ts';
import { AriError } from './errors.ts';
import { AriEventStream } from './events.ts';

/** One check: `id` for the settings window, `name` and `text` for the doctor's line. */
export interface AriCheck extends ConnectionCheck {
  /** ari-reachable, ari-credentials, ari-version, a module (res_ari_channels...), ari-write, ari-events. */
  id: string;
  /** The doctor's column: reachable, credentials, res_ari_channels, write access... */
  name: string;
  /** What the doctor prints after the name: what works, or why not and what will not work. */
  text: string;
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

/** The ari.conf lines an admin adds for this user (the settings window's "for your PBX admin"). */
export function ariConfStanza(user: string): string {
  return [
    '; ari.conf (then "module reload res_ari.so"); http.conf needs enabled = yes (and tlsenable for https)',
    '[general]',
    'enabled = yes',
    "channelvars = CUSTOMER_ID,CUSTOMER_NAME   ; the variables your IVR sets: ARI sends only these with each channel (the pop's {var.NAME})",
    `[${user}]`,
    'type = user',
    'read_only = no',
    'password = <a long random password>',
  ].join('\n');
}

/** `text` is English for the doctor's line; a check that is not ok also carries it as a phrase for the settings window. */
function check(id: string, name: string, state: AriCheck['state'], text: string | Phrase): AriCheck {
  const words = typeof text === 'string' ? null : text;
  const english_ = words ? english(words) : (text as string);
  return {
    id,
    name,
    state,
    text: english_,
    detail: state === 'ok' ? '' : english_,
    ...(words && state !== 'ok' ? { detailPhrase: words } : {}),
  };
}

const featureOf = (module: string) => phrase(`doctor.feature.${module}` as PhraseCode);

/** Runs every check over `client`; never throws. After a failed login only the login checks are listed. */
export async function runAriChecks(client: AriClient): Promise<{ checks: AriCheck[]; asteriskVersion: string | null }> {
  const checks: AriCheck[] = [];
  let version: string | null;
  try {
    const info = await client.asterisk.info();
    version = typeof info?.system?.version === 'string' ? info.system.version : null;
    checks.push(
      check('ari-reachable', 'reachable', 'ok', "Asterisk's HTTP server answered"),
      check('ari-credentials', 'credentials', 'ok', 'user and password accepted'),
    );
  } catch (error) {
    const e = asAriError(error);
    if (e.kind === 'auth') {
      checks.push(
        check('ari-reachable', 'reachable', 'ok', "Asterisk's HTTP server answered"),
        check('ari-credentials', 'credentials', 'fail', phrase('doctor.ari-auth', { why: phraseOfError(e) })),
      );
    } else if (e.kind === 'not-found' || e.kind === 'bad-response') {
      checks.push(check('ari-reachable', 'reachable', 'fail', phrase('doctor.ari-not-found', { why: phraseOfError(e) })));
    } else {
      checks.push(check('ari-reachable', 'reachable', 'fail', phraseOfError(e)));
    }
    return { checks, asteriskVersion: null };
  }

  const major = Number(/^(\d+)/.exec(version ?? '')?.[1]);
  if (Number.isFinite(major) && major < 16)
    checks.push(check('ari-version', 'version', 'warning', phrase('doctor.ari-old', { version: version ?? '' })));

  const running = await moduleStatus(client);
  for (const spec of MODULES) {
    const state = running ? (running.get(spec.module) ?? phrase('doctor.not-loaded')) : spec.probe ? await probe(client, spec.probe) : null;
    if (state === null) continue; // res_ari_events: the WebSocket check below says
    const ok = state === 'Running' || state === 'ok';
    const said = typeof state === 'string' ? verbatim(state) : state;
    checks.push(
      check(
        spec.module,
        spec.module,
        ok ? 'ok' : spec.optional ? 'warning' : 'fail',
        ok ? spec.why : phrase('doctor.ari-module', { state: said, feature: featureOf(spec.module) }),
      ),
    );
  }

  try {
    await client.channels.hangup(NOWHERE);
    checks.push(check('ari-write', 'write access', 'ok', 'dial and hang up allowed'));
  } catch (error) {
    const e = asAriError(error);
    if (e.kind === 'not-found') checks.push(check('ari-write', 'write access', 'ok', 'dial and hang up allowed'));
    else checks.push(check('ari-write', 'write access', 'fail', phrase('doctor.ari-write', { why: phraseOfError(e) })));
  }

  const socket = await websocketCheck(client);
  checks.push(
    socket
      ? check('ari-events', 'events WebSocket', 'fail', phrase('doctor.ari-events', { why: socket }))
      : check('ari-events', 'events WebSocket', 'ok', 'events arrive'),
  );
  return { checks, asteriskVersion: version };
}

/**
 * Whether ARI pops can read channel variables ({var.CUSTOMER_ID}): ARI sends a channel's variables
 * (the `channelvars` object of its JSON) only for the names listed in ari.conf's [general]
 * `channelvars`, and no REST resource shows ari.conf (GET /asterisk/info has no such field;
 * /asterisk/config/dynamic serves only sorcery objects, and ari.conf is not one). So the check looks
 * at the calls up now (GET /channels, read only): a channel with `channelvars` names the list; channels
 * without it mean the list is empty; no channel at all means it cannot tell, and says so.
 */
export async function channelVarsCheck(client: AriClient): Promise<AriCheck> {
  const name = 'pop variables';
  let channels: unknown[];
  try {
    const listed: unknown = await client.channels.list();
    channels = Array.isArray(listed) ? listed : [];
  } catch (error) {
    return check(
      'ari-channelvars',
      name,
      'warning',
      `cannot tell whether ari.conf lists channelvars (GET /channels: ${asAriError(error).message}): without them ARI pops have an empty {var.CUSTOMER_ID}`,
    );
  }
  const listed = channels.map((c) => (c as { channelvars?: unknown } | null)?.channelvars).find((v) => v !== null && typeof v === 'object');
  if (listed)
    return check(
      'ari-channelvars',
      name,
      'ok',
      `ari.conf channelvars = ${Object.keys(listed).join(',')}: ARI pops can use {var.NAME} for these`,
    );
  if (channels.length > 0)
    return check(
      'ari-channelvars',
      name,
      'warning',
      `the ${channels.length} channel(s) up now carry no channel variables, so ari.conf [general] lists no channelvars: ARI pops have an empty {var.CUSTOMER_ID} (every {var.NAME}); add channelvars = CUSTOMER_ID,CUSTOMER_NAME (the variables your IVR sets) and run "module reload res_ari.so"`,
    );
  return check(
    'ari-channelvars',
    name,
    'warning',
    'cannot tell: ARI does not show ari.conf and no call is up to look at. ARI pops have an empty {var.CUSTOMER_ID} unless ari.conf [general] lists channelvars = CUSTOMER_ID,CUSTOMER_NAME (the variables your IVR sets): check it, or run the doctor again during a call',
  );
}

/** The ARI login "Test connection" tries: the settings window's unsaved address and user. */
export interface AriTestTarget {
  url: string;
  username: string;
}

/**
 * The checks against `target` as the settings window shows them (the AMI test's report shape);
 * never throws: a URL or user the client refuses is a failed `ari-reachable` check in words.
 */
export async function testAriConnection(
  target: AriTestTarget,
  secret: string,
  options: { ca?: string | Buffer; timeoutMs?: number } = {},
): Promise<ConnectionTestReport> {
  const stanza = ariConfStanza(target.username.trim() || 'pbx-companion');
  let client: AriClient;
  try {
    client = new AriClient({
      url: target.url.trim(),
      username: target.username.trim(),
      secret,
      ca: options.ca,
      timeoutMs: options.timeoutMs ?? 10_000,
    });
  } catch (error) {
    const why = phraseOfError(asAriError(error));
    return {
      ok: false,
      checks: [{ id: 'ari-reachable', state: 'fail', detail: english(why), detailPhrase: why }],
      asteriskVersion: null,
      stanza,
    };
  }
  const { checks, asteriskVersion } = await runAriChecks(client);
  return {
    ok: checks.every((c) => c.state !== 'fail'),
    checks: checks.map(({ id, state, detail, detailPhrase }) => ({ id, state, detail, ...(detailPhrase ? { detailPhrase } : {}) })),
    asteriskVersion,
    stanza,
  };
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
/** 'ok', or why not: the module is not loaded, or what ARI answered. */
async function probe(client: AriClient, path: string): Promise<'ok' | Phrase> {
  try {
    await client.http.request('GET', path);
    return 'ok';
  } catch (error) {
    const e = asAriError(error);
    if (e.kind === 'not-found') return phrase('doctor.not-loaded-404');
    return phraseOfError(e);
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
