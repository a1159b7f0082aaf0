/**
 * Fault suite: 1,000 reconnects in a row (every socket dropped, the companion logs in and syncs
 * again each time) with no growth in the client's listeners, timers, pending actions or sessions,
 * none on the PBX's side, and no growth of the heap beyond a small bound after a forced GC.
 * `FAULT_RECONNECTS=N` changes the count.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../support/wait.ts';
import { FaultTable, isLive, startAgent, startFaultPbx, until, untilTrue } from './support.ts';

const table = new FaultTable('reconnects');
afterAll(() => table.flush());

const COUNT = Number(process.env['FAULT_RECONNECTS'] ?? 1000);
/** Heap growth allowed over the whole run: well under 1 KB per reconnect. */
const MAX_HEAP_GROWTH_MB = 8;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed / 1048576;
}

describe('fault: many reconnects', () => {
  it(`reconnects ${COUNT} times in a row with no growth in listeners, timers, sessions or memory`, async () => {
    const pbx = await startFaultPbx();
    // No keepalive: a Ping in flight at the moment of a drop would count as pending.
    const agent = await startAgent(pbx, { client: { keepaliveIntervalMs: 0 } });
    try {
      await until(agent, (s) => isLive(s) && s.queues.length === 2, 'first sync');
      const reconnect = async () => {
        const down = until(agent, (s) => !isLive(s), 'the drop');
        pbx.control.dropAll();
        await down;
        await until(agent, isLive, 'live again');
      };
      for (let i = 0; i < 50; i++) await reconnect(); // warm-up: JIT, buffers, the demo's kept sessions
      // Live is not quiet: the team view's lists and endpoint questions follow the sync. Compare at rest.
      const quiet = () => waitUntil(() => agent.diagnostics().pendingActions === 0, 'no action in flight');
      await quiet();
      const before = { diagnostics: agent.diagnostics(), heapMB: heapAfterGc() };
      const since = Date.now();
      for (let i = 0; i < COUNT; i++) await reconnect();
      const { ms } = await untilTrue(agent, pbx, since);
      await quiet();
      const after = { diagnostics: agent.diagnostics(), heapMB: heapAfterGc() };
      const growth = after.heapMB - before.heapMB;

      expect(after.diagnostics).toEqual({ ...before.diagnostics, unknownResponses: 0 });
      expect(after.diagnostics).toMatchObject({ pendingActions: 0, sessions: 1, timers: 0 });
      expect(pbx.control.sessions().filter((s) => !s.closed && s.username === 'agent')).toHaveLength(1);
      expect(growth).toBeLessThan(MAX_HEAP_GROWTH_MB);
      const d = after.diagnostics;
      table.add(
        `${COUNT.toLocaleString('en-US')} reconnects in a row`,
        ms,
        `true state; listeners ${before.diagnostics.listeners} -> ${d.listeners}, pending ${d.pendingActions}, timers ${d.timers}, heap ${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB (bound ${MAX_HEAP_GROWTH_MB} MB), ${(ms / COUNT).toFixed(1)} ms each`,
      );
    } finally {
      await agent.close();
      await pbx.close();
    }
  }, 120_000);
});
