/**
 * The team view's model (issue 18): the agent's colleagues (the members of its queues, plus the
 * extensions the settings list) with their phones' states and pauses, and its queues' live numbers.
 * Fed every AMI event and list item in the order they came (apply), read as the snapshot's `team`
 * (info). Same input, same output: time comes in with each event.
 *
 * Unlike the agent's reducer it keeps mutable indexes, because a PBX with thousands of extensions
 * reports every hint: an event that changes one colleague costs one copy of the members array (its
 * pointers), an event that changes none costs a map lookup, and the list is rebuilt and sorted only
 * when who is in it changes (test/bench/cases/team.ts measures both).
 */
import { EXTENSION } from '../../shared/fields.ts';
import { printable } from '../../shared/control-characters.ts';
import type { Colleague, ColleagueState, QueueFigures, TeamInfo } from '../../shared/snapshot.ts';
import type { AmiMessage } from '../ami/message.ts';

export interface TeamOptions {
  /** The agent's own extension: never listed as its own colleague. */
  extension: string;
  /** The context of the phones' hints (`ext-local`): a hint in another context is not the phone. */
  hintContext: string;
  /** Colleagues listed even when they are in none of the agent's queues (settings team.extensions). */
  extensions?: readonly string[];
  /** The most colleagues listed, the first by extension (settings team.maxMembers). */
  maxMembers?: number;
  logger?: { warn(message: string): void };
}

export const DEFAULT_MAX_MEMBERS = 1000;
/** Hints and queue members remembered at most: a bound on memory whatever the PBX sends. */
export const INDEX_LIMIT = 50_000;
/** A member's name as shown is cut to this many characters. */
const NAME_MAX = 80;

/** ExtensionStatus Status (a bit mask in Asterisk) as a colleague's lamp; any other number is 'unknown'. */
const HINT_STATE: Readonly<Record<string, ColleagueState>> = {
  '0': 'idle',
  '1': 'inuse',
  '2': 'inuse', // busy
  '4': 'unavailable',
  '8': 'ringing',
  '9': 'inuse', // in use, and a second call rings
  '16': 'onhold',
  '17': 'onhold', // in use and on hold
};

/** QueueMember Status (AST_DEVICE_*) as a lamp, for a colleague whose hint the PBX did not report. */
const MEMBER_STATE: readonly ColleagueState[] = [
  'unknown',
  'idle',
  'inuse',
  'inuse',
  'unknown',
  'unavailable',
  'ringing',
  'inuse',
  'onhold',
];

/** A queue member as the PBX last reported it (the relay sends these to desks: relay/team-feed.ts). */
export interface MemberRow {
  readonly name: string;
  /** AST_DEVICE_* as QueueMember Status says it. */
  readonly status: number;
  readonly paused: boolean;
  readonly reason: string;
}

/** A phone's lamp from its hint, and since when it is on a call. */
export interface Hint {
  readonly state: ColleagueState;
  readonly since: number | null;
}

interface QueueNumbers {
  calls: number;
  completed: number;
  abandoned: number;
  serviceLevel: number | null;
  /** Callers waiting, by Uniqueid: when each joined (ms). */
  readonly callers: Map<string, number>;
  /** QueueSummary's LongestHoldTime, as a join time, for callers not listed one by one. */
  oldestFromSummary: number | null;
}

const onCall = (state: ColleagueState) => state === 'inuse' || state === 'onhold';
/** Extensions in the order people read them (1002 before 1010). */
export const byExtension = new Intl.Collator('en', { numeric: true }).compare;

/**
 * The events that change lamps, pauses and queue numbers. `apply` also reads Newchannel and
 * NewCallerid for colleagues' names; the relay leaves those out (its ingest stays cheap).
 */
export const TEAM_EVENTS: ReadonlySet<string> = new Set([
  'ExtensionStatus',
  'QueueMember',
  'QueueMemberAdded',
  'QueueMemberStatus',
  'QueueMemberPause',
  'QueueMemberPaused',
  'QueueMemberRemoved',
  'QueueParams',
  'QueueSummary',
  'QueueEntry',
  'QueueCallerJoin',
  'QueueCallerLeave',
  'QueueCallerAbandon',
  'AgentComplete',
]);

