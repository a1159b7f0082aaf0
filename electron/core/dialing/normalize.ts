/**
 * What the agent typed or selected -> the string the PBX dials (the Originate's Exten).
 *
 * libphonenumber-js 'max' metadata, not 'min': measured here (Node 20, v1.13) both load in about
 * 60 ms and parse + validate in about 14 us, but 'min' only checks a number's length and leading
 * digits, so it cannot tell a known number from one that merely has the right length
 * (+34 999 99 99 99 passes 'min', fails 'max'). That difference becomes a warning, not a refusal:
 * metadata lags behind real numbering (the demo's own caller +1 555 010 9000 is "invalid"), and an
 * agent must be able to call back whoever called.
 *
 * Order of the decisions, each one a clear refusal or a dial string:
 * 1. clean: trim, refuse control characters, letters and pause characters; drop visual separators.
 * 2. feature codes (`*72`, `#1`) and internal extensions (the settings' pattern) pass unchanged.
 * 3. public numbers: parsed against the default country; a number of impossible length is refused,
 *    a possible one the metadata does not know is dialled with a warning; then written as the
 *    PBX's outbound routes expect: outbound prefix + national form (or E.164) for domestic numbers,
 *    outbound prefix + international prefix + country code + number (or E.164) for the rest.
 */
import { getCountryCallingCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { CountryCode, PhoneNumber } from 'libphonenumber-js/max';
import type { DialPreview } from '../../shared/companion.ts';
import { CONTROL_CHARACTERS } from '../../shared/control-characters.ts';
import { country, english, phrase, type Phrase, type PhraseCode, type PhraseParam } from '../../shared/phrases/index.ts';

export interface DialRules {
  /** ISO 3166 country of the desk, e.g. 'ES': numbers without + or an international prefix are read as its numbers. */
  defaultCountry: string;
  /** Digits the PBX needs before any external number ('9', '0' or ''). Default ''. */
  outboundPrefix?: string;
  /** Digits that start an international call from this desk ('00', '011'). Default: the country's own (libphonenumber). */
  internationalPrefix?: string;
  /**
   * How numbers of the desk's own country are dialled.
   * 'national' (default): as dialled locally, with the country's trunk prefix (UK 020..., AR 011 15...).
   * 'e164': +34912345678, for trunks that route E.164.
   */
  domesticFormat?: 'national' | 'e164';
  /**
   * How numbers of other countries are dialled. 'idd' (default): international prefix + country code + number.
   * 'e164': +5491123456789.
   */
  internationalFormat?: 'idd' | 'e164';
  /**
   * When set, domestic numbers in 'national' form are this prefix + the national significant number
   * instead of the country's own local form: '1' gives 1+10 digits in the US, '' plain 10 digits.
   */
  nationalTrunkPrefix?: string;
  /** Internal extensions, dialled unchanged (a regular expression over the digits). Default '^[0-9]{2,6}$'. */
  internalPattern?: string;
  /** Feature codes with `*` or `#` (e.g. `*72`, `*98`) dialled unchanged. Default true. */
  allowFeatureCodes?: boolean;
  /**
   * Settings files written before possible-but-unknown numbers were dialled with a warning carry it;
   * it no longer changes anything (such numbers are always dialled, with `warning`).
   */
  allowUnverified?: boolean;
}

export type DialKind = 'internal' | 'feature' | 'domestic' | 'international';

/** The preview with the kind of number, for the dialer's wording and for tests. */
export interface DialPlan extends DialPreview {
  kind?: DialKind;
}

/** Longer input is not a phone number; refusing early keeps every later step cheap. */
export const MAX_INPUT_LENGTH = 64;
const DEFAULT_INTERNAL = '^[0-9]{2,6}$';
// Visual separators people type or paste: space, NBSP and other spaces, - . ( ) / and the dashes Word makes.
const SEPARATORS = /[\s\u00a0\u2000-\u200b\u202f\u3000().\-/\u2010-\u2015\u2212]/g;
const CONTROL = CONTROL_CHARACTERS;

export function normalizeNumber(input: string, rules: DialRules): DialPlan {
  const trimmed = typeof input === 'string' ? input.trim() : '';
  // The refusal in English (`error`) and as a phrase (`errorPhrase`) for a shell that translates.
  const fail = (code: PhraseCode, params?: Record<string, PhraseParam>): DialPlan => {
    const said = phrase(code, params);
    return { ok: false, input: trimmed.slice(0, MAX_INPUT_LENGTH), error: english(said), errorPhrase: said };
  };
  if (typeof input !== 'string' || trimmed === '') return fail('dial.input.empty');
  if (trimmed.length > MAX_INPUT_LENGTH) return fail('dial.input.too-long', { max: MAX_INPUT_LENGTH });
  if (CONTROL.test(trimmed)) return fail('dial.input.control');

  const country = rules.defaultCountry.toUpperCase();
  if (!isSupportedCountry(country)) return fail('dial.input.unknown-country', { country: rules.defaultCountry });
  const outbound = rules.outboundPrefix ?? '';
  if (!/^[0-9]{0,4}$/.test(outbound)) return fail('dial.input.bad-outbound-prefix');

  // "+44 (0)20 ...": the (0) is the trunk prefix written for domestic readers, never dialled after +.
  const cleaned = (trimmed.startsWith('+') ? trimmed.replace(/\(0\)/g, '') : trimmed).replace(SEPARATORS, '');
  if (/[,;]/.test(cleaned) || /^\+?[0-9*#]+[wWpP][0-9*#wWpP]*$/.test(cleaned)) {
    return fail('dial.input.pause');
  }
  if (/\p{L}/u.test(cleaned)) return fail('dial.input.letters');
  if (!/^\+?[0-9*#]+$/.test(cleaned)) return fail('dial.input.bad-characters', { input: trimmed });
  if (cleaned.length > 32) return fail('dial.input.too-many-digits');

  if (!/[0-9]/.test(cleaned)) return fail('dial.input.no-digits', { input: trimmed });
  if (/[*#]/.test(cleaned)) {
    if (rules.allowFeatureCodes === false) return fail('dial.input.feature-codes-off');
    if (cleaned.startsWith('+')) return fail('dial.input.plus-with-code');
    return { ok: true, input: trimmed, dialString: cleaned, display: cleaned, kind: 'feature' };
  }

  const internal = compileInternal(rules.internalPattern);
  if (!internal) return fail('dial.input.bad-internal-pattern');
  if (!cleaned.startsWith('+') && internal.test(cleaned)) {
    return { ok: true, input: trimmed, dialString: cleaned, display: cleaned, kind: 'internal' };
  }

  const parsed = parsePublic(cleaned, country as CountryCode);
  if (!parsed || !parsed.isPossible()) return fail('dial.input.impossible', { input: trimmed, country: countryName(country) });
  // Possible but unknown to the metadata: dialled, with a warning the preview shows.
  const warned = parsed.isValid() ? {} : unverified(parsed);

  // "9" + "+34...": no PBX route reads a prefix before a +; E.164 trunks take the number as it is.
  const e164 = (rules.domesticFormat === 'e164' || rules.internationalFormat === 'e164') && outbound !== '';
  if (e164) return fail('dial.input.prefix-with-e164');

  const domestic = parsed.countryCallingCode === getCountryCallingCode(country as CountryCode);
  const base = { ok: true, input: trimmed, e164: parsed.number as string, display: parsed.formatInternational(), ...warned };
  if (domestic) {
    if (rules.domesticFormat === 'e164') return { ...base, dialString: outbound + parsed.number, kind: 'domestic' };
    if (!/^[0-9]{0,4}$/.test(rules.nationalTrunkPrefix ?? '')) return fail('dial.input.bad-trunk-prefix');
    const local =
      rules.nationalTrunkPrefix !== undefined
        ? rules.nationalTrunkPrefix + parsed.nationalNumber
        : parsed.formatNational().replace(/[^0-9]/g, '');
    return { ...base, dialString: outbound + local, kind: 'domestic' };
  }
  if (rules.internationalFormat === 'e164') return { ...base, dialString: outbound + parsed.number, kind: 'international' };
  if (rules.internationalPrefix !== undefined && !/^[0-9]{1,5}$/.test(rules.internationalPrefix)) {
    return fail('dial.input.bad-international-prefix');
  }
  return {
    ...base,
    dialString: outbound + internationalDigits(parsed, country as CountryCode, rules.internationalPrefix),
    kind: 'international',
  };
}

/** The warning for a number of possible length that libphonenumber's metadata does not know. */
function unverified(parsed: PhoneNumber): Pick<DialPlan, 'warning' | 'warningPhrase'> {
  const number = parsed.formatInternational();
  const said = parsed.country
    ? phrase('dial.warning.unverified-in', { number, country: countryName(parsed.country) })
    : phrase('dial.warning.unverified', { number });
  return { warning: english(said), warningPhrase: said };
}

/**
 * International prefix + country code + national number. Without a configured prefix, the
 * country's own from libphonenumber ('011' from the US, '00' from Spain); where the metadata lists
 * only a pattern of carriers' prefixes (Colombia 00[579]...), '00' until the admin picks one.
 */
function internationalDigits(parsed: PhoneNumber, from: CountryCode, prefix: string | undefined): string {
  if (prefix !== undefined) return prefix + parsed.countryCallingCode + parsed.nationalNumber;
  const idd = parsed.format('IDD', { fromCountry: from });
  const digits = idd ? idd.replace(/[^0-9]/g, '') : '';
  return digits.endsWith(parsed.countryCallingCode + parsed.nationalNumber)
    ? digits
    : '00' + parsed.countryCallingCode + parsed.nationalNumber;
}

/** The country as a phrase: named in the agent's language where the shell says it, in English here. */
function countryName(code: string): Phrase {
  let name = code;
  try {
    name = new Intl.DisplayNames(['en'], { type: 'region' }).of(code) ?? code;
  } catch {
    // An unknown code is shown as it is.
  }
  return country(code, name);
}

function compileInternal(pattern: string | undefined): RegExp | null {
  try {
    return new RegExp(pattern ?? DEFAULT_INTERNAL);
  } catch {
    return null;
  }
}

/**
 * libphonenumber, plus the forms people still type that its metadata no longer accepts: Mexico
 * dropped the mobile "1" after +52 and the 01 / 044 / 045 national prefixes in 2019-2020, so
 * +52 1 55..., 044 55... and 01 55... mean the 10-digit number that follows.
 */
function parsePublic(cleaned: string, country: CountryCode): PhoneNumber | undefined {
  const first = parsePhoneNumberFromString(cleaned, country);
  if (first?.isValid()) return first;
  const mexican = mexicanLegacy(cleaned, country);
  if (mexican) {
    const retry = parsePhoneNumberFromString(mexican);
    if (retry?.isValid()) return retry;
  }
  const abroad = otherInternationalPrefix(cleaned);
  if (abroad) {
    const retry = parsePhoneNumberFromString(abroad);
    if (retry?.isValid()) return retry;
  }
  return first;
}

/**
 * 00 and 011, the two international prefixes people write, whatever the desk's own: a number
 * copied from a European page (0034...) or a North American one (011 34...) reaches its country.
 * Tried only when the desk's country does not know the number (Buenos Aires' 011 stays national).
 */
function otherInternationalPrefix(cleaned: string): string | null {
  const match = /^(?:00|011)([1-9][0-9]{6,14})$/.exec(cleaned);
  return match ? `+${match[1]}` : null;
}

function mexicanLegacy(cleaned: string, country: CountryCode): string | null {
  const international = /^(?:\+|00|011)521([0-9]{10})$/.exec(cleaned);
  if (international) return `+52${international[1]}`;
  const national = country === 'MX' ? /^(?:044|045|01|1)([0-9]{10})$/.exec(cleaned) : null;
  return national ? `+52${national[1]}` : null;
}
