/**
 * What can be kept of a settings object the schema refuses: a key this version does not know (a newer
 * version's, or a typo) is taken out and set aside, a value the schema refuses falls back to its
 * default, a secret-looking key is dropped; everything else stays. One wrong field must never cost the
 * agent the whole file (issue 20): the store reports what was ignored and keeps the unknown keys in
 * the file on every save.
 */
import type { Phrase } from '../../shared/phrases/index.ts';
import { SECRET_KEY, defaultSettings, parseSettings, phraseOfIssues, secretKeyPhrase, type Settings } from './schema.ts';
import { mergeDeep, setPath } from './paths.ts';

type Raw = Record<string, unknown>;
type Key = string | number;

export interface Salvaged {
  /** The settings kept: the schema accepts them. */
  settings: Settings;
  /** The input without what was taken out (no defaults merged in). */
  raw: Raw;
  /** Dotted paths of keys this version does not know, ignored. */
  unknown: string[];
  /** The unknown keys that sit in objects (not in list items), as found: written back on every save. */
  extras: Raw;
  /** Values refused by the schema (their defaults are used) and secret-looking keys (dropped), each said. */
  refused: Phrase[];
}

/** Enough for every field of the schema to be wrong at once. */
const MAX_ROUNDS = 200;

/** The settings the schema accepts out of `raw` (merged over `base`), or null when nothing can be saved of it. */
export function salvage(raw: Raw, base: Raw = defaultSettings()): Salvaged | null {
  const out: Salvaged = { settings: defaultSettings(), raw: {}, unknown: [], extras: {}, refused: [] };
  let current = dropSecrets(raw, [], out);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const parsed = parseSettings(mergeDeep(base, current));
    if (parsed.ok) return { ...out, settings: parsed.settings, raw: current };
    const { issues } = parsed;
    const unknown = issues.filter((issue) => issue.code === 'unrecognized_keys');
    // Removing a list item shifts the ones after it: one other issue per round, then ask again.
    const other = issues.find((issue) => issue.code !== 'unrecognized_keys');
    for (const issue of unknown) {
      for (const key of issue.code === 'unrecognized_keys' ? issue.keys : []) {
        const path = [...issue.path, key] as Key[];
        out.unknown.push(dotted(path));
        if (path.every((part) => typeof part === 'string')) out.extras = setPath(out.extras, path.join('.'), valueAt(current, path));
        current = removeAt(current, path);
      }
    }
    if (unknown.length === 0) {
      if (!other || other.path.length === 0) return null;
      // In a list item a field has no default of its own: the whole item goes.
      const path = other.path as Key[];
      const item = path.findLastIndex((part) => typeof part === 'number');
      const without = removeAt(current, item === -1 ? path : path.slice(0, item + 1));
      if (without === current) return null;
      out.refused.push(phraseOfIssues([other]));
      current = without;
    }
  }
  return null;
}

/** A copy of `value` without secret-looking keys, each said in `out.refused`. */
function dropSecrets(value: Raw, path: Key[], out: Salvaged): Raw {
  const walk = (item: unknown, at: Key[]): unknown => {
    if (Array.isArray(item)) return item.map((entry, index) => walk(entry, [...at, index]));
    if (item === null || typeof item !== 'object') return item;
    const kept: Raw = {};
    for (const [key, child] of Object.entries(item)) {
      if (SECRET_KEY.test(key)) {
        out.refused.push(secretKeyPhrase(dotted([...at, key])));
        continue;
      }
      kept[key] = walk(child, [...at, key]);
    }
    return kept;
  };
  return walk(value, path) as Raw;
}

/** `pbx.relay.urls`, `pauseReasons[2].code`. */
export function dotted(path: readonly Key[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}

function valueAt(object: unknown, path: readonly Key[]): unknown {
  return path.reduce<unknown>((at, key) => (at !== null && typeof at === 'object' ? (at as Record<Key, unknown>)[key] : undefined), object);
}

/** A copy of `object` without the value at `path` (a list item is taken out of its list). */
function removeAt<T>(object: T, path: readonly Key[]): T {
  const [head, ...rest] = path;
  if (head === undefined) return object;
  if (Array.isArray(object)) {
    if (typeof head !== 'number') return object;
    return (rest.length ? object.map((item, i) => (i === head ? removeAt(item, rest) : item)) : object.filter((_, i) => i !== head)) as T;
  }
  if (object === null || typeof object !== 'object' || !Object.hasOwn(object, head)) return object;
  const copy = { ...(object as Raw) };
  if (rest.length) copy[head] = removeAt(copy[head], rest);
  else delete copy[head];
  return copy as T;
}
