/**
 * The settings file's schema: what the agent and the admin can set, with defaults. Never a secret:
 * AMI and ARI secrets live in the OS keychain (electron/core/credentials); a `secret`, `password` or
 * `token` key anywhere is refused, so no code path can write one into the file by mistake.
 */
import { z } from 'zod';
import { english, phrase, verbatim, type Phrase, type PhraseCode, type PhraseParam } from '../../shared/phrases/index.ts';

export const SETTINGS_VERSION = 1;

/** The schema's own reasons by their English, so an issue's message finds its phrase again. */
const REASONS = new Map<string, Phrase>();

/** A reason the schema gives, as zod wants it (English), remembered with its phrase. */
function said(code: PhraseCode, params?: Record<string, PhraseParam>): string {
  const reason = phrase(code, params);
  const text = english(reason);
  REASONS.set(text, reason);
  return text;
}

/** Keys that would mean a secret is about to land in a plain file. */
const SECRET_KEY = /secret|passw(or)?d|passwd|token|credential/i;

/** A line of text with no control characters (these values reach AMI, URLs and the tray). */
const text = (max: number) =>
  z
    .string()
    .max(max)
    // eslint-disable-next-line no-control-regex
    .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), said('settings.reason.control-characters'));

const pbxSchema = z.strictObject({
  host: text(253).default(''),
  port: z.number().int().min(1).max(65535).default(5038),
  tls: z.boolean().default(false),
  /**
   * How the AMI user logs in. `md5` (Challenge, then Key = md5(challenge + secret)) keeps the secret
   * off the wire even on a plain TCP session, and every Asterisk from 1.x to 22 answers it, so it is
   * the default; `plain` (the Secret itself) only when the admin says so, for an AMI proxy or a
   * PBX that does not do the challenge, and then best over TLS. Added with a default, so version-1
   * files from before it load unchanged (the convention for new fields: no migration).
   */
  auth: z.enum(['md5', 'plain']).default('md5'),
  /** A PEM file with the CA that signed the PBX's certificate, when it is not a public one. */
  caFile: text(4096).optional(),
  /** The AMI user (manager.conf section name). */
  username: text(80).default(''),
  extension: text(40).default(''),
  technology: z.enum(['PJSIP', 'SIP', 'IAX2']).default('PJSIP'),
  /** Where the extension's hint lives: `1001@ext-local` on FreePBX and Issabel. */
  hintContext: text(80).default('ext-local'),
  /** The dialplan context an Originate dials into. */
  originateContext: text(80).default('from-internal'),
  /** How the agent's own phone is rung first: empty = the device itself; FreePBX: `Local/{extension}@originate-skipvm`. */
  originateChannel: text(200).default(''),
  /** A name the UI shows for this PBX. */
  label: text(80).default(''),
  /**
   * Also write the app's own PAUSE/UNPAUSE rows to queue_log, for a PBX that does not log pauses
   * itself. Off: Asterisk 12 and later write them, with the reason, for every QueuePause, and a
   * second row would make a wallboard count each pause twice.
   */
  queueLog: z.boolean().default(false),
});

/** `{extension}` becomes the agent's extension; what remains must be a plain name (no `/`, `,`, `?`). */
const ariApp = text(80).refine((name) => /^[A-Za-z0-9_.-]+$/.test(name.replaceAll('{extension}', '1')), said('settings.reason.ari-app', { token: '{extension}' }));

const ariSchema = z.strictObject({
  enabled: z.boolean().default(false),
  url: text(2000).default(''),
  username: text(80).default(''),
  /**
   * The desk's Stasis application. One name per desk: Asterisk gives an application to the last
   * WebSocket that registered it and silences the one before, so a shared name would steal events.
   */
  app: ariApp.default('pbx-companion-{extension}'),
  /** A PEM file with the CA that signed Asterisk's HTTPS certificate, when it is not a public one. */
  caFile: text(4096).optional(),
  /** This user may listen to and whisper to agents' calls (ARI snoop). */
  supervisor: z.boolean().default(false),
});

