/**
 * The doctor's checks as data, for the settings window's "Test connection" and the CLI's `doctor`
 * (cli/doctor.ts prints the same checks): log in, read the versions, try every action the app needs
 * and say for each whether it works. Write rights are probed without side effects: each probe names
 * a target that cannot exist, and Asterisk checks the right before it looks for the target.
 */
import { AmiAction } from '../ami/action.ts';
import { AmiClient } from '../ami/client.ts';
import { AmiResponseError } from '../ami/errors.ts';
import type { AmiMessage } from '../ami/message.ts';
import { stanza } from './manager-conf.ts';
import type { ConnectionCheck, ConnectionTestReport, ConnectionTestTarget } from '../../shared/bridge.ts';
import { printable } from '../../shared/control-characters.ts';
import { english, phrase, phraseOfError, type Phrase } from '../../shared/phrases/index.ts';

export interface CheckSpec {
  action: string;
  /** The manager.conf write class that grants it; empty when any user may run it. */
  needs: string;
  /** What the app uses it for (the CLI says what will not work without it). */
  why: string;
  /** Optional features warn instead of failing. */
  optional?: boolean;
  /** A probe: any answer other than Permission denied / unknown command proves the right. */
  probe?: boolean;
  list?: boolean;
  fields?: Record<string, string>;
}

// A name no PBX has: probes aim at it so they can never touch a real channel, queue member or call.
const NOWHERE = 'pbx-companion-doctor-probe';

export const DOCTOR_CHECKS: readonly CheckSpec[] = [
  { action: 'CoreSettings', needs: 'reporting', why: 'Asterisk version' },
  { action: 'QueueStatus', needs: '', why: 'queue membership and pauses at login', list: true },
  { action: 'ExtensionStateList', needs: 'call', why: 'extension state at login', list: true },
  { action: 'DeviceStateList', needs: 'call', why: 'device state at login', list: true },
  { action: 'CoreShowChannels', needs: 'reporting', why: 'calls already up at login', list: true },
  {
    action: 'QueuePause',
    needs: 'agent',
    why: 'pause and unpause',
    probe: true,
    fields: { Interface: `Local/${NOWHERE}@${NOWHERE}/n`, Paused: 'false' },
  },
  // No '/' in Channel: Asterisk answers "Invalid channel" before it could dial anything.
  {
    action: 'Originate',
    needs: 'originate',
    why: 'click-to-dial',
    probe: true,
    fields: { Channel: NOWHERE, Exten: 's', Context: NOWHERE, Priority: '1' },
  },
  { action: 'Hangup', needs: 'call', why: 'hang up and transfer', probe: true, fields: { Channel: `${NOWHERE}-0000` } },
  { action: 'MixMonitor', needs: 'system', why: 'call recording', probe: true, optional: true, fields: { Channel: `${NOWHERE}-0000` } },
  // The team view asks a colleague's endpoint its caller ID name (team/endpoint-name.ts); without it names come from calls only.
  {
    action: 'PJSIPShowEndpoint',
    needs: 'system',
    why: "colleagues' names from their phones",
    probe: true,
    optional: true,
    fields: { Endpoint: NOWHERE },
  },
];

export interface ConnectionTestOptions {
  /** PEM of the CA that signed the PBX's certificate (TLS). */
  ca?: string | Buffer;
  /** Per action and for the login. Default 10 s. */
  timeoutMs?: number;
}

