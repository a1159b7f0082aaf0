/**
 * The team view at a desk in relay mode: the relay's one picture of the PBX's phones and queues
 * (team-feed.ts, team-wire.ts), kept up to date from its messages, and read as this agent's
 * TeamInfo: the members of the agent's queues plus its `team.extensions`, itself left out, sorted
 * and bounded, and its queues' numbers; the same as a direct desk's TeamModel makes (colleagueOf).
 *
 * The protocol is the snapshots' (desk-companion.ts): the whole picture on `refresh` (connect,
 * reconnect, another relay instance), then each change with seq + 1; a gap asks for the whole
 * picture again, and changes that arrive meanwhile wait for it.
 */
import { english } from '../../shared/phrases/index.ts';
import type { QueueFigures, TeamInfo } from '../../shared/snapshot.ts';
import { EXTENSION } from '../../shared/fields.ts';
import { byExtension, colleagueOf, DEFAULT_MAX_MEMBERS, type Hint, type MemberRow } from '../team/model.ts';
import type { TeamSettings } from '../team/engine.ts';
import { decodeTeam, type TeamMessage } from './team-wire.ts';

export interface DeskTeamOptions extends TeamSettings {
  /** The desk's own extension: never its own colleague. */
  extension: string;
  /** Asks the relay for the whole picture (TEAM_GET); rejects when it cannot answer. */
  fetch: () => Promise<Uint8Array>;
  /** The team changed: the shells should see it. */
  onChange: () => void;
  logger?: { warn(message: string): void };
}

export class DeskTeam {
  private readonly hints = new Map<string, Hint>();
  private readonly rows = new Map<string, Map<string, MemberRow>>();
  private readonly figures = new Map<string, QueueFigures>();
  private readonly extras: ReadonlySet<string>;
  /** The seq of what is held, within relay instance `relay`; null until a whole picture came. */
  private seq: number | null = null;
  private relay: string | undefined;
  private fetching: Promise<void> | null = null;
  private held: Uint8Array[] | null = null;
  /** The last TeamInfo made, and for which queues; rebuilt when either changes. */
  private shown: { key: string; team: TeamInfo } | null = null;

  constructor(private readonly options: DeskTeamOptions) {
    this.extras = new Set((options.extensions ?? []).filter((e) => EXTENSION.test(e) && e !== options.extension));
  }

  /** The agent's team as it stands, for its queues; undefined until the relay sent a picture. */
  info(myQueues: readonly string[]): TeamInfo | undefined {
    if (this.relay === undefined) return undefined;
    const mine = [...new Set(myQueues)].sort();
    const key = mine.join('\n');
    if (this.shown?.key === key) return this.shown.team;
    const who = new Set(this.extras);
    for (const queue of mine) for (const exten of this.rows.get(queue)?.keys() ?? []) who.add(exten);
    who.delete(this.options.extension);
    const listed = [...who].sort(byExtension).slice(0, this.options.maxMembers ?? DEFAULT_MAX_MEMBERS);
    const team: TeamInfo = {
      members: listed.map((exten) => colleagueOf(exten, mine, (queue) => this.rows.get(queue)?.get(exten), this.hints.get(exten))),
      queues: mine.map((name) => this.figures.get(name) ?? emptyFigures(name)),
    };
    this.shown = { key, team };
    return team;
  }

  /** A message published on TEAM_SUBJECT. */
  published(data: Uint8Array): void {
    if (this.held) return void this.held.push(data);
    const message = decodeTeam(data);
    if ('error' in message) return this.options.logger?.warn(`desk: a team message was not read: ${english(message.error)}`);
    if (this.seq !== null && message.relay === this.relay && message.seq === this.seq + 1) return this.apply(message);
    if (this.seq !== null && message.relay === this.relay && message.seq <= this.seq) return;
    void this.refresh();
  }

  /** The relay's sign of life: from another instance, or while no picture is held, ask for it. */
  alive(instance: string): void {
    if (this.seq === null || instance !== this.relay) void this.refresh();
  }

  /** Asks for the whole picture; a failure keeps the last one and waits for the next sign of life. */
  refresh(): Promise<void> {
    if (this.fetching) return this.fetching;
    this.held = [];
    this.fetching = (async () => {
      try {
        const message = decodeTeam(await this.options.fetch());
        if ('error' in message) throw new Error(english(message.error));
        this.apply(message);
      } catch (error) {
        this.seq = null;
        this.options.logger?.warn(`desk: the team view was not fetched: ${(error as Error).message}`);
      } finally {
        this.fetching = null;
        const waiting = this.held ?? [];
        this.held = null;
        for (const data of waiting) this.published(data);
      }
    })();
    return this.fetching;
  }

  private apply(message: TeamMessage): void {
    if (message.whole) {
      this.hints.clear();
      this.rows.clear();
      this.figures.clear();
    }
    for (const [exten, hint] of message.hints) {
      if (hint) this.hints.set(exten, hint);
      else this.hints.delete(exten);
    }
    for (const [queue, members] of message.members) {
      if (!members) {
        this.rows.delete(queue);
        continue;
      }
      let rows = this.rows.get(queue);
      if (!rows) this.rows.set(queue, (rows = new Map()));
      for (const [exten, row] of members) {
        if (row) rows.set(exten, row);
        else rows.delete(exten);
      }
    }
    for (const [name, figures] of message.queues) {
      if (figures) this.figures.set(name, figures);
      else this.figures.delete(name);
    }
    this.seq = message.seq;
    this.relay = message.relay;
    this.shown = null;
    this.options.onChange();
  }
}

/** A queue the relay has no numbers for (yet): nothing waiting, nothing counted. */
function emptyFigures(name: string): QueueFigures {
  return {
    name,
    callsWaiting: 0,
    longestWaitSeconds: 0,
    oldestCallerSince: null,
    answered: 0,
    abandoned: 0,
    serviceLevel: null,
    available: 0,
    paused: 0,
    busy: 0,
  };
}
