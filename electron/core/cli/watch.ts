/**
 * `watch [--host H] [--port P] [--user U] --extension 1001 [--device PJSIP/1001] [--tls] [--ca FILE] [--auth md5|plain] [--pop-url T]`:
 * the agent's snapshot from a live PBX, one `{"type":"snapshot","seq":N,"snapshot":{...}}` line per
 * change, and `{"type":"pop",...}` lines with --pop-url (the same contract as replay). The snapshot
 * carries the team view as the app shows it (`team`, `me`); `--colleagues 1002,1003` lists more
 * colleagues than the agent's queues' members, as the settings' team.extensions. The secret
 * comes from AMI_SECRET or a prompt, never from the command line. Runs until Ctrl+C, across drops
 * and PBX restarts (a PBX down at start too), or until a refusal that retrying cannot fix (a wrong
 * secret, an untrusted certificate): then exit 1 with the reason on stderr.
 *
 * With `--relay nats://HOST:4222[,...]` the snapshots come from a relay instead (cli/watch-relay.ts).
 *
 * With `--call-log-url URL --state-dir DIR` each call that ends is logged to the CRM (electron/core/calllog),
 * signed with CALL_LOG_SECRET; notices about it go to stderr.
 *
 * Host and user default to 127.0.0.1 and `agent`: the demo PBX (`npm run demo-pbx`), whose
 * published secret `demo` is used when none is given for that user on loopback, so
 * `watch --port P --extension 1001` watches the demo.
 */
import { parseArgs } from 'node:util';
import { AmiClient } from '../ami/client.ts';
import { AmiLoginError } from '../ami/errors.ts';
import { AgentEngine } from '../agent/sync.ts';
import { createPopLineStream } from '../screenpop/screenpop.ts';
import type { CliIO } from './io.ts';
import { CONNECTION_OPTIONS, badHostOrUser, portAndIdentity, tlsOption } from './connection-options.ts';
import { watchRelay } from './watch-relay.ts';
import { CallLog } from '../calllog/index.ts';
import { CALL_LOG_OPTIONS, callLogTarget } from './call-log-options.ts';
import { attachTeam } from '../team/attach.ts';
import { TEAM_OPTIONS, teamSettings } from './team-options.ts';

/** The demo PBX's login for people (electron/core/demo DEFAULT_USERS): public by design. */
const DEMO_USER = 'agent';
const DEMO_SECRET = 'demo';

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...CONNECTION_OPTIONS,
      'pop-url': { type: 'string' },
      relay: { type: 'string' },
      ...CALL_LOG_OPTIONS,
      ...TEAM_OPTIONS,
    },
  });
  if (values.relay !== undefined) return watchRelay(values, io);
  const host = values.host ?? '127.0.0.1';
  const user = values.user ?? DEMO_USER;
  if (!values.extension) {
    io.err('watch: give --extension (and --host, --user for a real PBX; the secret comes from AMI_SECRET or a prompt)');
    return 2;
  }
  const bad = badHostOrUser(values);
  if (bad) {
    io.err(`watch: ${bad}`);
    return 2;
  }
  const target = portAndIdentity('watch', { ...values, extension: values.extension }, io);
  if (typeof target === 'number') return target;
  const { port, auth, identity } = target;
  const tls = await tlsOption('watch', values, io);
  if (typeof tls === 'number') return tls;
  const pops = values['pop-url'] === undefined ? null : createPopLineStream(values['pop-url'], identity.extension);
  if (pops && !pops.ok) {
    io.err(`watch: --pop-url: ${pops.error}`);
    return 2;
  }
  const colleagues = teamSettings('watch', values, io);
  if (typeof colleagues === 'number') return colleagues;
  const logTarget = values['call-log-url'] === undefined && values['state-dir'] === undefined ? null : callLogTarget('watch', values, io);
  if (typeof logTarget === 'number') return logTarget;
  const demoLogin = user === DEMO_USER && (host === '127.0.0.1' || host === 'localhost');
  const secret = (io.env.AMI_SECRET || undefined) ?? (demoLogin ? DEMO_SECRET : await io.promptSecret(`AMI secret for ${user}@${host}: `));
  if (secret === undefined) {
    io.err('watch: no secret: set AMI_SECRET or run in a terminal to be asked');
    return 2;
  }
  const client = new AmiClient({ host, port, username: user, secret, tls, authType: auth, logger: { warn: (m) => io.err(`watch: ${m}`) } });
  const engine = new AgentEngine({ connection: client, identity, logger: { warn: (m) => io.err(`watch: ${m}`) } });
  const team = attachTeam({ ...colleagues, connection: client, identity, agent: engine, logger: { warn: (m) => io.err(`watch: ${m}`) } });
  // Opened (the outbox read, what an earlier run left sent) before the first call can end.
  const callLog = logTarget
    ? await CallLog.open({
        ...logTarget,
        agentExtension: identity.extension,
        onNotice: (text) => io.err(`watch: call log: ${text}`),
      }).catch((error: Error) => error)
    : null;
  if (callLog instanceof Error) {
    io.err(`watch: call log: ${callLog.message}`);
    await client.close();
    return 1;
  }
  if (callLog) engine.subscribe((snapshot) => callLog.observe(snapshot));
  let seq = 0;
  io.out(JSON.stringify({ type: 'snapshot', seq: ++seq, snapshot: team.add(engine.snapshot()) }));
  engine.subscribe((snapshot) => {
    io.out(JSON.stringify({ type: 'snapshot', seq: ++seq, snapshot: team.add(snapshot) }));
    if (pops?.ok) for (const line of pops.next(snapshot)) io.out(JSON.stringify(line));
  });
  team.engine.subscribe(() => io.out(JSON.stringify({ type: 'snapshot', seq: ++seq, snapshot: team.add(engine.snapshot()) })));
  engine.start();
  team.start();
  // The client stops retrying only on a final refusal: status disconnected with its reason.
  const refused = new Promise<Error>((resolve) => {
    client.onStatus((status, error) => {
      if (status === 'disconnected' && error) resolve(error);
    });
  });
  const release = holdProcess();
  let code = 0;
  try {
    client.connect().catch((error: unknown) => {
      // Retryable (refused, reset, shutting down): said once here, then the client keeps trying.
      if (error instanceof AmiLoginError && error.retryable) io.err(`watch: ${error.message}; retrying until Ctrl+C`);
    });
    const final = await Promise.race([refused, untilAborted(io.signal)]);
    if (final) {
      io.err(`watch: ${final.message}`);
      code = 1;
    }
  } finally {
    release();
    team.stop();
    engine.stop();
    await client.close();
    await callLog?.close();
  }
  return code;
}

/** Resolves (with nothing) on Ctrl+C. */
export function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/**
 * Keeps a headless process alive while a long-running verb waits: the core's timers (reconnect,
 * keepalive) are unref'd so a one-shot verb never hangs on them, which leaves a watcher with a
 * PBX down nothing to hold the event loop. Returns the release.
 */
export function holdProcess(): () => void {
  const timer = setInterval(() => {}, 2 ** 31 - 1);
  return () => clearInterval(timer);
}
