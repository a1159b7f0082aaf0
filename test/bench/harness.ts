/**
 * What a bench case is, and the helpers that measure one. A case file in test/bench/cases/ exports
 * `cases: BenchCase[]`; run.ts finds every such file, runs each side of each case in its own child
 * process (a fresh heap, so peak RSS is that side's own) and prints one table. Sides measured with
 * `replay` take turns with their baseline round by round (see `waitForTurn`).
 */
import type { GeneratedStream } from './stream.ts';

/** What one side of a case measured. */
export interface Measured {
  /** Events processed (for events/s). Omit for cases that measure something else. */
  events?: number;
  /**
   * CPU time (user + system, all threads) of the measured part, in seconds: events/s is events over
   * this, so other processes on a busy machine do not skew the ratio. Wall time goes in `wallSeconds`.
   */
  seconds?: number;
  wallSeconds?: number;
  /** Further named figures to print, e.g. `{ 'p99 ms': 0.4 }` or `{ 'RSS growth MB': 1.2 }`. */
  figures?: Record<string, number>;
  /** MB held before measuring (the generated stream), so peak RSS can be read against it. */
  heldMB?: number;
  /** Highest RSS sampled while measuring, in MB (set by `replay`, else by the runner). */
  peakRssMB?: number;
  /** Each pass over the stream (set by `replay`): the runner compares ours and the baseline round by round. */
  rounds?: Round[];
}

export interface Side {
  label: string;
  /** Sides with the same id are run once per bench run and shared (a baseline used by several cases). */
  id?: string;
  /** Runs in a child process of its own. */
  run(): Promise<Measured>;
}

export interface Target {
  /** ours events/s divided by the baseline's must be at least this. */
  ratioAtLeast?: number;
  /** ours events per CPU second must be at least this (a case with no baseline). */
  rateAtLeast?: number;
  /** figure name -> the most it may be, e.g. `{ 'p99 ms': 2 }`. */
  figureAtMost?: Record<string, number>;
}

export interface BenchCase {
  /** Unique in the bench; `npm run bench -- WORD` runs the cases whose name contains WORD. */
  name: string;
  /** Absent while the code to measure does not exist yet: the table prints `pending` and why. */
  ours?: Side;
  pending?: string;
  baseline?: Side;
  target?: Target;
}

/** A consumer of chunks: push the bytes, count what came out. */
export interface Consumer {
  push(chunk: Buffer): void;
  /** Events delivered so far (checked against the stream, so no side can skip work). */
  readonly delivered: number;
}

const MB = 1024 * 1024;

/** Where measured code puts what it read, so the JIT cannot drop the reading as unused. */
export const sink = { value: 0 };

export function rssMB(): number {
  return process.memoryUsage.rss() / MB;
}

/** Frees what setup left behind when the child runs with --expose-gc, so the measurement starts clean. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** One pass over the stream. */
export interface Round {
  events: number;
  cpuSeconds: number;
  wallSeconds: number;
}

/**
 * Under the runner, the sides of one comparison take turns round by round (each waits for its
 * turn), so ours and the baseline run in neighbouring moments and a busy machine slows both alike.
 * Messages to the runner: `ready` (waiting for a turn), `round` (one done); from it: `go`.
 */
const TURNS = process.env['BENCH_TURNS'] === '1' && typeof process.send === 'function';
let turnWaiter: (() => void) | undefined;
if (TURNS) process.on('message', (m: { type?: string }) => m?.type === 'go' && turnWaiter?.());

function waitForTurn(): Promise<void> {
  if (!TURNS) return Promise.resolve();
  return new Promise((resolve) => {
    turnWaiter = resolve;
    process.send!({ type: 'ready' });
  });
}

function roundDone(round: Round): void {
  if (TURNS) process.send!({ type: 'round', round });
}

/**
 * Feeds `stream` to `consumer` round after round (the stream replayed back to back) until at least
 * `minEvents` events went through, yielding to the event loop after every chunk as a socket's reads
 * would. A fresh consumer first warms the JIT on the stream for WARM_CPU_SECONDS, then `beforeMeasuring` runs.
 * Returns events, CPU and wall seconds, each round's figures, and peak RSS; with `growth`, what the
 * consumer still holds at the end.
 */
export async function replay(
  stream: GeneratedStream,
  minEvents: number,
  makeConsumer: () => Consumer,
  options: { growth?: boolean; beforeMeasuring?: () => Promise<void> } = {},
): Promise<Measured> {
  // The JIT gets the same time on every side: a fast side's rarely called code (the agent's own
  // events) would otherwise still be warming for its first rounds, long after a slow side's.
  const warm = makeConsumer();
  const warmStarted = process.cpuUsage();
  for (let i = 0; cpuSecondsSince(warmStarted) < WARM_CPU_SECONDS; i = (i + 1) % stream.chunks.length) {
    warm.push(stream.chunks[i]!);
    await nextMacrotask();
  }
  await options.beforeMeasuring?.();
  collectGarbage();
  const heldMB = rssMB();
  let steady = { rss: heldMB, heap: process.memoryUsage().heapUsed };
  let peak = heldMB;
  const consumer = makeConsumer();
  const rounds: Round[] = [];
  const count = Math.ceil(minEvents / stream.events);
  for (let r = 0; r < count; r++) {
    await waitForTurn();
    const started = process.hrtime.bigint();
    const cpuStarted = process.cpuUsage();
    for (let i = 0; i < stream.chunks.length; i++) {
      consumer.push(stream.chunks[i]!);
      await nextMacrotask();
      // Reading RSS costs a system call: every 32 reads (about 1.5 MB) is often enough.
      if ((i & 31) === 31) peak = Math.max(peak, rssMB());
    }
    peak = Math.max(peak, rssMB());
    const cpu = process.cpuUsage(cpuStarted);
    const round = {
      events: stream.events,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      wallSeconds: Number(process.hrtime.bigint() - started) / 1e9,
    };
    rounds.push(round);
    roundDone(round);
    if (options.growth && r === 0) {
      // Growth is counted from the state after the first pass (caches and JIT code in place).
      collectGarbage();
      steady = { rss: rssMB(), heap: process.memoryUsage().heapUsed };
    }
  }
  const events = count * stream.events;
  if (consumer.delivered !== events) throw new Error(`the consumer delivered ${consumer.delivered} events of ${events}`);
  const sum = (k: 'cpuSeconds' | 'wallSeconds'): number => rounds.reduce((n, r) => n + r[k], 0);
  const measured: Measured = { events, seconds: sum('cpuSeconds'), wallSeconds: sum('wallSeconds'), rounds, heldMB, peakRssMB: peak };
  if (options.growth) {
    // What the consumer still holds after every event: RSS and heap after a full GC, against after the first pass.
    collectGarbage();
    measured.figures = { 'RSS growth MB': rssMB() - steady.rss, 'heap growth MB': (process.memoryUsage().heapUsed - steady.heap) / MB };
  }
  return measured;
}

/** CPU time each side spends warming the JIT before it is measured. */
export const WARM_CPU_SECONDS = 0.5;

function cpuSecondsSince(started: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1e6;
}

function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
