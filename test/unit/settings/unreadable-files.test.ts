/**
 * Settings and history files the OS will not read: each case is a real OS answer (a folder in the
 * file's place, a symbolic link loop, a FIFO, a path through a file, and permission denied for a
 * process that may not read the file). The app starts with defaults, the file is moved aside where the
 * OS allows it, and the agent is told why in English and Spanish.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallHistory } from '../../../electron/core/history/index.ts';
import { SettingsStore, defaultSettings } from '../../../electron/core/settings/index.ts';
import { english, formatPhrase, type Phrase } from '../../../electron/shared/phrases/index.ts';
import { spanishPhrases } from '../../../electron/shared/phrases/es/index.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const now = () => Date.UTC(2025, 0, 2, 3, 4, 5);
const STAMP = '2025-01-02T03-04-05-000Z';
const spanish = (said: Phrase) => formatPhrase(said, spanishPhrases);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'unreadable-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a settings file the OS will not read', () => {
  it('a folder in its place: moved aside, defaults, and the agent told why in both languages', async () => {
    const file = join(dir, 'settings.json');
    await mkdir(file);
    await writeFile(join(file, 'inside.txt'), 'kept');
    const store = await SettingsStore.open({ file, now });
    expect(store.settings).toEqual(defaultSettings());
    expect(store.readOnly).toBe(false);
    const notice = store.notices[0]!;
    expect(notice).toMatchObject({ kind: 'corrupt', backupPath: `${file}.corrupt-${STAMP}` });
    expect(notice.message).toBe(
      `Your settings file could not be read (a folder is in its place). It was kept as ${file}.corrupt-${STAMP} and the app started with default settings.`,
    );
    expect(spanish(notice.phrase!)).toBe(
      `No se pudo leer tu archivo de ajustes (en su lugar hay una carpeta). Se guardó como ${file}.corrupt-${STAMP} y la aplicación arrancó con los ajustes predeterminados.`,
    );
    expect(await readFile(join(notice.backupPath!, 'inside.txt'), 'utf8')).toBe('kept');
    // The next save writes a real file where the folder was.
    expect((await store.save(defaultSettings())).ok).toBe(true);
    expect(JSON.parse(await readFile(file, 'utf8')).version).toBe(defaultSettings().version);
  });

  it('a symbolic link that loops (ELOOP): the link is moved aside', async () => {
    const file = join(dir, 'settings.json');
    await symlink('settings.json', file);
    const store = await SettingsStore.open({ file, now });
    expect(store.settings).toEqual(defaultSettings());
    expect(store.notices[0]?.message).toMatch(
      /could not be read \(it is a symbolic link that leads in a loop\)\. It was kept as .*settings\.json\.corrupt-/,
    );
    expect((await lstat(`${file}.corrupt-${STAMP}`)).isSymbolicLink()).toBe(true);
    expect(await readdir(dir)).toEqual([`settings.json.corrupt-${STAMP}`]);
  });

  it('a FIFO in its place: set aside, never opened (opening one waits for a writer forever)', async () => {
    const file = join(dir, 'settings.json');
    execFileSync('mkfifo', [file]);
    const store = await SettingsStore.open({ file, now });
    expect(store.settings).toEqual(defaultSettings());
    expect(store.notices[0]?.message).toMatch(/could not be read \(it is not a regular file\)/);
    expect((await lstat(`${file}.corrupt-${STAMP}`)).isFIFO()).toBe(true);
  });

  it('a path through a file (ENOTDIR): left in place, defaults, and a save refused in words', async () => {
    await writeFile(join(dir, 'blocker'), 'a file where the folder should be');
    const file = join(dir, 'blocker', 'settings.json');
    const store = await SettingsStore.open({ file, now });
    expect(store.settings).toEqual(defaultSettings());
    const notice = store.notices[0]!;
    expect(notice.backupPath).toBeUndefined();
    expect(notice.message).toBe(
      `Your settings file ${file} could not be read (part of its path is a file, not a folder) and could not be moved aside (part of its path is a file, not a folder). The app started with default settings; fix or remove that file to keep your changes.`,
    );
    expect(spanish(notice.phrase!)).toMatch(
      /^No se pudo leer tu archivo de ajustes .* \(parte de su ruta es un archivo, no una carpeta\) ni apartarlo/,
    );
    const saved = await store.save(defaultSettings());
    // mkdir answers EEXIST: a file stands where the folder should be.
    expect(saved).toMatchObject({ ok: false, error: 'Your settings could not be saved (the system refused it: EEXIST).' });
  });
});

describe('a history file the OS will not read', () => {
  it('a folder in its place: moved aside, an empty history, and why', async () => {
    const file = join(dir, 'history.json');
    await mkdir(file);
    const history = await CallHistory.open({ file, now });
    expect(history.entries()).toEqual([]);
    expect(history.notice).toBe(
      `The call history could not be read (a folder is in its place); it was kept as ${file}.corrupt-${STAMP} and a new one started.`,
    );
    expect(spanish(history.noticePhrase!)).toBe(
      `No se pudo leer el historial de llamadas (en su lugar hay una carpeta). Se guardó como ${file}.corrupt-${STAMP} y se empezó uno nuevo.`,
    );
    await history.save();
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, calls: [] });
  });

  it('a path through a file: left in place, an empty history, and why', async () => {
    await writeFile(join(dir, 'blocker'), '');
    const file = join(dir, 'blocker', 'history.json');
    const history = await CallHistory.open({ file, now });
    expect(history.entries()).toEqual([]);
    expect(history.notice).toMatch(
      /^The call history .*history\.json could not be read \(part of its path is a file, not a folder\) and could not be moved aside/,
    );
    await expect(history.save()).rejects.toThrow(/ENOTDIR|EEXIST/);
  });
});

/**
 * Permission denied, for real: the store runs in a child process that may not read the file (as the
 * user `nobody` when the tests run as root, whom chmod does not stop). The folder is not writable for
 * it either, so the file stays in place.
 */
