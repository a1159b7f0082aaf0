/**
 * The settings file in the user data folder: load (migrating old files, setting aside corrupt ones and
 * ones the OS will not read, refusing to overwrite a newer version's file), merge the admin's defaults
 * and locks, save atomically with the previous version kept as `settings.json.bak`.
 */
import { isDeepStrictEqual } from 'node:util';
import { writeFileAtomic } from './atomic-write.ts';
import type { AdminDefaults } from './admin-defaults.ts';
import { loadAdminDefaults } from './admin-defaults.ts';
import { migrate } from './migrations.ts';
import { getPath, mergeDeep, setPath } from './paths.ts';
import type { Settings } from './schema.ts';
import type { SettingsNotice, SettingsNoticeKind } from '../../shared/settings.ts';
import { SETTINGS_VERSION, defaultSettings, findSecretKey, parseSettings, phraseOfList, secretKeyPhrase } from './schema.ts';
import { english, phrase, refusal, type Phrase } from '../../shared/phrases/index.ts';
import { fileProblem, keepCopy, readUserFile as readText, setAside as moveAside } from './user-file.ts';
import { salvage } from './salvage.ts';

export type { SettingsNotice, SettingsNoticeKind } from '../../shared/settings.ts';

export interface SettingsStoreOptions {
  /** The settings file, e.g. `<userData>/settings.json`. */
  file: string;
  /** The admin's defaults file (adminDefaultsPath()), or null for none. */
  adminFile?: string | null;
  /** ms since the epoch; names the corrupt file's backup. */
  now?: () => number;
  /** The desk's country from the OS region (deskCountryOf()): dialing.defaultCountry unless the admin or the agent set one. */
  deskCountry?: string | null;
}

/** A refusal in English (`error`, "path: reason; ..." for the schema's) and as a phrase worded the same way. */
export type SaveResult = { ok: true; settings: Settings } | { ok: false; error: string; phrase: Phrase };

export class SettingsStore {
  private constructor(
    private readonly file: string,
    private current: Settings,
    private readonly admin: AdminDefaults | null,
    /** True when the file belongs to a newer version of the app: it is never overwritten. */
    readonly readOnly: boolean,
    readonly notices: readonly SettingsNotice[],
    /** Keys of the file this version does not know: ignored, and written back on every save. */
    private readonly extras: Record<string, unknown>,
  ) {}

  static async open(options: SettingsStoreOptions): Promise<SettingsStore> {
    const now = options.now ?? Date.now;
    const notices: SettingsNotice[] = [];
    let admin: AdminDefaults | null = null;
    if (options.adminFile) {
      const loaded = await loadAdminDefaults(options.adminFile);
      if (loaded.ok) admin = loaded.admin;
      if (loaded.ok && admin && admin.ignored.length > 0)
        notices.push(notice('admin-defaults', phrase('settings.notice.admin-partly', { why: phraseOfList(admin.ignored) })));
      else if (!loaded.ok) notices.push(notice('admin-defaults', phrase('settings.notice.admin-ignored', { why: loaded.phrase })));
    }
    const user = await readUserFile(options.file, now);
    notices.push(...user.notices);
    const readOnly = user.kind === 'newer';
    const userRaw = user.kind === 'ok' ? user.raw : {};
    const system = options.deskCountry
      ? mergeDeep(defaultSettings(), { dialing: { defaultCountry: options.deskCountry } })
      : defaultSettings();
    const base = admin ? mergeDeep(system, admin.settings) : system;
    const merged = parseSettings(applyLocks(mergeDeep(base, userRaw), admin));
    // A user file whose values the admin's locks make invalid cannot happen (locks only copy valid admin
    // values), so a failure here means the user file itself is wrong: start from the admin's base.
    const settings = merged.ok ? merged.settings : (parseSettings(base) as { ok: true; settings: Settings }).settings;
    return new SettingsStore(options.file, settings, admin, readOnly, notices, user.kind === 'ok' ? user.extras : {});
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
    if (this.readOnly) return refusal(phrase('settings.save.newer'));
    const secret = findSecretKey(input);
    if (secret) return refusal(secretKeyPhrase(secret));
    const parsed = parseSettings(input);
    if (!parsed.ok) return { ok: false, error: parsed.error, phrase: parsed.phrase };
    for (const path of this.locked) {
      const wanted = getPath(parsed.settings, path);
      const fixed = getPath(mergeDeep(defaultSettings(), this.admin?.settings ?? {}), path);
      if (!isDeepStrictEqual(wanted, fixed)) return refusal(phrase('settings.save.locked', { path }));
    }
    try {
      const kept = mergeDeep(this.extras, parsed.settings);
      await writeFileAtomic(this.file, `${JSON.stringify(kept, null, 2)}\n`, { backup: true });
    } catch (error) {
      // A file left in place because it could not be read or moved (or a full disk): said, not thrown.
      return refusal(phrase('settings.save.failed', { why: fileProblem(error) }));
    }
    this.current = parsed.settings;
    return { ok: true, settings: parsed.settings };
  }
}

