/**
 * `relay --print-nats-conf --agents 1001,1002 [--tls-cert F --tls-key F --tls-ca F] [--cluster h1:6222,h2:6222,h3:6222]`:
 * prints a ready nats-server configuration for relay mode (relay/nats-conf.ts) on stdout, and the
 * relay's and each desk's nkey seed once on stderr, for their keychains (never into the file).
 * Every option is checked before a key is made. Exit code: 0, or 2 for bad usage.
 */
import { isAbsolute } from 'node:path';
import { parseArgs } from 'node:util';
import { hasControlCharacters } from '../../shared/fields.ts';
import { buildNatsConf, checkAgents, checkCluster, type TlsFiles } from '../relay/nats-conf.ts';
import type { CliIO } from './io.ts';

const OPTIONS = '--agents 1001,1002,... [--tls-cert FILE --tls-key FILE --tls-ca FILE] [--cluster h1:6222,h2:6222,h3:6222]';

/** The usage line, as the admin called it: `relay --print-nats-conf` or `relay-nats-conf`. */
function usage(args: readonly string[]): string {
  return `usage: pbx-companion ${args.includes('--print-nats-conf') ? 'relay --print-nats-conf' : 'relay-nats-conf'} ${OPTIONS}`;
}

function fail(io: CliIO, args: readonly string[], message: string): number {
  io.err(`relay: ${message}`);
  io.err(usage(args));
  return 2;
}

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'print-nats-conf': { type: 'boolean', default: false },
      agents: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'tls-ca': { type: 'string' },
      cluster: { type: 'string' },
    },
  });
  const agents = (values.agents ?? '').split(',').map((agent) => agent.trim());
  let tls: TlsFiles | undefined;
  const tlsFiles = [values['tls-cert'], values['tls-key'], values['tls-ca']];
  if (tlsFiles.some((file) => file !== undefined)) {
    const [certFile, keyFile, caFile] = tlsFiles;
    if (!certFile || !keyFile || !caFile) return fail(io, args, 'TLS needs all three of --tls-cert, --tls-key and --tls-ca');
    for (const file of tlsFiles as string[]) {
      // Paths on the NATS server, which may not be this machine: checked for shape, not read.
      if (!isAbsolute(file) || /["\\]/.test(file) || hasControlCharacters(file)) {
        return fail(io, args, `"${file}" is not an absolute path on the NATS server (no quote or backslash)`);
      }
    }
    tls = { certFile, keyFile, caFile };
  }
  const cluster = values.cluster?.split(',').map((node) => node.trim());
  try {
    if (values.agents === undefined) throw new Error("--agents is required (the desks' extensions, comma separated)");
    checkAgents(agents);
    if (cluster) checkCluster(cluster);
  } catch (error) {
    return fail(io, args, (error as Error).message);
  }

  const { config, users } = buildNatsConf({ agents, tls, cluster });
  io.out(config.trimEnd());
  io.err("NATS credentials (nkey seeds), shown once: put each into its machine's keychain, never into a file or a command line.");
  for (const user of users) io.err(`${user.name} ${user.seed}`);
  if (cluster && !tls) {
    io.err('warning: cluster routes without TLS are not authenticated: firewall the route port to the three nodes, or add --tls-*.');
  }
  return 0;
}
