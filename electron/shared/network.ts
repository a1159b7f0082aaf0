/**
 * Where an AMI session goes, as far as its secrets are concerned, and what the agent is told about
 * it. Pure and safe for the renderer (the settings window decides with it too).
 */
import { english, phrase, type Phrase } from './phrases/index.ts';

/**
 * True when `host` names this machine itself: `localhost` (and `*.localhost`, RFC 6761), 127.0.0.0/8,
 * `::1`, or 127.x written as IPv4-mapped IPv6. Any other name may resolve anywhere, so it counts as the
 * network: a warning too many beats a secret sent in clear without a word.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) return true;
  if (/^(0{0,4}:){2,7}0{0,3}1$/.test(name) || name === '::1') return true;
  return /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** True when an AMI session with these settings crosses the network unencrypted. */
export function isPlainTextToNetwork(pbx: { host: string; tls: boolean }): boolean {
  return !pbx.tls && pbx.host.trim() !== '' && !isLoopbackHost(pbx.host);
}

/** The port Asterisk's AMI listens on with TLS (manager.conf `tlsbindaddr`), by convention. */
export const AMI_TLS_PORT = 5039;

/** What a person is told about a session that crosses the network unencrypted; null with TLS or on this machine. */
export function plainTextNotice(pbx: {
  host: string;
  tls: boolean;
  auth?: 'md5' | 'plain';
}): { host: string; message: string; phrase: Phrase } | null {
  if (!isPlainTextToNetwork(pbx)) return null;
  const host = pbx.host.trim();
  const said = phrase(pbx.auth === 'plain' ? 'security.plain-text-secret' : 'security.plain-text', { host });
  return { host, message: english(said), phrase: said };
}
