/**
 * The settings form as the agent fills it: made from the app's settings (getSettings), turned back
 * into settings to save (saveSettings validates them in full against the real schema), and the quick
 * checks that say what is wrong next to a field before anything is sent. The store's own refusals
 * ("pbx.port: Too big ...") are placed next to their field too.
 */
import {
  AMI_USER,
  ARI_USER,
  DEFAULT_RECORDING_TEMPLATE,
  EXTENSION,
  PORT_MAX,
  PORT_MIN,
  hasControlCharacters,
  isHost,
  isRelayUrl,
} from '@shared/fields.ts';
import { checkCallLogUrl } from '@shared/call-log-url.ts';
import { isContactsSearchUrl, isFullPath } from '@shared/contacts.ts';
import type { Settings } from '@shared/settings.ts';
import type { PhraseCode } from '@shared/phrases/index.ts';

export type { Settings };
/** As i18n.svelte.ts and theme.svelte.ts name them; written from the settings so this module stays plain TypeScript (tests import it). */
type LanguagePref = Settings['language'];
type ThemePref = Exclude<Settings['theme'], 'system'> | 'auto';

export interface ReasonRow {
  /** Stable key for the keyed list while codes are edited. */
  key: number;
  code: string;
  en: string;
  es: string;
}

export interface SettingsForm {
  /** Direct to the PBX (its own AMI session), or through the relay (NATS). */
  mode: Settings['pbx']['mode'];
  /** The relay's NATS servers, separated by commas. */
  relayUrls: string;
  relayUser: string;
  /** The desk's NATS seed; empty means "keep the saved one". Goes to the keychain only. */
  natsSecret: string;
  host: string;
  port: string;
  tls: boolean;
  /** How the AMI user logs in: md5 keeps the secret off the wire; plain only where the admin says so. */
  auth: 'md5' | 'plain';
  user: string;
  extension: string;
  /** Empty means "keep the saved secret". Goes to the keychain only, never into the settings. */
  secret: string;
  /** ARI: off by default; beside AMI it adds listen/whisper for supervisors, alone it is the app's PBX link. */
  ariEnabled: boolean;
  ariUrl: string;
  ariUser: string;
  /** Empty means "keep the saved password". Goes to the keychain only, never into the settings. */
  ariSecret: string;
  ariApp: string;
  ariCaFile: string;
  ariSupervisor: boolean;
  popTemplate: string;
  popTrigger: Settings['screenPop']['trigger'];
  popOpen: Settings['screenPop']['open'];
  /** Desktop notifications of calls, with or without a screen pop. */
  notifyIncoming: boolean;
  notifyMissed: boolean;
  defaultCountry: string;
  outboundPrefix: string;
  internalPattern: string;
  confirmBeforeDial: boolean;
  hotkey: string;
  pauseReasons: ReasonRow[];
  language: LanguagePref;
  theme: ThemePref;
  autostart: boolean;
  // The Advanced section: what most desks never change (an admin's defaults file usually sets them).
  technology: Settings['pbx']['technology'];
  /** The agent number in Asterisk's agent pool (Issabel's call center); empty: a plain queue member. */
  agent: string;
  caFile: string;
  hintContext: string;
  originateContext: string;
  originateChannel: string;
  label: string;
  queueLog: boolean;
  popDirectCalls: boolean;
  /** Lists as typed: separated by commas. */
  popQueues: string;
  popSchemes: string;
  popWindowOrigins: string;
  internationalPrefix: string;
  nationalTrunkPrefix: string;
  domesticFormat: Settings['dialing']['domesticFormat'];
  internationalFormat: Settings['dialing']['internationalFormat'];
  allowFeatureCodes: boolean;
  recordingFile: string;
  recordingOptions: string;
  afterCallWorkSeconds: string;
  /** The call log to the CRM: its address, the shared secret (empty: keep the saved one; keychain only), the choices. */
  callLogUrl: string;
  callLogSecret: string;
  callLogRequired: boolean;
  dispositions: ReasonRow[];
  /** The contacts the dialer and the palette search: a CSV file's path, an HTTP search URL with {query}. */
  contactsCsvFile: string;
  contactsSearchUrl: string;
}

