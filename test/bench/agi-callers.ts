/**
 * The PBX and the CRM for the AGI bench, in a process of its own so the measured process holds
 * only our FastAGI service: a CRM stub on node:http answering after `crmDelayMs` (test/support/
 * crm-stub.ts), and Asterisk's side of FastAGI (demo/fastagi.ts) making validate calls, `concurrency`
 * at a time, `calls` in all after `warmup` unmeasured ones. Each call's time runs from connect to the
 * service's close, on the monotonic clock.
 *
 * Run by fork(): argv = crmDelayMs, concurrency, warmup, calls. First message `{ type: 'crm', base }`;
 * then it waits for `{ type: 'port', port }`, sends `{ type: 'warm' }` after the warm-up, and
 * `{ type: 'done', ms: number[], valid: number }` at the end.
 */
import { runFastAgi } from '../../electron/core/demo/fastagi.ts';
import { startCrmStub } from '../support/crm-stub.ts';

const [crmDelayMs, concurrency, warmup, calls] = process.argv.slice(2, 6).map(Number) as [number, number, number, number];
const crm = await startCrmStub({ delayMs: crmDelayMs });
process.send!({ type: 'crm', base: crm.base });
const port = await new Promise<number>((resolve) => process.once('message', (m: { port: number }) => resolve(m.port)));

async function run(count: number, times: number[]): Promise<number> {
  let left = count;
  let valid = 0;
  const worker = async (): Promise<void> => {
    while (left-- > 0) {
      const result = await runFastAgi({ host: '127.0.0.1', port, script: 'validate', callerId: '+15550109000', timeoutMs: 30_000 });
      times.push(result.ms);
      if (result.variables.CUSTOMER_VALID === '1') valid++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return valid;
}

await run(warmup, []);
process.send!({ type: 'warm' });
const times: number[] = [];
const valid = await run(calls, times);
process.send!({ type: 'done', ms: times, valid });
await crm.close();
process.disconnect();
