/**
 * The relay's lease: which of two (or more) relays for one PBX is the active one, so that only one
 * ever acts on the PBX (issue 17 item 6). The state lives in JetStream key-value buckets, one key per
 * PBX; we write no server or consensus of our own, only compare-and-set (update at a revision).
 *
 * Why not one replicated (R3) bucket, measured on a 3-node nats-server 2.9.10 cluster here: two
 * updates at the same revision, sent at once from two clients, BOTH succeeded in 116 of 300 tries
 * (so a compare-and-set there does not decide who holds), and after a
 * SIGKILL of the stream's leader no write succeeded for 5 to 10 s (raft election), longer than the
 * 5 s a failover may take. So in a cluster the lease is three R1 buckets, one pinned to each node
 * (placement tag `pbxc-1`, `-2`, `-3`): an R1 update at a revision is atomic (0 of 300 doubled),
 * and a node's death leaves the other two writable at once. The lease is held by whoever wrote a
 * majority of them (2 of 3; a single server: its one bucket).
 *
 * Time fencing, every clock monotonic and local (no synchronized clocks needed):
 * - the holder renews every `renewMs` (update at the revision of its own last write) and counts its
 *   hold from the moment it SENT a round a majority acknowledged: it stops acting `holdMs` after it;
 * - any other takes a bucket only at a revision it has seen unchanged for `takeAfterMs` by its own
 *   clock (> holdMs), and acts only once it holds a majority. A holder's write it saw was sent
 *   before it saw it, so by then that hold has run out; a later write would change the revision
 *   and make the take fail.
 * An update that timed out but did commit comes back as a wrong-revision error whose value is ours:
 * its revision is adopted for the next renewal (it never extends the hold: not acknowledged in time).
 *
 * A relay that stops cleanly writes `released` at its own revision once it no longer acts: that
 * bucket may be taken at once (the writer will never act again, and a take at that revision fails
 * if anyone wrote since), so a standby takes over within one round instead of takeAfterMs.
 */
import { jetstream, JetStreamApiError } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '../agent/state.ts';

export interface LeaseOptions {
  nats: NatsConnection;
  /** The PBX the lease is for (a KV key: letters, digits, `-`, `_`, `.`). */
  pbx: string;
  /** The buckets: one per node of a cluster, from leaseBuckets(). */
  buckets: readonly LeaseBucket[];
  /** This relay, as written in the value (a random id by default). */
  instance?: string;
  renewMs?: number;
  holdMs?: number;
  takeAfterMs?: number;
  /** Each JetStream request's timeout. */
  requestTimeoutMs?: number;
  /** How long opening the buckets may wait for a cluster's JetStream to come up. Default 30 s. */
  openTimeoutMs?: number;
  /** A monotonic clock in ms. */
  now?: () => number;
  logger?: Logger;
}

export interface LeaseBucket {
  name: string;
  /** Where the bucket lives in a cluster: the node whose server tag is `tag` (one bucket per node). */
  placement?: { cluster: string; tag: string };
}

export interface Lease {
  /** True while this relay holds the lease: the only moment it may act on the PBX. */
  held(): boolean;
  /** Called on every change of held(). */
  onChange(listener: (held: boolean) => void): () => void;
  /**
   * Stops renewing and gives back the buckets it holds, marked released, so a standby takes over at
   * its next round rather than after takeAfterMs. Call it once nothing acts on the PBX under this
   * lease (the CLI stops the relay first); held() is false from the call on.
   */
  close(): Promise<void>;
}

export const LEASE_TIMING = { renewMs: 500, holdMs: 2000, takeAfterMs: 3000, requestTimeoutMs: 1000 };

/** The lease of a relay that runs alone (`relay --no-lease`): always held. */
export function alwaysHeld(): Lease {
  return { held: () => true, onChange: () => () => {}, close: async () => {} };
}

/** The lease's buckets: one on a single server; on a cluster (its name), one per node, tagged pbxc-1..3. */
export function leaseBuckets(cluster: string | undefined): LeaseBucket[] {
  if (!cluster) return [{ name: 'pbxc_lease' }];
  return [1, 2, 3].map((n) => ({ name: `pbxc_lease_${n}`, placement: { cluster, tag: `pbxc-${n}` } }));
}