export type SettingsField = keyof SettingsForm;

/** The fields of the Advanced section (components/settings/AdvancedSettings.svelte). */
export const ADVANCED_FIELDS: readonly SettingsField[] = [
  'technology',
  'agent',
  'caFile',
  'hintContext',
  'originateContext',
  'originateChannel',
  'label',
  'queueLog',
  'popDirectCalls',
  'popQueues',
  'popSchemes',
  'popWindowOrigins',
  'internationalPrefix',
  'nationalTrunkPrefix',
  'domesticFormat',
  'internationalFormat',
  'allowFeatureCodes',
  'recordingFile',
  'recordingOptions',
  'afterCallWorkSeconds',
];
/** A message of ours (translated), or the store's words as it said them. */
export type FieldError = PhraseCode | { text: string };
export type SettingsErrors = Partial<Record<SettingsField, FieldError>>;

/**
 * Where each field lives in the settings file (dotted path), for the store's errors and the admin's
 * locks; a test walks the schema and finds every setting here or in the README's admin-only list.
 */
export const PATHS: Partial<Record<SettingsField, string>> = {
  mode: 'pbx.mode',
  relayUrls: 'pbx.relay.urls',
  relayUser: 'pbx.relay.user',
  host: 'pbx.host',
  port: 'pbx.port',
  tls: 'pbx.tls',
  auth: 'pbx.auth',
  user: 'pbx.username',
  extension: 'pbx.extension',
  ariEnabled: 'ari.enabled',
  ariUrl: 'ari.url',
  ariUser: 'ari.username',
  ariApp: 'ari.app',
  ariCaFile: 'ari.caFile',
  ariSupervisor: 'ari.supervisor',
  popTemplate: 'screenPop.template',
  popTrigger: 'screenPop.trigger',
  popOpen: 'screenPop.open',
  notifyIncoming: 'notifications.incoming',
  notifyMissed: 'notifications.missed',
  defaultCountry: 'dialing.defaultCountry',
  outboundPrefix: 'dialing.outboundPrefix',
  internalPattern: 'dialing.internalPattern',
  confirmBeforeDial: 'dialing.confirmBeforeDial',
  hotkey: 'dialing.hotkey',
  pauseReasons: 'pauseReasons',
  language: 'language',
  theme: 'theme',
  autostart: 'autostart',
  technology: 'pbx.technology',
  agent: 'pbx.agent',
  caFile: 'pbx.caFile',
  hintContext: 'pbx.hintContext',
  originateContext: 'pbx.originateContext',
  originateChannel: 'pbx.originateChannel',
  label: 'pbx.label',
  queueLog: 'pbx.queueLog',
  popDirectCalls: 'screenPop.directCalls',
  popQueues: 'screenPop.queues',
  popSchemes: 'screenPop.allowedSchemes',
  popWindowOrigins: 'screenPop.windowOrigins',
  internationalPrefix: 'dialing.internationalPrefix',
  nationalTrunkPrefix: 'dialing.nationalTrunkPrefix',
  domesticFormat: 'dialing.domesticFormat',
  internationalFormat: 'dialing.internationalFormat',
  allowFeatureCodes: 'dialing.allowFeatureCodes',
  recordingFile: 'recording.fileTemplate',
  recordingOptions: 'recording.options',
  afterCallWorkSeconds: 'afterCallWorkSeconds',
  callLogUrl: 'callLog.url',
  callLogRequired: 'callLog.required',
  dispositions: 'callLog.dispositions',
  contactsCsvFile: 'contacts.csvFile',
  contactsSearchUrl: 'contacts.searchUrl',
};

let nextKey = 1;
export function reasonRow(code = '', en = '', es = ''): ReasonRow {
  return { key: nextKey++, code, en, es };
}

