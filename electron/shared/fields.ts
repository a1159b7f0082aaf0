/**
 * The rules for the fields a person types (host, port, user, extension, free text), one source for
 * the settings schema (shared/settings.ts), the agent identity (core/agent/identity.ts), the IPC
 * schemas (shared/ipc.ts) and the renderer's settings form. Plain expressions and numbers, no zod,
 * so the renderer uses them without bundling a validator.
 */
import { CONTROL_CHARACTERS } from './control-characters.ts';

/** A dialplan extension as Asterisk matches it (1001, *72, 1001#, agent_7, 5.1): what the agent's phone answers to. */
export const EXTENSION = /^[0-9A-Za-z_+*#.-]{1,32}$/;
/** An agent of Asterisk's agent pool (agents.conf sections, Issabel's call center): digits only, e.g. 9001. */
export const AGENT_NUMBER = /^[0-9]{1,16}$/;

/** A host name or an IP address as DNS and the URL parser take it (at most 253 characters). */
export const HOST_MAX = 253;
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;
const IPV6 = /^\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*\]?$/;

/** True for a host name, an IPv4 address or an IPv6 address (bracketed or not). */
export function isHost(text: string): boolean {
  return IPV4.test(text) || HOSTNAME.test(text) || IPV6.test(text);
}

/** A TCP port. */
export const PORT_MIN = 1;
export const PORT_MAX = 65535;

/** An AMI user (a manager.conf section name) or an ARI user: the schema's length, the form's characters. */
export const USER_MAX = 80;
export const AMI_USER = /^[A-Za-z0-9_.@-]{1,64}$/;
export const ARI_USER = /^[A-Za-z0-9_.-]{1,80}$/;

/** True when `text` holds a control character (CONTROL_CHARACTERS): never sent, never saved. */
export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTERS.test(text);
}

/**
 * A relay's NATS server: `nats://relay-1.example.com:4222` or `tls://...:4222`, a host and a port, and
 * no user or password in it (the desk's seed lives in the keychain, not in a URL in a plain file).
 */
export function isRelayUrl(value: string): boolean {
  if (/\s/.test(value) || hasControlCharacters(value)) return false;
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'nats:' || url.protocol === 'tls:') &&
      url.username === '' &&
      url.password === '' &&
      url.hostname !== '' &&
      url.port !== '' &&
      (url.pathname === '' || url.pathname === '/') &&
      url.search === '' &&
      url.hash === ''
    );
  } catch {
    return false;
  }
}

/** A recording's file name: relative to Asterisk's monitor directory or absolute, with an audio extension Asterisk picks the format from. */
export const RECORDING_FILE =
  /^\/?[A-Za-z0-9_+][A-Za-z0-9_.+-]*(\/[A-Za-z0-9_+][A-Za-z0-9_.+-]*)*\.(wav|WAV|wav49|gsm|ulaw|alaw|sln|g722|ogg)$/;
/** What a recording's file name template may hold, each filled with a value of safe characters only. */
export const RECORDING_PLACEHOLDERS = ['extension', 'number', 'queue', 'uniqueid', 'callid', 'date', 'time'] as const;
export const DEFAULT_RECORDING_TEMPLATE = 'companion-{date}-{time}-{extension}-{uniqueid}.wav';
/** MixMonitor options: single letters, and letters with a simple argument such as v(2) or W(-1); no file paths, no commas. */
export const MIXMONITOR_OPTIONS = /^([abBdimMnpPSz]|[vVW]\(-?[0-9]{1,2}\))*$/;

/** True when every placeholder is known and the name, filled in, is a file name MixMonitor is given. */
export function isRecordingTemplate(template: string): boolean {
  let known = true;
  const filled = template.replace(/\{([a-z]+)\}/g, (_, name: string) => {
    known &&= (RECORDING_PLACEHOLDERS as readonly string[]).includes(name);
    return 'x';
  });
  return (
    known && filled.length <= 255 && RECORDING_FILE.test(filled) && !filled.split('/').some((part) => part === '..' || part.startsWith('.'))
  );
}
