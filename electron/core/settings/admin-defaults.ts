/**
 * The admin's defaults file: one system-wide JSON file, deployed to every desk of a fleet, that
 * pre-fills settings and can lock fields so the agent cannot change them.
 *
 *   Linux    /etc/pbx-companion/defaults.json
 *   Windows  %ProgramData%\PBX Companion\defaults.json
 *   macOS    /Library/Application Support/PBX Companion/defaults.json
 *
 * Shape: { "settings": { ...any settings fields... }, "locked": ["pbx.host", "pbx.port"] }
 * Secrets never go here either: each agent's AMI secret is entered once and kept in the keychain.
 */
import { readFile } from 'node:fs/promises';
import { posix, win32 } from 'node:path';
import { defaultSettings, findSecretKey, parseSettings } from './schema.ts';
import { getPath, leafPaths, mergeDeep } from './paths.ts';
import { salvage } from './salvage.ts';
import { phrase, refused, type Phrase, type PhraseParam } from '../../shared/phrases/index.ts';

export interface AdminDefaults {
  /** The fields the admin set, as written (merged over the built-in defaults). */
  settings: Record<string, unknown>;
  /** Dotted paths of fields the agent cannot change. */
  locked: string[];
  /** What of the file was ignored (settings or locks this version does not know, invalid values), said. */
  ignored: Phrase[];
}

/** A refusal in English (`error`) and as a phrase for a shell that translates. */
export type AdminDefaultsResult = { ok: true; admin: AdminDefaults | null } | { ok: false; error: string; phrase: Phrase };

export function adminDefaultsPath(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'win32') return win32.join(env['ProgramData'] ?? 'C:\\ProgramData', 'PBX Companion', 'defaults.json');
  if (platform === 'darwin') return posix.join('/Library/Application Support/PBX Companion', 'defaults.json');
  return '/etc/pbx-companion/defaults.json';
}

/** Reads the admin's file; a missing file is not an error (most desks have none). */
export async function loadAdminDefaults(file: string): Promise<AdminDefaultsResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, admin: null };
    return refused('settings.admin.unreadable', { file, detail: (error as Error).message });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return refused('settings.admin.not-json', { file, detail: (error as Error).message });
  }
  return checkAdminDefaults(raw, file);
}

export function checkAdminDefaults(raw: unknown, path?: string): AdminDefaultsResult {
  const file: PhraseParam = path ?? phrase('settings.admin.default-name');
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return refused('settings.admin.not-object', { file });
  const { settings = {}, locked = [], ...unknown } = raw as Record<string, unknown>;
  const extra = Object.keys(unknown);
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings))
    return refused('settings.admin.settings-not-object', { file });
  if (!Array.isArray(locked) || !locked.every((path) => typeof path === 'string'))
    return refused('settings.admin.locked-not-list', { file });
  const secret = findSecretKey(settings);
  if (secret) return refused('settings.admin.secret', { file, key: secret });
  // A fleet's file may be written for a newer version than this desk runs: what this version cannot
  // use is ignored and said, the rest still applies.
  const kept = salvage(settings as Record<string, unknown>);
  if (!kept) {
    const parsed = parseSettings(mergeDeep(defaultSettings(), settings as Record<string, unknown>));
    return refused('settings.admin.invalid', { file, why: parsed.ok ? phrase('settings.file.not-object') : parsed.phrase });
  }
  const ignored = [...kept.refused];
  if (extra.length > 0) ignored.push(phrase('settings.admin.unknown-key', { key: extra.map((k) => `"${k}"`).join(', ') }));
  if (kept.unknown.length > 0) ignored.push(phrase('settings.admin.unknown-keys', { keys: kept.unknown.map((k) => `"${k}"`).join(', ') }));
  const known = new Set(leafPaths(defaultSettings()));
  const isKnown = (path: string) => known.has(path) || getPath(defaultSettings(), path) !== undefined;
  const unknownLocks = locked.filter((path) => !isKnown(path));
  if (unknownLocks.length > 0)
    ignored.push(phrase('settings.admin.unknown-locks', { paths: unknownLocks.map((p) => `"${p}"`).join(', ') }));
  return { ok: true, admin: { settings: kept.raw, locked: (locked as string[]).filter(isKnown), ignored } };
}
