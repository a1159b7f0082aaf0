/**
 * The call-log record the CRM receives: one ended call as the agent saw it, with the disposition and
 * note once saved. Each change is a new version of the same call (the Linkedid); the CRM keeps the
 * highest version and de-duplicates by the Idempotency-Key `<Linkedid>:<version>`.
 */
import type { CallDirection, CallOutcome, HistoryEntry, Party } from '../../shared/snapshot.ts';
import { phrase, type Phrase } from '../../shared/phrases/index.ts';

/** Notes longer than this are refused (a CRM note field, not a document). */
export const NOTE_MAX_CHARS = 4000;

export interface Disposition {
  code: string;
  /** The label the agent chose it by (English). */
  label: string;
}

export interface CallLogRecord {
  /** The record's format; raised only on a breaking change. */
  schema: 1;
  /** `ended` when the call ended, `disposition` when the agent saved a disposition or note. */
  event: 'ended' | 'disposition';
  /** The Linkedid: the same on every leg of the call, and on every version of its record. */
  callId: string;
  /** 1 when the call ended, then one more for each save. */
  version: number;
  direction: CallDirection;
  /** The customer (the other party). */
  remote: Party;
  queue: string | null;
  /** The IVR's channel variables (manager.conf channelvars), e.g. CUSTOMER_ID. */
  vars: Record<string, string>;
  /** ISO 8601 times: when it started ringing (or dialing), was answered here (null: never), ended. */
  rangAt: string;
  answeredAt: string | null;
  endedAt: string;
  /** Seconds from the answer to the end; 0 when never answered here. */
  talkSeconds: number;
  outcome: CallOutcome;
  answeredBy: string | null;
  transferredTo: Party | null;
  /** The recording's file name, when the dialplan named it (MIXMONITOR_FILENAME or CALLFILENAME). */
  recording: string | null;
  disposition: Disposition | null;
  note: string | null;
  agent: { extension: string };
}

/** Version 1: the call as it ended. */
export function recordOfCall(entry: HistoryEntry, agentExtension: string): CallLogRecord {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    schema: 1,
    event: 'ended',
    callId: entry.id,
    version: 1,
    direction: entry.direction,
    remote: { number: entry.remote.number, name: entry.remote.name },
    queue: entry.queue,
    vars: { ...entry.vars },
    rangAt: iso(entry.startedAt),
    answeredAt: entry.answeredAt === null ? null : iso(entry.answeredAt),
    endedAt: iso(entry.endedAt),
    talkSeconds: entry.answeredAt === null ? 0 : Math.max(0, Math.round((entry.endedAt - entry.answeredAt) / 1000)),
    outcome: entry.outcome,
    answeredBy: entry.answeredBy ?? null,
    transferredTo: entry.transferredTo ? { number: entry.transferredTo.number, name: entry.transferredTo.name } : null,
    recording: entry.vars.MIXMONITOR_FILENAME || entry.vars.CALLFILENAME || null,
    disposition: null,
    note: null,
    agent: { extension: agentExtension },
  };
}

/** The next version of `record`, with the disposition and note the agent saved. */
export function withDisposition(record: CallLogRecord, disposition: Disposition, note: string | null): CallLogRecord {
  return { ...record, event: 'disposition', version: record.version + 1, disposition, note };
}

/** The request's Idempotency-Key: the Linkedid (URI-encoded, so a header can always carry it) and the version. */
export function idempotencyKey(record: Pick<CallLogRecord, 'callId' | 'version'>): string {
  return `${encodeURIComponent(record.callId)}:${record.version}`;
}

// Tab and line feed are a note's own; every other control character (CR, ESC, NUL...) is dropped.
// eslint-disable-next-line no-control-regex
const NOTE_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

/** The note as stored (CRLF as LF, no other control characters, trimmed), or why it cannot be. Empty: null. */
export function checkNote(text: string): { ok: true; note: string | null } | { ok: false; phrase: Phrase } {
  const note = text.replace(/\r\n?/g, '\n').replace(NOTE_CONTROLS, '').trim();
  if (note.length > NOTE_MAX_CHARS)
    return { ok: false, phrase: phrase('calllog.note-too-long', { length: note.length, max: NOTE_MAX_CHARS }) };
  return { ok: true, note: note === '' ? null : note };
}

const CODE = /^[A-Za-z0-9_-]{1,40}$/;

/** A disposition code's shape (it may reach queue_log and a CRM's enum). */
export function checkCode(code: string): Phrase | null {
  if (code.trim() === '') return phrase('calllog.no-code');
  return CODE.test(code) ? null : phrase('calllog.bad-code', { code: code.slice(0, 60) });
}

/** A Linkedid as Asterisk writes it (`1733400000.12`, or a name from the dialplan): printable, short. */
export function checkCallId(call: string): Phrase | null {
  return /^[\x21-\x7e]{1,150}$/.test(call) ? null : phrase('calllog.bad-call', { call: call.slice(0, 60) });
}
