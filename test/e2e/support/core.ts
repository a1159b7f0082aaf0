/**
 * The real core for the end-to-end tests: the demo PBX (a real AMI server on 127.0.0.1) and
 * `createCompanion` connected to it over TCP, as the app runs it when no PBX is configured.
 * The one place the e2e tests build a core.
 */
import { createCompanion } from '../../../electron/core/companion.ts';
import { startDemoPbx, type DemoPbx } from '../../../electron/core/demo/index.ts';
import type { Companion } from '../../../electron/shared/companion.ts';
import type { Snapshot } from '../../../electron/shared/snapshot.ts';

export interface RealCore {
  demo: DemoPbx;
  companion: Companion;
  /** Resolves with the first snapshot (current or coming) for which `test` holds. */
  until(test: (snapshot: Snapshot) => boolean): Promise<Snapshot>;
  close(): Promise<void>;
}

export async function startRealCore(): Promise<RealCore> {
  // The agent's phone waits for control.answer(), so a test sees the ringing state for as long as it needs.
  const demo = await startDemoPbx({ answerAfterMs: null });
  const companion: Companion = await createCompanion({
    pbx: { host: demo.host, port: demo.port, tls: false, username: 'agent', extension: '1001' },
    secret: 'demo',
    label: 'Demo PBX',
  });
  const core: RealCore = {
    demo,
    companion,
    until: (test) =>
      new Promise((resolve) => {
        const now = companion.snapshot();
        if (test(now)) return resolve(now);
        const stop = companion.subscribe((snapshot: Snapshot) => {
          if (!test(snapshot)) return;
          stop();
          resolve(snapshot);
        });
      }),
    async close() {
      await (companion as Companion & { close?: () => Promise<void> }).close?.();
      await demo.close();
    },
  };
  await core.until((s) => s.connection.status === 'live' && s.queues.length > 0);
  return core;
}
