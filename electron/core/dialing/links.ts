/**
 * tel:, sip:, sips: and callto: links -> the number they carry, or a clear refusal.
 *
 * Links come from web pages and other apps (the OS protocol handler), so they are hostile input:
 * the parser never throws, refuses control characters before and after percent-decoding (a
 * `%0d%0a` would otherwise put a second AMI action on the wire), refuses anything longer than
 * MAX_LINK_LENGTH, and returns only digits, `+`, `*` and `#`. The caller then runs the number
 * through normalizeNumber(); for sip: links it may check `host` against the PBX's address.
 *
 * tel: follows RFC 3966: global numbers (`tel:+1-201-555-0123`), local numbers with a
 * phone-context (`tel:863-1234;phone-context=+1-914-555` is +1 914 555 863 1234;
 * `tel:7042;phone-context=example.com` is 7042 inside that domain), visual separators, `;ext=`,
 * `;isub=` and percent-encoding. The extension is returned apart and never dialled: a PBX cannot
 * key DTMF after the answer through an Originate.
 */
import { CONTROL_CHARACTERS } from '../../shared/control-characters.ts';
import { refused, type Refusal } from '../../shared/phrases/index.ts';

export type LinkScheme = 'tel' | 'sip' | 'sips' | 'callto';

export interface DialLink {
  ok: true;
  scheme: LinkScheme;
  /** The number to dial: `+` and digits for a global number, digits `*` `#` for a local one. */
  number: string;
  /** True for a global (E.164-style) number. */
  global: boolean;
  /** A local number's context when it is a domain, e.g. `example.com`. */
  phoneContext?: string;
  /** `;ext=` digits, for showing the agent (not dialled). */
  extension?: string;
  /** `;isub=` (ISDN subaddress), informational only. */
  isdnSubaddress?: string;
  /** sip:/sips: only: the host part, lower-cased, so the caller may check it is the PBX. */
  host?: string;
}

/** A refusal says why in English (`error`) and as a phrase for a shell that translates. */
export type LinkRefusal = Refusal;
export type LinkResult = DialLink | LinkRefusal;

export const MAX_LINK_LENGTH = 512;
const CONTROL = CONTROL_CHARACTERS;
// RFC 3966 visual separators are - . ( ); spaces (often %20) are tolerated as people paste them.
const VISUAL = /[-.() ]/g;

export function parseDialLink(link: string): LinkResult {
  try {
    return parse(link);
  } catch {
    // Every path below returns a refusal; this only guards against a mistake turning into a crash.
    return refused('dial.input.link.unreadable');
  }
}

