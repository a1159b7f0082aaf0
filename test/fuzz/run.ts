/**
 * `npm run fuzz [-- --inputs N] [--hostile N] [--seed S] [--only I]`: the long fuzz (issue 10).
 * The AMI framer and codec, 1,000,000 inputs by default; then the tel:/sip:/callto: parser, the
 * selection extractor and the number normaliser, and the screen-pop templates with hostile channel
 * variables, 250,000 random strings each. Prints the counts and writes them to
 * test/fuzz/last-run.json and test/unit/hostile/last-run.json (the README's Reliability section is
 * generated from them). Exits 1 on any crash or violation, or when memory went over its bound.
 * `--only I` reruns framer input I of seed S, to reproduce one.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fuzzFramer, type FuzzReport } from './framer-fuzz.ts';
import { runDialingFuzz, type HostileReport } from '../unit/hostile/dialing.ts';
import { runScreenPopFuzz } from '../unit/hostile/screenpop.ts';

/**
 * Memory bounds. The worst input is a message just under the 1 MiB bound made of 3-byte lines:
 * about 350,000 headers, each a pair of strings, which the checks copy a few times (entries,
 * toJSON, from). Over these bounds, something holds memory it should not.
 */
export const MAX_RSS_MB = 1024;
export const MAX_HEAP_USED_MB = 512;

const { values } = parseArgs({
  options: {
    inputs: { type: 'string', default: '1000000' },
    hostile: { type: 'string', default: '250000' },
    seed: { type: 'string', default: '1' },
    only: { type: 'string' },
  },
});
const inputs = Number(values.inputs);
const seed = Number(values.seed);
const hostileCases = Number(values.hostile);
if (!Number.isSafeInteger(inputs) || inputs < 1 || !Number.isSafeInteger(seed) || !Number.isSafeInteger(hostileCases) || hostileCases < 0) {
  console.error('fuzz: --inputs, --hostile and --seed take whole numbers');
  process.exit(2);
}

const line = (r: FuzzReport): string =>
  `${r.inputs.toLocaleString('en-US')} inputs, ${(r.bytes / 1048576).toFixed(0)} MB, ${r.messages.toLocaleString('en-US')} messages, ` +
  `${r.framingErrors} FramingErrors, ${r.crashes} crashes, max RSS ${r.maxRssMB.toFixed(0)} MB, max heap ${r.maxHeapUsedMB.toFixed(0)} MB`;

const report = fuzzFramer({
  inputs,
  seed,
  ...(values.only !== undefined ? { only: Number(values.only) } : {}),
  progressEvery: 100_000,
  onProgress: (r) => console.error(`fuzz: ${line(r)}`),
});

const memoryOk = report.maxRssMB <= MAX_RSS_MB && report.maxHeapUsedMB <= MAX_HEAP_USED_MB;
console.log(`\nnpm run fuzz: AMI framer and codec, seed ${seed}, ${report.seconds.toFixed(0)} s`);
console.log(line(report));
console.log(
  `inputs by kind: ${Object.entries(report.byKind)
    .map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`)
    .join(', ')}`,
);
console.log(`memory bound (RSS <= ${MAX_RSS_MB} MB, heap <= ${MAX_HEAP_USED_MB} MB): ${memoryOk ? 'held' : 'EXCEEDED'}`);
for (const f of report.failures)
  console.log(
    `crash: input ${f.index} (${f.kind}): ${f.error}\n  input starts ${f.inputHead}\n  reproduce: npm run fuzz -- --seed ${seed} --only ${f.index}`,
  );

if (values.only === undefined) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const json = {
    at: new Date().toISOString(),
    node: process.version,
    target: 'AMI framer and codec',
    ...report,
    bounds: { maxRssMB: MAX_RSS_MB, maxHeapUsedMB: MAX_HEAP_USED_MB },
    memoryOk,
  };
  writeFileSync(path.join(here, 'last-run.json'), JSON.stringify(json, null, 2) + '\n');
}
let hostileOk = true;
if (values.only === undefined && hostileCases > 0) {
  const reports: HostileReport[] = [];
  for (const fuzz of [runDialingFuzz, runScreenPopFuzz]) {
    const r = fuzz(hostileCases, seed);
    reports.push(r);
    console.log(
      `${r.target}: ${r.cases.toLocaleString('en-US')} inputs, ${r.accepted.toLocaleString('en-US')} accepted and checked, ${r.crashes} crashes, ${r.violations} violations`,
    );
    for (const example of r.examples) console.log(`  ${example}`);
  }
  hostileOk = reports.every((r) => r.crashes === 0 && r.violations === 0);
  const hostileFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../unit/hostile/last-run.json');
  writeFileSync(hostileFile, JSON.stringify({ at: new Date().toISOString(), reports }, null, 2) + '\n');
}
process.exitCode = report.crashes === 0 && memoryOk && hostileOk ? 0 : 1;
