/**
 * The live agent engine: keeps the agent's snapshot true over an AmiConnection.
 *
 * On every login it rebuilds from emptyState (history kept): it runs QueueStatus (one per member
 * interface of the agent; for a pool agent one more unfiltered, and the Agents list), ExtensionState for the hint, DeviceStateList and CoreShowChannels,
 * applies their items, then the live events that arrived meanwhile, in order, and only then
 * shows the rebuilt picture. Until then, and while the connection is down, the last known values
 * stay on show marked stale (connection.status says why). A FullyBooted with a lower Uptime (the
 * PBX restarted under us) rebuilds again. Nothing here is ever patched onto stale state.
 *
 * A list refused because its module is not loaded yet (QueueStatus answered `Invalid/unknown
 * command` while app_queue loads after a restart) leaves the picture live with "part of the state
 * is unknown", and the sync runs again on the PBX's FullyBooted, or after a jittered backoff when
 * none comes (a user without the `system` read class never sees it).
 */
import { AmiAction } from '../ami/action.ts';
import { fullJitter, type BackoffStrategy } from '../ami/backoff.ts';
import { AmiConnectionError, AmiResponseError, AmiTimeoutError } from '../ami/errors.ts';
import { AmiMessage } from '../ami/message.ts';
import type { AmiConnection, ClientStatus } from '../ami/types.ts';
import { phrase, phraseOfError, type Phrase } from '../../shared/phrases/index.ts';
import type { ConnectionStatus, Snapshot } from '../../shared/snapshot.ts';
import { BufferedSync } from '../sync/buffered-sync.ts';
import type { AgentIdentity } from './identity.ts';
import { reduce } from './reduce.ts';
import { commitRebuild, ingest, rebuildFrom, restartedBy, shutdownText, withConnection } from './session.ts';
import type { AgentState, Logger } from './state.ts';
import { emptyState, onceLogger, silentLogger } from './state.ts';

export interface AgentEngineOptions {
  connection: AmiConnection;
  identity: AgentIdentity;
  /** ms since the epoch; default Date.now. */
  clock?: () => number;
  logger?: Logger;
  /** After a sync failed with the connection up (a list that never completed), try again after this long. Default 10 s. */
  syncRetryMs?: number;
  /**
   * Told when a sync starts holding live events, before its first list is asked for: from then on a
   * list answer is as good as one asked for by this sync (a relay shares one DeviceStateList).
   */
  onSyncStart?: () => void;
}

type Listener = (snapshot: Snapshot) => void;

export class AgentEngine {
  private state: AgentState;
  private readonly connection: AmiConnection;
  private readonly clock: () => number;
  private readonly logger: Logger;
  private readonly listeners = new Set<Listener>();
  private unsubscribe: Array<() => void> = [];
  /** Live events held back while a sync runs, and the generation that drops an overtaken sync. */
  private readonly gate = new BufferedSync<AmiMessage>();
  private everLive = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly syncRetryMs: number;
  /** FullyBooted events seen: a sync compares the count at its start and end. */
  private boots = 0;
  /** The last sync met a module not loaded yet: the next FullyBooted syncs again. */
  private awaitingBoot = false;
  /** Syncs in a row that met a module not loaded yet (the backoff's attempt number). */
  private bootRetries = 0;
  private readonly bootBackoff: BackoffStrategy;
  private readonly onSyncStart: () => void;

  constructor(options: AgentEngineOptions) {
    this.connection = options.connection;
    this.clock = options.clock ?? Date.now;
    this.logger = onceLogger(options.logger ?? silentLogger);
    this.syncRetryMs = options.syncRetryMs ?? 10_000;
    this.onSyncStart = options.onSyncStart ?? (() => {});
    this.bootBackoff = fullJitter({ baseMs: this.syncRetryMs, capMs: Math.max(this.syncRetryMs, 300_000) });
    this.state = emptyState(options.identity, this.clock());
  }

  snapshot(): Snapshot {
    return this.state.snapshot;
  }

  /** The agent's calls by Linkedid (a new map after each change): a relay routes their other legs here. */
  trackedCalls(): ReadonlyMap<string, unknown> {
    return this.state.calls;
  }

