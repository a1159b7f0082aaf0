/**
 * Issue 17, item 8: the relay (one AMI session for the whole call center, desks served over NATS),
 * `npm run bench -- relay`. The PBX is the demo PBX as a 500-agent call center in a process of its
 * own (relay/pbx.ts); desks are the app's own cores (relay/desks.ts), the relay is startRelay on
 * one AmiClient in a process (relay/relay.ts), NATS is Debian's nats-server on loopback.
 *
 * - PBX cost: what the PBX spends on the same calls (40 queue calls, one every 100 ms, each
 *   answered after ringing 1 s and talking 3 s) with N desks connected directly (each its own AMI
 *   session), and with 500 desks through the relay (one session): its CPU seconds, the bytes and
 *   events it wrote, each against one direct desk measured on the same PBX just before.
 * - ingest: the relay's own work on the generated 500-agent stream (stream.ts), events per CPU
 *   second of one process: startRelay with the 500 agents on a connection the bench feeds
 *   (relay/stream-connection.ts, no socket), publishing its snapshots on a real NATS server
 *   (no desk subscribed). Every agent is in the four queues: each caller joining or leaving one
 *   changes the callers waiting of 500 snapshots, counted once per queue by the relay and
 *   republished, merged, at most every 250 ms (relay/queue-figures.ts, snapshot-publisher.ts).
 *   That republishing runs on the wall clock: a relay that gets a whole core pays it four times
 *   per second of its CPU, one on a busy machine (wall time a few times its CPU time) as many
 *   times more, so read the figure with the load the table prints. The relay runs the stream twice
 *   before it is measured (on a relay just synced the first passes cost up to twice the later ones).
 * - ring to pop: 500 desks on the relay, 100 calls; from the moment the PBX wrote a call's ring to
 *   the moment a desk's screen pop fired, on the machine's shared monotonic clock; and to the
 *   moment the relay's snapshot showing it reached a NATS subscriber (the relay's share).
 * - reconnect storm: a 3-node NATS cluster, the relay and 500 desks spread over it; the node that
 *   holds the relay stops (SIGTERM): from then until every desk that lost its node shows live again.
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AmiFramer } from '../../../electron/core/ami/framer.ts';
import { startRelay, type Relay } from '../../../electron/core/relay/relay.ts';
import { RELAY_INBOX_PREFIX } from '../../../electron/core/relay/subjects.ts';
import { startNatsServer } from '../../support/nats-server.ts';
import { replay, type BenchCase, type Consumer, type Measured } from '../harness.ts';
import type { Child } from '../relay/processes.ts';
import {
  closeDesks,
  cpuSecondsOf,
  freePort,
  percentile,
  startDesks,
  startPbx,
  startRelay as startRelayProcess,
  until,
  type PbxUsage,
} from '../relay/processes.ts';
import { StreamConnection } from '../relay/stream-connection.ts';
import { FIRST_AGENT, generateStream } from '../stream.ts';

const AGENTS = 500;
const EXTENSIONS = Array.from({ length: AGENTS }, (_, i) => String(FIRST_AGENT + i));
/**
 * Events the ingest case measures: the ~100,000-event stream (about 50 MB) five times over, so the
 * median round is not decided by one round that a busy machine slowed.
 */
const INGEST_EVENTS = 500_000;
/**
 * Passes of the stream the measured relay runs before it is measured: a relay serves for hours, and
 * on one just synced the first passes cost up to twice the later ones (its 500 engines fill their
 * histories, the JIT and the heap settle).
 */
const SETTLING_PASSES = 2;

