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

export type LinkResult = DialLink | { ok: false; error: string };

export const MAX_LINK_LENGTH = 512;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// RFC 3966 visual separators are - . ( ); spaces (often %20) are tolerated as people paste them.
const VISUAL = /[-.() ]/g;

export function parseDialLink(link: string): LinkResult {
  try {
    return parse(link);
  } catch {
    // Every path below returns a refusal; this only guards against a mistake turning into a crash.
    return refuse('That link could not be read as a phone number.');
  }
}

function parse(link: string): LinkResult {
  if (typeof link !== 'string') return refuse('The link is empty.');
  const text = link.trim();
  if (text === '') return refuse('The link is empty.');
  if (text.length > MAX_LINK_LENGTH) return refuse(`The link is too long to be a phone number (more than ${MAX_LINK_LENGTH} characters).`);
  if (CONTROL.test(text)) return refuse('The link contains a line break or another control character: it was not dialled.');

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
      return refuse(scheme ? `"${scheme.slice(0, 20)}:" links are not phone numbers (tel:, sip: and callto: are).` : 'That is not a tel:, sip: or callto: link.');
  }
}

/** RFC 3966 telephone-subscriber: number *(;param), parameters split before percent-decoding. */
function telephoneSubscriber(body: string, scheme: LinkScheme, host?: string): LinkResult {
  // tel: has no query: a `?` or `&` is someone appending parts (a second action, a redirect).
  if (/[?&]/.test(body)) return refuse('The link carries more than a number (query or extra parts): it was not dialled.');
  const [rawNumber = '', ...rawParams] = body.split(';');
  const decoded = decode(rawNumber);
  if (decoded === null) return refuse('The link has broken percent-encoding.');
  if (CONTROL.test(decoded)) return refuse('The link contains an encoded line break or control character: it was not dialled.');

  const params = new Map<string, string>();
  for (const raw of rawParams) {
    const value = decode(raw);
    if (value === null) return refuse('The link has broken percent-encoding.');
    if (CONTROL.test(value)) return refuse('The link contains an encoded line break or control character: it was not dialled.');
    const eq = value.indexOf('=');
    const name = (eq < 0 ? value : value.slice(0, eq)).trim().toLowerCase();
    if (name === '') continue;
    // RFC 3966 pname: alphanumerics and '-'. Anything else is not a parameter but appended text.
    if (!/^[a-z0-9-]{1,32}$/.test(name)) return refuse('The link has an unexpected part after the number: it was not dialled.');
    if (params.has(name)) return refuse(`The link repeats ";${name}=".`);
    params.set(name, eq < 0 ? '' : value.slice(eq + 1));
  }

  // "+44 (0)20 ...": the (0) is the trunk prefix written for domestic readers, never dialled after +.
  const number = (decoded.trim().startsWith('+') ? decoded.replace(/\(0\)/g, '') : decoded).replace(VISUAL, '');
  if (number === '' || number === '+') return refuse('The link has no number in it.');
  if (/[,;]/.test(number) || /^\+?[0-9*#]+[pPwW]/.test(number)) return refuse('Pauses in a number cannot be dialled through the PBX: dial the number, then key the rest on the phone.');
  if (/\p{L}/u.test(number)) {
    if (scheme === 'tel') return refuse('The link has letters in its number: only digits can be dialled.');
    return refuse(`That ${scheme}: link names a person or an account, not a phone number.`);
  }

  const extension = params.get('ext');
  if (extension !== undefined) {
    const ext = extension.replace(VISUAL, '');
    if (!/^[0-9]{1,16}$/.test(ext)) return refuse('The ";ext=" of the link is not a number.');
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
    if (!/^\+[0-9]{2,20}$/.test(number)) return refuse('The link\'s number is not a phone number (a "+" number has 2 to 20 digits and nothing else).');
    return { ...base, number, global: true };
  }
  if (!/^[0-9*#]{1,32}$/.test(number)) return refuse('The link\'s number is not a phone number: use digits, and * # only.');

  const context = params.get('phone-context');
  if (context === undefined || context === '') return { ...base, number, global: false };
  const contextDigits = context.replace(VISUAL, '');
  if (contextDigits.startsWith('+')) {
    // A global-number-digits context is the prefix of the local number (RFC 3966 section 5.1.5).
    const full = contextDigits + number;
    if (!/^\+[0-9]{2,20}$/.test(full)) return refuse('The link\'s phone-context does not make a phone number.');
    return { ...base, number: full, global: true };
  }
  if (!/^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/.test(context)) return refuse('The link\'s phone-context is neither a number nor a domain name.');
  return { ...base, number, global: false, phoneContext: context.toLowerCase() };
}

/** sip:user[:password]@host[:port][;params][?headers]: the user part is the number. */
function sipUser(rest: string, scheme: 'sip' | 'sips'): LinkResult {
  const at = rest.lastIndexOf('@');
  if (at <= 0) return refuse(`That ${scheme}: link has no number before "@".`);
  const userinfo = rest.slice(0, at);
  // A user part with ;phone-context or ;isub is a telephone-subscriber too (RFC 3261 user=phone).
  const user = userinfo.split(':')[0] ?? '';
  const hostPart = rest.slice(at + 1).split(/[;?]/)[0] ?? '';
  const host = hostPart.replace(/:[0-9]{1,5}$/, '').toLowerCase();
  if (!/^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?)$/.test(host)) return refuse(`That ${scheme}: link has no valid host after "@".`);
  return telephoneSubscriber(user, scheme, host);
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

function refuse(error: string): { ok: false; error: string } {
  return { ok: false, error };
}