/** Runs every check against `target`; never throws: a failure is a check that says why. */
export async function testConnection(
  target: ConnectionTestTarget,
  secret: string,
  options: ConnectionTestOptions = {},
): Promise<ConnectionTestReport> {
  const extension = target.extension || undefined;
  let client: AmiClient;
  try {
    client = new AmiClient({
      host: target.host,
      port: target.port,
      username: target.username,
      secret,
      tls: target.tls ? (options.ca ? { ca: options.ca } : true) : false,
      authType: target.auth ?? 'md5',
      reconnect: false,
      keepaliveIntervalMs: 0,
      actionTimeoutMs: options.timeoutMs ?? 10_000,
    });
  } catch (error) {
    return failedLogin(target, extension, phraseOfError(error));
  }
  const seen = new Set<string>();
  client.onEvent((event) => seen.add(event.name));
  try {
    await client.connect();
  } catch (error) {
    await client.close().catch(() => undefined);
    return failedLogin(target, extension, phraseOfError(error));
  }
  const checks: ConnectionCheck[] = [{ id: 'login', state: 'ok', detail: `AMI ${printable(client.amiVersion ?? 'unknown')}` }];
  let asteriskVersion: string | null = null;
  let technology: ConnectionTestReport['technology'];
  try {
    for (const spec of DOCTOR_CHECKS) {
      const { check, response } = await runDoctorCheck(client, spec);
      const version = spec.action === 'CoreSettings' ? response?.get('AsteriskVersion') : undefined;
      if (version !== undefined) asteriskVersion = printable(version);
      checks.push(check);
    }
    // FullyBooted follows the login response only for a user that reads `system`; by now it has arrived.
    checks.push(
      seen.has('FullyBooted')
        ? { id: 'events', state: 'ok', detail: '' }
        : withPhrase({ id: 'events', state: 'fail' }, phrase('doctor.no-fully-booted')),
    );
    technology = extension ? await phoneTechnology(client, extension) : null;
  } finally {
    await client.close().catch(() => undefined);
  }
  return {
    ok: checks.every((c) => c.state !== 'fail'),
    checks,
    asteriskVersion,
    stanza: stanza(target.username, extension, asteriskVersion),
    technology,
  };
}

/**
 * The channel technology of the extension's phone, from its hint as the PBX lists it (`SIP/1001` on
 * Issabel's chan_sip, `PJSIP/1001` on FreePBX): what the settings' technology must be for the app to
 * recognise the phone's channels. Null when the PBX lists no hint for it, or one of another kind.
 */
async function phoneTechnology(client: AmiClient, extension: string): Promise<ConnectionTestReport['technology']> {
  try {
    const list = await client.listAction(AmiAction.build('ExtensionStateList'));
    const hint = list.items.find((item) => item.get('Exten') === extension)?.get('Hint') ?? '';
    const technology = /^(PJSIP|SIP|IAX2)\//.exec(hint)?.[1];
    return technology === 'PJSIP' || technology === 'SIP' || technology === 'IAX2' ? technology : null;
  } catch {
    return null;
  }
}

/** One check on a logged-in client; never throws. `response` is the PBX's answer when it is ok. */
export async function runDoctorCheck(client: AmiClient, spec: CheckSpec): Promise<{ check: ConnectionCheck; response?: AmiMessage }> {
  const base = { id: spec.action, ...(spec.needs ? { needs: spec.needs } : {}) };
  const notOk = spec.optional ? 'warning' : 'fail';
  try {
    const action = AmiAction.build(spec.action, spec.fields ?? {});
    const response = spec.list ? (await client.listAction(action)).response : await client.action(action);
    return { check: { ...base, state: 'ok', detail: '' }, response };
  } catch (error) {
    if (error instanceof AmiResponseError) {
      if (error.permissionDenied) return { check: { ...base, state: notOk, detail: 'Permission denied' } };
      if (error.unknownAction) return { check: withPhrase({ ...base, state: notOk }, phrase('doctor.missing-action')) };
      if (spec.probe) return { check: { ...base, state: 'ok', detail: '' } };
      return { check: { ...base, state: notOk, detail: printable(error.pbxMessage) } };
    }
    return { check: withPhrase({ ...base, state: notOk }, phraseOfError(error)) };
  }
}

function failedLogin(target: ConnectionTestTarget, extension: string | undefined, detail: Phrase): ConnectionTestReport {
  return {
    ok: false,
    checks: [withPhrase({ id: 'login', state: 'fail' }, detail)],
    asteriskVersion: null,
    stanza: stanza(target.username, extension, null),
  };
}

/** A check whose detail is the app's words: English for the doctor's line, the phrase for the settings window. */
function withPhrase(check: Omit<ConnectionCheck, 'detail'>, detail: Phrase): ConnectionCheck {
  return { ...check, detail: english(detail), detailPhrase: detail };
}