const scheme = z.string().regex(/^[a-z][a-z0-9+.-]{0,31}$/, said('settings.reason.scheme'));

/** `https://login.example.com`: exactly an https origin, as URL.origin writes it. */
const httpsOrigin = text(300).refine((value) => isHttpsOrigin(value), said('settings.reason.https-origin'));

const screenPopSchema = z.strictObject({
  /** A URL template: `https://crm.example.com/find?phone={number}&id={CUSTOMER_ID}`; empty = no pop. */
  template: text(4000).default(''),
  trigger: z.enum(['ringing', 'answered', 'never']).default('ringing'),
  open: z.enum(['browser', 'window', 'notification']).default('browser'),
  allowedSchemes: z.array(scheme).max(16).default(['http', 'https']),
  /** Pop only for calls from these queues; empty = every call. */
  queues: z.array(text(80)).max(200).default([]),
  /** Pop for direct (non-queue) calls too. */
  directCalls: z.boolean().default(true),
  /**
   * Sign-in pages the pop window may also go to (the CRM's single sign-on, e.g.
   * `https://login.microsoftonline.com`): otherwise it stays on the popped URL's origin.
   */
  windowOrigins: z.array(httpsOrigin).max(16).default([]),
});

/** The dialing rules: the fields of electron/core/dialing's DialRules, plus how the hotkey and links behave. */
const dialingSchema = z.strictObject({
  /** ISO 3166 country of the agent's desk: how national numbers are read. */
  defaultCountry: z.string().regex(/^[A-Z]{2}$/, said('settings.reason.country')).default('US'),
  /** Dialled before every external number (9 or 0 on many PBXs); empty = none. */
  outboundPrefix: z.string().regex(/^[0-9]{0,4}$/, said('settings.reason.up-to-4-digits')).default(''),
  /** How the desk dials abroad (00, 011); absent = the country's own. */
  internationalPrefix: z.string().regex(/^[0-9]{1,6}$/, said('settings.reason.idd')).optional(),
  domesticFormat: z.enum(['national', 'e164']).default('national'),
  internationalFormat: z.enum(['idd', 'e164']).default('idd'),
  /** Domestic numbers as this prefix + the national number ('1' in the US); absent = the country's own form. */
  nationalTrunkPrefix: z.string().regex(/^[0-9]{0,4}$/, said('settings.reason.digits')).optional(),
  /** Internal extensions, dialled unchanged: a regular expression over the digits. */
  internalPattern: text(200)
    .refine((pattern) => compiles(pattern), said('settings.reason.regex'))
    .default('^[0-9]{2,6}$'),
  allowFeatureCodes: z.boolean().default(true),
  /** No longer changes anything (possible numbers the metadata does not know are dialled with a warning); kept so older files load. */
  allowUnverified: z.boolean().default(false),
  /** Show the number as it will be dialled before a link or the hotkey dials it (the dialer always shows it). */
  confirmBeforeDial: z.boolean().default(true),
  /** The global shortcut that dials the selected text (an Electron accelerator). */
  hotkey: text(60).default('CommandOrControl+Alt+D'),
}).refine((d) => d.outboundPrefix === '' || (d.domesticFormat !== 'e164' && d.internationalFormat !== 'e164'), {
  message: said('settings.reason.prefix-with-e164'),
  path: ['outboundPrefix'],
});

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

const pauseReasonSchema = z.strictObject({
  /** What is sent to the PBX as the pause reason (and written to queue_log). */
  code: text(64).min(1),
  label: z.strictObject({ en: text(80).min(1), es: text(80).min(1) }),
});

export const DEFAULT_PAUSE_REASONS = [
  { code: 'Break', label: { en: 'Break', es: 'Descanso' } },
  { code: 'Lunch', label: { en: 'Lunch', es: 'Almuerzo' } },
  { code: 'Meeting', label: { en: 'Meeting', es: 'Reunión' } },
  { code: 'Training', label: { en: 'Training', es: 'Capacitación' } },
  { code: 'Paperwork', label: { en: 'After-call work', es: 'Trabajo posterior' } },
];

