/**
 * What travels on the relay's subjects (subjects.ts), one source for the relay and the desk:
 * - a snapshot message `{"v":1,"seq":N,"relay":"ID","snapshot":{...}}` (published on each change,
 *   and the answer to a `get`); seq counts one agent's changes, +1 each, within relay instance ID;
 * - the relay's sign of life `{"v":1,"relay":"ID","startedAt":MS}` on RELAY_ALIVE, every heartbeat:
 *   a desk that hears it from another instance than its snapshot's asks for the snapshot again;
 * - a verb's body: its arguments as JSON (at most MAX_BODY_BYTES), and its answer: a VerbResult;
 * - a notice `{"v":1,"level":"info"|"error","text":"...","phrase":{...}}`: news for the agent that
 *   is no answer to a request (how a click-to-dial ended), as a direct Companion's onNotice says it.
 * A message of a newer version is refused in words, never half-read.
 */
import { z } from 'zod';
import type { SuperviseMode } from '../../shared/bridge.ts';
import type { CompanionVerbs, VerbResult } from '../../shared/companion.ts';
import { isPhrase, phrase, refusal, refused, type Phrase } from '../../shared/phrases/index.ts';
import type { Snapshot } from '../../shared/snapshot.ts';
import { snapshotJson } from './snapshot-json.ts';

export const WIRE_VERSION = 1;
/** A request body larger than this is refused unread. */
export const MAX_BODY_BYTES = 16 * 1024;

export interface SnapshotMessage {
  v: typeof WIRE_VERSION;
  seq: number;
  /** The relay instance whose count seq is (absent from a relay before the alive message). */
  relay?: string;
  snapshot: Snapshot;
}

/** JSON.stringify({ v, seq, relay, snapshot }), the snapshot's unchanged parts from their kept JSON (snapshot-json.ts). */
export function encodeSnapshot(seq: number, snapshot: Snapshot, relay?: string): string {
  const from = relay === undefined ? '' : `,"relay":${JSON.stringify(relay)}`;
  return `{"v":${WIRE_VERSION},"seq":${JSON.stringify(seq)}${from},"snapshot":${snapshotJson(snapshot)}}`;
}

export interface AliveMessage {
  relay: string;
  startedAt: number;
}

export function encodeAlive(alive: AliveMessage): string {
  return JSON.stringify({ v: WIRE_VERSION, ...alive });
}

/** The relay's sign of life read back, or why it cannot be. */
export function decodeAlive(data: Uint8Array): AliveMessage | { error: Phrase } {
  let value: { v?: unknown; relay?: unknown; startedAt?: unknown } | null;
  try {
    value = JSON.parse(Buffer.from(data).toString('utf8')) as typeof value;
  } catch {
    return { error: phrase('relay.bad-request', { why: 'not JSON' }) };
  }
  const v = value?.v;
  if (typeof v === 'number' && v > WIRE_VERSION) return { error: phrase('relay.newer-version', { version: v }) };
  if (v !== WIRE_VERSION || typeof value?.relay !== 'string' || !Number.isSafeInteger(value.startedAt))
    return { error: phrase('relay.bad-request', { why: 'not a sign of life' }) };
  return { relay: value.relay.slice(0, 100), startedAt: value.startedAt as number };
}