  /** Called with every new snapshot. Returns an unsubscribe. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.unsubscribe.length > 0) return;
    const c = this.connection;
    this.unsubscribe.push(
      c.onEvent((event) => this.onEvent(event)),
      c.onStatus((status, error) => this.onStatus(status, error)),
    );
    if (typeof c.onLogin === 'function') this.unsubscribe.push(c.onLogin(() => void this.sync()));
    this.onStatus(c.status, null);
    if (c.status === 'connected') void this.sync();
  }

  stop(): void {
    this.cancelRetry();
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    this.gate.overtake();
    this.set(withConnection(this.state, { status: 'disconnected' }, this.clock()));
  }

  /** Runs the initial sync now (done by itself on every login). Resolves when live, or when overtaken. */
  async sync(): Promise<void> {
    this.cancelRetry();
    const ticket = this.gate.begin();
    this.onSyncStart();
    const boots = this.boots;
    this.awaitingBoot = false;
    this.set(withConnection(this.state, { status: 'syncing' }, this.clock()));
    let building = rebuildFrom(this.state, this.clock());
    const problems: Phrase[] = [];
    let booting = false;
    // A list the PBX refused (a module not loaded yet) is a problem to report, not a failed sync.
    const tolerated = (items: Promise<AmiMessage[]>) =>
      items.catch((error: unknown) => {
        if (error instanceof AmiResponseError) {
          problems.push(error.phrase);
          booting ||= error.moduleMissing;
          return [];
        }
        throw error;
      });
    let held: AmiMessage[] | null;
    try {
      held = await this.gate.run(
        ticket,
        mapped(this.lists(), tolerated),
        (m) => (building = reduce(building, m, this.clock(), this.logger)),
      );
    } catch (error) {
      if (!this.gate.current(ticket)) return;
      // The connection went away mid-sync: onStatus shows it; the next login syncs again.
      if (error instanceof AmiConnectionError) return;
      this.gate.release();
      this.set(withConnection(this.state, { status: 'failed', error: phrase('sync.failed', { why: phraseOfError(error) }) }, this.clock()));
      // The connection is fine but a list hung: try the whole sync again rather than stay failed
      // until the next login. A drop or a newer sync (generation) cancels the retry.
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        if (this.gate.current(ticket)) void this.sync();
      }, this.syncRetryMs);
      this.retryTimer.unref?.();
      return;
    }
    if (held === null) return;
    const now = this.clock();
    for (const event of held) building = ingest(building, event, now, this.logger);
    const error = problems.length > 0 ? phrase('sync.partial', { problems: joined(problems) }) : null;
    this.everLive = true;
    this.set(withConnection(commitRebuild(this.state, { ...building, uptime: this.state.uptime }, now), { status: 'live', error }, now));
    if (booting) this.afterBootingSync(ticket, boots);
    else this.bootRetries = 0;
  }

  /** A sync met a module not loaded yet: again at once if FullyBooted came meanwhile, else on it or after a backoff. */
  private afterBootingSync(ticket: number, boots: number): void {
    if (this.boots !== boots) return void this.sync();
    this.awaitingBoot = true;
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = null;
        if (this.gate.current(ticket)) void this.sync();
      },
      this.bootBackoff(this.bootRetries++, Math.random),
    );
    this.retryTimer.unref?.();
  }

  /** The list actions of the sync, started one after the other, each as a promise of its items. */
  private *lists(): Generator<Promise<AmiMessage[]>> {
    const c = this.connection;
    const id = this.state.identity;
    for (const member of id.memberInterfaces) {
      yield c.listAction(AmiAction.build('QueueStatus', { Member: member })).then((r) => r.items);
    }
    if (id.agent !== null) {
      // A pool agent's members are found, not assumed: `Local/9001@<whatever context>` with state
      // interface Agent:9001, which no Member filter selects. Then the Agents list says whether it
      // is logged in, and on which channel, before CoreShowChannels lists that channel.
      yield c.listAction(AmiAction.build('QueueStatus')).then((r) => r.items);
      yield c.listAction(AmiAction.build('Agents')).then((r) => r.items);
    }
    yield c.action(AmiAction.build('ExtensionState', { Exten: id.extension, Context: id.hintContext })).then((r) => [asExtensionStatus(r)]);
    yield c.listAction(AmiAction.build('DeviceStateList')).then((r) => r.items);
    // The agent's own legs first: the other legs of a call can only be read once the call is known.
    let channels: AmiMessage[] = [];
    yield c.listAction(AmiAction.build('CoreShowChannels')).then((r) => {
      channels = r.items;
      return mineFirst(r.items, id);
    });
    // A call already going when we logged in: its DID is its first channel's DNID, which only Status
    // says (CoreShowChannel shows where the channel is now). Optional: a channel gone meanwhile is no problem.
    for (const channel of firstChannelsOfMine(channels, id)) {
      yield c.listAction(AmiAction.build('Status', { Channel: channel })).then(
        (r) => r.items,
        (error: unknown) => (error instanceof AmiResponseError || error instanceof AmiTimeoutError ? [] : Promise.reject(error)),
      );
    }
  }

  private onEvent(event: AmiMessage): void {
    if (event.kind !== 'event') return;
    const name = event.name;
    const now = this.clock();
    if (name === 'FullyBooted') {
      this.boots++;
      const seen = restartedBy(this.state, event);
      this.state = seen.state;
      if ((seen.restarted || this.awaitingBoot) && !this.gate.holding) void this.sync();
      return;
    }
    if (name === 'Shutdown') {
      this.gate.overtake();
      this.set(withConnection(this.state, { status: 'reconnecting', error: shutdownText(event) }, now));
      return;
    }
    if (this.gate.holding) {
      // List items reach us through listAction(); everything else waits for the lists to finish.
      if (!event.raw.includes('\r\nActionID: ')) this.gate.hold(event);
      return;
    }
    if (this.state.snapshot.connection.status !== 'live') return;
    this.set(ingest(this.state, event, now, this.logger));
  }

  private onStatus(status: ClientStatus, error: Error | null): void {
    const now = this.clock();
    let next: ConnectionStatus;
    switch (status) {
      case 'connected':
        return; // the sync (on login) says when we are live
      case 'connecting':
      case 'authenticating':
        next = this.everLive ? 'reconnecting' : 'connecting';
        break;
      case 'reconnecting':
        next = 'reconnecting';
        break;
      case 'disconnected':
      case 'closed':
        next = error ? 'failed' : 'disconnected';
        break;
      default:
        return;
    }
    this.gate.overtake();
    this.cancelRetry();
    const patch = error
      ? { status: next, error: phraseOfError(error) }
      : next === 'reconnecting'
        ? { status: next }
        : { status: next, error: null };
    this.set(withConnection(this.state, patch, now));
  }

  private cancelRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private set(next: AgentState): void {
    if (next === this.state) return;
    const changed = next.snapshot !== this.state.snapshot;
    this.state = next;
    if (!changed) return;
    for (const listener of [...this.listeners]) {
      try {
        listener(next.snapshot);
      } catch (error) {
        this.logger.warn(`a snapshot listener failed: ${messageOf(error)}`);
      }
    }
  }
}

