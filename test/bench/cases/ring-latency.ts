/**
 * Issues 3 and 5: ring-to-snapshot and ring-to-pop latency with a 5,000 events/s background. A
 * paced PBX stand-in (pbx-blaster.ts, its own process) sends the generated stream over real TCP
 * on 127.0.0.1 and notes when it wrote each ring of agent 1001 (the agent leg's Newstate Ringing,
 * the queue's AgentCalled). Latency = the moment the snapshot first shows the call ringing (and
 * the moment the pop is delivered) minus the moment the bytes of the event that made it ring were
 * written, on the machine's shared monotonic clock. Targets: p99 under 2 ms.
 *
 * Two paths: the app's own (AmiClient logs in, AgentEngine syncs and then ingests, its snapshots
 * feed the ScreenPop: what the app sees), and the engine's core driven directly (AmiFramer ->
 * ingest -> ScreenPop on a bare socket). Each first runs a short connection to warm the JIT, as the
 * throughput cases warm on the stream's head.
 */
import { fork } from 'node:child_process';
import { connect } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AmiClient } from '../../../electron/core/ami/client.ts';
import { AmiFramer } from '../../../electron/core/ami/framer.ts';
import { agentIdentity } from '../../../electron/core/agent/identity.ts';
import { ingest } from '../../../electron/core/agent/session.ts';
import { emptyState } from '../../../electron/core/agent/state.ts';
import { AgentEngine } from '../../../electron/core/agent/sync.ts';
import { createScreenPop } from '../../../electron/core/screenpop/screenpop.ts';
import type { Snapshot } from '../../../electron/shared/snapshot.ts';
import type { BenchCase, Measured } from '../harness.ts';
import { THE_AGENT } from '../stream.ts';

const RATE = 5_000;
const SECONDS = 20;
const WARMUP_SECONDS = 2;
/** Half of the calls ring agent 1001, so that 20 s give a few hundred rings to take a p99 of. */
const AGENT_SHARE = 0.5;
const TEMPLATE = 'https://crm.example/c?id={var.CUSTOMER_ID}&n={number}&q={queue}';
const BLASTER = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'pbx-blaster.ts');

type Path = 'client' | 'direct';
type BlasterMessage = { type: string; port?: number; stamps?: Array<[string, string]>; sent?: number; extra?: number };

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** When each call first showed ringing (keyed by the event that made it ring) and when it popped. */
class RingClock {
  readonly rang = new Map<string, bigint>();
  readonly ringKeyOf = new Map<string, string>();
  readonly popped = new Map<string, bigint>();
  readonly pop = createScreenPop({
    template: TEMPLATE,
    extension: THE_AGENT,
    open: (d) => {
      if (!this.popped.has(d.callId)) this.popped.set(d.callId, process.hrtime.bigint());
    },
  });

  /** A new snapshot, made by the event named `eventName`. */
  onSnapshot(snapshot: Snapshot, eventName: string): void {
    for (const call of snapshot.calls) {
      if (call.state !== 'ringing' || this.ringKeyOf.has(call.id)) continue;
      const key = `${call.id}|${eventName}`;
      this.rang.set(key, process.hrtime.bigint());
      this.ringKeyOf.set(call.id, key);
    }
    void this.pop.onSnapshot(snapshot);
  }
}

