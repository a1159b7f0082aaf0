/**
 * `npm run bench [-- WORD...]`: every case of every file in test/bench/cases/ (each exports
 * `cases: BenchCase[]`, see harness.ts), each side in a child process of its own, then one table:
 * events/s of ours and of the baseline, the ratio, other figures, peak RSS, and the target. A
 * baseline shared by several cases (same `id`) runs once, taking turns round by round with them.
 * With words, only the cases whose name contains one of them run. Results also go to
 * test/bench/last-run.json.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rssMB, type BenchCase, type Measured } from './harness.ts';

const CHILD_NODE_FLAGS = ['--expose-gc', '--single-threaded-gc'];
const HERE = path.dirname(fileURLToPath(import.meta.url));
const CASES_DIR = path.join(HERE, 'cases');

async function loadCases(file: string): Promise<BenchCase[]> {
  const mod = (await import(pathToFileURL(path.join(CASES_DIR, file)).href)) as { cases?: BenchCase[] };
  if (!Array.isArray(mod.cases)) throw new Error(`test/bench/cases/${file} exports no \`cases\` array`);
  return mod.cases;
}

function caseFiles(): string[] {
  return readdirSync(CASES_DIR)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort();
}

// ---------------------------------------------------------------------------------------------
// Child: run one side and send what it measured.

async function runChild(file: string, caseName: string, which: 'ours' | 'baseline'): Promise<void> {
  const found = (await loadCases(file)).find((c) => c.name === caseName);
  const side = found?.[which];
  if (!side) throw new Error(`no ${which} side for case "${caseName}" in ${file}`);
  const measured = await side.run();
  measured.peakRssMB ??= process.resourceUsage().maxRSS / 1024;
  process.send!({ type: 'result', measured });
  process.disconnect();
}

// ---------------------------------------------------------------------------------------------
// Parent: run the sides (a baseline and the cases that compare with it take turns), print the table.

type ChildMessage = { type: 'ready' } | { type: 'round' } | { type: 'result'; measured: Measured };

/** A side running in its own child process; `next()` gives its messages in order. */
class SideProcess {
  private readonly queue: ChildMessage[] = [];
  private waiting: ((m: ChildMessage) => void) | undefined;
  private failed: ((e: Error) => void) | undefined;
  private ended: Error | undefined;
  result: Measured | undefined;
  private readonly child: ChildProcess;

  constructor(file: string, caseName: string, which: 'ours' | 'baseline') {
    this.child = fork(fileURLToPath(import.meta.url), ['--child', file, caseName, which], {
      // One GC thread: on a busy 2-core machine V8's parallel scavenger waits for a helper thread
      // that cannot run and burns CPU meanwhile, which made allocation-heavy sides 3x slower at random.
      execArgv: [...process.execArgv, ...CHILD_NODE_FLAGS],
      env: { ...process.env, BENCH_TURNS: '1' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (m: ChildMessage) => {
      if (m.type === 'result') this.result = m.measured;
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = this.failed = undefined;
        w(m);
      } else this.queue.push(m);
    });
    this.child.on('exit', (code) => {
      if (this.result) return;
      this.ended = new Error(`${caseName} (${which}) exited with ${code} before reporting`);
      this.failed?.(this.ended);
    });
  }

  next(): Promise<ChildMessage> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failed = reject;
    });
  }

  go(): void {
    this.child.send({ type: 'go' });
  }
}

/** Runs the sides together, one round each in turn, until each has reported its result. */
async function runTogether(sides: SideProcess[]): Promise<Measured[]> {
  const active = new Set(sides);
  while (active.size > 0) {
    for (const side of [...active]) {
      const m = await side.next();
      if (m.type === 'ready') {
        side.go();
        await side.next(); // its round
      } else if (m.type === 'result') active.delete(side);
    }
  }
  return sides.map((s) => s.result!);
}

