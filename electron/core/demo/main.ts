/**
 * `npm run demo-pbx`: the demo PBX on its own, with a generated call every N seconds and one
 * line per call event on stdout, for a trainer or for `npm run cli -- watch` in another terminal.
 *
 *   npm run demo-pbx -- [--port 5038] [--every 20] [--extension 1001] [--answer-after 2000|manual]
 *                       [--user agent] [--secret demo] [--abandon-every 4] [--talk 15] [--agents]
 *
 * --agents adds the agent-pool call center (Issabel's, demo/agent-pool.ts): queue `callcenter`, agents 9001
 * and 9002; while 9001 is logged in, a caller reaches it every --every seconds.
 */
import { parseArgs } from 'node:util';
import { CallerRotation, DEFAULT_USERS, startDemoPbx, type DemoPbx } from './index.ts';
import { startCallGenerator } from './generator.ts';

function fail(message: string): never {
  process.stderr.write(`demo-pbx: ${message}\n`);
  process.exit(2);
}

/** The agent pool's part of the demo: how to log in, and a caller for agent 9001 every `everyMs` while it is logged in. */
function agentPoolCalls(
  pbx: DemoPbx,
  extension: string,
  user: string,
  everyMs: number,
  talkMs: number,
  line: (text: string) => void,
): () => void {
  process.stdout.write(
    `Agent pool: queue callcenter, agents 9001 and 9002. Log in: npm run cli -- agent-login --host 127.0.0.1 --port ${pbx.port} --user ${user} --extension ${extension} --agent 9001 (phone ${extension} rings and answers itself)\n`,
  );
  const callers = new CallerRotation();
  const timer = setInterval(() => {
    if (!pbx.agentPool?.isLoggedIn('9001')) return;
    const caller = callers.take();
    const id = pbx.agentPool.queueCall({ callerNumber: caller.number, callerName: caller.name, vars: caller.vars, talkMs });
    line(`pool call ${id} queued in callcenter: ${caller.number} "${caller.name}" CUSTOMER_ID=${caller.vars.CUSTOMER_ID ?? ''}`);
  }, everyMs);
  return () => clearInterval(timer);
}

function numberOption(value: string | undefined, name: string, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) fail(`--${name} must be a number >= ${min}, got ${JSON.stringify(value)}`);
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        every: { type: 'string' },
        extension: { type: 'string' },
        'answer-after': { type: 'string' },
        user: { type: 'string' },
        secret: { type: 'string' },
        'abandon-every': { type: 'string' },
        talk: { type: 'string' },
        agents: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(
      'npm run demo-pbx -- [--port N] [--every SECONDS] [--extension 1001] [--answer-after MS|manual] [--user agent] [--secret demo] [--abandon-every 4] [--talk SECONDS] [--agents]\n',
    );
    return;
  }
  const extension = values.extension ?? '1001';
  if (!/^[0-9]{2,8}$/.test(extension)) fail(`--extension must be 2 to 8 digits, got ${JSON.stringify(extension)}`);
  const answer = values['answer-after'];
  const answerAfterMs = answer === 'manual' ? null : numberOption(answer, 'answer-after', 2000);
  const every = numberOption(values.every, 'every', 20, 1);
  const user = values.user ?? 'agent';
  const secret = values.secret ?? 'demo';
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(user) || /[\r\n]/.test(secret))
    fail('--user must be letters, digits, "._-"; --secret must be one line');
  const users = [
    { username: user, secret, read: 'all', write: 'all' },
    ...DEFAULT_USERS.filter((u) => u.username !== user && u.username !== 'agent'),
  ];
  const pbx = await startDemoPbx({
    port: numberOption(values.port, 'port', 0),
    extension,
    answerAfterMs,
    users,
    agentPool: values.agents === true,
    agiIvr: true,
  });
  const line = (text: string) => process.stdout.write(`${new Date().toISOString()} ${text}\n`);
  process.stdout.write(
    `Demo PBX listening on ${pbx.host}:${pbx.port} (AMI user ${user}, secret ${secret}; agent extension ${extension})\n`,
  );
  const login = user === 'agent' && secret === 'demo' ? '' : `AMI_SECRET=${secret} `;
  const who = user === 'agent' ? '' : ` --user ${user}`;
  process.stdout.write(`Watch it: ${login}npm run cli -- watch --port ${pbx.port}${who} --extension ${extension}\n`);
  const stopPool = values.agents
    ? agentPoolCalls(pbx, extension, user, every * 1000, numberOption(values.talk, 'talk', 15, 1) * 1000, line)
    : () => {};
  pbx.control.onCall((n) => {
    if (n.type === 'queued')
      line(
        `call ${n.id} queued in ${n.queue}: ${n.number} "${n.name}" CUSTOMER_ID=${n.vars.CUSTOMER_ID ?? ''} CUSTOMER_VALID=${n.vars.CUSTOMER_VALID ?? ''}`,
      );
    else if (n.type === 'ringing') line(`call ${n.id} ringing ${n.channel}`);
    else if (n.type === 'answered') line(`call ${n.id} answered on ${n.channel}`);
    else if (n.type === 'abandoned') line(`call ${n.id} abandoned in ${n.queue}`);
    else if (n.type === 'ended') line(`call ${n.id} ended (hung up by ${n.by})`);
    else line(`originate to ${n.channel} failed`);
  });
  const stop = startCallGenerator(pbx.control, {
    everyMs: every * 1000,
    abandonEvery: numberOption(values['abandon-every'], 'abandon-every', 4),
    talkMs: numberOption(values.talk, 'talk', 15, 1) * 1000,
  });
  const shutdown = () => {
    stop();
    stopPool();
    void pbx.close().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

void main();
