/**
 * startDemoPbx(): a small call center behind a real AMI server on 127.0.0.1, which a client
 * cannot tell from the Asterisk 22 of ../shared/fixtures/asterisk-22. The app falls back to it
 * when no PBX is configured; tests and trainers script it through `control`.
 */
import { createActionHandlers, type QueueLogRow } from './actions.ts';
import { AgentPoolDemo, type AgentPoolDemoOptions } from './agent-pool.ts';
import { CallCenter } from './callcenter.ts';
import { startDemoIvr } from './ivr.ts';
import { DemoControl } from './control.ts';
import type { Pairs } from './events.ts';
import { Scenarios } from './scenarios.ts';
import { AmiServer, type DemoUser } from './server.ts';

export type { DemoUser } from './server.ts';
export type { DemoControl, SessionInfo, RestartOptions } from './control.ts';
export type { IncomingCall, CallNotice } from './scenarios.ts';
export type { OutsideCall, InternalCall } from './direct-calls.ts';
export type { DeviceState } from './callcenter.ts';
export type { QueueLogRow } from './actions.ts';
export type { AgentPoolDemo, AgentPoolDemoOptions, PoolCall } from './agent-pool.ts';
export { DEMO_CALLERS, CallerRotation, type DemoCaller } from './callers.ts';

/**
 * The demo's AMI users. `agent`/`demo` is the one a person types; `agentapp` and `limited` are
 * the fixture's users (manager.conf in ../shared/fixtures/asterisk-22/conf), same secrets and rights.
 */
export const DEFAULT_USERS: readonly DemoUser[] = [
  { username: 'agent', secret: 'demo', read: 'all', write: 'all' },
  { username: 'agentapp', secret: 's3cret', read: 'all', write: 'all' },
  { username: 'limited', secret: 'l1mited', read: 'call,agent', write: 'call,originate' },
];

export interface DemoPbxOptions {
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  host?: string;
  users?: readonly DemoUser[];
  /** The agent's extension (default 1001); the second phone is `secondExtension` (default 1002). */
  extension?: string;
  secondExtension?: string;
  /** A whole call center: `count` more agents from extension `first` (default 1000), members of both queues. */
  agents?: { count: number; first?: number };
  /** How a queue rings its members: ringall (default, as the lab's queues) or rrmemory (one at a time). */
  strategy?: 'ringall' | 'rrmemory';
  /** The agents' queue memberships: static (queues.conf; default) or dynamic (they may log out and in). */
  membership?: 'static' | 'dynamic';
  /** More queues besides support and sales, the agents members of each (a desk in many queues). */
  extraQueues?: readonly string[];
  /** The agent's phone answers this long after it starts ringing (default 2000 ms); null waits for control.answer(). */
  answerAfterMs?: number | null;
  /** The second phone and outside numbers answer after this long (default 1000 ms). */
  otherAnswerAfterMs?: number;
  /** A queue rings a member this long before AgentRingNoAnswer (default 15000 ms, the fixture's `timeout = 15`). */
  memberTimeoutMs?: number;
  /** Pause before ringing again after a no-answer (default 2000 ms, `retry = 2`). */
  retryMs?: number;
  /** Delay before `Authentication failed` and the close (default 1000 ms, as Asterisk). */
  authFailDelayMs?: number;
  /** A client sending more than this without ending a message is disconnected (default 64 KiB). */
  maxMessageBytes?: number;
  /** During restart(): how long connections are refused (default 500 ms). */
  restartDownMs?: number;
  /** During restart(): when the phones register again (default 2000 ms after coming back). */
  phonesBackAfterMs?: number;
  /** The clock (ms since the epoch); Date.now by default. */
  now?: () => number;
  /** An agent-pool call center too (Issabel's): queue `callcenter` with agents 9001 and 9002 (agent-pool.ts). */
  agentPool?: AgentPoolDemoOptions | boolean;
  /**
   * The IVR asks the demo's FastAGI service (our `agi` validate script, demo/ivr.ts) about each
   * caller that brings no `vars`, so the pops show what went through the real AGI path. Default
   * false: a call's `vars` (or none) are set as given.
   */
  agiIvr?: boolean;
}

export interface DemoPbx {
  port: number;
  host: string;
  control: DemoControl;
  /** The agent-pool call center, when asked for. */
  agentPool: AgentPoolDemo | null;
  close(): Promise<void>;
}

export async function startDemoPbx(options: DemoPbxOptions = {}): Promise<DemoPbx> {
  const now = options.now ?? Date.now;
  const host = options.host ?? '127.0.0.1';
  const booting = { value: false };
  const queueLog: QueueLogRow[] = [];
  const server: AmiServer = new AmiServer({
    host,
    port: options.port ?? 0,
    users: options.users ?? DEFAULT_USERS,
    authFailDelayMs: options.authFailDelayMs ?? 1000,
    maxMessageBytes: options.maxMessageBytes ?? 64 * 1024,
    now,
    uptime: () => Math.floor((now() - cc.startedAt) / 1000),
    booting: () => booting.value,
    hints: () => [...cc.phones.values()].map((p) => cc.hint(p)),
  });
  const cc = new CallCenter({
    extension: options.extension ?? '1001',
    secondExtension: options.secondExtension ?? '1002',
    ...(options.agents ? { agents: options.agents } : {}),
    ...(options.membership ? { membership: options.membership } : {}),
    ...(options.extraQueues ? { extraQueues: options.extraQueues } : {}),
    now,
    emit: (event) => server.broadcast(event),
  });
  const ivr = options.agiIvr ? await startDemoIvr() : undefined;
  const scenarios = new Scenarios(
    cc,
    {
      ...(ivr ? { ivr: ivr.ask } : {}),
      answerAfterMs: options.answerAfterMs === undefined ? 2000 : options.answerAfterMs,
      otherAnswerAfterMs: options.otherAnswerAfterMs ?? 1000,
      memberTimeoutMs: options.memberTimeoutMs ?? 15_000,
      retryMs: options.retryMs ?? 2000,
      strategy: options.strategy ?? 'ringall',
    },
    (actionId, pairs) => {
      const withId: Pairs = actionId === undefined ? pairs : [['ActionID', actionId], ...pairs];
      server.broadcast({ name: 'OriginateResponse', klass: 'call', headers: withId });
    },
  );
  const handlers = createActionHandlers({ cc, scenarios, queueLog });
  const agentPool = options.agentPool ? new AgentPoolDemo(cc, options.agentPool === true ? {} : options.agentPool) : null;
  server.setHandlers(agentPool ? { ...handlers, ...agentPool.handlers(handlers) } : handlers);
  const port = await server.listen();
  const control = new DemoControl({
    cc,
    scenarios,
    server,
    queueLog,
    booting,
    restartDownMs: options.restartDownMs ?? 500,
    phonesBackAfterMs: options.phonesBackAfterMs ?? 2000,
  });
  return {
    port,
    host,
    control,
    agentPool,
    async close() {
      agentPool?.dispose();
      control.dispose();
      scenarios.reset();
      await server.close();
      await ivr?.close();
    },
  };
}
