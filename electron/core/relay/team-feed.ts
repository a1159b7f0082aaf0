/**
 * The relay's one team view for the whole PBX (issue 18 in relay mode): one TeamModel fed from the
 * relay's one AMI stream, whatever the number of desks, published on TEAM_SUBJECT for every desk
 * (team-wire.ts); each desk filters it down to its own queues and colleagues (desk-team.ts). So a
 * desk costs the PBX no list and no event of its own for its team view.
 *
 * Snapshot, then changes (DESIGN.md), as the direct TeamEngine: on every login and on FullyBooted
 * (hints report their real state only once booted) it reads QueueStatus (shared with the agents'
 * syncs: shared-lists.ts) and ExtensionStateList into a fresh model, holding live events meanwhile.
 * Changes are published at most once per `coalesceMs` (250 ms): a ring-all call to 500 members is
 * 500 ExtensionStatus in a burst, and each message is read by every desk (measured with
 * `npm run bench -- relay`, 500 desks in one process: at 100 ms the team's messages delayed a
 * ring's pop more than at 250). Only what differs from what was
 * last published goes out, so an event costs the relay a map update, and a publish one pass over
 * the PBX's phones and members.
 */
import { AmiAction } from '../ami/action.ts';
import type { AmiMessage } from '../ami/message.ts';
import type { AmiConnection } from '../ami/types.ts';
import { BufferedSync } from '../sync/buffered-sync.ts';
import { sameRow, TEAM_EVENTS, TeamModel, type Hint, type MemberRow } from '../team/model.ts';
import type { QueueFigures } from '../../shared/snapshot.ts';
import type { SharedLists } from './shared-lists.ts';
import { encodeTeam, type TeamChanges } from './team-wire.ts';

const QUEUE_STATUS = AmiAction.build('QueueStatus');
const EXTENSION_STATES = AmiAction.build('ExtensionStateList');

export interface TeamFeedOptions {
  connection: AmiConnection;
  lists: SharedLists;
  /** The context of the phones' hints (identity's hintContext, `ext-local` by default). */
  hintContext: string;
  /** This relay's instance id (wire.ts): a desk's seq counts within it. */
  instance: string;
  /** Publishes a team message on TEAM_SUBJECT. */
  publish: (data: string) => void;
  /** Changes within this long are published together. Default 250 ms (each message is read by every desk). */
  coalesceMs?: number;
  clock?: () => number;
  logger?: { warn(message: string): void };
}

export class TeamFeed {
  private model: TeamModel;
  private readonly gate = new BufferedSync<AmiMessage>();
  private readonly clock: () => number;
  private seq = 1;
  /** What desks were last told: the model's own (immutable) entries, and each queue's figures with their JSON. */
  private readonly sentHints = new Map<string, Hint>();
  private readonly sentRows = new Map<string, Map<string, MemberRow>>();
  private readonly sentQueues = new Map<string, { figures: QueueFigures; json: string }>();
  private pending: ReturnType<typeof setTimeout> | null = null;
  /** The whole picture as last encoded, for its seq: 500 desks asking at once cost one encoding. */
  private wholeJson: { seq: number; json: string } | null = null;
  private readonly off: Array<() => void> = [];

  constructor(private readonly options: TeamFeedOptions) {
    this.clock = options.clock ?? Date.now;
    this.model = this.freshModel();
  }

  start(): void {
    const c = this.options.connection;
    this.off.push(
      c.onEvent((event) => this.onEvent(event)),
      c.onLogin(() => void this.sync()),
      c.onStatus((status) => status !== 'connected' && this.gate.overtake()),
    );
    if (c.status === 'connected') void this.sync();
  }

  stop(): void {
    for (const off of this.off.splice(0)) off();
    this.gate.overtake();
    if (this.pending) clearTimeout(this.pending);
    this.pending = null;
  }

  /** The whole picture for a desk that asks (after publishing what waited, so its seq is current). */
  whole(): string {
    this.publish();
    if (this.wholeJson?.seq === this.seq) return this.wholeJson.json;
    const json = encodeTeam({
      seq: this.seq,
      relay: this.options.instance,
      whole: true,
      hints: this.sentHints,
      members: this.sentRows,
      queues: new Map([...this.sentQueues].map(([name, sent]) => [name, sent.figures])),
    });
    this.wholeJson = { seq: this.seq, json };
    return json;
  }

