/**
 * Replaying recorded AMI sessions (the .ami.raw transcripts) through the agent engine, as if live.
 *
 * A replay runs no actions, so its "sync" is what the transcript holds: the login rebuilds the
 * state from emptyState (history kept) and goes live at once, and list items found in the
 * transcript (QueueMember, ExtensionStatus, CoreShowChannel... with an ActionID) are applied where
 * they stand, as the sync would. Several transcripts in a row are one session with a connection
 * drop between them: the snapshot is `reconnecting` and stale while down.
 *
 * Time is deterministic, so a replay gives the same snapshots on every run: a counter that advances
 * 1 ms per message and jumps forward to the event's own time when it carries one (`Timestamp:` with
 * manager.conf timestampevents, or the security events' `EventTV:`).
 */
import type { AmiMessage } from '../ami/message.ts';
import { phrase, verbatim } from '../../shared/phrases/index.ts';
import type { Snapshot } from '../../shared/snapshot.ts';
import type { AgentIdentity } from './identity.ts';
import { amiVersionOf, commitRebuild, ingest, rebuildFrom, restartedBy, shutdownText, withConnection } from './session.ts';
import type { AgentState, Logger } from './state.ts';
import { emptyState, onceLogger, silentLogger } from './state.ts';

/** Time for a replay: +1 ms per message, or the message's own time when it is later. */
export class ReplayClock {
  private last = 0;

  tick(message?: AmiMessage): number {
    let next = this.last + 1;
    if (message) {
      const stamp = stampOf(message);
      if (stamp !== undefined && stamp > next) next = stamp;
    }
    this.last = next;
    return next;
  }
}

function stampOf(message: AmiMessage): number | undefined {
  const raw = message.raw;
  if (raw.includes('\r\nTimestamp: ')) {
    const t = Number(message.get('Timestamp'));
    if (Number.isFinite(t) && t > 0) return Math.round(t * 1000);
  }
  if (raw.includes('\r\nEventTV: ')) {
    // 2026-11-26T03:04:10.073+0000: Date.parse wants +00:00.
    const tv = (message.get('EventTV') ?? '').replace(/([+-]\d\d)(\d\d)$/, '$1:$2');
    const t = Date.parse(tv);
    if (Number.isFinite(t)) return t;
  }
  return undefined;
}

export interface ReplayOptions {
  logger?: Logger;
  /** Called with every new snapshot (by identity), in order. */
  onSnapshot?: (snapshot: Snapshot) => void;
}

/** One replayed session: feed it connections (banner, messages, end) in order. */
export class ReplaySession {
  private state: AgentState;
  private readonly clock = new ReplayClock();
  private readonly logger: Logger;
  private readonly onSnapshot: (snapshot: Snapshot) => void;
  private connections = 0;
  private open = false;
  private loggedOff = false;

  constructor(identity: AgentIdentity, options: ReplayOptions = {}) {
    this.logger = onceLogger(options.logger ?? silentLogger);
    this.onSnapshot = options.onSnapshot ?? (() => {});
    this.state = emptyState(identity, 0);
  }

  get snapshot(): Snapshot {
    return this.state.snapshot;
  }

  get agentState(): AgentState {
    return this.state;
  }

  /** A new connection begins (its banner line, when the transcript has one). */
  connect(banner?: string): void {
    const now = this.clock.tick();
    this.connections++;
    this.open = true;
    this.loggedOff = false;
    const known = this.state.snapshot.connection.pbx;
    const amiVersion = banner ? amiVersionOf(banner) : null;
    const pbx = amiVersion && amiVersion !== known?.amiVersion ? { asteriskVersion: known?.asteriskVersion ?? null, amiVersion } : known;
    const status = this.connections > 1 ? 'reconnecting' : 'connecting';
    this.set(withConnection(this.state, { status, pbx }, now));
  }

  message(message: AmiMessage): void {
    if (!this.open) this.connect();
    const now = this.clock.tick(message);
    const kind = message.kind;
    if (kind === 'response') return this.response(message, now);
    if (kind !== 'event') return;
    const name = message.name;
    if (name === 'FullyBooted') {
      const seen = restartedBy(this.state, message);
      this.set(seen.restarted ? this.rebuild(seen.state, now) : seen.state);
      return;
    }
    if (name === 'Shutdown') {
      this.set(withConnection(this.state, { status: 'reconnecting', error: shutdownText(message) }, now));
      return;
    }
    this.set(ingest(this.state, message, now, this.logger));
  }

  /** The connection ended (the transcript's end): more follow when `final` is false. */
  end(final: boolean): void {
    this.open = false;
    const now = this.clock.tick();
    const current = this.state.snapshot.connection.status;
    if (current === 'failed') return;
    const status = final || this.loggedOff ? 'disconnected' : 'reconnecting';
    const shown = this.state.snapshot.connection;
    const kept = shown.errorPhrase ?? (shown.error === null ? null : verbatim(shown.error));
    const error = status === 'reconnecting' && !shown.error ? phrase('sync.connection-lost') : kept;
    this.set(withConnection(this.state, { status, error: this.loggedOff ? null : error }, now));
  }

  private response(message: AmiMessage, now: number): void {
    const text = message.get('Message') ?? '';
    if (message.name === 'Success' && text === 'Authentication accepted') {
      const rebuilt = this.rebuild(this.state, now);
      this.set(withConnection(rebuilt, { status: 'live', error: null }, now));
    } else if (message.name === 'Error' && text === 'Authentication failed') {
      this.set(withConnection(this.state, { status: 'failed', error: phrase('sync.login-refused') }, now));
    } else if (message.name === 'Goodbye') {
      this.loggedOff = true;
    }
  }

  private rebuild(from: AgentState, now: number): AgentState {
    return commitRebuild(from, rebuildFrom(from, now), now);
  }

  private set(next: AgentState): void {
    if (next === this.state) return;
    const before = this.state.snapshot;
    this.state = next;
    // A rebuild makes new objects with the same values: not a change anyone needs to hear of.
    if (next.snapshot !== before && JSON.stringify(next.snapshot) !== JSON.stringify(before)) this.onSnapshot(next.snapshot);
  }
}
