/**
 * The live team view over the agent's AMI connection: snapshot, then changes (DESIGN.md), like the
 * agent engine. Each time the agent's picture goes live (every login, a PBX restart) or its queues
 * change, it reads QueueStatus and QueueSummary of each of the agent's queues and ExtensionStateList
 * into a fresh TeamModel, holding live events meanwhile, then applies those and shows the result.
 * Between syncs every event goes to the model; listeners hear of a team that changed, at most once
 * per `coalesceMs`: a ring-all call to 500 members is 500 ExtensionStatus in a burst, and each
 * showing is a whole snapshot for every shell.
 *
 * After a sync has shown its team, colleagues that nothing names yet (a `team.extensions` colleague,
 * a member whose MemberName is its interface) get their phone's caller ID name from the PBX: one
 * endpoint at a time, at most NAME_LOOKUPS per sync, each endpoint once per engine. A PBX that
 * refuses the action (no `system` right, no such module) is not asked again.
 */
import { AmiAction } from '../ami/action.ts';
import { AmiResponseError } from '../ami/errors.ts';
import type { AmiMessage } from '../ami/message.ts';
import type { AmiConnection } from '../ami/types.ts';
import type { Snapshot, TeamInfo } from '../../shared/snapshot.ts';
import { BufferedSync } from '../sync/buffered-sync.ts';
import type { AgentIdentity } from '../agent/identity.ts';
import { endpointNameLookup, type EndpointNameLookup } from './endpoint-name.ts';
import { INDEX_LIMIT, TeamModel } from './model.ts';

/** Endpoints asked for their name at most per sync: a bounded cost whatever the team's size. */
export const NAME_LOOKUPS = 50;

export interface TeamSettings {
  /** Colleagues besides the members of the agent's queues (settings team.extensions). */
  extensions?: readonly string[];
  /** The most colleagues listed (settings team.maxMembers). */
  maxMembers?: number;
}

export interface TeamEngineOptions extends TeamSettings {
  connection: AmiConnection;
  identity: AgentIdentity;
  /** The agent's picture: when it goes live the team syncs; its queues are the team's. */
  agent: { snapshot(): Snapshot; subscribe(listener: (snapshot: Snapshot) => void): () => void };
  clock?: () => number;
  logger?: { warn(message: string): void };
  /** Changes within this long are shown together (default 100 ms; 0: each at once). */
  coalesceMs?: number;
}

export class TeamEngine {
  private model: TeamModel;
  private shown: TeamInfo;
  private readonly gate = new BufferedSync<AmiMessage>();
  private readonly listeners = new Set<(team: TeamInfo) => void>();
  private readonly clock: () => number;
  private off: Array<() => void> = [];
  /** The agent's queues the last sync read, or null when a sync is due at the next live picture. */
  private synced: string | null = null;
  private waiting: Array<() => void> = [];
  private pending: ReturnType<typeof setTimeout> | null = null;
  /** How to ask an endpoint its name; null once the PBX refused it (or for a technology without one). */
  private lookup: EndpointNameLookup | null;
  /** Endpoints asked, with the name each answered ('' for none): seeds each fresh model. */
  private readonly looked = new Map<string, string>();

  constructor(private readonly options: TeamEngineOptions) {
    this.clock = options.clock ?? Date.now;
    this.lookup = endpointNameLookup(options.identity.device);
    this.model = this.freshModel([]);
    this.shown = this.model.info(this.clock());
  }

  /** The team as of the last change. */
  info(): TeamInfo {
    return this.shown;
  }

  /** Resolves once the next sync has shown its team (a one-shot reader such as the `team` verb). */
  whenSynced(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  subscribe(listener: (team: TeamInfo) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.off.length > 0) return;
    this.off.push(
      this.options.connection.onEvent((event) => this.onEvent(event)),
      this.options.agent.subscribe((snapshot) => this.onAgent(snapshot)),
    );
    this.onAgent(this.options.agent.snapshot());
  }

  stop(): void {
    for (const off of this.off) off();
    this.off = [];
    this.gate.overtake();
    if (this.pending) clearTimeout(this.pending);
    this.pending = null;
  }