  private onEvent(event: AmiMessage): void {
    if (event.kind !== 'event') return;
    if (event.name === 'FullyBooted') return void this.sync();
    if (!TEAM_EVENTS.has(event.name)) return;
    if (this.gate.holding) {
      // List items reach the sync through listAction(); everything else waits for it.
      if (!event.raw.includes('\r\nActionID: ')) this.gate.hold(event);
      return;
    }
    this.model.apply(event, this.clock());
    this.publishSoon();
  }

  private async sync(): Promise<void> {
    const ticket = this.gate.begin();
    const building = this.freshModel();
    const fold = (item: AmiMessage) => void building.apply(item, this.clock());
    const { connection, lists, logger } = this.options;
    // A list the PBX refuses (a module not loaded) leaves that part unknown, as in direct mode.
    const tolerated = (list: Promise<{ items: AmiMessage[] }>) =>
      list.then(
        (r) => r.items,
        (error: unknown) => {
          if (this.gate.current(ticket)) logger?.warn(`relay: team view: ${String(error)}`);
          return [];
        },
      );
    const held = await this.gate.run(
      ticket,
      [tolerated(lists.listAction(QUEUE_STATUS, lists.mark())), tolerated(connection.listAction(EXTENSION_STATES))],
      fold,
    );
    if (held === null) return;
    for (const event of held) fold(event);
    this.model = building;
    this.publishSoon();
  }

  private publishSoon(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => this.publish(), this.options.coalesceMs ?? 250);
    this.pending.unref?.();
  }

  /** What changed since the last message, published with seq + 1 (nothing when nothing did). */
  private publish(): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = null;
    const changes = this.changes();
    if (changes.hints.size + changes.members.size + changes.queues.size === 0) return;
    this.options.publish(encodeTeam({ seq: ++this.seq, relay: this.options.instance, whole: false, ...changes }));
  }

  /** The model against what was sent; what was sent is brought up to date. */
  private changes(): TeamChanges {
    const { hints, rows, queues } = this.model.facts();
    const changes: TeamChanges = { hints: new Map(), members: new Map(), queues: new Map() };
    for (const [exten, hint] of hints) {
      const sent = this.sentHints.get(exten);
      if (sent === hint || (sent && sent.state === hint.state && sent.since === hint.since)) continue;
      this.sentHints.set(exten, hint);
      changes.hints.set(exten, hint);
    }
    for (const exten of this.sentHints.keys())
      if (!hints.has(exten)) {
        this.sentHints.delete(exten);
        changes.hints.set(exten, null);
      }
    for (const [queue, members] of rows) {
      let sentMembers = this.sentRows.get(queue);
      if (!sentMembers) this.sentRows.set(queue, (sentMembers = new Map()));
      const changed = new Map<string, MemberRow | null>();
      for (const [exten, row] of members) {
        const sent = sentMembers.get(exten);
        if (sent === row || (sent && sameRow(sent, row))) continue;
        sentMembers.set(exten, row);
        changed.set(exten, row);
      }
      for (const exten of sentMembers.keys())
        if (!members.has(exten)) {
          sentMembers.delete(exten);
          changed.set(exten, null);
        }
      if (changed.size > 0) changes.members.set(queue, changed);
    }
    for (const queue of this.sentRows.keys())
      if (!rows.has(queue)) {
        this.sentRows.delete(queue);
        changes.members.set(queue, null);
      }
    const now = this.clock();
    for (const name of queues) {
      const figures = this.model.queueFigures(name, now);
      const json = JSON.stringify(figures);
      if (this.sentQueues.get(name)?.json === json) continue;
      this.sentQueues.set(name, { figures, json });
      changes.queues.set(name, figures);
    }
    for (const name of this.sentQueues.keys())
      if (!queues.includes(name)) {
        this.sentQueues.delete(name);
        changes.queues.set(name, null);
      }
    return changes;
  }

  /** The whole PBX: no agent of its own (no one left out), no queue of its own. */
  private freshModel(): TeamModel {
    return new TeamModel({ extension: '', hintContext: this.options.hintContext, logger: this.options.logger });
  }
}
