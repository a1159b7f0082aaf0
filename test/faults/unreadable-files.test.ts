/**
 * Fault suite: the user data folder as an unlucky desk leaves it. settings.json and history.json the
 * OS will not read (a folder in their place, a symbolic link loop, a path through a file): start-up
 * goes on as the app's does (the stores, then the core for the settings they hold), on default
 * settings, which run the built-in demo PBX, with the agent told why. Time: from start to live.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallHistory } from '../../electron/core/history/store.ts';
import { SettingsStore } from '../../electron/core/settings/store.ts';
import { companionForSettings, type StartedCore } from '../../electron/core/startup.ts';
import { formatPhrase } from '../../electron/shared/phrases/index.ts';
import { spanishPhrases } from '../../electron/shared/phrases/es/index.ts';
import type { Snapshot } from '../../electron/shared/snapshot.ts';
import { FaultTable, isLive } from './support.ts';

const table = new FaultTable('unreadable-files');
afterAll(() => table.flush());

let dir: string;
let core: StartedCore | null = null;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fault-unreadable-'));
});
afterEach(async () => {
  await core?.close();
  core = null;
  await rm(dir, { recursive: true, force: true });
});

/** The first live snapshot of the started core (bounded by the test's timeout). */
function live(started: StartedCore): Promise<Snapshot> {
  return new Promise((resolve) => {
    if (isLive(started.snapshot())) return resolve(started.snapshot());
    const stop = started.subscribe((s) => {
      if (!isLive(s)) return;
      stop();
      resolve(s);
    });
  });
}

const CASES: [string, (folder: string) => Promise<string>, RegExp][] = [
  [
    'a folder in their place',
    async (folder) => (await mkdir(join(folder, 'settings.json')), await mkdir(join(folder, 'history.json')), folder),
    /a folder is in its place\)\. It was kept as /,
  ],
  [
    'symbolic link loops',
    async (folder) => (
      await symlink('settings.json', join(folder, 'settings.json')),
      await symlink('history.json', join(folder, 'history.json')),
      folder
    ),
    /symbolic link that leads in a loop/,
  ],
  [
    'a path through a file (cannot be moved aside)',
    async (folder) => (await writeFile(join(folder, 'data'), ''), join(folder, 'data')),
    /could not be moved aside/,
  ],
];

describe('fault: settings and history the OS will not read', () => {
  it.each(CASES)('%s: started on defaults (the demo PBX), live, and the agent told why', async (name, breakFiles, said) => {
    const folder = await breakFiles(dir);
    const started = performance.now();
    const settings = await SettingsStore.open({ file: join(folder, 'settings.json') });
    const history = await CallHistory.open({ file: join(folder, 'history.json') });
    core = await companionForSettings(settings.settings, null);
    await live(core);
    const ms = Math.round(performance.now() - started);
    expect(settings.notices.map((n) => n.message).join('\n')).toMatch(said);
    expect(history.notice).toMatch(/^The call history .*could not be read \(/);
    expect(formatPhrase(settings.notices[0]!.phrase!, spanishPhrases)).toMatch(/^No se pudo leer tu archivo de ajustes/);
    expect(formatPhrase(history.noticePhrase!, spanishPhrases)).toMatch(/^No se pudo leer el historial de llamadas/);
    expect(core.snapshot().connection.label).toBe('Demo PBX');
    table.add(`unreadable settings and history: ${name}`, ms, 'started on defaults, told why (en, es)');
  });
});
