/**
 * The lease soak (issue 17 item 6): kills on a FailoverRig, alternating a SIGKILL of the active relay
 * (restarted afterwards as the standby) and a SIGKILL of one NATS node of the three (restarted after
 * `nodeDownMs`, then given until its lease bucket answers again). Each kill comes at a random moment
 * of the renewal cycle. For each kill: the longest time without an active relay, and any time with
 * two. `npm run soak -- relay` runs 50+ (test/soak/run.ts); relay-lease.test.ts runs a short one.
 */
import { FailoverRig, monotonicMs } from '../support/relay-failover.ts';

export interface KillResult {
  kind: 'relay' | 'nats';
  /** The longest stretch with no relay active after the kill, ms (0: never without one). */
  gapMs: number;
  /** Stretches with two relays active at once, ms (none expected). */
  overlapsMs: number[];
}

export interface SoakResult {
  kills: KillResult[];
  /** The most AMI sessions the PBX had logged in at once. */
  maxSessions: number;
}

export async function runSoak(options: { kills: number; nodeDownMs?: number; log?: (line: string) => void }): Promise<SoakResult> {
  const log = options.log ?? (() => {});
  const rig = await FailoverRig.start();
  const kills: KillResult[] = [];
  try {
    rig.startRelay(0);
    await rig.settled(60_000);
    rig.startRelay(1);
    await rig.standby(1);
    for (let k = 0; k < options.kills; k++) {
      const active = await rig.settled();
      await new Promise((resolve) => setTimeout(resolve, 500 + Math.random() * 1000));
      const kind = k % 2 === 0 ? 'relay' : 'nats';
      let from: number;
      if (kind === 'relay') {
        from = await rig.killRelay(active);
        await rig.settled();
        rig.startRelay(active);
        await rig.standby(active);
      } else {
        const node = Math.floor(Math.random() * rig.nodes.length);
        from = monotonicMs();
        await rig.nodes[node]!.kill();
        await new Promise((resolve) => setTimeout(resolve, options.nodeDownMs ?? 1500));
        await rig.nodes[node]!.restart();
        await rig.bucketReady(node);
        await rig.settled();
      }
      const { gaps, overlaps } = rig.windows(from, monotonicMs());
      const result = { kind, gapMs: Math.round(Math.max(0, ...gaps)), overlapsMs: overlaps.map(Math.round) } as const;
      kills.push(result);
      log(
        `kill ${k + 1}/${options.kills}: ${kind}, ${result.gapMs} ms without an active relay${overlaps.length ? `, OVERLAP ${overlaps.join(', ')} ms` : ''}`,
      );
    }
    return { kills, maxSessions: rig.maxSessions };
  } finally {
    await rig.close();
  }
}

/** max, p50 and p99 of the gaps of one kind (all kills when none given). */
export function gapStats(kills: readonly KillResult[]): { max: number; p50: number; p99: number } {
  const sorted = kills.map((k) => k.gapMs).sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  return { max: sorted.at(-1) ?? 0, p50: at(0.5), p99: at(0.99) };
}