interface Row {
  case: string;
  ours?: Measured & { label: string };
  baseline?: Measured & { label: string };
  ratio?: number;
  pending?: string;
  verdict: 'met' | 'MISSED' | '' | 'pending';
  target?: string;
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const roundRates = (m: Measured): number[] => (m.rounds ?? []).map((r) => r.events / r.cpuSeconds);
/** events per CPU second: the median round when there are rounds. */
const rate = (m?: Measured): number | undefined => {
  if (!m) return undefined;
  if (m.rounds && m.rounds.length > 0) return median(roundRates(m));
  return m.events && m.seconds ? m.events / m.seconds : undefined;
};
/** ours over the baseline: the median of the ratios of rounds run side by side. */
const ratioOf = (ours: Measured, baseline: Measured): number | undefined => {
  const a = roundRates(ours);
  const b = roundRates(baseline);
  const n = Math.min(a.length, b.length);
  if (n > 0) return median(a.slice(0, n).map((x, i) => x / b[i]!));
  const r1 = rate(ours);
  const r0 = rate(baseline);
  return r1 !== undefined && r0 !== undefined ? r1 / r0 : undefined;
};
const wallRate = (m?: Measured): number | undefined => (m?.events && m.wallSeconds ? m.events / m.wallSeconds : undefined);
const fmtRate = (n?: number): string => (n === undefined ? '' : `${Math.round(n).toLocaleString('en-US')}`);
const fmtMB = (m?: Measured): string =>
  m?.peakRssMB === undefined ? '' : `${m.peakRssMB.toFixed(0)}${m.heldMB !== undefined ? ` (${m.heldMB.toFixed(0)} held)` : ''}`;
const fmtFigures = (m?: Measured): string =>
  Object.entries(m?.figures ?? {})
    .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(3)}`)
    .join(', ');

function describeTarget(c: BenchCase): string {
  const parts: string[] = [];
  if (c.target?.ratioAtLeast !== undefined) parts.push(`>= ${c.target.ratioAtLeast}x`);
  if (c.target?.rateAtLeast !== undefined) parts.push(`>= ${fmtRate(c.target.rateAtLeast)} events/CPU s`);
  for (const [k, v] of Object.entries(c.target?.figureAtMost ?? {})) parts.push(`${k} <= ${v}`);
  return parts.join(', ');
}

function verdict(c: BenchCase, ours: Measured, ratio: number | undefined): Row['verdict'] {
  if (!c.target) return '';
  let ok = true;
  if (c.target.ratioAtLeast !== undefined) ok &&= ratio !== undefined && ratio >= c.target.ratioAtLeast;
  if (c.target.rateAtLeast !== undefined) ok &&= (rate(ours) ?? 0) >= c.target.rateAtLeast;
  for (const [k, v] of Object.entries(c.target.figureAtMost ?? {})) ok &&= (ours.figures?.[k] ?? Infinity) <= v;
  return ok ? 'met' : 'MISSED';
}

function printTable(rows: Row[]): void {
  const header = ['case', 'side', 'events/CPU s', 'ratio', 'events/wall s', 'figures', 'peak RSS MB', 'target', ''];
  const lines: string[][] = [header];
  for (const r of rows) {
    if (r.pending) {
      lines.push([r.case, 'pending', '', '', '', r.pending, '', r.target ?? '', 'pending']);
      continue;
    }
    lines.push([
      r.case,
      r.ours!.label,
      fmtRate(rate(r.ours)),
      r.ratio === undefined ? '' : `${r.ratio.toFixed(1)}x`,
      fmtRate(wallRate(r.ours)),
      fmtFigures(r.ours),
      fmtMB(r.ours),
      r.target ?? '',
      r.verdict,
    ]);
    if (r.baseline)
      lines.push([
        '',
        r.baseline.label,
        fmtRate(rate(r.baseline)),
        '1.0x',
        fmtRate(wallRate(r.baseline)),
        fmtFigures(r.baseline),
        fmtMB(r.baseline),
        '',
        '',
      ]);
  }
  const widths = header.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  const out = lines.map((l) =>
    l
      .map((cell, i) => (i >= 2 && i <= 4 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join(' | ')
      .trimEnd(),
  );
  out.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('-|-'));
  console.log(out.join('\n'));
}

async function runParent(words: string[]): Promise<void> {
  const started = Date.now();
  const loadStart = loadavg()[0]!.toFixed(1);
  const selected: Array<{ file: string; c: BenchCase }> = [];
  for (const file of caseFiles()) {
    for (const c of await loadCases(file)) {
      if (words.length === 0 || words.some((w) => c.name.toLowerCase().includes(w.toLowerCase()))) selected.push({ file, c });
    }
  }
  // A baseline (by id) runs once, taking turns with every case that compares with it.
  const groups = new Map<string, Array<{ file: string; c: BenchCase }>>();
  const results = new Map<BenchCase, { ours: Measured; baseline?: Measured }>();
  for (const item of selected) {
    if (!item.c.ours) continue;
    const key = item.c.baseline ? (item.c.baseline.id ?? `${item.file}:${item.c.name}`) : `alone:${item.file}:${item.c.name}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  for (const members of groups.values()) {
    const first = members[0]!;
    process.stderr.write(
      `bench: ${members.map((m) => m.c.name).join(' + ')}${first.c.baseline ? ` against ${first.c.baseline.label}` : ''} ...\n`,
    );
    const sides = members.map((m) => new SideProcess(m.file, m.c.name, 'ours'));
    if (first.c.baseline) sides.unshift(new SideProcess(first.file, first.c.name, 'baseline'));
    const measured = await runTogether(sides);
    const baseline = first.c.baseline ? measured.shift() : undefined;
    members.forEach((m, i) => results.set(m.c, { ours: measured[i]!, ...(baseline ? { baseline } : {}) }));
  }
  const rows: Row[] = selected.map(({ c }) => {
    const target = describeTarget(c);
    const r = results.get(c);
    if (!c.ours || !r) return { case: c.name, pending: c.pending ?? 'not written yet', verdict: 'pending', target };
    const ours = { ...r.ours, label: c.ours.label };
    const baseline = r.baseline && c.baseline ? { ...r.baseline, label: c.baseline.label } : undefined;
    const ratio = baseline ? ratioOf(ours, baseline) : undefined;
    return {
      case: c.name,
      ours,
      ...(baseline ? { baseline } : {}),
      ...(ratio !== undefined ? { ratio } : {}),
      verdict: verdict(c, ours, ratio),
      target,
    };
  });
  console.log(
    `\nnpm run bench: Node ${process.version}, ${cpus().length} CPUs, load average ${loadStart} at start, ${loadavg()[0]!.toFixed(1)} at end; ` +
      `${rows.length} cases in ${((Date.now() - started) / 1000).toFixed(0)} s (runner RSS ${rssMB().toFixed(0)} MB); each side in a child process with ${CHILD_NODE_FLAGS.join(' ')}.\n` +
      `events/CPU s: the median round (one pass over the stream) over the side's own CPU time; ratio: the median of the ratios of rounds run in turn with the baseline; ` +
      `held: MB held before measuring (mostly the generated stream).\n`,
  );
  printTable(rows);
  if (words.length === 0) {
    const strip = (m?: Measured & { label: string }) => (m ? { ...m, rounds: undefined, eventsPerCpuSecond: rate(m) } : undefined);
    const json = {
      at: new Date().toISOString(),
      node: process.version,
      rows: rows.map((r) => ({ ...r, ours: strip(r.ours), baseline: strip(r.baseline) })),
    };
    writeFileSync(path.join(HERE, 'last-run.json'), JSON.stringify(json, null, 2) + '\n');
  }
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') {
  await runChild(argv[1]!, argv[2]!, argv[3] as 'ours' | 'baseline');
} else {
  await runParent(argv);
}
