/**
 * Issues 3 and 5: ring-to-snapshot and ring-to-pop latency with a 5,000 events/s background. A
 * paced PBX stand-in (pbx-blaster.ts, its own process) sends the generated stream over real TCP
 * on 127.0.0.1 and notes when it wrote each ring of agent 1001 (the agent leg's Newstate Ringing,
 * the queue's AgentCalled). Here the app's path runs: AmiFramer -> ingest (pre-filter + reduce)
 * -> the snapshot -> the screen pop. Latency = the moment the snapshot first shows the call
 * ringing (and the moment the pop is decided) minus the moment the bytes of the event that made
 * it ring were written, on the machine's shared monotonic clock. Targets: p99 under 2 ms.
 */
import { fork } from 'node:child_process';
import { connect } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AmiFramer } from '../../../electron/core/ami/framer.ts';
import { agentIdentity } from '../../../electron/core/agent/identity.ts';
import { ingest } from '../../../electron/core/agent/session.ts';
import { emptyState } from '../../../electron/core/agent/state.ts';
import { createScreenPop } from '../../../electron/core/screenpop/screenpop.ts';
import type { BenchCase, Measured } from '../harness.ts';
import { THE_AGENT } from '../stream.ts';

const RATE = 5_000;
const SECONDS = 20;
/** Half of the calls ring agent 1001, so that 20 s give a few hundred rings to take a p99 of. */
const AGENT_SHARE = 0.5;
const TEMPLATE = 'https://crm.example/c?id={var.CUSTOMER_ID}&n={number}&q={queue}';
const BLASTER = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'pbx-blaster.ts');

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measure(): Promise<Measured> {
  const blaster = fork(BLASTER, [String(RATE), String(SECONDS), String(AGENT_SHARE), '7'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const messages: Array<{ type: string; port?: number; stamps?: Array<[string, string]>; sent?: number }> = [];
  let notify: (() => void) | undefined;
  blaster.on('message', (m: (typeof messages)[number]) => {
    messages.push(m);
    notify?.();
  });
  const nextOf = async (type: string): Promise<(typeof messages)[number]> => {
    for (;;) {
      const found = messages.find((m) => m.type === type);
      if (found) return found;
      await new Promise<void>((resolve) => (notify = resolve));
    }
  };
  const { port } = await nextOf('port');

  let state = emptyState(agentIdentity({ extension: THE_AGENT }));
  const ringing = new Set<string>();
  /** `LINKEDID|EVENT` of the event that made a call ring -> when its snapshot was out. */
  const rang = new Map<string, bigint>();
  const ringKeyOf = new Map<string, string>();
  const popped = new Map<string, bigint>();
  let events = 0;
  const pop = createScreenPop({
    template: TEMPLATE,
    extension: THE_AGENT,
    open: (d) => {
      if (!popped.has(d.callId)) popped.set(d.callId, process.hrtime.bigint());
    },
  });
  const framer = new AmiFramer({
    onMessage: (m) => {
      events++;
      const next = ingest(state, m, Date.now());
      if (next === state) return;
      state = next;
      for (const call of next.snapshot.calls) {
        if (call.state !== 'ringing' || ringing.has(call.id)) continue;
        ringing.add(call.id);
        const key = `${call.id}|${m.name}`;
        rang.set(key, process.hrtime.bigint());
        ringKeyOf.set(call.id, key);
      }
      void pop.onSnapshot(next.snapshot);
    },
  });
  const socket = connect(port!, '127.0.0.1');
  socket.on('data', (chunk) => framer.push(chunk));
  await new Promise<void>((resolve, reject) => {
    socket.on('end', resolve);
    socket.on('error', reject);
  });
  const { stamps, sent } = await nextOf('stamps');
  const written = new Map(stamps!.map(([key, ns]) => [key, BigInt(ns)]));

  const ms = (a: bigint, b: bigint): number => Number(a - b) / 1e6;
  const toSnapshot: number[] = [];
  const toPop: number[] = [];
  let unmatched = 0;
  for (const [callId, key] of ringKeyOf) {
    const at = written.get(key);
    if (at === undefined) {
      unmatched++;
      continue;
    }
    toSnapshot.push(ms(rang.get(key)!, at));
    const p = popped.get(callId);
    if (p !== undefined) toPop.push(ms(p, at));
  }
  toSnapshot.sort((a, b) => a - b);
  toPop.sort((a, b) => a - b);
  if (events !== sent) throw new Error(`framed ${events} events of ${sent} sent`);
  return {
    figures: {
      'rings': toSnapshot.length,
      'ring→snapshot p50 ms': percentile(toSnapshot, 50),
      'ring→snapshot p99 ms': percentile(toSnapshot, 99),
      'ring→snapshot max ms': toSnapshot.at(-1) ?? NaN,
      'pops': toPop.length,
      'ring→pop p99 ms': percentile(toPop, 99),
      'rings from other events': unmatched,
    },
  };
}

export const cases: BenchCase[] = [
  {
    name: `ring latency at ${RATE.toLocaleString('en-US')} events/s over TCP: snapshot and pop`,
    ours: { label: 'AmiFramer + ingest + ScreenPop', run: measure },
    target: { figureAtMost: { 'ring→snapshot p99 ms': 2, 'ring→pop p99 ms': 2 } },
  },
];