/** The schema's relay defaults, for settings from an app that predates relay mode. */
const RELAY_DEFAULTS: Settings['pbx']['relay'] = { urls: [], user: 'desk-{extension}' };

/** The relay servers as typed: separated by commas (or spaces), blanks dropped. */
function relayUrlList(text: string): string[] {
  return text.split(/[\s,]+/).filter((url) => url !== '');
}

/** A list typed with commas (a queue name may hold a space): each item trimmed, blanks dropped. */
function commaList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** The schema's defaults for sections an older app's settings may lack. */
const RECORDING_DEFAULTS: Settings['recording'] = { fileTemplate: DEFAULT_RECORDING_TEMPLATE, options: '' };

/** The schema's ARI defaults, for settings from an app that predates ARI. */
const ARI_DEFAULTS: Settings['ari'] = { enabled: false, url: '', username: '', app: 'pbx-companion-{extension}', supervisor: false };

export function formFromSettings(settings: Settings): SettingsForm {
  const { pbx, screenPop, dialing } = settings;
  const ari = settings.ari ?? ARI_DEFAULTS;
  const relay = pbx.relay ?? RELAY_DEFAULTS;
  return {
    mode: pbx.mode ?? 'direct',
    relayUrls: relay.urls.join(', '),
    relayUser: relay.user,
    natsSecret: '',
    host: pbx.host,
    port: String(pbx.port),
    tls: pbx.tls,
    auth: pbx.auth ?? 'md5',
    user: pbx.username,
    extension: pbx.extension,
    secret: '',
    ariEnabled: ari.enabled,
    ariUrl: ari.url,
    ariUser: ari.username,
    ariSecret: '',
    ariApp: ari.app,
    ariCaFile: ari.caFile ?? '',
    ariSupervisor: ari.supervisor,
    popTemplate: screenPop.template,
    popTrigger: screenPop.trigger,
    popOpen: screenPop.open,
    notifyIncoming: settings.notifications?.incoming ?? true,
    notifyMissed: settings.notifications?.missed ?? true,
    defaultCountry: dialing.defaultCountry,
    outboundPrefix: dialing.outboundPrefix,
    internalPattern: dialing.internalPattern,
    confirmBeforeDial: dialing.confirmBeforeDial,
    hotkey: dialing.hotkey,
    pauseReasons: settings.pauseReasons.map((r) => reasonRow(r.code, r.label.en, r.label.es)),
    language: settings.language,
    theme: settings.theme === 'system' ? 'auto' : settings.theme,
    autostart: settings.autostart,
    technology: pbx.technology,
    agent: pbx.agent ?? '',
    caFile: pbx.caFile ?? '',
    hintContext: pbx.hintContext,
    originateContext: pbx.originateContext,
    originateChannel: pbx.originateChannel,
    label: pbx.label,
    queueLog: pbx.queueLog ?? false,
    popDirectCalls: screenPop.directCalls,
    popQueues: screenPop.queues.join(', '),
    popSchemes: screenPop.allowedSchemes.join(', '),
    popWindowOrigins: (screenPop.windowOrigins ?? []).join(', '),
    internationalPrefix: dialing.internationalPrefix ?? '',
    nationalTrunkPrefix: dialing.nationalTrunkPrefix ?? '',
    domesticFormat: dialing.domesticFormat,
    internationalFormat: dialing.internationalFormat,
    allowFeatureCodes: dialing.allowFeatureCodes,
    recordingFile: (settings.recording ?? RECORDING_DEFAULTS).fileTemplate,
    recordingOptions: (settings.recording ?? RECORDING_DEFAULTS).options,
    afterCallWorkSeconds: String(settings.afterCallWorkSeconds ?? 0),
    callLogUrl: settings.callLog?.url ?? '',
    callLogSecret: '',
    callLogRequired: settings.callLog?.required ?? false,
    dispositions: (settings.callLog?.dispositions ?? []).map((d) => reasonRow(d.code, d.label.en, d.label.es)),
    contactsCsvFile: settings.contacts?.csvFile ?? '',
    contactsSearchUrl: settings.contacts?.searchUrl ?? '',
  };
}