/** A snapshot message read back, or why it cannot be (a phrase the desk shows). */
export function decodeSnapshot(data: Uint8Array | string): SnapshotMessage | { error: Phrase } {
  let value: unknown;
  try {
    value = JSON.parse(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
  } catch {
    return { error: phrase('relay.bad-request', { why: 'not JSON' }) };
  }
  const v = (value as { v?: unknown } | null)?.v;
  if (typeof v === 'number' && v > WIRE_VERSION) return { error: phrase('relay.newer-version', { version: v }) };
  const m = value as Partial<SnapshotMessage>;
  if (
    v !== WIRE_VERSION ||
    !Number.isSafeInteger(m.seq) ||
    (m.relay !== undefined && typeof m.relay !== 'string') ||
    typeof m.snapshot !== 'object' ||
    m.snapshot === null
  )
    return { error: phrase('relay.bad-request', { why: 'not a snapshot message' }) };
  return m as SnapshotMessage;
}

export interface Notice {
  level: 'info' | 'error';
  /** English, for a shell that does not translate. */
  text: string;
  phrase?: Phrase;
}

/** A verb's late outcome as a notice, worded as a direct Companion words it. */
export function noticeOf(result: VerbResult): Notice {
  return result.ok
    ? { level: 'info', text: result.message ?? 'Calling.', phrase: result.phrase }
    : { level: 'error', text: result.error, phrase: result.phrase };
}

export function encodeNotice(notice: Notice): string {
  return JSON.stringify({ v: WIRE_VERSION, ...notice });
}

/** A notice read back, or why it cannot be. */
export function decodeNotice(data: Uint8Array): Notice | { error: Phrase } {
  let value: { v?: unknown; level?: unknown; text?: unknown; phrase?: unknown } | null;
  try {
    value = JSON.parse(Buffer.from(data).toString('utf8')) as typeof value;
  } catch {
    return { error: phrase('relay.bad-request', { why: 'not JSON' }) };
  }
  const v = value?.v;
  if (typeof v === 'number' && v > WIRE_VERSION) return { error: phrase('relay.newer-version', { version: v }) };
  if (v !== WIRE_VERSION || (value?.level !== 'info' && value?.level !== 'error') || typeof value.text !== 'string')
    return { error: phrase('relay.bad-request', { why: 'not a notice' }) };
  return { level: value.level, text: value.text.slice(0, 1000), ...(isPhrase(value.phrase) ? { phrase: value.phrase } : {}) };
}

/** The verbs a desk may ask for, by their subject token (supervise and stop-supervising: supervisors only, the relay checks). */
export const VERB_NAMES = [
  'pause',
  'unpause',
  'dial',
  'record',
  'hangup',
  'transfer',
  'queue-login',
  'queue-logout',
  'supervise',
  'stop-supervising',
] as const;
export type VerbName = (typeof VERB_NAMES)[number];

const text = z.string().max(1024);
const callId = text.optional();
/** Each verb's body. Strict: a field the verb does not take (a channel, an agent) is refused, not ignored. */
export const VERB_BODIES = {
  pause: z.strictObject({ reason: text, queue: text.optional() }),
  unpause: z.strictObject({ queue: text.optional() }),
  dial: z.strictObject({ number: text }),
  record: z.strictObject({ op: z.enum(['start', 'stop', 'mute', 'unmute']), callId }),
  hangup: z.strictObject({ callId }),
  transfer: z.strictObject({ target: text, attended: z.boolean().optional(), callId }),
  'queue-login': z.strictObject({ queue: text }),
  'queue-logout': z.strictObject({ queue: text }),
  supervise: z.strictObject({ agent: z.string().min(1).max(40), mode: z.enum(['listen', 'whisper']) }),
  'stop-supervising': z.strictObject({}),
} satisfies Record<VerbName, z.ZodType>;

export type VerbBody<N extends VerbName> = z.infer<(typeof VERB_BODIES)[N]>;

export function isVerbName(name: string): name is VerbName {
  return (VERB_NAMES as readonly string[]).includes(name);
}

/** Listen and whisper, as the relay offers them to the asking desk (supervision.ts). */
export interface SupervisorVerbs {
  supervise(agent: string, mode: SuperviseMode): Promise<VerbResult>;
  stopSupervising(): Promise<VerbResult>;
}

/** Runs a checked body on an agent's verbs. */
export function runVerb(verbs: CompanionVerbs & SupervisorVerbs, name: VerbName, body: unknown): Promise<VerbResult> {
  switch (name) {
    case 'pause': {
      const b = body as VerbBody<'pause'>;
      return verbs.pause({ reason: b.reason, queue: b.queue });
    }
    case 'unpause':
      return verbs.unpause({ queue: (body as VerbBody<'unpause'>).queue });
    case 'dial':
      return verbs.dial((body as VerbBody<'dial'>).number);
    case 'record': {
      const b = body as VerbBody<'record'>;
      return verbs.record(b.op, b.callId);
    }
    case 'hangup':
      return verbs.hangup((body as VerbBody<'hangup'>).callId);
    case 'transfer': {
      const b = body as VerbBody<'transfer'>;
      return verbs.transfer(b.target, { attended: b.attended, callId: b.callId });
    }
    case 'queue-login':
      return verbs.queueLogin((body as VerbBody<'queue-login'>).queue);
    case 'queue-logout':
      return verbs.queueLogout((body as VerbBody<'queue-logout'>).queue);
    case 'supervise': {
      const b = body as VerbBody<'supervise'>;
      return verbs.supervise(b.agent, b.mode);
    }
    case 'stop-supervising':
      return verbs.stopSupervising();
  }
}

/** A verb request's body checked: the arguments, or the refusal in words (size first, then JSON, then shape). */
export function readVerbBody(name: string, data: Uint8Array): { verb: VerbName; body: unknown } | VerbResult {
  if (!isVerbName(name)) return refused('relay.unknown-verb', { verb: name.slice(0, 40) });
  if (data.byteLength > MAX_BODY_BYTES) return refused('relay.too-big', { max: MAX_BODY_BYTES });
  let value: unknown;
  try {
    value = data.byteLength === 0 ? {} : JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    return refused('relay.bad-request', { why: 'the body is not JSON' });
  }
  const checked = VERB_BODIES[name].safeParse(value);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return refused('relay.bad-request', { why: `${where}${issue?.message ?? 'a malformed body'}`.slice(0, 200) });
  }
  return { verb: name, body: checked.data };
}

/** A verb's answer read back on the desk: a VerbResult, or a refusal saying the answer made no sense. */
export function decodeVerbResult(data: Uint8Array): VerbResult {
  try {
    const value = JSON.parse(Buffer.from(data).toString('utf8')) as Partial<VerbResult> | null;
    if (value?.ok === true) return value as VerbResult;
    if (value?.ok === false && typeof value.error === 'string') return value as VerbResult;
  } catch {
    // fall through: said below
  }
  return refusal(phrase('relay.no-answer', { why: 'its answer was not a verb result' }));
}
