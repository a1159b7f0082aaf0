// `npm run bench [-- WORD...]`: the bench (test/bench/run.ts, only the cases whose name holds a WORD
// when given), then the README's Performance section from its results. npm appends its arguments to
// the end of a script line, so a `run.ts && report.ts` line would hand them to the report: hence this.
import { spawnSync } from 'node:child_process';

const words = process.argv.slice(2);
for (const [script, args] of [
  ['test/bench/run.ts', words],
  ['scripts/bench-report.ts', []],
]) {
  const run = spawnSync('npx', ['tsx', script, ...args], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
