/**
 * The meaning checks the action builders make before AmiAction.build() (which refuses CR/LF and
 * other control bytes on its own): lengths, and the characters each AMI field can carry without
 * changing what the PBX does. A refusal is an ActionInputError whose message an agent or admin
 * can read ("The pause reason is longer than 100 characters"), and whose phrase says it in the
 * agent's language.
 */
import { CONTROL_CHARACTERS } from '../../shared/control-characters.ts';
import { PhrasedError } from '../errors/phrased-error.ts';
import { phrase, verbatim, type Phrase, type PhraseCode, type PhraseParam } from '../../shared/phrases/index.ts';

export class ActionInputError extends PhrasedError {
  override name = 'ActionInputError';
  constructor(
    readonly field: string,
    said: Phrase | string,
  ) {
    super(typeof said === 'string' ? verbatim(said) : said);
  }

  static refuse(field: string, code: PhraseCode, params?: Record<string, PhraseParam>): ActionInputError {
    return new ActionInputError(field, phrase(code, params));
  }
}

/** The name of a field in a refusal ("The {what} must be text."), worded in the agent's language. */
export type FieldWhat = Extract<PhraseCode, `input.field.${string}`>;

export const MAX_REASON_LENGTH = 100;

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
const CONTROL = CONTROL_CHARACTERS;

/**
 * A channel or member interface: `PJSIP/1001`, `PJSIP/1001-0000000a`, `Local/1001@from-queue/n`,
 * `Local/1001@from-queue-00000001;1`, `SIP/trunk-0000002a`. Starting with a letter also keeps a
 * Hangup's channel from being read as a `/regex/`.
 */
const CHANNEL = /^[A-Za-z][A-Za-z0-9]{0,15}\/[A-Za-z0-9_.@:+#*~-][A-Za-z0-9_.@:+#*~;/-]{0,127}$/;
/** Queue names are section names in queues.conf (FreePBX uses numbers such as 400). */
const QUEUE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/;
/** Dialplan contexts: Asterisk allows up to 79 characters. */
const CONTEXT = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,78}$/;
/** What the companion dials or transfers to: digits, * and #, an optional leading +. */
const EXTEN = /^\+?[0-9*#]{1,40}$/;

export function channel(value: unknown, field = 'Channel'): string {
  const text = required(value, field, 'input.field.channel');
  if (!CHANNEL.test(text)) throw ActionInputError.refuse(field, 'input.not-channel', { value: describe(text) });
  return text;
}

export function memberInterface(value: unknown): string {
  const text = required(value, 'Interface', 'input.field.interface');
  if (!CHANNEL.test(text)) throw ActionInputError.refuse('Interface', 'input.not-interface', { value: describe(text) });
  return text;
}

export function queue(value: unknown): string {
  const text = required(value, 'Queue', 'input.field.queue');
  if (!QUEUE.test(text)) throw ActionInputError.refuse('Queue', 'input.not-queue', { value: describe(text) });
  return text;
}

export function context(value: unknown): string {
  const text = required(value, 'Context', 'input.field.context');
  if (!CONTEXT.test(text)) throw ActionInputError.refuse('Context', 'input.not-context', { value: describe(text) });
  return text;
}

export function exten(value: unknown, field = 'Exten'): string {
  const text = required(value, field, 'input.field.number');
  if (!EXTEN.test(text)) throw ActionInputError.refuse(field, 'input.not-number', { value: describe(text) });
  return text;
}

/**
 * Free text a person wrote (a pause reason, a queue_log message): trimmed, at most `max`
 * characters, no control characters, and no `|`, which separates the fields of queue_log and
 * would shift every column a wallboard reads.
 */
export function text(value: unknown, field: string, what: FieldWhat, max = MAX_REASON_LENGTH): string {
  if (typeof value !== 'string') throw ActionInputError.refuse(field, 'input.not-text', { what: phrase(what) });
  const trimmed = value.trim();
  if (CONTROL.test(trimmed)) throw ActionInputError.refuse(field, 'input.control', { what: phrase(what) });
  if (trimmed.length > max) throw ActionInputError.refuse(field, 'input.too-long', { what: phrase(what), max });
  if (trimmed.includes('|')) throw ActionInputError.refuse(field, 'input.pipe', { what: phrase(what) });
  return trimmed;
}

export function integer(value: unknown, field: string, what: FieldWhat, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw ActionInputError.refuse(field, 'input.not-whole-number', { what: phrase(what), min, max });
  }
  return value;
}

function required(value: unknown, field: string, what: FieldWhat): string {
  if (typeof value !== 'string' || value.trim() === '') throw ActionInputError.refuse(field, 'input.missing', { what: phrase(what) });
  if (CONTROL.test(value)) throw ActionInputError.refuse(field, 'input.control', { what: phrase(what) });
  return value.trim();
}

/** A name for an error message: as is when plain (`billing`), else quoted and cut, so no raw control character or 100 KB echo reaches a log or a terminal. */
export function named(value: string): string {
  return /^[A-Za-z0-9_.@/+*#-]{1,80}$/.test(value) ? value : describe(value);
}

function describe(value: string): string {
  return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '...' : value);
}
