/**
 * The real core for the end-to-end tests: the demo PBX (a real AMI server on 127.0.0.1) and
 * `createCompanion` connected to it over TCP, as the app runs it when no PBX is configured.
 * The one place the e2e tests build a core.
 */
import { createCompanion, type CompanionConfig } from '../../../electron/core/companion.ts';
import { startDemoPbx, type DemoPbx } from '../../../electron/core/demo/index.ts';
import type { AgentPoolVerbs, CallLogVerbs, Companion } from '../../../electron/shared/companion.ts';
import type { Phrase } from '../../../electron/shared/phrases/index.ts';
import type { Snapshot } from '../../../electron/shared/snapshot.ts';

export interface RealCore {
  demo: DemoPbx;
  companion: Companion & AgentPoolVerbs & CallLogVerbs;
  /** Every screen pop the core decides (the template below, on ring), as the shell pushes it. */
  onPop(listener: (pop: { callId: string; url: string | null }) => void): () => void;
  /** The core's news for the agent (how a click-to-dial ended), as the shell pushes it. */
  onNotice(listener: (message: string, phrase?: Phrase) => void): () => void;
  /** Resolves with the first snapshot (current or coming) for which `test` holds. */
  until(test: (snapshot: Snapshot) => boolean): Promise<Snapshot>;
  close(): Promise<void>;
}

/** The screen pop the e2e core is set up with, as an admin would write it. */
export const POP_TEMPLATE = 'https://crm.example.com/customers/{var.CUSTOMER_ID}?phone={number}&queue={queue}';

export interface RealCoreOptions {
  /** After-call work as the settings' afterCallWorkSeconds turns it on (the core's own timer and reason). */
  afterCallWork?: { seconds: number; reason?: string };
  /** The demo's agent-pool call center, the core logged in as its agent 9001 (Issabel's call center). */
  agentPool?: boolean;
  /** The agent's phone answers by itself this long after it rings; default never (a test calls control.answer()). */
  answerAfterMs?: number;
  /** The demo agents' queue memberships: static (queues.conf; default) or dynamic (they may log out and in). */
  membership?: 'static' | 'dynamic';
  /** More demo queues besides support and sales, agent 1001 a member of each. */
  extraQueues?: readonly string[];
  /** The call log to a CRM (the test's own HTTP receiver). */
  callLog?: CompanionConfig['callLog'];
  /** A whole call center: this many more demo agents from extension `first`, members of both queues (colleagues in the team view). */
  agents?: { count: number; first?: number };
  /** The team view's settings (team.extensions: colleagues besides the queues' members). */
  team?: CompanionConfig['team'];
}

export async function startRealCore(options: RealCoreOptions = {}): Promise<RealCore> {
  // The agent's phone waits for control.answer(), so a test sees the ringing state for as long as it needs.
  const demo = await startDemoPbx({
    answerAfterMs: options.answerAfterMs ?? null,
    ...(options.membership ? { membership: options.membership } : {}),
    ...(options.extraQueues ? { extraQueues: options.extraQueues } : {}),
    ...(options.agents ? { agents: options.agents } : {}),
    ...(options.agentPool ? { agentPool: { answerAfterMs: 100, probationMs: 300 } } : {}),
  });
  const pops = new Set<(pop: { callId: string; url: string | null }) => void>();
  const notices = new Set<(message: string, phrase?: Phrase) => void>();
  const listen =
    <T>(set: Set<T>) =>
    (listener: T) => {
      set.add(listener);
      return () => void set.delete(listener);
    };
  const companion: Companion & AgentPoolVerbs & CallLogVerbs = await createCompanion({
    pbx: {
      host: demo.host,
      port: demo.port,
      tls: false,
      username: 'agent',
      extension: '1001',
      ...(options.agentPool ? { agent: '9001' } : {}),
    },
    secret: 'demo',
    label: 'Demo PBX',
    screenPop: { template: POP_TEMPLATE },
    ...(options.afterCallWork ? { afterCallWork: options.afterCallWork } : {}),
    ...(options.callLog ? { callLog: options.callLog } : {}),
    ...(options.team ? { team: options.team } : {}),
    onPop: (decision) => pops.forEach((listener) => listener({ callId: decision.callId, url: decision.url })),
    onNotice: (text, _level, phrase) => notices.forEach((listener) => listener(text, phrase)),
  });
  const core: RealCore = {
    demo,
    companion,
    onPop: listen(pops),
    onNotice: listen(notices),
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
