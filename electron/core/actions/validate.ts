/**
 * The meaning checks the action builders make before AmiAction.build() (which refuses CR/LF and
 * other control bytes on its own): lengths, and the characters each AMI field can carry without
 * changing what the PBX does. A refusal is an ActionInputError whose message an agent or admin
 * can read ("The pause reason is longer than 100 characters").
 */
export class ActionInputError extends Error {
  override name = 'ActionInputError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export const MAX_REASON_LENGTH = 100;

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

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
  const text = required(value, field, 'channel');
  if (!CHANNEL.test(text)) throw new ActionInputError(field, `${describe(text)} is not a channel name such as PJSIP/1001 or Local/1001@from-internal.`);
  return text;
}

export function memberInterface(value: unknown): string {
  const text = required(value, 'Interface', 'queue member interface');
  if (!CHANNEL.test(text)) throw new ActionInputError('Interface', `${describe(text)} is not a queue member interface such as PJSIP/1001 or Local/1001@from-queue/n.`);
  return text;
}

export function queue(value: unknown): string {
  const text = required(value, 'Queue', 'queue');
  if (!QUEUE.test(text)) throw new ActionInputError('Queue', `${describe(text)} is not a queue name (letters, digits, '-', '_' and '.', up to 80).`);
  return text;
}

export function context(value: unknown): string {
  const text = required(value, 'Context', 'dialplan context');
  if (!CONTEXT.test(text)) throw new ActionInputError('Context', `${describe(text)} is not a dialplan context such as from-internal.`);
  return text;
}

export function exten(value: unknown, field = 'Exten'): string {
  const text = required(value, field, 'number');
  if (!EXTEN.test(text)) throw new ActionInputError(field, `${describe(text)} is not a number the PBX can dial (digits, * and #, up to 40).`);
  return text;
}

/**
 * Free text a person wrote (a pause reason, a queue_log message): trimmed, at most `max`
 * characters, no control characters, and no `|`, which separates the fields of queue_log and
 * would shift every column a wallboard reads.
 */
export function text(value: unknown, field: string, what: string, max = MAX_REASON_LENGTH): string {
  if (typeof value !== 'string') throw new ActionInputError(field, `The ${what} must be text.`);
  const trimmed = value.trim();
  if (CONTROL.test(trimmed)) throw new ActionInputError(field, `The ${what} contains a line break or another control character.`);
  if (trimmed.length > max) throw new ActionInputError(field, `The ${what} is longer than ${max} characters.`);
  if (trimmed.includes('|')) throw new ActionInputError(field, `The ${what} cannot contain "|" (it separates the columns of the queue log).`);
  return trimmed;
}

export function integer(value: unknown, field: string, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ActionInputError(field, `The ${what} must be a whole number from ${min} to ${max}.`);
  }
  return value;
}

function required(value: unknown, field: string, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ActionInputError(field, `No ${what} given.`);
  if (CONTROL.test(value)) throw new ActionInputError(field, `The ${what} contains a line break or another control character.`);
  return value.trim();
}

/** A name for an error message: as is when plain (`billing`), else quoted and cut, so no raw control character or 100 KB echo reaches a log or a terminal. */
export function named(value: string): string {
  return /^[A-Za-z0-9_.@/+*#-]{1,80}$/.test(value) ? value : describe(value);
}

function describe(value: string): string {
  return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '...' : value);
}
