/**
 * Two relays for one PBX (issue 17 item 6), on a real 3-node nats-server cluster with JetStream run
 * from the printed config, the demo PBX, and the relays as child processes killed with SIGKILL:
 * one is active and the other a standby with no AMI session; when the active dies the standby takes
 * over within 5 s and a desk's dial, retried across the failover, reaches the PBX exactly once; when
 * the active stops cleanly (SIGTERM) it gives the lease back and the standby is active well within 2.5 s;
 * a short soak of 6 faults (relay and NATS node kills, relay freezes) never leaves 5 s without an
 * active relay nor two acting at once. A server without JetStream, or a relay user without the lease's permissions, is said at
 * start. (The long soak, 50+ kills, is `npm run soak -- relay`.)
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../electron/core/cli.ts';
import { memoryIO } from '../../electron/core/cli/io.ts';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import { natsAuthOptions } from '../../electron/core/relay/nats-auth.ts';
import { deskInboxPrefix, verbSubject } from '../../electron/core/relay/subjects.ts';
import { FailoverRig, monotonicMs, until } from '../support/relay-failover.ts';
import { startNatsServer } from '../support/nats-server.ts';
import { gapStats, runSoak } from '../soak/relay-soak.ts';

describe('two relays for one PBX, one lease', () => {
  let rig: FailoverRig;
  let desk: NatsConnection;

  beforeAll(async () => {
    rig = await FailoverRig.start();
    rig.startRelay(0);
    await rig.settled(60_000);
    rig.startRelay(1);
    await rig.standby(1);
    desk = await connect({
      servers: rig.urls,
      ...natsAuthOptions(rig.seeds.get('desk-1001')!),
      inboxPrefix: deskInboxPrefix('1001'),
      maxReconnectAttempts: -1,
      reconnectTimeWait: 100,
    });
  }, 120_000);

  afterAll(async () => {
    await desk?.close();
    await rig?.close();
  });

  it('one is active, the other a standby holding no AMI session', async () => {
    expect(rig.active()).toEqual([0]);
    expect(rig.stderr(0)).toMatch(/relay: standby for PBX demo\n[^]*relay: active for PBX demo/);
    expect(rig.pbx.control.sessions().filter((s) => s.authenticated && !s.closed)).toHaveLength(1);
    expect(rig.maxSessions).toBe(1);
  });

  it("the active dies: the standby serves the desk's dial within 5 s, and the PBX gets one Originate", async () => {
    const before = rig.originates();
    const killedAt = await rig.killRelay(rig.active()[0]!);
    // The desk retries its dial until a relay answers (the dead one cannot; the standby must take over first).
    let answer: { ok: boolean } | undefined;
    let tries = 0;
    while (!answer?.ok && monotonicMs() - killedAt < 15_000) {
      tries++;
      answer = await desk
        .request(verbSubject('1001', 'dial'), JSON.stringify({ number: '1002' }), { timeout: 1000 })
        .then((m) => m.json<{ ok: boolean }>())
        .catch(() => undefined);
      if (!answer) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const servedAfter = monotonicMs() - killedAt;
    expect(answer, `after ${tries} tries`).toMatchObject({ ok: true });
    expect(servedAfter).toBeLessThan(5000);
    expect(rig.active()).toEqual([1]);
    expect(rig.originates() - before).toBe(1);
    expect(rig.windows(killedAt, monotonicMs()).overlaps).toEqual([]);
    expect(rig.maxSessions).toBe(1);
  }, 30_000);

  it('the active stops cleanly (SIGTERM): it gives the lease back and the standby is active at once, not after the 3 s a dead one takes', async () => {
    const standby = rig.active()[0] === 1 ? 0 : 1;
    rig.startRelay(standby);
    // Standing by, it has read the lease: without a release it waits takeAfterMs from the last renewal it saw.
    await rig.standby(standby);
    const stoppedAt = await rig.stopRelay(1 - standby);
    await until(() => rig.active().length === 1, 15_000, 'the standby to take over');
    const tookMs = rig.timeline.findLast((t) => t.relay === standby && t.active)!.at - stoppedAt;
    console.log(`relay lease: the standby active ${tookMs.toFixed(0)} ms after SIGTERM to the active relay`);
    expect(rig.active()).toEqual([standby]);
    expect(tookMs).toBeLessThan(2500);
    expect(rig.windows(stoppedAt, monotonicMs()).overlaps).toEqual([]);
    expect(rig.maxSessions).toBe(1);
  }, 60_000);
});

describe('the lease under faults', () => {
  it('6 faults (SIGKILL of the active relay, of NATS nodes, a freeze): never over 5 s without an active relay, never two acting', async () => {
    const result = await runSoak({ faults: 6 });
    expect(result.faults.flatMap((f) => f.overlapsMs)).toEqual([]);
    expect(result.faults.map((f) => f.actedAfterLoss)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(gapStats(result.faults).max).toBeLessThanOrEqual(5000);
    expect(result.maxSessions).toBe(1);
  }, 240_000);
});

describe('a NATS server that lacks what the lease needs', () => {
  let pbx: DemoPbx;
  beforeAll(async () => {
    pbx = await startDemoPbx();
  });
  afterAll(async () => {
    await pbx.close();
  });

  const relay = (url: string, env: Record<string, string>) => {
    const io = memoryIO({ AMI_SECRET: 's3cret', ...env });
    const args = ['relay', '--host', '127.0.0.1', '--port', String(pbx.port), '--user', 'agentapp', '--agents', '1001', '--nats', url];
    return { io, code: main(args, io) };
  };

  it('no JetStream: a clear error at start, and no AMI login', async () => {
    const nats = await startNatsServer();
    try {
      const { io, code } = relay(nats.url, {});
      expect(await code).toBe(1);
      expect(io.errors.join('\n')).toMatch(/relay: the NATS server has no JetStream, which the relay's active\/standby lease needs/);
      expect(pbx.control.sessions().filter((s) => s.authenticated)).toHaveLength(0);
    } finally {
      await nats.stop();
    }
  });

  it('a relay user without the lease bucket permissions: says which', async () => {
    const nats = await startNatsServer(`jetstream { store_dir: "x" }
authorization { users = [ { user: relay, password: pw, permissions: { publish: { allow: ["pbxc.>", "$JS.API.INFO"] } } } ] }`);
    try {
      const { io, code } = relay(nats.url, { NATS_USER: 'relay', NATS_PASSWORD: 'pw' });
      expect(await code).toBe(1);
      expect(io.errors.join('\n')).toMatch(/does not let the relay use its lease bucket pbxc_lease \(.*Permissions Violation/i);
    } finally {
      await nats.stop();
    }
  });
});