/** The settings to save: the loaded ones with the form's values in place (never the secret). */
export function settingsFromForm(base: Settings, form: SettingsForm): Record<string, unknown> {
  const port = /^\d{1,5}$/.test(form.port.trim()) ? Number(form.port.trim()) : form.port;
  const acw = /^\d{1,5}$/.test(form.afterCallWorkSeconds.trim()) ? Number(form.afterCallWorkSeconds.trim()) : form.afterCallWorkSeconds;
  return {
    ...base,
    pbx: {
      ...base.pbx,
      mode: form.mode,
      relay: { urls: relayUrlList(form.relayUrls), user: form.relayUser.trim() },
      host: form.host.trim(),
      port,
      tls: form.tls,
      auth: form.auth,
      username: form.user.trim(),
      extension: form.extension.trim(),
      technology: form.technology,
      agent: form.agent.trim(),
      caFile: form.caFile.trim() || undefined,
      hintContext: form.hintContext.trim(),
      originateContext: form.originateContext.trim(),
      originateChannel: form.originateChannel.trim(),
      label: form.label.trim(),
      queueLog: form.queueLog,
    },
    ari: {
      ...(base.ari ?? ARI_DEFAULTS),
      enabled: form.ariEnabled,
      url: form.ariUrl.trim(),
      username: form.ariUser.trim(),
      app: form.ariApp.trim(),
      caFile: form.ariCaFile.trim() || undefined,
      supervisor: form.ariSupervisor,
    },
    screenPop: {
      ...base.screenPop,
      template: form.popTemplate.trim(),
      trigger: form.popTrigger,
      open: form.popOpen,
      directCalls: form.popDirectCalls,
      queues: commaList(form.popQueues),
      allowedSchemes: commaList(form.popSchemes),
      windowOrigins: commaList(form.popWindowOrigins),
    },
    recording: { fileTemplate: form.recordingFile.trim(), options: form.recordingOptions.trim() },
    afterCallWorkSeconds: acw,
    callLog: {
      url: form.callLogUrl.trim(),
      required: form.callLogRequired,
      dispositions: form.dispositions.map((r) => ({ code: r.code.trim(), label: { en: r.en.trim(), es: r.es.trim() } })),
    },
    contacts: { ...base.contacts, csvFile: form.contactsCsvFile.trim(), searchUrl: form.contactsSearchUrl.trim() },
    notifications: { incoming: form.notifyIncoming, missed: form.notifyMissed },
    dialing: {
      ...base.dialing,
      defaultCountry: form.defaultCountry.trim(),
      outboundPrefix: form.outboundPrefix.trim(),
      internalPattern: form.internalPattern,
      confirmBeforeDial: form.confirmBeforeDial,
      hotkey: form.hotkey.trim(),
      internationalPrefix: form.internationalPrefix.trim() || undefined,
      nationalTrunkPrefix: form.nationalTrunkPrefix.trim() || undefined,
      domesticFormat: form.domesticFormat,
      internationalFormat: form.internationalFormat,
      allowFeatureCodes: form.allowFeatureCodes,
    },
    pauseReasons: form.pauseReasons.map((r) => ({ code: r.code.trim(), label: { en: r.en.trim(), es: r.es.trim() } })),
    language: form.language,
    theme: form.theme === 'auto' ? 'system' : form.theme,
    autostart: form.autostart,
  };
}

/** The login a saved secret belongs to; a new host, port or user needs the secret again. */
export function loginOf(form: Pick<SettingsForm, 'host' | 'port' | 'user'>): string {
  return `${form.user.trim()}@${form.host.trim()}:${form.port.trim()}`;
}

