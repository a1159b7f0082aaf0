/**
 * The settings form as the agent fills it, and its client-side checks. The app validates again
 * when it saves (schema in electron/core/settings); these checks are here to say what is wrong
 * next to the field, in words, before anything is sent.
 */
import type { MessageKey } from '../i18n/en.ts';
import type { LanguagePref } from './i18n.svelte.ts';
import type { ThemePref } from './theme.svelte.ts';

export interface SettingsForm {
  host: string;
  port: string;
  tls: boolean;
  user: string;
  /** Empty means "keep the saved secret" when one is saved. Never written to the settings file. */
  secret: string;
  extension: string;
  popTemplate: string;
  language: LanguagePref;
  theme: ThemePref;
}

export type SettingsField = keyof SettingsForm;
export type SettingsErrors = Partial<Record<SettingsField, MessageKey>>;

export const DEFAULT_SETTINGS: SettingsForm = {
  host: '',
  port: '5038',
  tls: false,
  user: '',
  secret: '',
  extension: '',
  popTemplate: '',
  language: 'auto',
  theme: 'auto',
};

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;
const IPV6 = /^\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*\]?$/;
const AMI_USER = /^[A-Za-z0-9_.@-]{1,64}$/;
const EXTENSION = /^[A-Za-z0-9_-]{1,32}$/;
// eslint-disable-next-line no-control-regex -- control bytes are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;
const PLACEHOLDER = /\{([^{}]*)\}/g;

export function validateSettings(form: SettingsForm, options: { hasSavedSecret: boolean }): SettingsErrors {
  const errors: SettingsErrors = {};
  const host = form.host.trim();
  if (!host) errors.host = 'error.required';
  else if (!(IPV4.test(host) || HOSTNAME.test(host) || IPV6.test(host))) errors.host = 'error.host';

  const port = form.port.trim();
  if (!port) errors.port = 'error.required';
  else if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) errors.port = 'error.port';

  const user = form.user.trim();
  if (!user) errors.user = 'error.required';
  else if (!AMI_USER.test(user)) errors.user = 'error.user';

  if (!form.secret && !options.hasSavedSecret) errors.secret = 'error.required';
  else if (CONTROL.test(form.secret)) errors.secret = 'error.secret';

  const extension = form.extension.trim();
  if (!extension) errors.extension = 'error.required';
  else if (!EXTENSION.test(extension)) errors.extension = 'error.extension';

  const templateError = checkTemplate(form.popTemplate.trim());
  if (templateError) errors.popTemplate = templateError;
  return errors;
}

function checkTemplate(template: string): MessageKey | null {
  if (!template) return null; // no screen pop
  if (!/^https?:\/\//i.test(template)) return 'error.templateScheme';
  const withoutPlaceholders = template.replace(PLACEHOLDER, (_whole, name: string) => (/^\w+$/.test(name) ? 'x' : '\u0000'));
  if (withoutPlaceholders.includes('\u0000') || /[{}]/.test(withoutPlaceholders)) return 'error.templateBraces';
  try {
    new URL(withoutPlaceholders);
  } catch {
    return 'error.templateUrl';
  }
  return null;
}

/** The template filled for a sample call, each value URL-encoded, as the screen pop will do it. */
export function previewTemplate(template: string, values: Record<string, string>): string {
  return template.trim().replace(PLACEHOLDER, (whole, name: string) =>
    name in values ? encodeURIComponent(values[name] ?? '') : whole,
  );
}
