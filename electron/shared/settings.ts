/**
 * The settings: their schema, with defaults, and the type every part of the app reads them as (core,
 * main, the IPC contract, the renderer's form). The schema is the one description; the type is
 * inferred from it. Never a secret: AMI and ARI secrets live in the OS keychain (the core refuses a
 * `secret`, `password` or `token` key anywhere, core/settings/schema.ts). The renderer imports types
 * only from here (zod stays out of its bundle); its quick checks use the same rules from fields.ts.
 */
import { z } from 'zod';
import {
  AGENT_NUMBER,
  ARI_USER,
  DEFAULT_RECORDING_TEMPLATE,
  EXTENSION,
  HOST_MAX,
  MIXMONITOR_OPTIONS,
  PORT_MAX,
  PORT_MIN,
  RECORDING_PLACEHOLDERS,
  USER_MAX,
  hasControlCharacters,
  isRecordingTemplate,
  isRelayUrl,
} from './fields.ts';
import { checkCallLogUrl } from './call-log-url.ts';
import { isContactsSearchUrl, isFullPath } from './contacts.ts';
import { english, phrase, type Phrase, type PhraseCode, type PhraseParam } from './phrases/index.ts';

export const SETTINGS_VERSION = 1;

/** The schema's own reasons by their English, so an issue's message finds its phrase again. */
const REASONS = new Map<string, Phrase>();

/** The phrase of a reason this schema gives, by its English (an issue's message); undefined for zod's own. */
export function schemaReason(message: string): Phrase | undefined {
  return REASONS.get(message);
}

/** A reason the schema gives, as zod wants it (English), remembered with its phrase. */
function said(code: PhraseCode, params?: Record<string, PhraseParam>): string {
  const reason = phrase(code, params);
  const text = english(reason);
  REASONS.set(text, reason);
  return text;
}

/** A line of text with no control characters (these values reach AMI, URLs and the tray). */
export const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !hasControlCharacters(value), said('settings.reason.control-characters'));

/** The agent's extension (fields.ts EXTENSION), or empty: not set up yet. Control characters get text()'s reason alone. */
export const extensionText = () =>
  text(40).refine((value) => value === '' || EXTENSION.test(value) || hasControlCharacters(value), said('settings.reason.extension'));

const relaySchema = z.strictObject({
  /** The relay's NATS servers, several for a cluster (the desk fails over between them). */
  urls: z
    .array(text(300).refine(isRelayUrl, said('settings.reason.relay-url')))
    .max(16)
    .default([]),
  /**
   * The desk's NATS user; `{extension}` becomes the agent's extension, so the default `desk-{extension}`
   * is the user `relay --print-nats-conf` makes for each desk and an admin's file can set relay mode
   * for a whole fleet. Its seed is in the keychain under `nats:desk-1001`.
   */
  user: text(USER_MAX)
    .refine(
      (value) => value === '' || ARI_USER.test(value.replaceAll('{extension}', '1')),
      said('settings.reason.relay-user', { token: '{extension}' }),
    )
    .default('desk-{extension}'),
});