/**
 * Phrases joined with '; ' as one phrase: halves nested, so eight problems nest only three deep
 * (a shell words a phrase to a bounded depth).
 */
function joined(parts: readonly Phrase[]): Phrase {
  if (parts.length === 1) return parts[0]!;
  const half = Math.ceil(parts.length / 2);
  return phrase('sync.and', { first: joined(parts.slice(0, half)), rest: joined(parts.slice(half)) });
}

function mineFirst(items: AmiMessage[], identity: AgentIdentity): AmiMessage[] {
  const mine = items.filter((item) => identity.isMyChannel(item.get('Channel')));
  return [...mine, ...items.filter((item) => !mine.includes(item))];
}

/** The first channel (Uniqueid = Linkedid) of each call the agent has a leg in. */
function firstChannelsOfMine(items: readonly AmiMessage[], identity: AgentIdentity): string[] {
  const calls = new Set(items.filter((item) => identity.isMyChannel(item.get('Channel'))).map((item) => item.get('Linkedid')));
  const names: string[] = [];
  for (const item of items) {
    const uid = item.get('Uniqueid');
    const name = item.get('Channel');
    if (uid && name && calls.has(uid) && item.get('Linkedid') === uid) names.push(name);
  }
  return names;
}

/** Each of the lists as `f` makes it, started one after the other as the sync asks for them. */
function* mapped<T, U>(lists: Iterable<T>, f: (list: T) => U): Generator<U> {
  for (const list of lists) yield f(list);
}

/** ExtensionState answers with a plain response; the reducer reads it as the event it describes. */
function asExtensionStatus(response: AmiMessage): AmiMessage {
  const pairs: Array<[string, string]> = [['Event', 'ExtensionStatus']];
  for (const [k, v] of response.entries()) if (k !== 'Response' && k !== 'Message') pairs.push([k, v]);
  return AmiMessage.from(pairs);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
