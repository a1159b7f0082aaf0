/**
 * The lease (relay/lease.ts) on a real nats-server with JetStream, two holders in one process (one
 * clock, sampled every 5 ms), with short timings: at most one ever holds; a holder cut off from NATS
 * (its TCP link stalled, as a partition: its renewals neither fail nor arrive) stops holding before
 * the other takes over, and the other takes over within takeAfterMs and a few rounds; a holder that
 * closes gives its bucket back, and the other takes over at its next round. The AMI
 * connection handed to a relay under the lease refuses every action while it is not held: nothing
 * reaches the PBX.
 */
import net from 'node:net';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmiAction } from '../../../electron/core/ami/action.ts';
import { AmiClient } from '../../../electron/core/ami/client.ts';
import { startDemoPbx } from '../../../electron/core/demo/index.ts';
import { leaseBuckets, openLease, type Lease } from '../../../electron/core/relay/lease.ts';
import { LeasedConnection } from '../../../electron/core/relay/leased-connection.ts';
import { startNatsServer, type NatsServer } from '../../support/nats-server.ts';
import { until } from '../../support/relay-failover.ts';

const TIMING = { renewMs: 100, holdMs: 400, takeAfterMs: 600, requestTimeoutMs: 300 };

/** A TCP link to `port` that can be stalled: bytes stop flowing both ways, nothing is closed. */
async function stallableLink(port: number): Promise<{ port: number; stall(): void; close(): void }> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    sockets.push(client, upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    stall: () => {
      for (const s of sockets) {
        s.unpipe();
        s.pause();
      }
    },
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

describe('the relay lease', () => {
  let nats: NatsServer;
  const open: { nc: NatsConnection; lease: Lease }[] = [];

  beforeAll(async () => {
    nats = await startNatsServer({ config: 'jetstream { store_dir: "x" }' });
  });
  afterAll(async () => {
    for (const { nc, lease } of open) {
      await lease.close();
      await nc.close().catch(() => {});
    }
    await nats.stop();
  });

  const holder = async (port: number, pbx: string) => {
    const nc = await connect({ servers: `nats://127.0.0.1:${port}`, reconnect: false });
    const lease = await openLease({ nats: nc, pbx, buckets: leaseBuckets(undefined), ...TIMING });
    open.push({ nc, lease });
    return lease;
  };

  it('at most one holds; a holder cut off stops before the other takes over, within takeAfterMs and a few rounds', async () => {
    const link = await stallableLink(nats.port);
    try {
      const a = await holder(link.port, 'pbx-a');
      await until(() => a.held(), 5000, 'a to hold');
      const b = await holder(nats.port, 'pbx-a');
      let both = 0;
      const sample = setInterval(() => {
        if (a.held() && b.held()) both++;
      }, 5);
      try {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect([a.held(), b.held()]).toEqual([true, false]);

        let aLost = 0;
        a.onChange((held) => {
          if (!held) aLost = performance.now();
        });
        const stalledAt = performance.now();
        link.stall();
        await until(() => b.held(), 5000, 'b to take over');
        const bTook = performance.now();
        expect(aLost).toBeGreaterThan(0);
        expect(aLost).toBeLessThan(bTook);
        expect(bTook - stalledAt).toBeLessThan(TIMING.takeAfterMs + 5 * TIMING.renewMs + 500);
        expect(both).toBe(0);
      } finally {
        clearInterval(sample);
      }
    } finally {
      link.close();
    }
  });

  it('a closed holder lets the other take over', async () => {
    const a = await holder(nats.port, 'pbx-b');
    await until(() => a.held(), 5000, 'a to hold');
    const b = await holder(nats.port, 'pbx-b');
    await a.close();
    expect(a.held()).toBe(false);
    await until(() => b.held(), 5000, 'b to take over');
  });

  it('a holder that closes gives its bucket back: the other takes over at its next round, long before takeAfterMs', async () => {
    const slow = { ...TIMING, takeAfterMs: 3000, holdMs: 2000 };
    const nc = [await connect({ servers: nats.url, reconnect: false }), await connect({ servers: nats.url, reconnect: false })];
    const [a, b] = await Promise.all(nc.map((n) => openLease({ nats: n, pbx: 'pbx-c', buckets: leaseBuckets(undefined), ...slow })));
    open.push({ nc: nc[0]!, lease: a! }, { nc: nc[1]!, lease: b! });
    await until(() => a!.held() !== b!.held(), 10_000, 'one to hold');
    const [holding, other] = a!.held() ? [a!, b!] : [b!, a!];
    // The other has read the lease (one holds): without a release it waits takeAfterMs from the last renewal it saw.
    const closedAt = performance.now();
    await holding.close();
    await until(() => other.held(), 10_000, 'the other to take over');
    const tookMs = performance.now() - closedAt;
    console.log(`lease: taken over ${tookMs.toFixed(0)} ms after the holder closed (takeAfterMs ${slow.takeAfterMs})`);
    expect(tookMs).toBeLessThan(slow.takeAfterMs / 2);
  });

  it('the AMI connection under the lease refuses every action while the lease is not held', async () => {
    const pbx = await startDemoPbx();
    const client = new AmiClient({ host: '127.0.0.1', port: pbx.port, username: 'agentapp', secret: 's3cret' });
    try {
      await client.connect();
      let held = false;
      const leased = new LeasedConnection(client, () => held);
      const originate = AmiAction.build('Originate', { Channel: 'PJSIP/1001', Exten: '1002', Context: 'from-internal', Priority: '1' });
      await expect(leased.action(originate)).rejects.toMatchObject({ phrase: { code: 'relay.not-active' } });
      await expect(leased.listAction(AmiAction.build('QueueStatus'))).rejects.toMatchObject({ phrase: { code: 'relay.not-active' } });
      const sent = () => pbx.control.receivedActions().filter((a) => a.get('Action') === 'Originate').length;
      expect(sent()).toBe(0);
      held = true;
      await leased.action(originate);
      expect(sent()).toBe(1);
    } finally {
      await client.close();
      await pbx.close();
    }
  });
});
