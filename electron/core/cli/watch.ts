/**
 * `watch --host H [--port P] --user U --extension 1001 [--device PJSIP/1001] [--tls]`: the agent's
 * snapshot from a live PBX, one `{"type":"snapshot","seq":N,"snapshot":{...}}` line per change
 * (the same contract as replay). The secret comes from AMI_SECRET or a prompt, never from the
 * command line. Runs until Ctrl+C.
 */
import { parseArgs } from 'node:util';
import { AmiClient } from '../ami/client.ts';
import { AmiLoginError } from '../ami/errors.ts';
import type { Technology } from '../agent/identity.ts';
import { agentIdentity } from '../agent/identity.ts';
import { AgentEngine } from '../agent/sync.ts';
import type { CliIO } from './io.ts';

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      user: { type: 'string' },
      extension: { type: 'string' },
      device: { type: 'string' },
      technology: { type: 'string' },
      'hint-context': { type: 'string' },
      'local-context': { type: 'string' },
      tls: { type: 'boolean' },
    },
  });
  if (!values.host || !values.user || !values.extension) {
    io.err('watch: give --host, --user and --extension (the secret comes from AMI_SECRET or a prompt)');
    return 2;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    io.err(`watch: --port ${values.port} is not a TCP port`);
    return 2;
  }
  const identity = agentIdentity({
    extension: values.extension,
    device: values.device,
    technology: values.technology as Technology | undefined,
    hintContext: values['hint-context'],
    localMemberContext: values['local-context'],
  });
  const secret = io.env.AMI_SECRET ?? (await io.promptSecret(`AMI secret for ${values.user}@${values.host}: `));
  if (secret === undefined) {
    io.err('watch: no secret: set AMI_SECRET or run in a terminal to be asked');
    return 2;
  }
  const client = new AmiClient({ host: values.host, port, username: values.user, secret, tls: values.tls ?? false, logger: { warn: (m) => io.err(`watch: ${m}`) } });
  const engine = new AgentEngine({ connection: client, identity, logger: { warn: (m) => io.err(`watch: ${m}`) } });
  let seq = 0;
  io.out(JSON.stringify({ type: 'snapshot', seq: ++seq, snapshot: engine.snapshot() }));
  engine.subscribe((snapshot) => io.out(JSON.stringify({ type: 'snapshot', seq: ++seq, snapshot })));
  engine.start();
  const stopped = new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  let code = 0;
  try {
    await Promise.race([client.connect(), stopped]);
  } catch (error) {
    io.err(`watch: ${error instanceof Error ? error.message : String(error)}`);
    // A wrong secret or an untrusted certificate: retrying cannot help. Anything else: the client keeps trying.
    if (!(error instanceof AmiLoginError) || !error.retryable) code = 1;
  }
  if (code === 0) await stopped;
  engine.stop();
  await client.close();
  return code;
}