/** The ARI login a saved password belongs to; a new address or user needs the password again. */
export function ariLoginOf(form: Pick<SettingsForm, 'ariUrl' | 'ariUser'>): string {
  return `${form.ariUser.trim()}@${form.ariUrl.trim()}`;
}

export { runsOnDemo, usesAri } from './pbx-choice.ts';

/** Why an ARI address would be refused by the app's ARI client, as a message key, or null. */
function ariUrlError(value: string): PhraseCode | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'error.ariUrl';
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search || url.hash || !url.hostname)
    return 'error.ariUrl';
  return null;
}

/** The store's "path: message; path: message" as field errors, and what fits no field. */
export function placeStoreError(error: string): { fields: SettingsErrors; other: string[] } {
  const fields: SettingsErrors = {};
  const other: string[] = [];
  for (const part of error.split('; ')) {
    const match = /^"?([\w.[\]]+)"?:? (.*)$/.exec(part);
    const path = match?.[1] ?? '';
    const field = (Object.keys(PATHS) as SettingsField[]).find(
      (f) => path === PATHS[f] || path.startsWith(`${PATHS[f]}.`) || path.startsWith(`${PATHS[f]}[`),
    );
    // The schema writes its reasons in lower case, to follow a path; next to the field they start a sentence.
    const reason = match?.[2] ?? part;
    if (field && match) fields[field] ??= { text: reason.charAt(0).toUpperCase() + reason.slice(1) };
    else other.push(part);
  }
  return { fields, other };
}

/** The fields the admin locked (shown disabled). */
export function lockedFields(locked: readonly string[]): Set<SettingsField> {
  const out = new Set<SettingsField>();
  for (const field of Object.keys(PATHS) as SettingsField[]) {
    const path = PATHS[field] ?? '';
    if (locked.some((l) => l === path || path.startsWith(`${l}.`))) out.add(field);
  }
  return out;
}

const ARI_APP = /^[A-Za-z0-9_.-]+$/;

/**
 * Quick checks. An empty host is allowed: the app then runs on the Demo PBX. The screen-pop template
 * and the dialing rules are checked by the app itself (previewPop, the settings schema).
 */