export class TeamModel {
  private readonly self: string;
  private readonly hintContext: string;
  private readonly extras: ReadonlySet<string>;
  private readonly maxMembers: number;
  private readonly logger: { warn(message: string): void };

  /** Every hint seen in the hint context, by extension. */
  private readonly hints = new Map<string, Hint>();
  /** Every queue's members seen, by queue then extension. */
  private readonly rows = new Map<string, Map<string, MemberRow>>();
  private rowCount = 0;
  private readonly numbers = new Map<string, QueueNumbers>();
  /** The caller ID names of colleagues' phones, by extension: for those no queue row names. */
  private readonly phoneNames = new Map<string, string>();
  /** The agent's queues, sorted. */
  private mine: readonly string[] = [];

  private members: Colleague[] = [];
  private readonly position = new Map<string, number>();
  private figures: QueueFigures[] = [];
  private shown: TeamInfo = { members: [], queues: [] };
  /** Who is listed may have changed: rebuild the list. */
  private listDirty = false;
  /** Colleagues listed whose lamp or pause may have changed. */
  private readonly colleaguesDirty = new Set<string>();
  private queuesDirty = false;
  private warnedFull = false;

  constructor(options: TeamOptions) {
    this.self = options.extension;
    this.hintContext = options.hintContext;
    this.extras = new Set((options.extensions ?? []).filter((e) => EXTENSION.test(e) && e !== options.extension));
    this.maxMembers = options.maxMembers ?? DEFAULT_MAX_MEMBERS;
    this.logger = options.logger ?? { warn: () => {} };
    this.listDirty = this.extras.size > 0;
  }

  /** The agent's queues (from its own picture): their members are its colleagues, their numbers shown. */
  setMyQueues(names: readonly string[]): boolean {
    const sorted = [...new Set(names)].sort();
    if (sorted.length === this.mine.length && sorted.every((n, i) => n === this.mine[i])) return false;
    this.mine = sorted;
    this.listDirty = true;
    this.queuesDirty = true;
    return true;
  }

  /** One event or list item in. True when the team as shown may have changed. */
  apply(message: AmiMessage, now: number): boolean {
    if (message.kind !== 'event') return false;
    switch (message.name) {
      case 'ExtensionStatus':
        return this.hint(message, now);
      case 'QueueMember':
      case 'QueueMemberAdded':
      case 'QueueMemberStatus':
      case 'QueueMemberPause':
      case 'QueueMemberPaused':
        return this.member(message);
      case 'QueueMemberRemoved':
        return this.memberRemoved(message);
      case 'QueueParams':
        return this.params(message);
      case 'QueueSummary':
        return this.summary(message, now);
      case 'QueueEntry':
      case 'QueueCallerJoin':
      case 'QueueCallerLeave':
        return this.caller(message, now);
      case 'QueueCallerAbandon':
        return this.count(message.get('Queue'), 'abandoned');
      case 'AgentComplete':
        return this.count(message.get('Queue'), 'completed');
      case 'Newchannel':
      case 'NewCallerid':
        return this.channelName(message);
      default:
        return false;
    }
  }

  /** The team as the snapshot shows it: the same object until something in it changed. */
  info(now: number): TeamInfo {
    if (!this.listDirty && this.colleaguesDirty.size === 0 && !this.queuesDirty) return this.shown;
    if (this.listDirty) this.rebuildList();
    else if (this.colleaguesDirty.size > 0) this.patchList();
    this.colleaguesDirty.clear();
    if (this.queuesDirty) this.figures = this.mine.map((name) => this.queueFigures(name, now));
    this.queuesDirty = false;
    this.shown = { members: this.members, queues: this.figures };
    return this.shown;
  }

