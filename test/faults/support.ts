/**
 * What the fault suite shares: the demo PBX with quick timings, the real companion tuned so faults
 * show in milliseconds (keepalive, timeouts, backoff), "the truth" (what a fresh companion that
 * connects after the fault reads from the PBX), and the table of results (test/faults/last-run.json).
 *
 * Times are measured for the table, never asserted: a case fails only when the companion does not
 * reach the PBX's true state at all (the test's deadline).
 */
import { mkdirSync, readFileSync, renameSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fullJitter } from '../../electron/core/ami/backoff.ts';
import { createCompanion, type CompanionConfig, type CoreCompanion } from '../../electron/core/companion.ts';
import { startDemoPbx, type DemoPbx, type DemoPbxOptions } from '../../electron/core/demo/index.ts';
import type { Snapshot } from '../../electron/shared/snapshot.ts';

export const FAST_CLIENT = {
  keepaliveIntervalMs: 200,
  keepaliveTimeoutMs: 400,
  actionTimeoutMs: 1000,
  connectTimeoutMs: 1000,
  backoff: fullJitter({ baseMs: 5, capMs: 50 }),
} as const satisfies CompanionConfig['client'];

/** The demo PBX with the phone waiting for control.answer() and quick restarts and refusals. */
export function startFaultPbx(options: DemoPbxOptions = {}): Promise<DemoPbx> {
  return startDemoPbx({
    answerAfterMs: null,
    otherAnswerAfterMs: 20,
    authFailDelayMs: 30,
    restartDownMs: 100,
    phonesBackAfterMs: 50,
    ...options,
  });
}

/** A seeded PRNG (mulberry32), so a run's jitter can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface AgentOptions {
  username?: string;
  secret?: CompanionConfig['secret'];
  client?: CompanionConfig['client'];
  /** After a failed or partial sync, try again after this long (default 300 ms here). */
  syncRetryMs?: number;
}

/** The real companion (createCompanion) for extension 1001, over TCP to `port`. */
export function startAgent(pbx: { host: string; port: number }, options: AgentOptions = {}): Promise<CoreCompanion> {
  return createCompanion({
    pbx: { host: pbx.host, port: pbx.port, username: options.username ?? 'agent', extension: '1001' },
    secret: options.secret ?? 'demo',
    client: { ...FAST_CLIENT, random: seeded(7), ...options.client },
    syncRetryMs: options.syncRetryMs ?? 300,
  });
}

/** Resolves with the first snapshot (now or later) for which `test` holds. */
export function until(companion: CoreCompanion, test: (s: Snapshot) => boolean, what = 'a snapshot'): Promise<Snapshot> {
  return new Promise((resolve, reject) => {
    const now = companion.snapshot();
    if (test(now)) return resolve(now);
    const timer = setTimeout(() => {
      stop();
      reject(
        new Error(
          `no ${what} within 15 s; last: ${JSON.stringify(view(companion.snapshot()))} (${companion.snapshot().connection.status}: ${companion.snapshot().connection.error})`,
        ),
      );
    }, 15_000);
    const stop = companion.subscribe((s) => {
      if (!test(s)) return;
      stop();
      clearTimeout(timer);
      resolve(s);
    });
  });
}

export const isLive = (s: Snapshot) => s.connection.status === 'live' && !s.connection.stale;

/**
 * The part of a snapshot the PBX decides: extension, queues and calls. Left out: times from the
 * local clock, history (local memory), and `lastCallAt` (read from the PBX at sync, stamped by the
 * local clock from events).
 */
