/**
 * The team view at a desk in relay mode: the relay's one picture of the PBX's phones and queues
 * (team-feed.ts, team-wire.ts), kept up to date from its messages, and read as this agent's
 * TeamInfo: the members of the agent's queues plus its `team.extensions`, itself left out, sorted
 * and bounded, and its queues' numbers; the same as a direct desk's TeamModel makes (colleagueOf).
 *
 * As the direct TeamModel does, a change costs what it touches: the list is rebuilt only when who
 * is in it may have changed (a member added or removed, other queues), a colleague's entry only
 * when its lamp or row changed, and a change that concerns none of this desk's colleagues or
 * queues leaves its TeamInfo as it was (the same object) and tells no one (onChange): with 500
 * desks, every one of them reads every change.
 *
 * The protocol is the snapshots' (desk-companion.ts): the whole picture on `refresh` (connect,
 * reconnect, another relay instance), then each change with seq + 1; a gap asks for the whole
 * picture again, and changes that arrive meanwhile wait for it.
 */
import { english } from '../../shared/phrases/index.ts';
import type { Colleague, QueueFigures, TeamInfo } from '../../shared/snapshot.ts';
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
  /** The last fetch failed (and said so). */
  private failing = false;
  /** The agent's queues (sorted) of the last TeamInfo made, and that TeamInfo. */
  private mine: readonly string[] | null = null;
  private team: TeamInfo | undefined;
  private readonly position = new Map<string, number>();
  /** Who is listed may have changed: rebuild the list. */
  private listDirty = true;
  /** Extensions whose lamp or row changed, and queues whose numbers changed, since the last TeamInfo. */
  private readonly touched = new Set<string>();
  private readonly queuesTouched = new Set<string>();

  constructor(private readonly options: DeskTeamOptions) {
    this.extras = new Set((options.extensions ?? []).filter((e) => EXTENSION.test(e) && e !== options.extension));
  }

  /** The agent's team as it stands, for its queues; undefined until the relay sent a picture. */
  info(myQueues: readonly string[]): TeamInfo | undefined {
    if (this.relay === undefined) return undefined;
    const mine = [...new Set(myQueues)].sort();
    const sameQueues = this.mine !== null && mine.length === this.mine.length && mine.every((q, i) => q === this.mine![i]);
    if (!sameQueues) this.listDirty = true;
    this.mine = mine;
    let members = this.team?.members;
    if (!members || this.listDirty) members = this.rebuild(mine);
    else {
      let patched: Colleague[] | null = null;
      for (const exten of this.touched) {
        const at = this.position.get(exten);
        if (at === undefined) continue;
        patched ??= members.slice();
        patched[at] = this.colleague(exten, mine);
      }
      members = patched ?? members;
    }
    let queues = this.team?.queues;
    if (!queues || !sameQueues || mine.some((q) => this.queuesTouched.has(q)))
      queues = mine.map((name) => this.figures.get(name) ?? emptyFigures(name));
    this.touched.clear();
    this.queuesTouched.clear();
    if (members !== this.team?.members || queues !== this.team?.queues) this.team = { members, queues };
    return this.team;
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
        this.failing = false;
      } catch (error) {
        this.seq = null;
        // Once until it works again: a relay older than the team view fails at every sign of life.
        if (!this.failing) this.options.logger?.warn(`desk: the team view was not fetched: ${(error as Error).message}`);
        this.failing = true;
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
      this.listDirty = true;
      for (const name of this.mine ?? []) this.queuesTouched.add(name);
    }
    for (const [exten, hint] of message.hints) {
      if (hint) this.hints.set(exten, hint);
      else this.hints.delete(exten);
      this.touched.add(exten);
    }
    for (const [queue, members] of message.members) {
      if (!members) {
        if (this.rows.delete(queue)) this.listDirty = true;
        continue;
      }
      let rows = this.rows.get(queue);
      if (!rows) this.rows.set(queue, (rows = new Map()));
      for (const [exten, row] of members) {
        // A member who joins or leaves changes who is listed; a changed row, one entry.
        if (row ? !rows.has(exten) : rows.has(exten)) this.listDirty = true;
        if (row) rows.set(exten, row);
        else rows.delete(exten);
        this.touched.add(exten);
      }
    }
    for (const [name, figures] of message.queues) {
      if (figures) this.figures.set(name, figures);
      else this.figures.delete(name);
      this.queuesTouched.add(name);
    }
    this.seq = message.seq;
    this.relay = message.relay;
    // Told only when this desk's team changed (a first picture always counts).
    const before = this.team;
    if (this.mine === null || this.info(this.mine) !== before) this.options.onChange();
  }

  private rebuild(mine: readonly string[]): Colleague[] {
    const who = new Set(this.extras);
    for (const queue of mine) for (const exten of this.rows.get(queue)?.keys() ?? []) who.add(exten);
    who.delete(this.options.extension);
    const listed = [...who].sort(byExtension).slice(0, this.options.maxMembers ?? DEFAULT_MAX_MEMBERS);
    this.position.clear();
    listed.forEach((exten, i) => this.position.set(exten, i));
    this.listDirty = false;
    return listed.map((exten) => this.colleague(exten, mine));
  }

  private colleague(exten: string, mine: readonly string[]): Colleague {
    return colleagueOf(exten, mine, (queue) => this.rows.get(queue)?.get(exten), this.hints.get(exten));
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