  /**
   * The caller ID name the PBX gives the phone of `exten`: from the phone's own channel, or from its
   * endpoint's settings (the engine asks). Ignored when it names nobody. True when the team as shown may have changed.
   */
  setPhoneName(exten: string, name: string): boolean {
    const shown = phoneName(name, exten);
    if (shown === null || this.phoneNames.get(exten) === shown) return false;
    if (!this.phoneNames.has(exten) && this.phoneNames.size >= INDEX_LIMIT) return false;
    this.phoneNames.set(exten, shown);
    return this.touched(exten, false);
  }

  /** What the PBX said, for every hint and queue (the relay's one model for all desks: relay/team-feed.ts). */
  facts(): { hints: ReadonlyMap<string, Hint>; rows: ReadonlyMap<string, ReadonlyMap<string, MemberRow>>; queues: string[] } {
    return { hints: this.hints, rows: this.rows, queues: [...new Set([...this.rows.keys(), ...this.numbers.keys()])] };
  }

  private hint(m: AmiMessage, now: number): boolean {
    const exten = m.get('Exten');
    const context = m.get('Context');
    if (!exten || (context !== undefined && context !== this.hintContext)) return false;
    // After a restart every hint reports 4 with an empty Hint until FullyBooted: not the phone's word.
    if (m.get('Hint') === '') return false;
    const state = HINT_STATE[m.get('Status') ?? ''] ?? 'unknown';
    const before = this.hints.get(exten);
    if (before?.state === state) return false;
    if (!before && !this.room()) return false;
    const since = onCall(state) ? (before && onCall(before.state) ? before.since : now) : null;
    this.hints.set(exten, { state, since });
    return this.touched(exten, false);
  }

  /** A phone's own channel (`PJSIP/1002-00000002`) carries its caller ID while the number is still the phone's. */
  private channelName(m: AmiMessage): boolean {
    const exten = /^(?:PJSIP|SIP|IAX2)\/(.+)-[^-/]+$/.exec(m.get('Channel') ?? '')?.[1];
    if (exten === undefined || m.get('CallerIDNum') !== exten) return false;
    return this.setPhoneName(exten, m.get('CallerIDName') ?? '');
  }

  private member(m: AmiMessage): boolean {
    const queue = m.get('Queue');
    const exten = extensionOfMember(m.get('Interface') ?? m.get('Location'), m.get('StateInterface'));
    if (!queue || exten === null) return false;
    let members = this.rows.get(queue);
    const before = members?.get(exten);
    if (!before && !this.room()) return false;
    const status = Number(m.get('Status'));
    const paused = m.get('Paused');
    const name = m.get('MemberName') ?? m.get('Name');
    const row: MemberRow = {
      name: name === undefined ? (before?.name ?? '') : printable(name).slice(0, NAME_MAX),
      status: Number.isInteger(status) ? status : (before?.status ?? 0),
      paused: paused === undefined ? (before?.paused ?? false) : paused === '1' || paused.toLowerCase() === 'true',
      reason: printable(m.get('PausedReason') ?? before?.reason ?? '').slice(0, NAME_MAX),
    };
    if (before && sameRow(before, row)) return false;
    if (!members) this.rows.set(queue, (members = new Map()));
    members.set(exten, row);
    if (!before) this.rowCount++;
    if (!this.mine.includes(queue)) return false;
    this.queuesDirty = true;
    return this.touched(exten, !before);
  }

  private memberRemoved(m: AmiMessage): boolean {
    const queue = m.get('Queue');
    const exten = extensionOfMember(m.get('Interface') ?? m.get('Location'), m.get('StateInterface'));
    if (!queue || exten === null || !this.rows.get(queue)?.delete(exten)) return false;
    this.rowCount--;
    if (!this.mine.includes(queue)) return false;
    this.queuesDirty = true;
    return this.touched(exten, true);
  }

  private params(m: AmiMessage): boolean {
    const q = this.queueNumbers(m.get('Queue'));
    if (!q) return false;
    q.calls = count(m.get('Calls')) ?? q.calls;
    q.completed = count(m.get('Completed')) ?? q.completed;
    q.abandoned = count(m.get('Abandoned')) ?? q.abandoned;
    const level = Number(m.get('ServicelevelPerf'));
    q.serviceLevel = m.get('ServicelevelPerf') !== undefined && Number.isFinite(level) ? level : q.serviceLevel;
    return this.queueTouched(m.get('Queue')!);
  }

