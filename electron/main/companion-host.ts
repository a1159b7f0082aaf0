/**
 * Holds the running core and stands in for it: the tray, the IPC handlers and the windows talk to the
 * host, which forwards to the current Companion and survives it being replaced (new settings, a new
 * secret). Before a core exists, or when it could not start, the host shows an offline snapshot that
 * says why, and every verb answers that in words.
 */
import type { SupervisorDesk } from '../core/ari/supervisor-desk.ts';
import type { Capabilities, SuperviseMode } from '../shared/bridge.ts';
import type { AgentPoolVerbs, CallLogVerbs, Companion, DialPreview, VerbResult } from '../shared/companion.ts';
import { english, phrase, refusal, refused, type Phrase } from '../shared/phrases/index.ts';
import type { Snapshot } from '../shared/snapshot.ts';

/** A Companion that may also be closed, and may offer listen and whisper (the core's StartedCore). */
export type ClosableCompanion = Companion & {
  close?: () => void | Promise<void>;
  supervisor?: SupervisorDesk;
  /** Checks the PBX connection now (after sleep, unlock, a network change); a core without one waits for its keepalive. */
  checkConnection?: () => void;
};

/** Why listen and whisper are refused on a core without a supervisor desk. */
const notASupervisor = () => Promise.resolve(refused('desktop.not-a-supervisor'));

export function offlineSnapshot(since: number, error: Phrase | null, extension = ''): Snapshot {
  return {
    connection: {
      status: error ? 'failed' : 'disconnected',
      error: error && english(error),
      errorPhrase: error,
      pbx: null,
      since,
      stale: true,
    },
    extension: { number: extension, device: '', state: 'unknown', registered: null },
    queues: [],
    calls: [],
    history: [],
  };
}

export class CompanionHost implements Companion {
  private current: ClosableCompanion | null = null;
  private unsubscribe: (() => void) | null = null;
  private last: Snapshot;
  private readonly listeners = new Set<(snapshot: Snapshot) => void>();

  constructor(
    private readonly now: () => number = Date.now,
    /** Rewrites each snapshot before it is shown (the stored call history is merged in here). */
    private readonly decorate: (snapshot: Snapshot) => Snapshot = (s) => s,
  ) {
    this.last = this.decorate(offlineSnapshot(now(), null));
  }

  /** Puts a new core in place (closing the old one), or none with the reason the agent is shown. */
  async replace(next: ClosableCompanion | null, whyNone: Phrase | null = null): Promise<void> {
    const old = this.current;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.current = next;
    if (next) {
      this.unsubscribe = next.subscribe((snapshot) => this.emit(snapshot));
      this.emit(next.snapshot());
    } else {
      this.emit(offlineSnapshot(this.now(), whyNone));
    }
    if (old && old !== next) await old.close?.();
  }

  /** Shows the current snapshot again (after the decoration's inputs changed). */
  refresh(): void {
    this.emit(this.current ? this.current.snapshot() : this.last);
  }

  snapshot(): Snapshot {
    return this.last;
  }

  /**
   * Resolves once the first login has settled (live, or not connected with a reason to tell), or after
   * `maxWaitMs`: a link that came with the launch is dialled then, not while the core is still syncing.
   */
  settled(maxWaitMs: number): Promise<void> {
    const done = ({ connection }: Snapshot) =>
      connection.status === 'live' ||
      connection.status === 'failed' ||
      (connection.status !== 'syncing' && connection.status !== 'connecting' && connection.error !== null);
    if (done(this.last)) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        stop();
        resolve();
      };
      const timer = setTimeout(finish, maxWaitMs);
      const stop = this.subscribe((snapshot) => done(snapshot) && finish());
    });
  }

  subscribe(listener: (snapshot: Snapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  previewDial(input: string): Promise<DialPreview> {
    if (this.current) return this.current.previewDial(input);
    const why = this.notConnected();
    return Promise.resolve({ ok: false, input, error: english(why), errorPhrase: why });
  }
  dial(input: string): Promise<VerbResult> {
    return this.verb((c) => c.dial(input));
  }
  pause(options: { queue?: string; reason: string }): Promise<VerbResult> {
    return this.verb((c) => c.pause(options));
  }
  unpause(options: { queue?: string }): Promise<VerbResult> {
    return this.verb((c) => c.unpause(options));
  }
  queueLogin(queue: string): Promise<VerbResult> {
    return this.verb((c) => c.queueLogin(queue));
  }
  queueLogout(queue: string): Promise<VerbResult> {
    return this.verb((c) => c.queueLogout(queue));
  }
  /** The agent pool's log-in and out, where the current core has them (the AMI core; not ARI or the relay yet). */
  agentLogin(): Promise<VerbResult> {
    return this.verb((c) => (c as Partial<AgentPoolVerbs>).agentLogin?.() ?? Promise.resolve(refused('agent.not-here')));
  }
  agentLogout(): Promise<VerbResult> {
    return this.verb((c) => (c as Partial<AgentPoolVerbs>).agentLogout?.() ?? Promise.resolve(refused('agent.not-here')));
  }
  /** The call log's disposition, where the current core keeps a call log (the AMI core with a call-log URL). */
  setDisposition(callId: string, code: string, note?: string): Promise<VerbResult> {
    return this.verb(
      (c) => (c as Partial<CallLogVerbs>).setDisposition?.(callId, code, note) ?? Promise.resolve(refused('calllog.url-empty')),
    );
  }
  record(op: Parameters<Companion['record']>[0], callId?: string): Promise<VerbResult> {
    return this.verb((c) => c.record(op, callId));
  }
  hangup(callId?: string): Promise<VerbResult> {
    return this.verb((c) => c.hangup(callId));
  }
  transfer(target: string, options?: { attended?: boolean; callId?: string }): Promise<VerbResult> {
    return this.verb((c) => c.transfer(target, options));
  }

  /** The computer woke, the screen was unlocked or the network changed: the current core checks its connection now. */
  checkConnection(): void {
    this.current?.checkConnection?.();
  }

  /** What the current core offers beyond the Companion verbs. */
  capabilities(): Capabilities {
    return { supervise: this.current?.supervisor !== undefined };
  }

  supervise(agent: string, mode: SuperviseMode): Promise<VerbResult> {
    return this.verb((c) => (c.supervisor ? c.supervisor.supervise(agent, mode) : notASupervisor()));
  }
  stopSupervising(): Promise<VerbResult> {
    return this.verb((c) => (c.supervisor ? c.supervisor.stopSupervising() : notASupervisor()));
  }

  async close(): Promise<void> {
    await this.replace(null);
  }

  private async verb(run: (companion: ClosableCompanion) => Promise<VerbResult>): Promise<VerbResult> {
    if (!this.current) return refusal(this.notConnected());
    return run(this.current);
  }

  private notConnected(): Phrase {
    const { error, errorPhrase } = this.last.connection;
    if (errorPhrase) return errorPhrase;
    return error ? phrase('text', { text: error }) : phrase('desktop.not-connected-yet');
  }

  private emit(snapshot: Snapshot): void {
    this.last = this.decorate(snapshot);
    for (const listener of this.listeners) listener(this.last);
  }
}
