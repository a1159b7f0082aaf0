/**
 * The settings file in the user data folder: load (migrating old files, setting aside corrupt ones,
 * refusing to overwrite a newer version's file), merge the admin's defaults and locks, save atomically
 * with the previous version kept as `settings.json.bak`.
 */
import { readFile, rename } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { writeFileAtomic } from './atomic-write.ts';
import type { AdminDefaults } from './admin-defaults.ts';
import { loadAdminDefaults } from './admin-defaults.ts';
import { migrate } from './migrations.ts';
import { getPath, mergeDeep, setPath } from './paths.ts';
import type { Settings } from './schema.ts';
import { SETTINGS_VERSION, defaultSettings, findSecretKey, parseSettings } from './schema.ts';

export type SettingsNoticeKind = 'corrupt' | 'newer-version' | 'migrated' | 'admin-defaults';

/** Something the agent should be told about their settings, in words. */
export interface SettingsNotice {
  kind: SettingsNoticeKind;
  message: string;
  /** Where a corrupt file was kept, for kind 'corrupt'. */
  backupPath?: string;
}

export interface SettingsStoreOptions {
  /** The settings file, e.g. `<userData>/settings.json`. */
  file: string;
  /** The admin's defaults file (adminDefaultsPath()), or null for none. */
  adminFile?: string | null;
  /** ms since the epoch; names the corrupt file's backup. */
  now?: () => number;
}

export type SaveResult = { ok: true; settings: Settings } | { ok: false; error: string };

export class SettingsStore {
  private constructor(
    private readonly file: string,
    private current: Settings,
    private readonly admin: AdminDefaults | null,
    /** True when the file belongs to a newer version of the app: it is never overwritten. */
    readonly readOnly: boolean,
    readonly notices: readonly SettingsNotice[],
  ) {}

  static async open(options: SettingsStoreOptions): Promise<SettingsStore> {
    const now = options.now ?? Date.now;
    const notices: SettingsNotice[] = [];
    let admin: AdminDefaults | null = null;
    if (options.adminFile) {
      const loaded = await loadAdminDefaults(options.adminFile);
      if (loaded.ok) admin = loaded.admin;
      else notices.push({ kind: 'admin-defaults', message: `Your administrator's defaults were ignored: ${loaded.error}.` });
    }
    const user = await readUserFile(options.file, now);
    if (user.notice) notices.push(user.notice);
    const readOnly = user.kind === 'newer';
    const userRaw = user.kind === 'ok' ? user.raw : {};
    const base = admin ? mergeDeep(defaultSettings(), admin.settings) : defaultSettings();
    const merged = parseSettings(applyLocks(mergeDeep(base, userRaw), admin));
    // A user file whose values the admin's locks make invalid cannot happen (locks only copy valid admin
    // values), so a failure here means the user file itself is wrong: start from the admin's base.
    const settings = merged.ok ? merged.settings : (parseSettings(base) as { ok: true; settings: Settings }).settings;
    return new SettingsStore(options.file, settings, admin, readOnly, notices);
  }

  get settings(): Settings {
    return this.current;
  }

  /** Dotted paths the admin locked (the settings window shows them disabled). */
  get locked(): readonly string[] {
    return this.admin?.locked ?? [];
  }

  /** Validates and writes; a locked field changed, a secret, or a newer version's file gets a clear error. */
  async save(input: unknown): Promise<SaveResult> {
    if (this.readOnly) {
      return { ok: false, error: 'The settings file was written by a newer version of PBX Companion; it is left untouched. Update the app to change settings.' };
    }
    const secret = findSecretKey(input);
    if (secret) return { ok: false, error: `"${secret}" looks like a secret: secrets go to the OS keychain, never to the settings file` };
    const parsed = parseSettings(input);
    if (!parsed.ok) return parsed;
    for (const path of this.locked) {
      const wanted = getPath(parsed.settings, path);
      const fixed = getPath(mergeDeep(defaultSettings(), this.admin?.settings ?? {}), path);
      if (!isDeepStrictEqual(wanted, fixed)) return { ok: false, error: `"${path}" is set by your administrator and cannot be changed here` };
    }
    await writeFileAtomic(this.file, `${JSON.stringify(parsed.settings, null, 2)}\n`, { backup: true });
    this.current = parsed.settings;
    return { ok: true, settings: parsed.settings };
  }
}

type UserFile = { kind: 'ok'; raw: Record<string, unknown>; notice?: SettingsNotice } | { kind: 'none' | 'corrupt' | 'newer'; notice?: SettingsNotice };

async function readUserFile(file: string, now: () => number): Promise<UserFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return setAside(file, now, `it is not valid JSON (${(error as Error).message})`);
  }
  const migrated = migrate(raw);
  if (migrated.kind === 'invalid') return setAside(file, now, migrated.error);
  if (migrated.kind === 'newer') {
    return {
      kind: 'newer',
      notice: {
        kind: 'newer-version',
        message: `Your settings were saved by a newer version of PBX Companion (settings version ${migrated.version}, this app knows ${SETTINGS_VERSION}). They are left untouched and the app runs with defaults; changes cannot be saved until you update.`,
      },
    };
  }
  const checked = parseSettings(mergeDeep(defaultSettings(), migrated.raw));
  if (!checked.ok) return setAside(file, now, checked.error);
  const notice: SettingsNotice | undefined =
    migrated.kind === 'migrated' ? { kind: 'migrated', message: `Your settings were updated from version ${migrated.from} to ${SETTINGS_VERSION}; the old file is kept as settings.json.bak on the next save.` } : undefined;
  return notice ? { kind: 'ok', raw: migrated.raw, notice } : { kind: 'ok', raw: migrated.raw };
}

async function setAside(file: string, now: () => number, why: string): Promise<UserFile> {
  const backupPath = `${file}.corrupt-${new Date(now()).toISOString().replace(/[:.]/g, '-')}`;
  await rename(file, backupPath);
  return {
    kind: 'corrupt',
    notice: { kind: 'corrupt', backupPath, message: `Your settings file could not be read (${why}). It was kept as ${backupPath} and the app started with default settings.` },
  };
}

function applyLocks(settings: Record<string, unknown>, admin: AdminDefaults | null): Record<string, unknown> {
  if (!admin) return settings;
  const fixed = mergeDeep(defaultSettings(), admin.settings);
  return admin.locked.reduce((out, path) => setPath(out, path, getPath(fixed, path)), settings);
}
