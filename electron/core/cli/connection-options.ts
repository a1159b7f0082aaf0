/**
 * The options every verb that talks to a PBX over AMI takes, and what they mean: the TCP port, TLS
 * and the CA that signed the PBX's certificate (`--ca FILE`, as doctor and the ARI verbs take), the
 * login method (`--auth md5|plain`, md5 by default: the secret never crosses the wire) and the
 * agent's identity. Shared by watch, dial and the agent's verbs.
 */
import { readFile } from 'node:fs/promises';
import type { CliIO } from './io.ts';
import { agentIdentity, type AgentIdentity, type Technology } from '../agent/identity.ts';
import type { AuthType } from '../ami/login.ts';
import { plainTextNotice } from '../../shared/network.ts';

export const CONNECTION_OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  user: { type: 'string' },
  tls: { type: 'boolean' },
  ca: { type: 'string' },
  auth: { type: 'string' },
  extension: { type: 'string' },
  device: { type: 'string' },
  technology: { type: 'string' },
  'hint-context': { type: 'string' },
  'local-context': { type: 'string' },
  agent: { type: 'string' },
} as const;

export type ConnectionValues = {
  [K in keyof typeof CONNECTION_OPTIONS]?: (typeof CONNECTION_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};

/** `--auth`: md5 unless the admin asks for plain; undefined after saying why the value is wrong. */
export function authOption(name: string, value: string | undefined, io: CliIO): AuthType | undefined {
  const auth = (value ?? 'md5').toLowerCase();
  if (auth === 'md5' || auth === 'plain') return auth;
  io.err(`${name}: --auth ${value} is not a login method: md5 (the default: the secret never crosses the wire) or plain`);
  return undefined;
}

/** Says on stderr, in one line, that this session would cross the network in clear (never silent). */
export function warnPlainText(name: string, pbx: { host: string; tls: boolean; auth: AuthType }, io: CliIO): void {
  const notice = plainTextNotice(pbx);
  if (notice) io.err(`${name}: warning: ${notice.message}`);
}

/**
 * The port (undefined: the default), the login method and the agent's identity, or the usage error's
 * exit code (2) after saying why. A plain-text session to another machine is said on stderr.
 */
export function portAndIdentity(
  name: string,
  values: ConnectionValues & { extension: string },
  io: CliIO,
): { port: number | undefined; auth: AuthType; identity: AgentIdentity } | number {
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    io.err(`${name}: --port ${values.port} is not a TCP port`);
    return 2;
  }
  const auth = authOption(name, values.auth, io);
  if (auth === undefined) return 2;
  warnPlainText(name, { host: values.host ?? '127.0.0.1', tls: usesTls(values), auth }, io);
  const identity = agentIdentity({
    extension: values.extension,
    device: values.device,
    technology: values.technology as Technology | undefined,
    hintContext: values['hint-context'],
    localMemberContext: values['local-context'],
    agent: values.agent,
  });
  return { port, auth, identity };
}

/** `--ca FILE` implies TLS: a CA is only ever given to trust a TLS certificate. */
export function usesTls(values: Pick<ConnectionValues, 'tls' | 'ca'>): boolean {
  return values.tls === true || values.ca !== undefined;
}

/**
 * The AmiClient's `tls` option: false, true (the system's CAs), or the PEM of `--ca FILE` to trust
 * a PBX certificate signed by the site's own CA. The usage error's exit code (2) when the file
 * cannot be read, after saying why, before anything connects.
 */
export async function tlsOption(
  name: string,
  values: Pick<ConnectionValues, 'tls' | 'ca'>,
  io: CliIO,
): Promise<boolean | { ca: Buffer } | number> {
  if (values.ca === undefined) return values.tls === true;
  try {
    return { ca: await readFile(values.ca) };
  } catch (error) {
    io.err(`${name}: cannot read the CA file ${values.ca}: ${(error as Error).message}`);
    return 2;
  }
}

// A host name, an IPv4 or an IPv6 address; a user as manager.conf names its sections. Checked
// before connecting, so a typo is a usage error and never a connection attempt.
const HOST = /^(?:[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?|\[?[0-9A-Fa-f:.]+\]?)$/;
// eslint-disable-next-line no-control-regex
const USER = /^[^\s\u0000-\u001f\u007f[\];]{1,80}$/;

/** Why `--host` or `--user` cannot be right, or null. */
export function badHostOrUser(values: Pick<ConnectionValues, 'host' | 'user'>): string | null {
  if (values.host !== undefined && !(values.host.length <= 253 && HOST.test(values.host)))
    return `--host ${JSON.stringify(values.host.slice(0, 60))} is not a host name or an IP address`;
  if (values.user !== undefined && !USER.test(values.user))
    return `--user ${JSON.stringify(values.user.slice(0, 60))} is not an AMI user name (manager.conf section)`;
  return null;
}