const settingsObject = z.strictObject({
  version: z.literal(SETTINGS_VERSION).default(SETTINGS_VERSION),
  pbx: pbxSchema.prefault({}),
  ari: ariSchema.prefault({}),
  screenPop: screenPopSchema.prefault({}),
  dialing: dialingSchema.prefault({}),
  pauseReasons: z.array(pauseReasonSchema).max(50).default(DEFAULT_PAUSE_REASONS),
  /** Seconds the agent stays paused after a call before taking the next (0 = the queue decides). */
  afterCallWorkSeconds: z.number().int().min(0).max(3600).default(0),
  language: z.enum(['auto', 'en', 'es']).default('auto'),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  autostart: z.boolean().default(false),
});

export type Settings = z.infer<typeof settingsObject>;

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
export type ParseResult = { ok: true; settings: Settings } | { ok: false; error: string; phrase: Phrase };

export function parseSettings(input: unknown): ParseResult {
  const result = settingsSchema.safeParse(input);
  if (result.success) return { ok: true, settings: result.data };
  return { ok: false, error: describeIssues(result.error.issues), phrase: phraseOfIssues(result.error.issues) };
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

/** describeIssues() as a phrase: the same "path: reason" sentences, each reason a phrase where the schema knows it. */
export function phraseOfIssues(issues: readonly z.core.$ZodIssue[]): Phrase {
  const each = issues.slice(0, 5).map((issue) => {
    const reason = reasonOf(issue);
    return issue.path.length ? phrase('settings.issue', { path: issue.path.join('.'), reason }) : reason;
  });
  const list = LISTS[each.length];
  if (list === null || list === undefined) return each[0] ?? verbatim('');
  return phrase(list, Object.fromEntries(each.map((one, i) => ['abcde'[i]!, one])));
}

/**
 * One issue's reason as a phrase whose English is exactly the issue's message (what describeIssues
 * writes); the message verbatim when none is (a check this file does not phrase, or a zod release
 * that words it differently).
 */
function reasonOf(issue: z.core.$ZodIssue): Phrase {
  const candidate = REASONS.get(issue.message) ?? carried(issue) ?? zodReason(issue);
  return candidate && english(candidate) === issue.message ? candidate : verbatim(issue.message);
}

function carried(issue: z.core.$ZodIssue): Phrase | null {
  const params = issue.code === 'custom' ? (issue.params as { phrase?: Phrase } | undefined) : undefined;
  return params?.phrase ?? null;
}

function zodReason(issue: z.core.$ZodIssue): Phrase | null {
  switch (issue.code) {
    case 'too_big': {
      const code = issue.origin === 'number' ? 'settings.reason.number-max' : issue.origin === 'string' ? 'settings.reason.text-max' : 'settings.reason.list-max';
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
      return values.length === 1 ? phrase('settings.reason.expected', { value: values[0]! }) : phrase('settings.reason.one-of', { values: values.join('|') });
    }
    case 'unrecognized_keys':
      return phrase(issue.keys.length > 1 ? 'settings.reason.unknown-keys' : 'settings.reason.unknown-key', { keys: issue.keys.map((key) => `"${key}"`).join(', ') });
    default:
      return null;
  }
}

const TYPES = new Set(['number', 'int', 'string', 'boolean', 'object', 'array', 'null', 'undefined']);

/** A type zod names, as a phrase when it is one of ours, else as zod wrote it. */
function typeName(type: string): PhraseParam {
  return TYPES.has(type) ? phrase(`settings.type.${type}` as PhraseCode) : type;
}

function isHttpsOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    // A host name only (no wildcard: an admin writing *.example.com would expect one, and get nothing).
    return url.protocol === 'https:' && url.origin === value && /^[a-z0-9.-]+$/.test(url.hostname);
  } catch {
    return false;
  }
}
