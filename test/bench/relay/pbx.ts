/**
 * The relay cases' PBX, in a process of its own so its CPU time and what it writes can be measured:
 * the demo PBX (electron/core/demo) as a 500-agent call center (every agent a member of support
 * and sales, rung one at a time), its phones answering a second after they ring.
 *
 * Run by fork(): argv[2] = agents. First message: `{ type: 'port', port }`. Then, asked over IPC:
 * - `{ type: 'calls', count, everyMs, talkMs }`: `count` queue calls, one every `everyMs`, taking
 *   turns between the queues, each talking `talkMs` once answered; `{ type: 'calls-done' }` once
 *   the last has ended.
 * - `{ type: 'usage' }`: `{ type: 'usage', cpuSeconds, bytes, events, queued, sessions }`, this
 *   process's CPU time (user + system) and, over every AMI session so far, the bytes and events
 *   written, the bytes not yet taken by the socket, and the sessions open.
 * - `{ type: 'rings' }`: `{ type: 'rings', rings: [[callId, ns]] }`, when each call first rang a
 *   phone (on the monotonic clock every process of the machine shares), right after the ring's
 *   events were written.
 */
import { CallerRotation, startDemoPbx } from '../../../electron/core/demo/index.ts';

const agents = Number(process.argv[2]);
const pbx = await startDemoPbx({
  users: [{ username: 'bench', secret: 'bench', read: 'all', write: 'all' }],
  agents: { count: agents },
  strategy: 'rrmemory',
  answerAfterMs: 1000,
  otherAnswerAfterMs: 1000,
});
const rings = new Map<string, string>();
pbx.control.onCall((n) => {
  if (n.type === 'ringing' && !rings.has(n.id)) rings.set(n.id, process.hrtime.bigint().toString());
});

type Ask = { type: 'calls'; count: number; everyMs: number; talkMs: number } | { type: 'usage' } | { type: 'rings' };

function calls(count: number, everyMs: number, talkMs: number): void {
  const callers = new CallerRotation();
  const queues = ['support', 'sales'];
  let made = 0;
  const timer = setInterval(() => {
    const caller = callers.take();
    pbx.control.incomingCall({ queue: queues[made % 2], callerNumber: caller.number, callerName: caller.name, vars: caller.vars, talkMs });
    if (++made < count) return;
    clearInterval(timer);
    const done = setInterval(() => {
      if (pbx.control.activeCalls().length > 0) return;
      clearInterval(done);
      process.send!({ type: 'calls-done' });
    }, 20);
  }, everyMs);
}

function usage(): object {
  const cpu = process.cpuUsage();
  const sessions = pbx.control.sessions();
  const sum = (k: 'bytesSent' | 'eventsSent' | 'bytesQueued') => sessions.reduce((n, s) => n + s[k], 0);
  return {
    type: 'usage',
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    bytes: sum('bytesSent'),
    events: sum('eventsSent'),
    queued: sum('bytesQueued'),
    sessions: sessions.filter((s) => !s.closed).length,
  };
}

process.on('message', (m: Ask) => {
  if (m.type === 'calls') calls(m.count, m.everyMs, m.talkMs);
  else if (m.type === 'usage') process.send!(usage());
  else process.send!({ type: 'rings', rings: [...rings] });
});
process.on('disconnect', () => void pbx.close().then(() => process.exit(0)));
process.send!({ type: 'port', port: pbx.port });
