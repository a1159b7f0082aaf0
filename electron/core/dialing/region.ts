/**
 * The desk's country from the OS: the region of its locale settings (en-GB -> GB, es-419 -> none),
 * never guessed from a language alone (English is spoken at desks in Spain; "es" says no country).
 */
import { isSupportedCountry } from 'libphonenumber-js/max';

/** The first locale's region that numbering knows (ISO 3166, upper case), or null when none has one. */
export function deskCountryOf(locales: readonly (string | null | undefined)[]): string | null {
  for (const tag of locales) {
    if (!tag) continue;
    let region: string | undefined;
    try {
      // POSIX form too (es_ES.UTF-8), as a Linux session may report it.
      region = new Intl.Locale(tag.split('.')[0]!.replace('_', '-')).region;
    } catch {
      continue;
    }
    if (region && /^[A-Z]{2}$/.test(region) && isSupportedCountry(region)) return region;
  }
  return null;
}