const pbxFields = z.strictObject({
  /**
   * `direct`: this desk holds its own AMI session. `relay`: it reads its agent from a
   * `pbx-companion relay` over NATS (many desks, one AMI session); the AMI fields are then unused.
   */
  mode: z.enum(['direct', 'relay']).default('direct'),
  relay: relaySchema.prefault({}),
  host: text(HOST_MAX).default(''),
  port: z.number().int().min(PORT_MIN).max(PORT_MAX).default(5038),
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
  username: text(USER_MAX).default(''),
  extension: extensionText().default(''),
  /**
   * The agent number in Asterisk's agent pool (app_agent_pool, Issabel's call center), e.g. `9001`;
   * empty: the agent is a plain queue member. Its login only ever rings this desk's own extension.
   */
  agent: text(16)
    .refine((value) => value === '' || AGENT_NUMBER.test(value) || hasControlCharacters(value), said('settings.reason.agent'))
    .default(''),
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

/** Relay mode needs at least one server and the desk's NATS user. */
const pbxSchema = pbxFields
  .refine((pbx) => pbx.mode !== 'relay' || pbx.relay.urls.length > 0, {
    message: said('settings.reason.relay-needs-url'),
    path: ['relay', 'urls'],
  })
  .refine((pbx) => pbx.mode !== 'relay' || pbx.relay.user !== '', {
    message: said('settings.reason.relay-needs-user'),
    path: ['relay', 'user'],
  });

/** `{extension}` becomes the agent's extension; what remains must be a plain name (no `/`, `,`, `?`). */
const ariApp = text(80).refine(
  (name) => /^[A-Za-z0-9_.-]+$/.test(name.replaceAll('{extension}', '1')),
  said('settings.reason.ari-app', { token: '{extension}' }),
);

const ariSchema = z.strictObject({
  enabled: z.boolean().default(false),
  url: text(2000).default(''),
  username: text(USER_MAX).default(''),
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
const dialingSchema = z
  .strictObject({
    /** ISO 3166 country of the agent's desk: how national numbers are read. */
    defaultCountry: z
      .string()
      .regex(/^[A-Z]{2}$/, said('settings.reason.country'))
      .default('US'),
    /** Dialled before every external number (9 or 0 on many PBXs); empty = none. */
    outboundPrefix: z
      .string()
      .regex(/^[0-9]{0,4}$/, said('settings.reason.up-to-4-digits'))
      .default(''),
    /** How the desk dials abroad (00, 011); absent = the country's own. */
    internationalPrefix: z
      .string()
      .regex(/^[0-9]{1,6}$/, said('settings.reason.idd'))
      .optional(),
    domesticFormat: z.enum(['national', 'e164']).default('national'),
    internationalFormat: z.enum(['idd', 'e164']).default('idd'),
    /** Domestic numbers as this prefix + the national number ('1' in the US); absent = the country's own form. */
    nationalTrunkPrefix: z
      .string()
      .regex(/^[0-9]{0,4}$/, said('settings.reason.digits'))
      .optional(),
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
  })
  .refine((d) => d.outboundPrefix === '' || (d.domesticFormat !== 'e164' && d.internationalFormat !== 'e164'), {
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

/** Recordings the agent starts from the app (MixMonitor): the file name and MixMonitor's options, the admin's choice. */
const recordingSchema = z.strictObject({
  /** `companion/{date}/{extension}-{time}-{uniqueid}.wav`: {extension} {number} {queue} {uniqueid} {callid} {date} {time}. */
  fileTemplate: text(255)
    .refine(
      isRecordingTemplate,
      said('settings.reason.recording-template', { placeholders: RECORDING_PLACEHOLDERS.map((name) => `{${name}}`).join(' ') }),
    )
    .default(DEFAULT_RECORDING_TEMPLATE),
  /** e.g. `b` (record only while bridged); empty = none. */
  options: text(40)
    .refine((value) => MIXMONITOR_OPTIONS.test(value), said('settings.reason.mixmonitor-options'))
    .default(''),
});

/** The call log to the CRM (electron/core/calllog): where, the dispositions an agent picks, and whether one is required. */
const callLogSchema = z.strictObject({
  /** https (http only on this machine), no user or password in it: the shared secret is in the keychain. Empty: no call log. */
  url: text(2000)
    .refine((value) => value === '' || checkCallLogUrl(value).ok, said('settings.reason.calllog-url'))
    .default(''),
  dispositions: z
    .array(z.strictObject({ code: text(64).min(1), label: z.strictObject({ en: text(80).min(1), es: text(80).min(1) }) }))
    .max(50)
    .default([]),
  /** After-call work lasts until the agent saves a disposition. */
  required: z.boolean().default(false),
});

/** The team view (issue 18): colleagues besides the members of the agent's queues, and how many to list. */
const teamSchema = z.strictObject({
  /** Extensions listed as colleagues even when they are in none of the agent's queues (a supervisor, reception). */
  extensions: z
    .array(text(32).refine((value) => EXTENSION.test(value), said('settings.reason.extension')))
    .max(1000)
    .default([]),
  /** The most colleagues listed (the first by extension): a PBX with thousands of extensions stays fast. */
  maxMembers: z.number().int().min(1).max(10_000).default(1000),
});

/** The contacts the dialer and the palette search as the agent types (electron/core/contacts). Empty: none. */
const contactsSchema = z.strictObject({
  /** The full path of a CSV file with a header row naming the columns name and number. */
  csvFile: text(4096)
    .refine((value) => value === '' || isFullPath(value), said('contacts.reason.csv-path'))
    .default(''),
  /** `https://crm.example.com/api/contacts?q={query}`: https (http only on this machine), answering a JSON array of {name, number}. */
  searchUrl: text(2000)
    .refine((value) => value === '' || isContactsSearchUrl(value), said('contacts.reason.url'))
    .default(''),
});

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

export const settingsObject = z.strictObject({
  version: z.literal(SETTINGS_VERSION).default(SETTINGS_VERSION),
  pbx: pbxSchema.prefault({}),
  ari: ariSchema.prefault({}),
  screenPop: screenPopSchema.prefault({}),
  dialing: dialingSchema.prefault({}),
  recording: recordingSchema.prefault({}),
  callLog: callLogSchema.prefault({}),
  contacts: contactsSchema.prefault({}),
  team: teamSchema.prefault({}),
  /** Desktop notifications of calls, with or without a screen pop. */
  notifications: z
    .strictObject({
      /** A call rings here: caller, queue, customer id. */
      incoming: z.boolean().default(true),
      /** A call rang here and nobody answered (not one a colleague took). */
      missed: z.boolean().default(true),
    })
    .prefault({}),
  pauseReasons: z.array(pauseReasonSchema).max(50).default(DEFAULT_PAUSE_REASONS),
  /** Seconds the agent stays paused after a call before taking the next (0 = the queue decides). */
  afterCallWorkSeconds: z.number().int().min(0).max(3600).default(0),
  language: z.enum(['auto', 'en', 'es']).default('auto'),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  autostart: z.boolean().default(false),
});

export type Settings = z.infer<typeof settingsObject>;

export type SettingsNoticeKind = 'corrupt' | 'newer-version' | 'migrated' | 'admin-defaults' | 'unknown-keys' | 'invalid-values';

/** Something the agent should be told about their settings, in words. */
export interface SettingsNotice {
  kind: SettingsNoticeKind;
  /** English. */
  message: string;
  /** `message` as a phrase, for a shell that says it in the agent's language. */
  phrase?: Phrase;
  /** Where a corrupt file was kept, for kind 'corrupt'. */
  backupPath?: string;
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
