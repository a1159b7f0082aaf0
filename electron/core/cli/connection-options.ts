/**
 * The options every verb that talks to a PBX over AMI takes, and what they mean: the TCP port and
 * the agent's identity. Shared by watch, dial and the agent's verbs.
 */
import type { CliIO } from './io.ts';
import { agentIdentity, type AgentIdentity, type Technology } from '../agent/identity.ts';

export const CONNECTION_OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  user: { type: 'string' },
  tls: { type: 'boolean' },
  extension: { type: 'string' },
  device: { type: 'string' },
  technology: { type: 'string' },
  'hint-context': { type: 'string' },
  'local-context': { type: 'string' },
} as const;

export type ConnectionValues = {
  [K in keyof typeof CONNECTION_OPTIONS]?: (typeof CONNECTION_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};

/** The port (undefined: the default) and the agent's identity, or the usage error's exit code (2) after saying why. */
export function portAndIdentity(name: string, values: ConnectionValues & { extension: string }, io: CliIO): { port: number | undefined; identity: AgentIdentity } | number {
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    io.err(`${name}: --port ${values.port} is not a TCP port`);
    return 2;
  }
  const identity = agentIdentity({
    extension: values.extension,
    device: values.device,
    technology: values.technology as Technology | undefined,
    hintContext: values['hint-context'],
    localMemberContext: values['local-context'],
  });
  return { port, identity };
}