export function validateSettings(
  form: SettingsForm,
  options: { hasSavedSecret: boolean; hasSavedAriSecret?: boolean; hasSavedNatsSecret?: boolean; hasSavedCallLogSecret?: boolean },
): SettingsErrors {
  const errors: SettingsErrors = form.mode === 'relay' ? validateRelay(form, options.hasSavedNatsSecret ?? false) : {};
  // In relay mode the AMI login is not used: its fields are hidden and not required.
  const host = form.mode === 'relay' ? '' : form.host.trim();
  if (host && !isHost(host)) errors.host = 'error.host';

  const port = form.port.trim();
  const direct = form.mode !== 'relay';
  if (direct && !port) errors.port = 'error.required';
  else if (direct && (!/^\d{1,5}$/.test(port) || Number(port) < PORT_MIN || Number(port) > PORT_MAX)) errors.port = 'error.port';

  const user = form.user.trim();
  if (host && !user) errors.user = 'error.required';
  else if (user && !AMI_USER.test(user)) errors.user = 'error.user';

  const extension = form.extension.trim();
  // ARI alone (no AMI host) and relay mode follow the agent's phone by its extension too.
  if ((host || form.ariEnabled || form.mode === 'relay') && !extension) errors.extension = 'error.required';
  else if (extension && !EXTENSION.test(extension)) errors.extension = 'error.extension';

  if (hasControlCharacters(form.secret)) errors.secret = 'error.secret';
  else if (host && !form.secret && !options.hasSavedSecret) errors.secret = 'error.required';

  Object.assign(errors, validateAri(form, options.hasSavedAriSecret ?? false));

  const template = form.popTemplate.trim();
  if (template && !/^https?:\/\//i.test(template)) errors.popTemplate = 'error.templateScheme';

  const pauseRows = rowsError(form.pauseReasons, 'error.reasonEmpty', 'error.reasonDuplicate');
  if (pauseRows) errors.pauseReasons = pauseRows;
  const dispositionRows = rowsError(form.dispositions, 'error.dispositionEmpty', 'error.dispositionDuplicate');
  if (dispositionRows) errors.dispositions = dispositionRows;

  const callLogUrl = form.callLogUrl.trim();
  if (callLogUrl && !checkCallLogUrl(callLogUrl).ok) errors.callLogUrl = 'error.callLogUrl';
  if (hasControlCharacters(form.callLogSecret)) errors.callLogSecret = 'error.secret';
  else if (callLogUrl && !form.callLogSecret && !options.hasSavedCallLogSecret) errors.callLogSecret = 'error.required';

  const contactsUrl = form.contactsSearchUrl.trim();
  if (contactsUrl && !isContactsSearchUrl(contactsUrl)) errors.contactsSearchUrl = 'contacts.ui.url-error';
  const contactsFile = form.contactsCsvFile.trim();
  if (hasControlCharacters(contactsFile)) errors.contactsCsvFile = 'error.path';
  else if (contactsFile && !isFullPath(contactsFile)) errors.contactsCsvFile = 'contacts.ui.csv-error';
  return errors;
}

/** A list of codes with English and Spanish labels (pause reasons, dispositions): none empty, no code twice. */
function rowsError(rows: readonly ReasonRow[], empty: PhraseCode, duplicate: PhraseCode): FieldError | undefined {
  const codes = new Set<string>();
  for (const row of rows) {
    if (!row.code.trim() || !row.en.trim() || !row.es.trim()) return empty;
    if (codes.has(row.code.trim())) return duplicate;
    codes.add(row.code.trim());
  }
  return undefined;
}

/** Relay mode: at least one server, each nats:// or tls:// with a host and port; the NATS user; the seed once. */
function validateRelay(form: SettingsForm, hasSavedNatsSecret: boolean): SettingsErrors {
  const errors: SettingsErrors = {};
  const urls = relayUrlList(form.relayUrls);
  if (urls.length === 0) errors.relayUrls = 'error.required';
  else if (!urls.every(isRelayUrl)) errors.relayUrls = 'error.relayUrl';
  const user = form.relayUser.trim();
  if (!user) errors.relayUser = 'error.required';
  else if (!ARI_USER.test(user.replaceAll('{extension}', '1'))) errors.relayUser = 'error.relayUser';
  if (hasControlCharacters(form.natsSecret)) errors.natsSecret = 'error.secret';
  else if (!form.natsSecret && !hasSavedNatsSecret) errors.natsSecret = 'error.required';
  return errors;
}

/** The ARI fields: required when ARI is on; the formats the app's ARI client and the schema accept. */
function validateAri(form: SettingsForm, hasSavedAriSecret: boolean): SettingsErrors {
  const errors: SettingsErrors = {};
  const on = form.ariEnabled;
  const url = form.ariUrl.trim();
  if (on && !url) errors.ariUrl = 'error.required';
  else if (url) errors.ariUrl = ariUrlError(url) ?? undefined;

  const user = form.ariUser.trim();
  if (on && !user) errors.ariUser = 'error.required';
  else if (user && !ARI_USER.test(user)) errors.ariUser = 'error.ariUser';

  if (hasControlCharacters(form.ariSecret)) errors.ariSecret = 'error.secret';
  else if (on && !form.ariSecret && !hasSavedAriSecret) errors.ariSecret = 'error.required';

  const app = form.ariApp.trim();
  if (!app) errors.ariApp = 'error.required';
  else if (hasControlCharacters(app) || !ARI_APP.test(app.replaceAll('{extension}', '1'))) errors.ariApp = 'error.ariApp';

  if (hasControlCharacters(form.ariCaFile)) errors.ariCaFile = 'error.path';
  for (const key of Object.keys(errors) as SettingsField[]) if (errors[key] === undefined) delete errors[key];
  return errors;
}
