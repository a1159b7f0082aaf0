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

export interface AdminDefaults {
  /** The fields the admin set, as written (merged over the built-in defaults). */
  settings: Record<string, unknown>;
  /** Dotted paths of fields the agent cannot change. */
  locked: string[];
}

export type AdminDefaultsResult = { ok: true; admin: AdminDefaults | null } | { ok: false; error: string };

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
    return { ok: false, error: `cannot read the admin defaults ${file}: ${(error as Error).message}` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `the admin defaults ${file} are not valid JSON: ${(error as Error).message}` };
  }
  return checkAdminDefaults(raw, file);
}

export function checkAdminDefaults(raw: unknown, file = 'the admin defaults'): AdminDefaultsResult {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, error: `${file}: expected a JSON object` };
  const { settings = {}, locked = [], ...unknown } = raw as Record<string, unknown>;
  const extra = Object.keys(unknown);
  if (extra.length) return { ok: false, error: `${file}: unknown key "${extra[0]}" (expected "settings" and "locked")` };
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) return { ok: false, error: `${file}: "settings" must be an object` };
  if (!Array.isArray(locked) || !locked.every((path) => typeof path === 'string')) return { ok: false, error: `${file}: "locked" must be a list of field paths` };
  const secret = findSecretKey(settings);
  if (secret) return { ok: false, error: `${file}: "${secret}" looks like a secret; secrets belong in each desk's keychain` };
  const parsed = parseSettings(mergeDeep(defaultSettings(), settings as Record<string, unknown>));
  if (!parsed.ok) return { ok: false, error: `${file}: ${parsed.error}` };
  const known = new Set(leafPaths(defaultSettings()));
  const unknownPath = locked.find((path) => !known.has(path) && getPath(defaultSettings(), path) === undefined);
  if (unknownPath) return { ok: false, error: `${file}: cannot lock "${unknownPath}": no such setting` };
  return { ok: true, admin: { settings: settings as Record<string, unknown>, locked: locked as string[] } };
}