type UserFile =
  | { kind: 'ok'; raw: Record<string, unknown>; extras: Record<string, unknown>; notices: SettingsNotice[] }
  | { kind: 'none' | 'corrupt' | 'newer'; notices: SettingsNotice[] };

async function readUserFile(file: string, now: () => number): Promise<UserFile> {
  const read = await readText(file);
  if (read.kind === 'missing') return { kind: 'none', notices: [] };
  if (read.kind === 'unreadable') return setAside(file, now, read.why);
  let raw: unknown;
  try {
    raw = JSON.parse(read.text);
  } catch (error) {
    return setAside(file, now, phrase('settings.file.not-json', { detail: (error as Error).message }));
  }
  const migrated = migrate(raw);
  if (migrated.kind === 'invalid') return setAside(file, now, migrated.phrase);
  if (migrated.kind === 'newer') {
    const said = phrase('settings.notice.newer', { version: migrated.version, known: SETTINGS_VERSION });
    return { kind: 'newer', notices: [notice('newer-version', said)] };
  }
  const kept = salvage(migrated.raw);
  if (!kept) {
    const checked = parseSettings(mergeDeep(defaultSettings(), migrated.raw));
    return setAside(file, now, checked.ok ? phrase('settings.file.not-object') : checked.phrase);
  }
  const notices: SettingsNotice[] = [];
  if (migrated.kind === 'migrated')
    notices.push(notice('migrated', phrase('settings.notice.migrated', { from: migrated.from, to: SETTINGS_VERSION })));
  if (kept.unknown.length > 0) notices.push(notice('unknown-keys', phrase('settings.notice.unknown-keys', { keys: listed(kept.unknown) })));
  if (kept.refused.length > 0) {
    // The file as it was stays beside it: a value the agent typed by hand is not lost on the next save.
    const copy = await keepCopy(file, now);
    const why = phraseOfList(kept.refused);
    notices.push(
      copy.ok
        ? { ...notice('invalid-values', phrase('settings.notice.invalid-values', { why, backup: copy.path })), backupPath: copy.path }
        : notice('invalid-values', phrase('settings.notice.invalid-values-uncopied', { why, copyWhy: copy.why })),
    );
  }
  return { kind: 'ok', raw: kept.raw, extras: kept.extras, notices };
}

/** At most five paths, quoted, then how many more. */
function listed(paths: readonly string[]): string {
  const shown = paths.slice(0, 5).map((path) => `"${path}"`);
  return paths.length > 5 ? `${shown.join(', ')} (+${paths.length - 5})` : shown.join(', ');
}

async function setAside(file: string, now: () => number, why: Phrase): Promise<UserFile> {
  const moved = await moveAside(file, now);
  if (!moved.ok)
    return { kind: 'corrupt', notices: [notice('corrupt', phrase('settings.notice.unreadable-kept', { file, why, moveWhy: moved.why }))] };
  return {
    kind: 'corrupt',
    notices: [{ ...notice('corrupt', phrase('settings.notice.corrupt', { why, backup: moved.path })), backupPath: moved.path }],
  };
}

function notice(kind: SettingsNoticeKind, said: Phrase): SettingsNotice {
  return { kind, message: english(said), phrase: said };
}

function applyLocks(settings: Record<string, unknown>, admin: AdminDefaults | null): Record<string, unknown> {
  if (!admin) return settings;
  const fixed = mergeDeep(defaultSettings(), admin.settings);
  return admin.locked.reduce((out, path) => setPath(out, path, getPath(fixed, path)), settings);
}