  private summary(m: AmiMessage, now: number): boolean {
    const q = this.queueNumbers(m.get('Queue'));
    if (!q) return false;
    const longest = count(m.get('LongestHoldTime'));
    q.calls = count(m.get('Callers')) ?? q.calls;
    q.oldestFromSummary = longest !== undefined && q.calls > 0 ? now - longest * 1000 : null;
    return this.queueTouched(m.get('Queue')!);
  }

  private caller(m: AmiMessage, now: number): boolean {
    const q = this.queueNumbers(m.get('Queue'));
    const uid = m.get('Uniqueid');
    if (!q || !uid) return false;
    if (m.name === 'QueueCallerLeave') q.callers.delete(uid);
    else if (!q.callers.has(uid) && q.callers.size < INDEX_LIMIT) {
      const wait = m.name === 'QueueEntry' ? (count(m.get('Wait')) ?? 0) : 0;
      q.callers.set(uid, now - wait * 1000);
    }
    // Join and Leave carry the queue's count after the change (a QueueEntry is one of Calls).
    if (m.name !== 'QueueEntry') q.calls = count(m.get('Count')) ?? q.callers.size;
    q.oldestFromSummary = null;
    return this.queueTouched(m.get('Queue')!);
  }

  private count(queue: string | undefined, field: 'completed' | 'abandoned'): boolean {
    const q = this.queueNumbers(queue);
    if (!q) return false;
    q[field]++;
    return this.queueTouched(queue!);
  }

  private queueNumbers(name: string | undefined): QueueNumbers | undefined {
    if (!name) return undefined;
    let q = this.numbers.get(name);
    if (!q && this.numbers.size < INDEX_LIMIT) {
      q = { calls: 0, completed: 0, abandoned: 0, serviceLevel: null, callers: new Map(), oldestFromSummary: null };
      this.numbers.set(name, q);
    }
    return q;
  }

  private queueTouched(name: string): boolean {
    if (!this.mine.includes(name)) return false;
    this.queuesDirty = true;
    return true;
  }

  /** A colleague's row or hint changed; `joined` when it may have joined or left the list. */
  private touched(exten: string, joined: boolean): boolean {
    if (exten === this.self) return false;
    if (joined || this.listDirty) {
      this.listDirty = true;
      return true;
    }
    if (!this.position.has(exten)) return false;
    this.colleaguesDirty.add(exten);
    return true;
  }

  /** Room for one more hint or member row. */
  private room(): boolean {
    if (this.hints.size + this.rowCount < INDEX_LIMIT) return true;
    if (!this.warnedFull) this.logger.warn(`the team view keeps at most ${INDEX_LIMIT} hints and queue members; more are ignored`);
    this.warnedFull = true;
    return false;
  }

  private rebuildList(): void {
    const who = new Set(this.extras);
    for (const queue of this.mine) for (const exten of this.rows.get(queue)?.keys() ?? []) who.add(exten);
    who.delete(this.self);
    const listed = [...who].sort(byExtension).slice(0, this.maxMembers);
    this.position.clear();
    this.members = listed.map((exten, i) => {
      this.position.set(exten, i);
      return this.colleague(exten);
    });
    this.listDirty = false;
  }

  private patchList(): void {
    const members = this.members.slice();
    for (const exten of this.colleaguesDirty) {
      const at = this.position.get(exten);
      if (at !== undefined) members[at] = this.colleague(exten);
    }
    this.members = members;
  }

  private colleague(exten: string): Colleague {
    return colleagueOf(exten, this.mine, (queue) => this.rows.get(queue)?.get(exten), this.hints.get(exten), this.phoneNames.get(exten));
  }