/** The blaster's run: its port, then (when the stream is over) the write stamps. */
function startBlaster(seconds: number, login: boolean): { port: Promise<number>; stamps: Promise<BlasterMessage> } {
  const args = [String(RATE), String(seconds), String(AGENT_SHARE), '7', ...(login ? ['login'] : [])];
  const blaster = fork(BLASTER, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const messages = new Map<string, (m: BlasterMessage) => void>();
  const next = (type: string): Promise<BlasterMessage> => new Promise((resolve) => messages.set(type, resolve));
  const port = next('port').then((m) => m.port!);
  const stamps = next('stamps');
  blaster.on('message', (m: BlasterMessage) => messages.get(m.type)?.(m));
  return { port, stamps };
}

/** The app's path: AmiClient + AgentEngine, the engine's snapshots to the clock. Resolves with events received once the socket closed. */
async function throughClient(port: number, clock: RingClock): Promise<number> {
  const client = new AmiClient({ host: '127.0.0.1', port, username: 'bench', secret: 'bench', reconnect: false, keepaliveIntervalMs: 0 });
  let events = 0;
  let eventName = '';
  // Registered before the engine's listener: it names the event the engine is about to apply.
  client.onEvent((m) => {
    events++;
    eventName = m.name;
  });
  const engine = new AgentEngine({ connection: client, identity: agentIdentity({ extension: THE_AGENT }) });
  engine.subscribe((snapshot) => clock.onSnapshot(snapshot, eventName));
  engine.start();
  const closed = new Promise<void>((resolve) =>
    client.onStatus((status) => (status === 'disconnected' || status === 'closed') && resolve()),
  );
  await client.connect();
  await closed;
  engine.stop();
  await client.close();
  return events;
}

/** The core alone: AmiFramer -> ingest on a bare socket. */
async function direct(port: number, clock: RingClock): Promise<number> {
  let state = emptyState(agentIdentity({ extension: THE_AGENT }));
  let events = 0;
  const framer = new AmiFramer({
    onMessage: (m) => {
      events++;
      const next = ingest(state, m, Date.now());
      if (next === state) return;
      state = next;
      clock.onSnapshot(next.snapshot, m.name);
    },
  });
  const socket = connect(port, '127.0.0.1');
  socket.on('data', (chunk) => framer.push(chunk));
  await new Promise<void>((resolve, reject) => {
    socket.on('end', resolve);
    socket.on('error', reject);
  });
  return events;
}

async function run(how: Path, seconds: number): Promise<{ clock: RingClock; events: number; stamps: BlasterMessage }> {
  const blaster = startBlaster(seconds, how === 'client');
  const port = await blaster.port;
  const clock = new RingClock();
  const events = how === 'client' ? await throughClient(port, clock) : await direct(port, clock);
  return { clock, events, stamps: await blaster.stamps };
}

async function measure(how: Path): Promise<Measured> {
  await run(how, WARMUP_SECONDS);
  const { clock, events, stamps: blasted } = await run(how, SECONDS);
  const written = new Map(blasted.stamps!.map(([key, ns]) => [key, BigInt(ns)]));
  const ms = (a: bigint, b: bigint): number => Number(a - b) / 1e6;
  const toSnapshot: number[] = [];
  const toPop: number[] = [];
  let unmatched = 0;
  for (const [callId, key] of clock.ringKeyOf) {
    const at = written.get(key);
    if (at === undefined) {
      unmatched++;
      continue;
    }
    toSnapshot.push(ms(clock.rang.get(key)!, at));
    const p = clock.popped.get(callId);
    if (p !== undefined) toPop.push(ms(p, at));
  }
  toSnapshot.sort((a, b) => a - b);
  toPop.sort((a, b) => a - b);
  const expected = blasted.sent! + blasted.extra!;
  if (events !== expected) throw new Error(`received ${events} events of ${expected} sent`);
  return {
    figures: {
      rings: toSnapshot.length,
      'ring→snapshot p50 ms': percentile(toSnapshot, 50),
      'ring→snapshot p99 ms': percentile(toSnapshot, 99),
      'ring→snapshot max ms': toSnapshot.at(-1) ?? NaN,
      pops: toPop.length,
      'ring→pop p99 ms': percentile(toPop, 99),
      'rings from other events': unmatched,
    },
  };
}

const target = { figureAtMost: { 'ring→snapshot p99 ms': 2, 'ring→pop p99 ms': 2 } };

export const cases: BenchCase[] = [
  {
    name: `ring latency at ${RATE.toLocaleString('en-US')} events/s over TCP, the app's path: snapshot and pop`,
    ours: { label: 'AmiClient + AgentEngine + ScreenPop', run: () => measure('client') },
    target,
  },
  {
    name: `ring latency at ${RATE.toLocaleString('en-US')} events/s over TCP, the core alone: snapshot and pop`,
    ours: { label: 'AmiFramer + ingest + ScreenPop', run: () => measure('direct') },
    target,
  },
];
