/**
 * `npm run bench [-- WORD...]`: every case of every file in test/bench/cases/ (each exports
 * `cases: BenchCase[]`, see harness.ts), each side in a child process of its own, then one table:
 * events/s of ours and of the baseline, the ratio, other figures, peak RSS, and the target.
 * With words, only the cases whose name contains one of them run. Results also go to
 * test/bench/last-run.json.
 */
import { fork } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rssMB, type BenchCase, type Measured, type Side } from './harness.ts';

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
  process.send!(measured);
  process.disconnect();
}

// ---------------------------------------------------------------------------------------------
// Parent: run the sides, share baselines, print the table.

function runSide(file: string, caseName: string, which: 'ours' | 'baseline'): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', file, caseName, which], {
      execArgv: [...process.execArgv, '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: Measured | undefined;
    child.on('message', (m) => (result = m as Measured));
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`${caseName} (${which}) exited with ${code} before reporting`))));
  });
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

const rate = (m?: Measured): number | undefined => (m?.events && m.seconds ? m.events / m.seconds : undefined);
const wallRate = (m?: Measured): number | undefined => (m?.events && m.wallSeconds ? m.events / m.wallSeconds : undefined);
const fmtRate = (n?: number): string => (n === undefined ? '' : `${Math.round(n).toLocaleString('en-US')}`);
const fmtMB = (m?: Measured): string => (m?.peakRssMB === undefined ? '' : `${m.peakRssMB.toFixed(0)}${m.heldMB !== undefined ? ` (${m.heldMB.toFixed(0)} held)` : ''}`);
const fmtFigures = (m?: Measured): string =>
  Object.entries(m?.figures ?? {})
    .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(3)}`)
    .join(', ');

function describeTarget(c: BenchCase): string {
  const parts: string[] = [];
  if (c.target?.ratioAtLeast !== undefined) parts.push(`>= ${c.target.ratioAtLeast}x`);
  for (const [k, v] of Object.entries(c.target?.figureAtMost ?? {})) parts.push(`${k} <= ${v}`);
  return parts.join(', ');
}

function verdict(c: BenchCase, ours: Measured, ratio: number | undefined): Row['verdict'] {
  if (!c.target) return '';
  let ok = true;
  if (c.target.ratioAtLeast !== undefined) ok &&= ratio !== undefined && ratio >= c.target.ratioAtLeast;
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
    lines.push([r.case, r.ours!.label, fmtRate(rate(r.ours)), r.ratio === undefined ? '' : `${r.ratio.toFixed(1)}x`, fmtRate(wallRate(r.ours)), fmtFigures(r.ours), fmtMB(r.ours), r.target ?? '', r.verdict]);
    if (r.baseline) lines.push(['', r.baseline.label, fmtRate(rate(r.baseline)), '1.0x', fmtRate(wallRate(r.baseline)), fmtFigures(r.baseline), fmtMB(r.baseline), '', '']);
  }
  const widths = header.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  const out = lines.map((l) => l.map((cell, i) => (i >= 2 && i <= 4 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join(' | ').trimEnd());
  out.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('-|-'));
  console.log(out.join('\n'));
}

async function runParent(words: string[]): Promise<void> {
  const started = Date.now();
  const loadStart = loadavg()[0]!.toFixed(1);
  const shared = new Map<string, Promise<Measured>>();
  const rows: Row[] = [];
  const runShared = (file: string, c: BenchCase, which: 'ours' | 'baseline', side: Side): Promise<Measured> => {
    if (!side.id) return runSide(file, c.name, which);
    let p = shared.get(side.id);
    if (!p) shared.set(side.id, (p = runSide(file, c.name, which)));
    return p;
  };
  for (const file of caseFiles()) {
    for (const c of await loadCases(file)) {
      if (words.length > 0 && !words.some((w) => c.name.toLowerCase().includes(w.toLowerCase()))) continue;
      const target = describeTarget(c);
      if (!c.ours) {
        rows.push({ case: c.name, pending: c.pending ?? 'not written yet', verdict: 'pending', target });
        continue;
      }
      process.stderr.write(`bench: ${c.name} ...\n`);
      const ours = { ...(await runShared(file, c, 'ours', c.ours)), label: c.ours.label };
      const baseline = c.baseline ? { ...(await runShared(file, c, 'baseline', c.baseline)), label: c.baseline.label } : undefined;
      const r1 = rate(ours);
      const r0 = rate(baseline);
      const ratio = r1 !== undefined && r0 !== undefined ? r1 / r0 : undefined;
      rows.push({ case: c.name, ours, ...(baseline ? { baseline } : {}), ...(ratio !== undefined ? { ratio } : {}), verdict: verdict(c, ours, ratio), target });
    }
  }
  console.log(
    `\nnpm run bench: Node ${process.version}, ${cpus().length} CPUs, load average ${loadStart} at start, ${loadavg()[0]!.toFixed(1)} at end; ` +
      `${rows.length} cases in ${((Date.now() - started) / 1000).toFixed(0)} s (runner RSS ${rssMB().toFixed(0)} MB). ` +
      `events/CPU s = events over the side's own CPU time (steady on a busy machine); held = MB held before measuring (the generated stream).\n`,
  );
  printTable(rows);
  if (words.length === 0) {
    const json = { at: new Date().toISOString(), node: process.version, rows };
    writeFileSync(path.join(HERE, 'last-run.json'), JSON.stringify(json, null, 2) + '\n');
  }
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') {
  await runChild(argv[1]!, argv[2]!, argv[3] as 'ours' | 'baseline');
} else {
  await runParent(argv);
}
