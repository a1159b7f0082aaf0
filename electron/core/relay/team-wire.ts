/**
 * The team view as it travels between the relay and the desks (subjects.ts TEAM_SUBJECT, TEAM_GET):
 * `{"v":1,"seq":N,"relay":"ID","whole":true|false,"hints":{...},"members":{...},"queues":{...}}`.
 * Not a desk's TeamInfo but what the PBX said, the same for every desk: each phone's lamp by
 * extension, each queue's members by queue then extension, each queue's live numbers by queue.
 * Each desk makes its own TeamInfo from them (desk-team.ts), as a direct desk's TeamModel does.
 *
 * `whole` is the whole picture (the answer to a get); otherwise only what changed since seq - 1,
 * a null value meaning gone. seq counts the team's changes, +1 each, within relay instance ID: a
 * gap makes the desk ask for the whole picture again, as with snapshots. Entries are short arrays
 * (the whole picture of 500 agents in two queues is ~45 KB, under NATS's 1 MB message limit).
 */
import { EXTENSION } from '../../shared/fields.ts';
import { phrase, type Phrase } from '../../shared/phrases/index.ts';
import type { ColleagueState, QueueFigures } from '../../shared/snapshot.ts';
import type { Hint, MemberRow } from '../team/model.ts';
import { WIRE_VERSION } from './wire.ts';

export type HintWire = [state: ColleagueState, since: number | null];
export type RowWire = [name: string, status: number, paused: boolean, reason: string];

export interface TeamChanges {
  hints: Map<string, Hint | null>;
  /** By queue: a null queue is gone with all its members. */
  members: Map<string, Map<string, MemberRow | null> | null>;
  queues: Map<string, QueueFigures | null>;
}

export interface TeamMessage extends TeamChanges {
  seq: number;
  relay: string;
  whole: boolean;
}

const STATES: ReadonlySet<string> = new Set<ColleagueState>(['unknown', 'unavailable', 'idle', 'ringing', 'inuse', 'onhold']);

export function encodeTeam(message: TeamMessage): string {
  const hints: Record<string, HintWire | null> = {};
  for (const [exten, hint] of message.hints) hints[exten] = hint && [hint.state, hint.since];
  const members: Record<string, Record<string, RowWire | null> | null> = {};
  for (const [queue, rows] of message.members) {
    if (!rows) {
      members[queue] = null;
      continue;
    }
    const out: Record<string, RowWire | null> = {};
    for (const [exten, row] of rows) out[exten] = row && [row.name, row.status, row.paused, row.reason];
    members[queue] = out;
  }
  const queues = Object.fromEntries(message.queues);
  const { seq, relay, whole } = message;
  return JSON.stringify({ v: WIRE_VERSION, seq, relay, whole, hints, members, queues });
}

/** A team message read back (entries that make no sense left out), or why it cannot be read at all. */
export function decodeTeam(data: Uint8Array): TeamMessage | { error: Phrase } {
  let value: Record<string, unknown> | null;
  try {
    value = JSON.parse(Buffer.from(data).toString('utf8')) as Record<string, unknown> | null;
  } catch {
    return { error: phrase('relay.bad-request', { why: 'not JSON' }) };
  }
  const v = value?.v;
  if (typeof v === 'number' && v > WIRE_VERSION) return { error: phrase('relay.newer-version', { version: v }) };
  if (v !== WIRE_VERSION || !Number.isSafeInteger(value?.seq) || typeof value?.relay !== 'string' || typeof value.whole !== 'boolean')
    return { error: phrase('relay.bad-request', { why: 'not a team message' }) };
  const message: TeamMessage = {
    seq: value.seq as number,
    relay: value.relay,
    whole: value.whole,
    hints: new Map(),
    members: new Map(),
    queues: new Map(),
  };
  for (const [exten, hint] of entries(value.hints)) {
    if (!EXTENSION.test(exten)) continue;
    if (hint === null) message.hints.set(exten, null);
    else if (Array.isArray(hint) && STATES.has(hint[0]) && (hint[1] === null || Number.isSafeInteger(hint[1])))
      message.hints.set(exten, { state: hint[0] as ColleagueState, since: hint[1] as number | null });
  }
  for (const [queue, rows] of entries(value.members)) {
    if (rows === null) {
      message.members.set(queue, null);
      continue;
    }
    const read = new Map<string, MemberRow | null>();
    for (const [exten, row] of entries(rows)) {
      if (!EXTENSION.test(exten)) continue;
      if (row === null) read.set(exten, null);
      else if (
        Array.isArray(row) &&
        typeof row[0] === 'string' &&
        Number.isSafeInteger(row[1]) &&
        typeof row[2] === 'boolean' &&
        typeof row[3] === 'string'
      )
        read.set(exten, { name: row[0], status: row[1] as number, paused: row[2], reason: row[3] });
    }
    message.members.set(queue, read);
  }
  for (const [queue, figures] of entries(value.queues)) {
    if (figures === null) message.queues.set(queue, null);
    else if (typeof figures === 'object' && (figures as QueueFigures).name === queue) message.queues.set(queue, figures as QueueFigures);
  }
  return message;
}

/** An object's own entries; none for anything else. */
function entries(value: unknown): Array<[string, unknown]> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value) : [];
}