  private onAgent(snapshot: Snapshot): void {
    if (snapshot.connection.status !== 'live') {
      this.synced = null;
      return;
    }
    const queues = snapshot.queues.map((q) => q.name);
    const key = queues.join('\n');
    if (key === this.synced) return;
    this.synced = key;
    void this.sync(queues);
  }

  /** Reads the lists into a fresh model, then shows it (a newer sync or a drop overtakes this one). */
  private async sync(queues: readonly string[]): Promise<void> {
    const ticket = this.gate.begin();
    const building = this.freshModel(queues);
    const fold = (item: AmiMessage) => void building.apply(item, this.clock());
    let held: AmiMessage[] | null;
    try {
      held = await this.gate.run(ticket, this.lists(queues), fold);
    } catch {
      // The connection dropped: the next live picture syncs again.
      if (this.gate.current(ticket)) this.gate.release();
      return;
    }
    if (held === null) return;
    for (const event of held) fold(event);
    this.model = building;
    this.show();
    for (const resolve of this.waiting.splice(0)) resolve();
    await this.askNames(building);
  }

  /** Asks the PBX the names of colleagues still unnamed, one at a time, while `model` is the one shown. */
  private async askNames(model: TeamModel): Promise<void> {
    const unnamed = this.shown.members.filter((m) => !m.name && !this.looked.has(m.extension)).slice(0, NAME_LOOKUPS);
    for (const { extension } of unnamed) {
      const stopped = this.off.length === 0;
      if (stopped || !this.lookup || this.model !== model || this.looked.size >= INDEX_LIMIT) return;
      let name: string;
      try {
        name = await this.lookup(this.options.connection, extension);
      } catch (error) {
        if (!(error instanceof AmiResponseError)) return; // the connection dropped: the next sync asks again
        if (error.permissionDenied || error.unknownAction) {
          this.options.logger?.warn(`team view: colleagues' names from the PBX: ${error.message}`);
          this.lookup = null;
          return;
        }
        name = ''; // no such endpoint
      }
      this.looked.set(extension, name);
      if (this.model === model && model.setPhoneName(extension, name)) this.show();
    }
  }

  private *lists(queues: readonly string[]): Generator<Promise<readonly AmiMessage[]>> {
    const c = this.options.connection;
    for (const queue of queues) {
      yield this.tolerated(c.listAction(AmiAction.build('QueueStatus', { Queue: queue })));
      yield this.tolerated(c.listAction(AmiAction.build('QueueSummary', { Queue: queue })));
    }
    yield this.tolerated(c.listAction(AmiAction.build('ExtensionStateList')));
  }

  /** A list the PBX refuses (a module not loaded, no permission) leaves that part of the team unknown. */
  private tolerated(list: Promise<{ items: AmiMessage[] }>): Promise<readonly AmiMessage[]> {
    return list.then(
      (r) => r.items,
      (error: unknown) => {
        if (!(error instanceof AmiResponseError)) throw error;
        this.options.logger?.warn(`team view: ${error.message}`);
        return [];
      },
    );
  }

  private onEvent(event: AmiMessage): void {
    if (event.kind !== 'event') return;
    if (this.gate.holding) {
      // List items reach the sync through listAction(); everything else waits for it.
      if (!event.raw.includes('\r\nActionID: ')) this.gate.hold(event);
      return;
    }
    if (!this.model.apply(event, this.clock()) || this.pending) return;
    const ms = this.options.coalesceMs ?? 100;
    if (ms <= 0) return this.show();
    this.pending = setTimeout(() => this.show(), ms);
    this.pending.unref?.();
  }

  private show(): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = null;
    const next = this.model.info(this.clock());
    if (next === this.shown) return;
    this.shown = next;
    for (const listener of [...this.listeners]) listener(next);
  }

  private freshModel(queues: readonly string[]): TeamModel {
    const { identity, extensions, maxMembers, logger } = this.options;
    const model = new TeamModel({ extension: identity.extension, hintContext: identity.hintContext, extensions, maxMembers, logger });
    model.setMyQueues(queues);
    for (const [exten, name] of this.looked) model.setPhoneName(exten, name);
    return model;
  }
}
