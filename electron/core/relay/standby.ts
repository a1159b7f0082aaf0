/**
 * Active or standby: runs the relay (its AMI login, its NATS subscriptions) only while the lease
 * (lease.ts) is held, and stops it the moment the lease is lost. A standby holds no AMI session:
 * each would cost the PBX as much as a desk (README, "Many desks: the relay").
 * Starts and stops happen one at a time, in order; after each, the lease is read again, since it may
 * have changed while the relay was starting.
 */
import type { Lease } from './lease.ts';

export interface Running {
  /** `lost`: the lease is gone, leave the PBX first; `shutdown`: tell the desks first, as any stop. */
  stop(why: 'lost' | 'shutdown'): Promise<void>;
}

export interface StandbyOptions {
  lease: Lease;
  /** Starts acting (logs in to the PBX, serves desks). */
  start(): Promise<Running>;
  /** Told each change: true once started, false once stopped. */
  said(active: boolean): void;
  /** A start that failed: the caller decides (the CLI exits with it). */
  failed(error: Error): void;
}

export function serveUnderLease(options: StandbyOptions): { stop(): Promise<void> } {
  let running: Running | null = null;
  let chain = Promise.resolve();
  let stopped = false;

  const settle = async (): Promise<void> => {
    for (;;) {
      const want = !stopped && options.lease.held();
      if (want === (running !== null)) return;
      if (want) {
        try {
          running = await options.start();
        } catch (error) {
          options.failed(error as Error);
          stopped = true;
          continue;
        }
        options.said(true);
      } else {
        const was = running!;
        running = null;
        await was.stop(stopped ? 'shutdown' : 'lost');
        options.said(false);
      }
    }
  };
  const queue = (): Promise<void> => (chain = chain.then(settle));

  const off = options.lease.onChange(() => void queue());
  void queue();
  return {
    async stop() {
      stopped = true;
      off();
      await queue();
    },
  };
}
