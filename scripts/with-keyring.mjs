#!/usr/bin/env node
/**
 * Runs a command where it can reach a real Secret Service, so the keychain tests run for real:
 *
 *   node scripts/with-keyring.mjs vitest run
 *
 * Inside `dbus-run-session` (a private D-Bus session bus, gone when the command ends) it starts
 * `gnome-keyring-daemon --unlock --components=secrets` with a throwaway password and a throwaway
 * keyring folder, then runs the command with that bus. The developer's own keychain is never touched.
 * Where dbus-run-session or gnome-keyring-daemon is missing it says why and runs the command as is;
 * the keychain tests then report themselves skipped with that reason
 * (PBX_COMPANION_KEYRING_SKIPPED carries it). The command's exit code is passed through.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const command = process.argv.slice(2);
if (command.length === 0) {
  process.stderr.write('usage: node scripts/with-keyring.mjs COMMAND [ARGS...]\n');
  process.exit(2);
}

const missing = ['dbus-run-session', 'gnome-keyring-daemon'].filter(
  (tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0,
);

// Local binaries (vitest, tsx) resolve as in npm scripts.
const env = { ...process.env, PATH: `${join(process.cwd(), 'node_modules', '.bin')}:${process.env.PATH ?? ''}` };

if (missing.length > 0 || process.platform !== 'linux') {
  const why =
    process.platform !== 'linux'
      ? `no gnome-keyring on ${process.platform}; the OS keychain is used as is`
      : `${missing.join(' and ')} not found (Debian: apt-get install dbus gnome-keyring)`;
  process.stderr.write(`with-keyring: ${why}; running the command without a private Secret Service.\n`);
  run(command[0], command.slice(1), { ...env, PBX_COMPANION_KEYRING_SKIPPED: why }, () => {});
} else {
  const folder = mkdtempSync(join(tmpdir(), 'pbx-companion-keyring-'));
  // The keyring files and the daemon's control socket live in the throwaway folder.
  const inner = [
    'set -e',
    `printf %s "$KEYRING_PASSWORD" | XDG_DATA_HOME="$KEYRING_FOLDER" XDG_RUNTIME_DIR="$KEYRING_FOLDER" gnome-keyring-daemon --unlock --components=secrets >/dev/null`,
    'unset KEYRING_PASSWORD',
    'exec "$@"',
  ].join('\n');
  const innerEnv = { ...env, KEYRING_FOLDER: folder, KEYRING_PASSWORD: 'throwaway-test-keyring', PBX_COMPANION_KEYRING: 'gnome-keyring' };
  run('dbus-run-session', ['--', 'sh', '-c', inner, 'with-keyring', ...command], innerEnv, () => removeQuietly(folder));
}

/** The daemon may still be writing as the bus goes away: retry, and never let cleanup hide the exit code. */
function removeQuietly(folder) {
  try {
    rmSync(folder, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  } catch (error) {
    process.stderr.write(`with-keyring: could not remove ${folder}: ${error.message}\n`);
  }
}

function run(file, args, childEnv, cleanup) {
  const child = spawn(file, args, { stdio: 'inherit', env: childEnv });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    cleanup();
    process.stderr.write(`with-keyring: cannot run ${file}: ${error.message}\n`);
    process.exit(127);
  });
  child.on('exit', (code, signal) => {
    cleanup();
    process.exit(code ?? (signal === 'SIGINT' ? 130 : 1));
  });
}