/** The PBX as a lease key: `--pbx-id` as given, or host:port with the colon made a `_`. */
export function leaseKey(pbx: string): string {
  const key = pbx.replace(/[^-\w.]/g, '_').replace(/^\.+|\.+$/g, '');
  if (!key) throw new Error(`"${pbx}" cannot name a PBX in the lease`);
  return key;
}

interface Slot {
  bucket: LeaseBucket;
  kv: KV;
  /** The revision of our own last write, while the bucket is ours. */
  mine: number | null;
  /** The revision last read, and since when (our clock) it has not changed. */
  seen: { revision: number; since: number } | null;
}

/** Why the lease cannot work on this server, in words, from the error of opening a bucket; null: worth a retry. */
function openError(bucket: LeaseBucket, error: unknown, last: boolean): Error | null {
  const message = (error as Error).message ?? String(error);
  if (/no responders|jetstream is not enabled/i.test(message))
    return new Error(
      "the NATS server has no JetStream, which the relay's active/standby lease needs: enable it as relay --print-nats-conf prints (or run one relay alone with --no-lease)",
    );
  if (/permission/i.test(message))
    return new Error(
      `the NATS server does not let the relay use its lease bucket ${bucket.name} (${message}): give the relay's user the permissions that relay --print-nats-conf prints`,
    );
  // A cluster's JetStream is unavailable until its nodes have elected a leader and know each other.
  if (!last) return null;
  if (/no suitable peers|insufficient resources/i.test(message) && bucket.placement)
    return new Error(
      `the NATS cluster has no node tagged ${bucket.placement.tag} for the lease bucket ${bucket.name} (${message}): start each node with PBXC_NATS_NODE=pbxc-1, pbxc-2, pbxc-3 as relay --print-nats-conf says`,
    );
  return new Error(`the relay's lease bucket ${bucket.name} cannot be opened: ${message}`);
}

const isWrongRevision = (error: unknown): boolean =>
  error instanceof JetStreamApiError && /wrong last sequence|last sequence mismatch/i.test(error.message);

