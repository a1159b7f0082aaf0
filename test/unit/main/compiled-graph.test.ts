/**
 * `npm start` runs the compiled main process (tsc -p tsconfig.node.json, then Electron). Electron's
 * binary cannot run here, so this compiles the main process as `npm start` does, into a temporary
 * folder, and loads its module graph in plain Node with only 'electron' stubbed: an import that
 * does not resolve after compiling (a path, an extension, a package) fails here, not on an agent's desk.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const out = mkdtempSync(path.join(tmpdir(), 'pbx-companion-dist-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the compiled main process', () => {
  it('compiles and its module graph loads with only Electron stubbed', { timeout: 180_000 }, () => {
    const tsc = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.node.json'), '--outDir', out],
      { encoding: 'utf8' },
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
    // The compiled files find the project's packages as they would beside it.
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(out, 'node_modules'), 'dir');
    symlinkSync(path.join(ROOT, 'package.json'), path.join(out, 'package.json'));

    const modules = ['electron/main/app.js', 'electron/main/core-factory.js', 'electron/main/electron-api.js', 'electron/core/cli.js'];
    const script = `for (const m of ${JSON.stringify(modules.map((m) => pathToFileURL(path.join(out, m)).href))}) { const mod = await import(m); console.log(m.split('/dist-').pop(), Object.keys(mod).join(',')); }`;
    const register = pathToFileURL(path.join(ROOT, 'test/unit/main/electron-stub/register.mjs')).href;
    const run = spawnSync(process.execPath, ['--import', register, '--input-type=module', '-e', script], { encoding: 'utf8', cwd: out });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/app\.js startApp/);
    expect(run.stdout).toMatch(/core-factory\.js coreFactory/);
    expect(run.stdout).toMatch(/electron-api\.js createElectronApi/);
  });
});
