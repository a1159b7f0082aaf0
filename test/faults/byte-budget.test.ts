/**
 * Fault (and the sync's answer to it): one list action answered with more than the client will hold (a hostile PBX, or bytes
 * written into a plain-text 5038 session): QueueStatus answered with 40 items of 512 KB. The list
 * fails in words at the 16 MB budget, the connection is recycled, and the next sync goes live.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AmiClient } from '../../electron/core/ami/client.ts';
import { MAX_ANSWER_BYTES } from '../../electron/core/ami/pending.ts';
import { agentIdentity } from '../../electron/core/agent/identity.ts';
import { AgentEngine } from '../../electron/core/agent/sync.ts';
import type { Snapshot } from '../../electron/shared/snapshot.ts';
import { startFloodServer } from '../support/flood-server.ts';
import type { ScriptedAmiServer } from '../support/scripted-ami-server.ts';
import { FaultTable } from './support.ts';

const table = new FaultTable('byte-budget');
let server: ScriptedAmiServer | undefined;
let client: AmiClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
});
afterAll(() => table.flush());

const MB = 1024 * 1024;

describe('fault: a list answered past the byte budget', () => {
  it('QueueStatus with 40 items of 512 KB: refused in words at 16 MB, connection recycled, live on the next login', async () => {
    let logins = 0;
    server = await startFloodServer(() => logins <= 1);
    client = new AmiClient({
      host: '127.0.0.1',
      port: server.port,
      username: 'agentapp',
      secret: 's3cret',
      keepaliveIntervalMs: 0,
      backoff: () => 20,
      actionTimeoutMs: 5000,
    });
    const c = client;
    c.onLogin(() => logins++);
    const engine = new AgentEngine({ connection: c, identity: agentIdentity({ extension: '1001' }) });
    let mostHeld = 0;
    const seen: Snapshot[] = [];
    // What the pending answers hold, read on every socket read of the flood (a measurement, not a wait).
    const sample = setInterval(() => (mostHeld = Math.max(mostHeld, c.diagnostics.pendingBytes)), 1);
    const heapBefore = process.memoryUsage().heapUsed;
    const start = Date.now();
    engine.subscribe((s) => seen.push(s));
    engine.start();
    await c.connect();
    const live = await new Promise<Snapshot>((resolve) => {
      const check = (s: Snapshot) => s.connection.status === 'live' && logins === 2;
      if (check(engine.snapshot())) return resolve(engine.snapshot());
      const off = engine.subscribe((s) => check(s) && (off(), resolve(s)));
    });
    const ms = Date.now() - start;
    clearInterval(sample);
    const heapGrowth = (process.memoryUsage().heapUsed - heapBefore) / MB;
    engine.stop();
    expect(live.connection.error).toBeNull();
    const recycled = seen.find((s) => s.connection.status === 'reconnecting');
    expect(recycled?.connection.errorPhrase?.code).toBe('ami.answer-too-big');
    expect(recycled?.connection.error).toMatch(/^QueueStatus: the PBX sent more than 16 MB in answer/);
    expect(seen.some((s) => s.connection.status === 'failed')).toBe(false);
    expect(mostHeld).toBeLessThanOrEqual(MAX_ANSWER_BYTES);
    table.add(
      'list byte budget: QueueStatus answered with 40 items of 512 KB (20 MB)',
      ms,
      `true state: refused in words at 16 MB, connection recycled, live on the next login; pending answers held at most ${(mostHeld / MB).toFixed(1)} MB (bound 16 MB), heap ${heapGrowth >= 0 ? '+' : ''}${heapGrowth.toFixed(1)} MB`,
    );
  });
});
