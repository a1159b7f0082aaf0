/**
 * Moves a settings file written by an older version to the current shape, one version at a time.
 * Each step is a plain function of the parsed JSON; the result is validated by the schema afterwards.
 */
import { SETTINGS_VERSION } from './schema.ts';
import { english, phrase, type Phrase, type PhraseCode, type PhraseParam } from '../../shared/phrases/index.ts';

type Raw = Record<string, unknown>;

/** MIGRATIONS[n] turns a version-n file into a version-(n+1) file. */
const MIGRATIONS: Record<number, (raw: Raw) => Raw> = {
  // Version 0: the early unversioned files, with the pop URL under `screenPop.url` and the
  // outbound prefix under `dialing.prefix`.
  0: (raw) => {
    const next: Raw = { ...raw };
    const pop = asObject(raw['screenPop']);
    if (pop && 'url' in pop && !('template' in pop)) {
      const { url, ...rest } = pop;
      next['screenPop'] = { ...rest, template: url };
    }
    const dialing = asObject(raw['dialing']);
    if (dialing && 'prefix' in dialing && !('outboundPrefix' in dialing)) {
      const { prefix, ...rest } = dialing;
      next['dialing'] = { ...rest, outboundPrefix: prefix };
    }
    return next;
  },
};

export type MigrationResult =
  | { kind: 'current'; raw: Raw }
  | { kind: 'migrated'; raw: Raw; from: number }
  | { kind: 'newer'; version: number }
  /** `error` in English, `phrase` the same for a shell that translates. */
  | { kind: 'invalid'; error: string; phrase: Phrase };

export function migrate(raw: unknown): MigrationResult {
  const object = asObject(raw);
  if (!object) return invalid('settings.file.not-object');
  const version = object['version'] ?? 0;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    return invalid('settings.file.bad-version', { found: String(JSON.stringify(version)) });
  }
  if (version > SETTINGS_VERSION) return { kind: 'newer', version };
  if (version === SETTINGS_VERSION) return { kind: 'current', raw: object };
  let current: Raw = object;
  for (let from = version; from < SETTINGS_VERSION; from++) {
    const step = MIGRATIONS[from];
    if (!step) return invalid('settings.file.no-migration', { version: from });
    current = { ...step(current), version: from + 1 };
  }
  return { kind: 'migrated', raw: current, from: version };
}

function invalid(code: PhraseCode, params?: Record<string, PhraseParam>): MigrationResult {
  const said = phrase(code, params);
  return { kind: 'invalid', error: english(said), phrase: said };
}

function asObject(value: unknown): Raw | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : null;
}
