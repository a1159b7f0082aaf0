/**
 * `tsx scripts/bench-report.ts`: the README's "Performance" section, generated from the latest
 * `npm run bench` (test/bench/last-run.json), between `<!-- bench:start -->` and
 * `<!-- bench:end -->`. Figures are never typed by hand.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface Side {
  label?: string;
  eventsPerCpuSecond?: number;
  peakRssMB?: number;
  figures?: Record<string, number>;
}
interface Row {
  case: string;
  ours?: Side;
  baseline?: Side;
  ratio?: number;
  verdict?: string;
  target?: string;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';
const run = JSON.parse(readFileSync(path.join(root, 'test/bench/last-run.json'), 'utf8')) as { at: string; node: string; rows: Row[] };

const num = (n: number | undefined, digits = 0) =>
  n === undefined ? '' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const rate = (side: Side | undefined) => (side?.eventsPerCpuSecond === undefined ? '' : `${num(side.eventsPerCpuSecond)} ev/s`);
const figures = (side: Side | undefined) =>
  Object.entries(side?.figures ?? {})
    .filter(([name]) => !/share/.test(name))
    .map(([name, value]) => `${name} ${num(value, Number.isInteger(value) ? 0 : 2)}`)
    .join(', ');

const lines = [
  START,
  `Measured by \`npm run bench\` on ${run.at.slice(0, 10)} (Node ${run.node}, 2 cores): ours and asterisk-manager's own reader on the same generated 500-agent call-center stream (~1M events, event sequences from the real transcripts), in one run, in turns; rates are events per CPU second.`,
  '',
  '| case | ours | asterisk-manager | ratio | other figures | target | result |',
  '| --- | ---: | ---: | ---: | --- | --- | --- |',
  ...run.rows.map((r) =>
    [
      r.case,
      rate(r.ours),
      rate(r.baseline),
      r.ratio === undefined ? '' : `${num(r.ratio, 1)}x`,
      figures(r.ours),
      r.target ?? '',
      r.verdict ?? '',
    ]
      .join(' | ')
      .replace(/^/, '| ')
      .replace(/$/, ' |'),
  ),
  '',
  `Peak RSS: ${run.rows.map((r) => num(r.ours?.peakRssMB)).filter(Boolean)[0] ?? '?'} MB for ours, most of it the generated stream held in memory (asterisk-manager holds the same).`,
  ...(run.rows.some((r) => r.case.startsWith('relay '))
    ? [
        '',
        'The relay rows (`npm run bench -- relay`, test/bench/cases/relay.ts) run the demo PBX as a 500-agent call center in a process of its own, the desks as the app runs them (AMI sessions, or DeskCompanions on the relay), and Debian\'s nats-server on loopback; "x one desk" is against one direct desk on the same PBX, measured just before.',
      ]
    : []),
  END,
];

const readmePath = path.join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const from = readme.indexOf(START);
const to = readme.indexOf(END);
if (from < 0 || to < from) {
  console.error(`bench-report: README.md has no ${START} ... ${END} markers`);
  process.exit(1);
}
writeFileSync(readmePath, readme.slice(0, from) + lines.join('\n') + readme.slice(to + END.length));
console.error('bench-report: README.md Performance section updated');