export function view(s: Snapshot) {
  return {
    extension: { device: s.extension.device, state: s.extension.state, registered: s.extension.registered },
    queues: s.queues
      .map((q) => ({
        name: q.name,
        interface: q.interface,
        member: q.member,
        paused: q.paused,
        pausedReason: q.pausedReason,
        status: q.status,
        callsWaiting: q.callsWaiting,
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    calls: s.calls
      .map((c) => ({
        id: c.id,
        channel: c.channel,
        direction: c.direction,
        state: c.state,
        remote: c.remote.number,
        queue: c.queue,
        vars: c.vars,
        recording: c.recording,
      }))
      .sort((a, b) => a.id.localeCompare(b.id)),
  };
}
export type View = ReturnType<typeof view>;

/** What the PBX says now: a fresh companion (a user with every right) connects, syncs, and is read. */
export async function truth(pbx: DemoPbx): Promise<View> {
  const fresh = await startAgent(pbx, { username: 'agentapp', secret: 's3cret', client: { keepaliveIntervalMs: 0 } });
  try {
    return view(await until(fresh, isLive, 'live truth'));
  } finally {
    await fresh.close();
  }
}

/**
 * Waits until the companion is live and shows what the PBX says after the dust settles: the PBX's
 * own picture is `settled` (e.g. the phones registered again after a restart) and a second fresh
 * read agrees. Returns the ms it took from `since` and the true view.
 */
export async function untilTrue(
  companion: CoreCompanion,
  pbx: DemoPbx,
  since: number,
  settled: (truth: View) => boolean = () => true,
  deadlineMs = 15_000,
): Promise<{ ms: number; truth: View }> {
  for (;;) {
    await until(companion, isLive, 'live snapshot');
    const real = await truth(pbx);
    const mine = view(companion.snapshot());
    const ms = Date.now() - since;
    if (settled(real) && JSON.stringify(mine) === JSON.stringify(real) && isLive(companion.snapshot())) {
      // Settled: a second fresh read agrees (a ripple still under way would differ).
      if (JSON.stringify(await truth(pbx)) === JSON.stringify(real)) return { ms, truth: real };
    }
    if (ms > deadlineMs)
      throw new Error(`not the true state after ${ms} ms:\ncompanion ${JSON.stringify(mine)}\n      PBX ${JSON.stringify(real)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- the table ----

export interface FaultRow {
  case: string;
  /** ms from the fault (or the fix) to the snapshot equal to the PBX's; null when not applicable. */
  timeToTrueStateMs: number | null;
  result: string;
  file: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const LAST_RUN = path.join(here, 'last-run.json');

/**
 * Collects a file's rows; `flush()` (afterAll) prints them, and merges them into last-run.json when
 * `npm run reliability` runs the suite (FAULT_REPORT=1): a plain `npm test` leaves the tracked file alone.
 */
export class FaultTable {
  readonly rows: FaultRow[] = [];
  constructor(private readonly file: string) {}

  add(name: string, ms: number | null, result: string): void {
    this.rows.push({ case: name, timeToTrueStateMs: ms, result, file: this.file });
  }

  flush(): void {
    if (this.rows.length === 0) return;
    console.log(`\n${formatTable(this.rows)}\n`);
    if (process.env['FAULT_REPORT'] !== '1') return;
    withLock(() => {
      let cases: FaultRow[] = [];
      try {
        cases = (JSON.parse(readFileSync(LAST_RUN, 'utf8')) as { cases: FaultRow[] }).cases ?? [];
      } catch {
        // First run, or a file from an older format: start over.
      }
      const mine = new Set(this.rows.map((r) => r.case));
      const merged = [...cases.filter((r) => !mine.has(r.case)), ...this.rows];
      merged.sort((a, b) => ORDER.indexOf(a.file) - ORDER.indexOf(b.file));
      const tmp = `${LAST_RUN}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ at: new Date().toISOString(), node: process.version, cases: merged }, null, 2) + '\n');
      renameSync(tmp, LAST_RUN);
    });
  }
}

const ORDER = [
  'restart',
  'restart-transcripts',
  'cli-restart',
  'network',
  'login-permissions',
  'reconnects',
  'storm',
  'byte-budget',
  'unreadable-files',
];

export function formatTable(rows: readonly FaultRow[]): string {
  const lines = rows.map((r) => [r.case, r.timeToTrueStateMs === null ? '-' : `${r.timeToTrueStateMs} ms`, r.result]);
  const widths = [0, 1, 2].map((i) => Math.max(...[['case', 'time to true state', 'result'], ...lines].map((l) => l[i]!.length)));
  const row = (l: string[]) => l.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ');
  return [row(['case', 'time to true state', 'result']), widths.map((w) => '-'.repeat(w)).join('-|-'), ...lines.map(row)].join('\n');
}

/** Test files run in parallel workers: a directory made atomically serialises the merge. */
function withLock(fn: () => void): void {
  const lock = `${LAST_RUN}.lock`;
  const start = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() - start > 5000) break; // a stale lock from a killed run: write anyway
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
  try {
    fn();
  } finally {
    try {
      rmdirSync(lock);
    } catch {
      // already gone
    }
  }
}
