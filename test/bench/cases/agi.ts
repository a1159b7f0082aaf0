/**
 * Issue 21: the FastAGI service's validations per second on one core, and what it adds to the IVR's
 * time. A caller process (agi-callers.ts) plays the PBX (FastAGI calls as res_agi makes them, 20 at
 * a time) and the CRM (node:http answering in 5 ms); this process runs only the service with the
 * validate script, and its CPU time (user + system) gives validations per CPU second. A call's time
 * is connect to close as the PBX sees it; minus the CRM's 5 ms, that is what the service adds.
 * Targets: >= 2,000 validations per CPU second, p99 added <= 20 ms.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAgiServer } from '../../../electron/core/agi/server.ts';
import { validateScript } from '../../../electron/core/agi/validate.ts';
import type { BenchCase, Measured } from '../harness.ts';

const CRM_DELAY_MS = 5;
const CONCURRENCY = 20;
const WARMUP = 2_000;
const CALLS = 20_000;
const CALLERS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'agi-callers.ts');

type CallerMessage = { type: 'crm'; base: string } | { type: 'warm' } | { type: 'done'; ms: number[]; valid: number };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measure(): Promise<Measured> {
  const callers = fork(CALLERS, [String(CRM_DELAY_MS), String(CONCURRENCY), String(WARMUP), String(CALLS)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<string, (m: CallerMessage) => void>();
  const next = (type: CallerMessage['type']): Promise<CallerMessage> => new Promise((resolve) => waiting.set(type, resolve));
  callers.on('message', (m: CallerMessage) => waiting.get(m.type)?.(m));
  const crm = next('crm');
  const warm = next('warm');
  const done = next('done');
  const { base } = (await crm) as { base: string };
  const server = await startAgiServer({
    port: 0,
    scripts: { validate: validateScript({ lookup: { url: `${base}/customer?n={number}` } }) },
  });
  callers.send({ port: server.port });
  await warm;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = (await done) as { ms: number[]; valid: number };
  const used = process.cpuUsage(cpu);
  const wallSeconds = (performance.now() - started) / 1000;
  await server.close();
  if (result.valid !== CALLS) throw new Error(`${CALLS - result.valid} of ${CALLS} validations did not say CUSTOMER_VALID=1`);
  const sorted = result.ms.sort((a, b) => a - b);
  const seconds = (used.user + used.system) / 1e6;
  return {
    seconds,
    wallSeconds,
    figures: {
      'validations/CPU-s': Math.round(CALLS / seconds),
      'CPU ms/validation': +((seconds * 1000) / CALLS).toFixed(3),
      'validations/s wall': Math.round(CALLS / wallSeconds),
      'p50 added ms': +(percentile(sorted, 50) - CRM_DELAY_MS).toFixed(2),
      'p99 added ms': +(percentile(sorted, 99) - CRM_DELAY_MS).toFixed(2),
    },
  };
}

export const cases: BenchCase[] = [
  {
    name: `agi validate: FastAGI calls against a CRM answering in ${CRM_DELAY_MS} ms, ${CONCURRENCY} at a time`,
    ours: { label: 'agi server + validate + lookup', run: measure },
    // >= 2,000 validations per CPU second is at most 0.5 ms of CPU each.
    target: { figureAtMost: { 'CPU ms/validation': 0.5, 'p99 added ms': 20 } },
  },
];