describe('a file the process may not read (EACCES)', () => {
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

  function openInChild(
    file: string,
  ): Promise<{ settings: unknown; notices: { kind: string; message: string; phrase: Phrase }[]; history: Phrase | null }> {
    const script = `
      const { SettingsStore } = await import(${JSON.stringify(join(ROOT, 'electron/core/settings/store.ts'))});
      const { CallHistory } = await import(${JSON.stringify(join(ROOT, 'electron/core/history/store.ts'))});
      const store = await SettingsStore.open({ file: ${JSON.stringify(file)}, now: () => ${now()} });
      const history = await CallHistory.open({ file: ${JSON.stringify(join(dir, 'history.json'))}, now: () => ${now()} });
      process.stdout.write(JSON.stringify({ settings: store.settings, notices: store.notices, history: history.noticePhrase }));`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, ...asNobody });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    return new Promise((resolve, reject) =>
      child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`child exited ${code}: ${err}`)))),
    );
  }

  it('starts with defaults and says "permission denied", in both languages', async () => {
    await chmod(dir, 0o755);
    const file = join(dir, 'settings.json');
    await writeFile(file, JSON.stringify({ version: 1, pbx: { host: 'pbx.example.com' } }), { mode: 0o000 });
    await writeFile(join(dir, 'history.json'), '{"version":1,"calls":[]}', { mode: 0o000 });
    await chmod(file, 0o000);
    await chmod(join(dir, 'history.json'), 0o000);
    const opened = await openInChild(file);
    expect(opened.settings).toEqual(defaultSettings());
    expect(opened.notices[0]?.message).toBe(
      `Your settings file ${file} could not be read (permission denied) and could not be moved aside (permission denied). The app started with default settings; fix or remove that file to keep your changes.`,
    );
    expect(spanish(opened.notices[0]!.phrase)).toBe(
      `No se pudo leer tu archivo de ajustes ${file} (permiso denegado) ni apartarlo (permiso denegado). La aplicación arrancó con los ajustes predeterminados; corrige o borra ese archivo para conservar tus cambios.`,
    );
    expect(english(opened.history!)).toMatch(
      /^The call history .*history\.json could not be read \(permission denied\) and could not be moved aside \(permission denied\)/,
    );
    expect(await readdir(dir)).toEqual(['history.json', 'settings.json']);
  }, 30_000);
});
