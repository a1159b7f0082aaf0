/**
 * Reading settings: the schema (electron/shared/settings.ts) with one more rule, no secret-looking key
 * anywhere, so no code path can write a secret into the file by mistake (AMI and ARI secrets live in
 * the OS keychain, electron/core/credentials); and zod's refusals in words, English and as phrases.
 */
import { z } from 'zod';
import { settingsObject, schemaReason, type Settings } from '../../shared/settings.ts';
import { english, phrase, verbatim, type Phrase, type PhraseCode, type PhraseParam } from '../../shared/phrases/index.ts';

export { SETTINGS_VERSION, DEFAULT_PAUSE_REASONS } from '../../shared/settings.ts';
export type { Settings } from '../../shared/settings.ts';

/** Keys that would mean a secret is about to land in a plain file. */
export const SECRET_KEY = /secret|passw(or)?d|passwd|token|credential/i;

/** The dotted path of the first key that names a secret, or null. */
export function findSecretKey(value: unknown, path = ''): string | null {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findSecretKey(item, `${path}[${index}]`);
      if (found) return found;
    }
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    if (SECRET_KEY.test(key)) return here;
    const found = findSecretKey(item, here);
    if (found) return found;
  }
  return null;
}

/** The schema, refusing any secret-looking key before anything else. */
export const settingsSchema = z
  .unknown()
  .superRefine((value, ctx) => {
    const key = findSecretKey(value);
    if (key) {
      const reason = secretKeyPhrase(key);
      ctx.addIssue({ code: 'custom', message: english(reason), params: { phrase: reason } });
    }
  })
  .pipe(settingsObject);

/** A refusal in English (`error`, "path: reason; path: reason") and as a phrase worded the same way. */
export type ParseResult =
  { ok: true; settings: Settings } | { ok: false; error: string; phrase: Phrase; issues: readonly z.core.$ZodIssue[] };

export function parseSettings(input: unknown): ParseResult {
  const result = settingsSchema.safeParse(input);
  if (result.success) return { ok: true, settings: result.data };
  const issues = result.error.issues;
  return { ok: false, error: describeIssues(issues), phrase: phraseOfIssues(issues), issues };
}

/** The refusal for a secret-looking key, from the schema and from the store alike. */
export function secretKeyPhrase(key: string): Phrase {
  return phrase('settings.secret-key', { key });
}

export function defaultSettings(): Settings {
  return settingsObject.parse({});
}

/** Zod's issues as one sentence per field, e.g. `pbx.port: Too big: expected number to be <=65535`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

const LISTS = [null, null, 'settings.issues.2', 'settings.issues.3', 'settings.issues.4', 'settings.issues.5'] as const;

/** Phrases joined the way describeIssues joins its sentences (the first five). */
export function phraseOfList(each: readonly Phrase[]): Phrase {
  const shown = each.slice(0, 5);
  const list = LISTS[shown.length];
  if (list === null || list === undefined) return shown[0] ?? verbatim('');
  return phrase(list, Object.fromEntries(shown.map((one, i) => ['abcde'[i]!, one])));
}

/** describeIssues() as a phrase: the same "path: reason" sentences, each reason a phrase where the schema knows it. */
export function phraseOfIssues(issues: readonly z.core.$ZodIssue[]): Phrase {
  const each = issues.slice(0, 5).map((issue) => {
    const reason = reasonOf(issue);
    return issue.path.length ? phrase('settings.issue', { path: issue.path.join('.'), reason }) : reason;
  });
  return phraseOfList(each);
}

/**
 * One issue's reason as a phrase whose English is exactly the issue's message (what describeIssues
 * writes); the message verbatim when none is (a check this file does not phrase, or a zod release
 * that words it differently).
 */
function reasonOf(issue: z.core.$ZodIssue): Phrase {
  const candidate = schemaReason(issue.message) ?? carried(issue) ?? zodReason(issue);
  return candidate && english(candidate) === issue.message ? candidate : verbatim(issue.message);
}

function carried(issue: z.core.$ZodIssue): Phrase | null {
  const params = issue.code === 'custom' ? (issue.params as { phrase?: Phrase } | undefined) : undefined;
  return params?.phrase ?? null;
}

function zodReason(issue: z.core.$ZodIssue): Phrase | null {
  switch (issue.code) {
    case 'too_big': {
      const code =
        issue.origin === 'number'
          ? 'settings.reason.number-max'
          : issue.origin === 'string'
            ? 'settings.reason.text-max'
            : 'settings.reason.list-max';
      return phrase(code, { max: Number(issue.maximum) });
    }
    case 'too_small':
      return phrase(issue.origin === 'number' ? 'settings.reason.number-min' : 'settings.reason.text-min', { min: Number(issue.minimum) });
    case 'invalid_type': {
      const received = /, received (\w+)$/.exec(issue.message)?.[1] ?? '';
      return phrase('settings.reason.wrong-type', { expected: typeName(issue.expected), received: typeName(received) });
    }
    case 'invalid_value': {
      const values = issue.values.map((value) => JSON.stringify(value));
      return values.length === 1
        ? phrase('settings.reason.expected', { value: values[0]! })
        : phrase('settings.reason.one-of', { values: values.join('|') });
    }
    case 'unrecognized_keys':
      return phrase(issue.keys.length > 1 ? 'settings.reason.unknown-keys' : 'settings.reason.unknown-key', {
        keys: issue.keys.map((key) => `"${key}"`).join(', '),
      });
    default:
      return null;
  }
}

const TYPES = new Set(['number', 'int', 'string', 'boolean', 'object', 'array', 'null', 'undefined']);

/** A type zod names, as a phrase when it is one of ours, else as zod wrote it. */
function typeName(type: string): PhraseParam {
  return TYPES.has(type) ? phrase(`settings.type.${type}` as PhraseCode) : type;
}
