/**
 * Many desks in one process, for the relay cases. Run by fork(): argv[2] is JSON, either
 * `{ mode: 'direct', port, extensions }` (each desk the app's direct mode: its own AmiClient and
 * AgentEngine logged in to the PBX) or `{ mode: 'relay', servers, extensions }` (each desk the
 * app's relay mode: a DeskCompanion on the NATS servers, with the app's short reconnect wait, and
 * the screen pop on). Desks start a batch at a time, as a fleet's reconnects spread out.
 *
 * Messages to the parent: `{ type: 'live' }` once every desk shows live; answers to
 * `{ type: 'pops' }` (when each call first popped at some desk: `[[callId, ns]]`), to
 * `{ type: 'storm' }` (watch from now: `{ type: 'storm-over', at, left }` once every desk that
 * left live is live again, `at` on the shared monotonic clock), and `{ type: 'close' }`.
 */
import { AmiClient } from '../../../electron/core/ami/client.ts';
import { agentIdentity } from '../../../electron/core/agent/identity.ts';
import { AgentEngine } from '../../../electron/core/agent/sync.ts';
import { createDeskCompanion } from '../../../electron/core/relay/desk-companion.ts';
import type { Snapshot } from '../../../electron/shared/snapshot.ts';

type Config = { mode: 'direct'; port: number; extensions: string[] } | { mode: 'relay'; servers: string[]; extensions: string[] };
interface Desk {
  snapshot(): Snapshot;
  subscribe(listener: (s: Snapshot) => void): unknown;
  close(): Promise<void>;
}

const BATCH = 25;
const TEMPLATE = 'https://crm.example/c?id={var.CUSTOMER_ID}&n={number}';
const config = JSON.parse(process.argv[2]!) as Config;
const pops = new Map<string, string>();
const live = (d: Desk) => d.snapshot().connection.status === 'live' && !d.snapshot().connection.stale;

async function directDesk(port: number, extension: string): Promise<Desk> {
  const client = new AmiClient({ host: '127.0.0.1', port, username: 'bench', secret: 'bench' });
  const engine = new AgentEngine({ connection: client, identity: agentIdentity({ extension }) });
  engine.start();
  await client.connect();
  return {
    snapshot: () => engine.snapshot(),
    subscribe: (listener) => engine.subscribe(listener),
    async close() {
      engine.stop();
      await client.close();
    },
  };
}

function relayDesk(servers: string[], extension: string): Promise<Desk> {
  return createDeskCompanion({
    servers,
    identity: { extension },
    reconnectTimeWaitMs: 250, // the app's (startup.ts)
    screenPop: { template: TEMPLATE },
    onPop: (d) => {
      if (!pops.has(d.callId)) pops.set(d.callId, process.hrtime.bigint().toString());
    },
  });
}

function whenLive(desk: Desk): Promise<void> {
  if (live(desk)) return Promise.resolve();
  return new Promise((resolve) => desk.subscribe(() => live(desk) && resolve()));
}

const desks: Desk[] = [];
for (let i = 0; i < config.extensions.length; i += BATCH) {
  const batch = await Promise.all(
    config.extensions
      .slice(i, i + BATCH)
      .map((e) => (config.mode === 'direct' ? directDesk(config.port, e) : relayDesk(config.servers, e))),
  );
  await Promise.all(batch.map(whenLive));
  desks.push(...batch);
}
process.send!({ type: 'live' });

/** From now on: once every desk that left live is back, say when the last one came back. */
function watchStorm(): void {
  const left = new Set<Desk>();
  let last = 0n;
  let over = false;
  for (const desk of desks)
    desk.subscribe(() => {
      if (over) return;
      if (!live(desk)) return void left.add(desk);
      if (!left.has(desk)) return;
      last = process.hrtime.bigint();
      if (desks.every(live)) {
        over = true;
        process.send!({ type: 'storm-over', at: last.toString(), left: left.size });
      }
    });
}

process.on('message', (m: { type: string }) => {
  if (m.type === 'pops') process.send!({ type: 'pops', pops: [...pops] });
  else if (m.type === 'storm') watchStorm();
  else if (m.type === 'close')
    void Promise.allSettled(desks.map((d) => d.close())).then(() => {
      process.send!({ type: 'closed' });
      process.disconnect();
    });
});