  /** One queue's live numbers as of `now`, whether or not it is one of the agent's (the relay reads every queue's). */
  queueFigures(name: string, now: number): QueueFigures {
    const q = this.numbers.get(name);
    let oldest = q?.oldestFromSummary ?? null;
    for (const joined of q?.callers.values() ?? []) if (oldest === null || joined < oldest) oldest = joined;
    let available = 0;
    let paused = 0;
    let busy = 0;
    // As QueueSummary counts Available: not paused, and NOT_INUSE or UNKNOWN.
    for (const row of this.rows.get(name)?.values() ?? []) {
      if (row.paused) paused++;
      else if (row.status === 0 || row.status === 1) available++;
      else if (MEMBER_STATE[row.status] === 'inuse' || row.status === 6 || row.status === 8) busy++;
    }
    return {
      name,
      callsWaiting: q?.calls ?? 0,
      longestWaitSeconds: oldest === null ? 0 : Math.max(0, Math.floor((now - oldest) / 1000)),
      oldestCallerSince: oldest,
      answered: q?.completed ?? 0,
      abandoned: q?.abandoned ?? 0,
      serviceLevel: q?.serviceLevel ?? null,
      available,
      paused,
      busy,
    };
  }
}

/**
 * Colleague `exten` as an agent in the queues `mine` (sorted) sees it: its name, pause and queues
 * from its rows in those queues, its lamp from its hint (else from its first row's status). A row's
 * name that is only the member's interface or number names nobody: the phone's caller ID name, if
 * known, names the colleague instead (else no name, and the team engine asks the PBX).
 */
export function colleagueOf(
  exten: string,
  mine: readonly string[],
  rowOf: (queue: string) => MemberRow | undefined,
  hint: Hint | undefined,
  callerIdName?: string,
): Colleague {
  let name = '';
  let paused: boolean | null = null;
  let pausedReason = '';
  let memberState: ColleagueState = 'unknown';
  const queues: string[] = [];
  for (const queue of mine) {
    const row = rowOf(queue);
    if (!row) continue;
    queues.push(queue);
    if (!name && isPersonName(row.name, exten)) name = row.name;
    if (row.paused && !paused) pausedReason = row.reason;
    paused = paused === true || row.paused;
    if (memberState === 'unknown') memberState = MEMBER_STATE[row.status] ?? 'unknown';
  }
  name ||= callerIdName ?? '';
  return {
    extension: exten,
    name,
    state: hint?.state ?? memberState,
    paused,
    pausedReason,
    onCallSince: hint?.since ?? null,
    queues,
  };
}

/**
 * The extension behind a queue member: `hint:1002@ext-local`, `Local/1002@from-queue/n`,
 * `PJSIP/1002` (SIP, IAX2); null for an agent-pool member (`Agent:9001`) or anything else.
 */
export function extensionOfMember(iface: string | undefined, stateInterface: string | undefined): string | null {
  if (stateInterface?.startsWith('Agent:')) return null;
  for (const name of [stateInterface, iface]) {
    if (!name) continue;
    const found = /^hint:([^@]+)@/.exec(name) ?? /^Local\/([^@]+)@/.exec(name) ?? /^(?:PJSIP|SIP|IAX2)\/([^/]+)$/.exec(name);
    if (found && EXTENSION.test(found[1]!)) return found[1]!;
  }
  return null;
}

/**
 * A name as a person would read it: not empty, not the number, not an interface such as
 * `PJSIP/1002` or `Local/1002@from-queue/n` (Asterisk's MemberName when the queue names none).
 */
function isPersonName(name: string, exten: string): boolean {
  return name !== '' && name !== exten && !/^(?:(?:PJSIP|SIP|IAX2|Local)\/|hint:)/i.test(name);
}

/** A caller ID name fit to show for `exten`, or null when it names nobody (empty, `<unknown>`, the number). */
function phoneName(name: string, exten: string): string | null {
  const shown = printable(name).trim().slice(0, NAME_MAX);
  return shown === '' || shown === exten || shown === '<unknown>' ? null : shown;
}

function count(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,12}$/.test(value)) return undefined;
  return Number(value);
}

export function sameRow(a: MemberRow, b: MemberRow): boolean {
  return a.name === b.name && a.status === b.status && a.paused === b.paused && a.reason === b.reason;
}
