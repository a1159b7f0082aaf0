/**
 * The lease soak (issue 17 item 6): faults on a FailoverRig, in turn a SIGKILL of the active relay
 * (restarted afterwards as the standby), a SIGKILL of one NATS node of the three (restarted after
 * `nodeDownMs`, then given until its lease bucket answers again), and a freeze of the active relay
 * (SIGSTOP for 1 to 5 s, then SIGCONT: alive but stalled, the case time fencing is for; desk 1001
 * keeps dialing meanwhile, and the frozen relay, once it runs again, must send the PBX no Originate if
 * the other took over). Each comes at a random moment of the renewal cycle. For each: the longest time
 * without an active relay, and any time with two. `npm run soak -- relay` runs 50+ kills
 * (test/soak/run.ts); relay-lease.test.ts runs a short soak.
 */
import { FailoverRig, monotonicMs } from '../support/relay-failover.ts';

const KINDS = ['relay', 'nats', 'freeze'] as const;

export interface FaultResult {
  kind: (typeof KINDS)[number];
  /** Originates the frozen relay sent after it had lost the lease to the other (none expected). */
  actedAfterLoss: number;
  /** The longest stretch with no relay active after the kill, ms (0: never without one). */
  gapMs: number;
  /** Stretches with two relays active at once, ms (none expected). */
  overlapsMs: number[];
}

export interface SoakResult {
  faults: FaultResult[];
  /** The most AMI sessions the PBX had logged in at once. */
  maxSessions: number;
}

export async function runSoak(options: { faults: number; nodeDownMs?: number; log?: (line: string) => void }): Promise<SoakResult> {
  const log = options.log ?? (() => {});
  const rig = await FailoverRig.start();
  const faults: FaultResult[] = [];
  try {
    rig.startRelay(0);
    await rig.settled(60_000);
    rig.startRelay(1);
    await rig.standby(1);
    for (let k = 0; k < options.faults; k++) {
      const active = await rig.settled();
      await new Promise((resolve) => setTimeout(resolve, 500 + Math.random() * 1000));
      const kind = KINDS[k % KINDS.length]!;
      let from: number;
      let actedAfterLoss = 0;
      if (kind === 'freeze') {
        const ms = 1000 + Math.random() * 4000;
        const session = rig.pbx.control.sessions().find((s) => s.authenticated && !s.closed)?.id;
        const before = session === undefined ? 0 : rig.originates(session);
        const frozen = rig.freezeRelay(active, ms);
        const start = monotonicMs();
        // The desk dials on while the relay is frozen; its requests wait in the frozen relay's socket too.
        while (monotonicMs() - start < ms + 500) if (!(await rig.dial())) await new Promise((resolve) => setTimeout(resolve, 200));
        ({ at: from } = await frozen);
        await rig.settled();
        await new Promise((resolve) => setTimeout(resolve, 500));
        const tookOver = rig.timeline.some((t) => t.relay !== active && t.active && t.at > from);
        if (tookOver && session !== undefined) actedAfterLoss = rig.originates(session) - before;
      } else if (kind === 'relay') {
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
      const result: FaultResult = { kind, actedAfterLoss, gapMs: Math.round(Math.max(0, ...gaps)), overlapsMs: overlaps.map(Math.round) };
      faults.push(result);
      const wrong = `${overlaps.length ? `, OVERLAP ${overlaps.join(', ')} ms` : ''}${actedAfterLoss ? `, ${actedAfterLoss} ORIGINATE(S) AFTER LOSING THE LEASE` : ''}`;
      log(`fault ${k + 1}/${options.faults}: ${kind}, ${result.gapMs} ms without an active relay${wrong}`);
    }
    return { faults, maxSessions: rig.maxSessions };
  } finally {
    await rig.close();
  }
}

/** max, p50 and p99 of these faults' gaps. */
export function gapStats(faults: readonly FaultResult[]): { max: number; p50: number; p99: number } {
  const sorted = faults.map((k) => k.gapMs).sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  return { max: sorted.at(-1) ?? 0, p50: at(0.5), p99: at(0.99) };
}