async function relayIngest(): Promise<Measured> {
  const nats = await startNatsServer();
  try {
    const stream = generateStream(100_000, { agentShare: 1 / AGENTS });
    // Two relays: one warms the JIT (replay's first consumer), the other is measured.
    const relays: Array<{ relay: Relay; connection: StreamConnection; nc: NatsConnection }> = [];
    for (let i = 0; i < 2; i++) {
      const connection = new StreamConnection(AGENTS);
      const nc = await connect({ servers: nats.url, inboxPrefix: RELAY_INBOX_PREFIX });
      const relay = await startRelay({ connection, nats: nc, agents: EXTENSIONS });
      await until(() => EXTENSIONS.every((e) => relay.snapshot(e)?.connection.status === 'live'), 'the relay to sync its agents');
      relays.push({ relay, connection, nc });
    }
    const feeder = (i: number) => new AmiFramer({ onMessage: (m) => relays[i]!.connection.emit(m) }, { expectBanner: false });
    // The consumers reach their relay through `relays`, so the warm one can be let go.
    let made = 0;
    const consumer = (): Consumer => {
      const i = made++;
      const framer = feeder(i);
      // Only the events this consumer pushed (not those of the settling passes).
      const before = relays[i]!.relay.stats().events;
      return {
        push: (chunk) => framer.push(chunk),
        get delivered() {
          return relays[i]!.relay.stats().events - before;
        },
      };
    };
    const measured = relays[1]!;
    // The warm relay stops (its goodbyes published) and is let go, so no round pays for its stop or
    // for collecting its 500 engines; then the measured relay settles, unmeasured.
    const settle = async (): Promise<void> => {
      await relays[0]!.relay.stop();
      await relays[0]!.nc.close();
      delete relays[0];
      const framer = feeder(1);
      for (let pass = 0; pass < SETTLING_PASSES; pass++)
        for (const chunk of stream.chunks) {
          framer.push(chunk);
          await new Promise((resolve) => setImmediate(resolve));
        }
    };
    const result = await replay(stream, INGEST_EVENTS, consumer, { beforeMeasuring: settle });
    const { events, delivered } = measured.relay.stats();
    result.figures = { 'deliveries per event': delivered / events };
    await measured.relay.stop();
    await measured.nc.close();
    return result;
  } finally {
    await nats.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// PBX cost: the same calls with N direct desks, or 500 through the relay.

const LOAD = { count: 40, everyMs: 100, talkMs: 3000 };

interface Window {
  cpuSeconds: number;
  bytes: number;
  events: number;
  relayCpuSeconds?: number;
}

/** Connects the desks, plays LOAD once every desk is live, and says what the PBX spent meanwhile. */
async function costWindow(pbx: Child, port: number, via: 'direct' | 'relay', desks: number, natsUrl?: string): Promise<Window> {
  const extensions = EXTENSIONS.slice(0, desks);
  const relay = via === 'relay' ? await startRelayProcess(port, EXTENSIONS, [natsUrl!]) : undefined;
  const fleet = await startDesks(
    via === 'direct' ? { mode: 'direct', port, extensions } : { mode: 'relay', servers: [natsUrl!], extensions },
    desks,
  );
  try {
    const usage = () => pbx.ask<PbxUsage>({ type: 'usage' }, 'usage');
    const before = await usage();
    const relayBefore = relay ? cpuSecondsOf(relay.proc.pid!) : 0;
    await pbx.ask({ type: 'calls', ...LOAD }, 'calls-done');
    let after = await usage();
    // Done when the PBX has handed every byte to its sockets (a slow reader's are still the PBX's to write).
    await until(async () => (after = await usage()).queued === 0, 'the PBX to write what it queued');
    return {
      cpuSeconds: after.cpuSeconds - before.cpuSeconds,
      bytes: after.bytes - before.bytes,
      events: after.events - before.events,
      ...(relay ? { relayCpuSeconds: cpuSecondsOf(relay.proc.pid!) - relayBefore } : {}),
    };
  } finally {
    await closeDesks(fleet);
    if (relay) await relay.stop();
  }
}

async function pbxCost(via: 'direct' | 'relay', desks: number): Promise<Measured> {
  const { pbx, port } = await startPbx(AGENTS);
  const nats = via === 'relay' ? await startNatsServer() : undefined;
  try {
    // One direct desk on the same PBX first, twice (the first warms the PBX's JIT): the reference.
    await costWindow(pbx, port, 'direct', 1);
    const one = await costWindow(pbx, port, 'direct', 1);
    const it = via === 'direct' && desks === 1 ? one : await costWindow(pbx, port, via, desks, nats?.url);
    return {
      figures: {
        'PBX CPU s': it.cpuSeconds,
        'x one desk': it.cpuSeconds / one.cpuSeconds,
        'MB written': it.bytes / 1e6,
        'bytes x one desk': it.bytes / one.bytes,
        'events written': it.events,
        'events x one desk': it.events / one.events,
        ...(it.relayCpuSeconds !== undefined ? { 'relay CPU s': it.relayCpuSeconds } : {}),
      },
    };
  } finally {
    await pbx.stop();
    await nats?.stop();
  }
}

function costCase(via: 'direct' | 'relay', desks: number): BenchCase {
  return {
    name: `relay PBX cost: ${desks} desk${desks > 1 ? 's' : ''} ${via === 'direct' ? 'connected directly' : 'through the relay'}`,
    ours: {
      label: via === 'direct' ? `${desks} AMI session${desks > 1 ? 's' : ''}` : 'relay: 1 AMI session',
      run: () => pbxCost(via, desks),
    },
    ...(via === 'relay' ? { target: { figureAtMost: { 'x one desk': 1.5 } } } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Ring to pop at 500 desks through the relay.

/**
 * When each call first showed ringing in a snapshot the relay published, as a subscriber to every
 * agent hears it: the relay's share of ring to pop, without the desks' own work (500 desks share
 * one process here, where a real fleet has a machine each). Only a message with a ringing call is parsed.
 */
async function watchPublishedRings(url: string): Promise<{ rang: Map<string, bigint>; close(): Promise<void> }> {
  const nc = await connect({ servers: url });
  const rang = new Map<string, bigint>();
  const ringing = Buffer.from('"state":"ringing"');
  nc.subscribe('pbxc.agent.*.snapshot', {
    callback: (_error, msg) => {
      if (Buffer.from(msg.data.buffer, msg.data.byteOffset, msg.data.byteLength).indexOf(ringing) < 0) return;
      const at = process.hrtime.bigint();
      const { snapshot } = JSON.parse(msg.string()) as { snapshot: { calls: Array<{ id: string; state: string }> } };
      for (const call of snapshot.calls) if (call.state === 'ringing' && !rang.has(call.id)) rang.set(call.id, at);
    },
  });
  await nc.flush();
  return { rang, close: () => nc.close() };
}

async function ringToPop(): Promise<Measured> {
  const { pbx, port } = await startPbx(AGENTS);
  const nats = await startNatsServer();
  const relay = await startRelayProcess(port, EXTENSIONS, [nats.url]);
  const desks = await startDesks({ mode: 'relay', servers: [nats.url], extensions: EXTENSIONS }, AGENTS);
  const published = await watchPublishedRings(nats.url);
  try {
    // A few calls first warm every part; only the calls after them are counted.
    await pbx.ask({ type: 'calls', count: 10, everyMs: 100, talkMs: 1000 }, 'calls-done');
    const warm = new Set(
      (await pbx.ask<{ type: 'rings'; rings: Array<[string, string]> }>({ type: 'rings' }, 'rings')).rings.map(([id]) => id),
    );
    await pbx.ask({ type: 'calls', count: 100, everyMs: 100, talkMs: 2000 }, 'calls-done');
    const rings = (await pbx.ask<{ type: 'rings'; rings: Array<[string, string]> }>({ type: 'rings' }, 'rings')).rings;
    const popped = new Map((await desks.ask<{ type: 'pops'; pops: Array<[string, string]> }>({ type: 'pops' }, 'pops')).pops);
    const since = (at: Map<string, bigint | string>): number[] =>
      rings
        .filter(([id]) => !warm.has(id) && at.has(id))
        .map(([id, rang]) => Number(BigInt(at.get(id)!) - BigInt(rang)) / 1e6)
        .sort((a, b) => a - b);
    const ms = since(popped);
    const onNats = since(published.rang);
    return {
      figures: {
        calls: rings.length - warm.size,
        pops: ms.length,
        'ring→pop p50 ms': percentile(ms, 50),
        'ring→pop p99 ms': percentile(ms, 99),
        'ring→pop max ms': ms.at(-1) ?? NaN,
        'ring→published p50 ms': percentile(onNats, 50),
        'ring→published p99 ms': percentile(onNats, 99),
      },
    };
  } finally {
    await published.close();
    await closeDesks(desks);
    await relay.stop();
    await pbx.stop();
    await nats.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Reconnect storm: the NATS node that holds the relay stops.

async function reconnectStorm(): Promise<Measured> {
  const routes = [await freePort(), await freePort(), await freePort()];
  const monitors = [await freePort(), await freePort(), await freePort()];
  const nodes = await Promise.all(
    routes.map((route, i) =>
      startNatsServer({
        args: [
          '--cluster_name',
          'bench',
          '--cluster',
          `nats://127.0.0.1:${route}`,
          '--routes',
          routes
            .filter((r) => r !== route)
            .map((r) => `nats://127.0.0.1:${r}`)
            .join(','),
          '-m',
          String(monitors[i]),
        ],
      }),
    ),
  );
  const monitor = async (i: number, what: string) =>
    (await fetch(`http://127.0.0.1:${monitors[i]}/${what}`)).json() as Promise<Record<string, unknown>>;
  const { pbx, port } = await startPbx(AGENTS);
  let relay: Awaited<ReturnType<typeof startRelayProcess>> | undefined;
  let desks: Child | undefined;
  try {
    await until(
      async () => (await Promise.all([0, 1, 2].map((i) => monitor(i, 'routez')))).every((r) => r['num_routes'] === 2),
      'the cluster to form',
    );
    const servers = nodes.map((n) => n.url);
    relay = await startRelayProcess(port, EXTENSIONS, servers);
    desks = await startDesks({ mode: 'relay', servers, extensions: EXTENSIONS }, AGENTS);
    const holds = async (i: number, name: string) =>
      ((await monitor(i, 'connz?limit=1024')).connections as Array<{ name?: string }>).filter((c) => c.name?.startsWith(name)).length;
    let relayNode = -1;
    await until(
      async () => (relayNode = (await Promise.all([0, 1, 2].map((i) => holds(i, 'pbx-companion relay')))).indexOf(1)) >= 0,
      'the relay on a node',
    );
    const desksThere = await holds(relayNode, 'pbx-companion desk');
    const over = desks.ask<{ type: 'storm-over'; at: string; left: number }>({ type: 'storm' }, 'storm-over');
    const stopped = process.hrtime.bigint();
    await nodes[relayNode]!.stop();
    const { at, left } = await over;
    return {
      figures: { 'desks on the node': desksThere, 'desks that went stale': left, 'all live again s': Number(BigInt(at) - stopped) / 1e9 },
    };
  } finally {
    if (desks) await closeDesks(desks);
    if (relay) await relay.stop();
    await pbx.stop();
    await Promise.allSettled(nodes.map((n) => n.stop()));
  }
}

export const cases: BenchCase[] = [
  costCase('direct', 1),
  costCase('direct', 50),
  costCase('direct', 200),
  costCase('direct', 500),
  costCase('relay', 500),
  {
    name: 'relay ingest: the 500-agent stream through the relay (routing, 500 engines, publishing on NATS)',
    ours: { label: 'startRelay, 500 agents', run: relayIngest },
    target: { rateAtLeast: 100_000 },
  },
  {
    name: 'relay ring to pop: 500 desks on the relay, 100 calls',
    ours: { label: 'relay + 500 DeskCompanions', run: ringToPop },
    target: { figureAtMost: { 'ring→pop p99 ms': 50 } },
  },
  {
    name: 'relay reconnect storm: the NATS node of the relay stops, 500 desks on a 3-node cluster',
    ours: { label: 'relay + 500 DeskCompanions', run: reconnectStorm },
    target: { figureAtMost: { 'all live again s': 5 } },
  },
];