export async function openLease(options: LeaseOptions): Promise<Lease> {
  const t = { ...LEASE_TIMING, ...options };
  const now = options.now ?? (() => performance.now());
  const logger = options.logger ?? { warn: () => {} };
  const key = leaseKey(options.pbx);
  const instance = options.instance ?? crypto.randomUUID();
  const majority = Math.floor(options.buckets.length / 2) + 1;
  const js = jetstream(options.nats, { timeout: t.requestTimeoutMs });

  const slots: Slot[] = [];
  const giveUpAt = now() + (options.openTimeoutMs ?? 30_000);
  for (const bucket of options.buckets) {
    for (;;) {
      try {
        const kv = await new Kvm(js).create(bucket.name, {
          replicas: 1,
          history: 1,
          allow_direct: false,
          timeout: t.requestTimeoutMs,
          ...(bucket.placement ? { placement: { cluster: bucket.placement.cluster, tags: [bucket.placement.tag] } } : {}),
        });
        slots.push({ bucket, kv, mine: null, seen: null });
        break;
      } catch (error) {
        const fatal = openError(bucket, error, now() >= giveUpAt);
        if (fatal) throw fatal;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  let counter = 0;
  let heldSince: number | null = null;
  let lapsedAt: number | null = null;
  let closed = false;
  let active = false;
  const listeners = new Set<(held: boolean) => void>();
  const held = (): boolean => heldSince !== null && now() - heldSince < t.holdMs;
  /** Tells listeners when held() changed; a timer catches the hold running out between rounds. */
  let lapseTimer: ReturnType<typeof setTimeout> | undefined;
  const check = (): void => {
    const isHeld = held();
    clearTimeout(lapseTimer);
    if (isHeld) lapseTimer = setTimeout(check, heldSince! + t.holdMs - now() + 1);
    if (isHeld === active) return;
    active = isHeld;
    if (!active) lapsedAt = now();
    for (const listener of listeners) listener(active);
  };

  const value = (released = false): string => JSON.stringify({ v: 1, instance, n: ++counter, ...(released ? { released } : {}) });
  const parse = (data: Uint8Array | undefined): { instance?: string; released?: boolean } => {
    try {
      return (JSON.parse(new TextDecoder().decode(data)) as { instance?: string; released?: boolean } | null) ?? {};
    } catch {
      return {};
    }
  };

  /** Reads a bucket's current revision (0: no key yet); null when it cannot be read now. */
  const read = async (slot: Slot): Promise<{ revision: number; ours: boolean; released: boolean } | null> => {
    try {
      const entry = await slot.kv.get(key);
      const found = entry ? parse(entry.value) : {};
      return { revision: entry?.revision ?? 0, ours: found.instance === instance, released: found.released === true };
    } catch {
      return null;
    }
  };

  /** One write at `revision` (0: the key is new); true when acknowledged. */
  const write = async (slot: Slot, revision: number): Promise<'ok' | 'lost' | 'failed'> => {
    try {
      slot.mine = revision === 0 ? await slot.kv.create(key, value()) : await slot.kv.update(key, value(), revision);
      return 'ok';
    } catch (error) {
      if (!isWrongRevision(error)) return 'failed';
      const found = await read(slot);
      if (!found) return 'failed';
      // Ours: a write of ours that timed out did commit; its revision is the one to renew at.
      slot.mine = found.ours ? found.revision : null;
      return found.ours ? 'failed' : 'lost';
    }
  };

  /**
   * Whether a bucket not ours may be taken: released by its holder, or its revision unchanged for
   * takeAfterMs by our clock, counted from when the read came back (the write it shows was sent before that).
   */
  const observe = async (slot: Slot): Promise<boolean> => {
    const found = await read(slot);
    const at = now();
    if (found && found.revision !== slot.seen?.revision) slot.seen = { revision: found.revision, since: at };
    return found !== null && (found.released || at - slot.seen!.since >= t.takeAfterMs);
  };

  const round = async (): Promise<void> => {
    const sent = now();
    // Long out of its hold: a relay lets its buckets go (they run out for others, or for its own retake).
    if (!held() && lapsedAt !== null && sent - lapsedAt >= t.takeAfterMs) for (const slot of slots) slot.mine = null;
    // Renewals go out at once; a bucket on a dead node must not delay them by its read's timeout.
    const renewing = slots.map((slot) => slot.mine !== null);
    const renewals = slots.map((slot, i) => (renewing[i] ? write(slot, slot.mine!) : Promise.resolve('skipped' as const)));
    const free = await Promise.all(slots.map((slot, i) => (renewing[i] ? Promise.resolve(false) : observe(slot))));
    const take = renewing.filter(Boolean).length + free.filter(Boolean).length >= majority;
    const takes = slots.map((slot, i) => (take && free[i] ? write(slot, slot.seen!.revision) : Promise.resolve('skipped' as const)));
    const results = await Promise.all([...renewals, ...takes]);
    if (results.filter((r) => r === 'ok').length >= majority) {
      heldSince = sent;
      lapsedAt = null;
    } else if (results.includes('lost') || heldSince === null) {
      // Another relay took a bucket, or a first take fell short of a majority: keep none half-taken.
      for (const slot of slots) slot.mine = null;
    }
    check();
  };

  let wake: (() => void) | null = null;
  const loop = (async () => {
    while (!closed) {
      const started = now();
      try {
        await round();
      } catch (error) {
        logger.warn(`relay: lease round failed: ${(error as Error).message}`);
      }
      const wait = Math.max(0, t.renewMs - (now() - started));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();

  return {
    held,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      wake?.();
      await loop;
      clearTimeout(lapseTimer);
      heldSince = null;
      check();
      // Only at the revision of our own last write: a bucket someone else took since stays theirs.
      await Promise.allSettled(slots.filter((slot) => slot.mine !== null).map((slot) => slot.kv.update(key, value(true), slot.mine!)));
    },
  };
}