function parse(link: string): LinkResult {
  if (typeof link !== 'string') return refused('dial.input.link.empty');
  const text = link.trim();
  if (text === '') return refused('dial.input.link.empty');
  if (text.length > MAX_LINK_LENGTH) return refused('dial.input.link.too-long', { max: MAX_LINK_LENGTH });
  if (CONTROL.test(text)) return refused('dial.input.link.control');

  const colon = text.indexOf(':');
  const scheme = colon > 0 ? text.slice(0, colon).toLowerCase() : '';
  const rest = text.slice(colon + 1);
  switch (scheme) {
    case 'tel':
      return telephoneSubscriber(rest, 'tel');
    case 'callto':
      // callto:+1555..., callto://+1555... (Skype names such as callto:alice are not numbers).
      return telephoneSubscriber(rest.replace(/^\/\//, '').replace(/\/$/, ''), 'callto');
    case 'sip':
    case 'sips':
      return sipUser(rest, scheme);
    default:
      return scheme ? refused('dial.input.link.other-scheme', { scheme: scheme.slice(0, 20) }) : refused('dial.input.link.not-a-link');
  }
}

/** RFC 3966 telephone-subscriber: number *(;param), parameters split before percent-decoding. */
function telephoneSubscriber(body: string, scheme: LinkScheme, host?: string): LinkResult {
  // tel: has no query: a `?` or `&` is someone appending parts (a second action, a redirect).
  if (/[?&]/.test(body)) return refused('dial.input.link.extra-parts');
  const [rawNumber = '', ...rawParams] = body.split(';');
  const decoded = decode(rawNumber);
  if (decoded === null) return refused('dial.input.link.bad-encoding');
  if (CONTROL.test(decoded)) return refused('dial.input.link.encoded-control');

  const params = new Map<string, string>();
  for (const raw of rawParams) {
    const value = decode(raw);
    if (value === null) return refused('dial.input.link.bad-encoding');
    if (CONTROL.test(value)) return refused('dial.input.link.encoded-control');
    const eq = value.indexOf('=');
    const name = (eq < 0 ? value : value.slice(0, eq)).trim().toLowerCase();
    if (name === '') continue;
    // RFC 3966 pname: alphanumerics and '-'. Anything else is not a parameter but appended text.
    if (!/^[a-z0-9-]{1,32}$/.test(name)) return refused('dial.input.link.unexpected-part');
    if (params.has(name)) return refused('dial.input.link.repeated', { name });
    params.set(name, eq < 0 ? '' : value.slice(eq + 1));
  }

  // "+44 (0)20 ...": the (0) is the trunk prefix written for domestic readers, never dialled after +.
  const number = (decoded.trim().startsWith('+') ? decoded.replace(/\(0\)/g, '') : decoded).replace(VISUAL, '');
  if (number === '' || number === '+') return refused('dial.input.link.no-number');
  if (/[,;]/.test(number) || /^\+?[0-9*#]+[pPwW]/.test(number)) return refused('dial.input.link.pause');
  if (/\p{L}/u.test(number)) {
    if (scheme === 'tel') return refused('dial.input.link.letters');
    return refused('dial.input.link.names-someone', { scheme });
  }

  const extension = params.get('ext');
  if (extension !== undefined) {
    const ext = extension.replace(VISUAL, '');
    if (!/^[0-9]{1,16}$/.test(ext)) return refused('dial.input.link.bad-extension');
  }
  const isub = params.get('isub');
  const base = {
    ok: true as const,
    scheme,
    ...(extension !== undefined ? { extension: extension.replace(VISUAL, '') } : {}),
    ...(isub !== undefined ? { isdnSubaddress: isub } : {}),
    ...(host !== undefined ? { host } : {}),
  };

  if (number.startsWith('+')) {
    if (!/^\+[0-9]{2,20}$/.test(number)) return refused('dial.input.link.bad-global');
    return { ...base, number, global: true };
  }
  if (!/^[0-9*#]{1,32}$/.test(number)) return refused('dial.input.link.bad-local');

  const context = params.get('phone-context');
  if (context === undefined || context === '') return { ...base, number, global: false };
  const contextDigits = context.replace(VISUAL, '');
  if (contextDigits.startsWith('+')) {
    // A global-number-digits context is the prefix of the local number (RFC 3966 section 5.1.5).
    const full = contextDigits + number;
    if (!/^\+[0-9]{2,20}$/.test(full)) return refused('dial.input.link.bad-context-number');
    return { ...base, number: full, global: true };
  }
  if (!/^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/.test(context)) return refused('dial.input.link.bad-context');
  return { ...base, number, global: false, phoneContext: context.toLowerCase() };
}

/** sip:user[:password]@host[:port][;params][?headers]: the user part is the number. */
function sipUser(rest: string, scheme: 'sip' | 'sips'): LinkResult {
  const at = rest.lastIndexOf('@');
  if (at <= 0) return refused('dial.input.link.no-user', { scheme });
  const userinfo = rest.slice(0, at);
  // A user part with ;phone-context or ;isub is a telephone-subscriber too (RFC 3261 user=phone).
  const user = userinfo.split(':')[0] ?? '';
  const hostPart = rest.slice(at + 1).split(/[;?]/)[0] ?? '';
  const host = hostPart.replace(/:[0-9]{1,5}$/, '').toLowerCase();
  if (!/^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?)$/.test(host)) return refused('dial.input.link.bad-host', { scheme });
  return telephoneSubscriber(user, scheme, host);
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
