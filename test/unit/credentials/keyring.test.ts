/**
 * The keychain store against a real Secret Service. Run wrapped (`node scripts/with-keyring.mjs vitest run
 * test/unit/credentials`) to get a private gnome-keyring on a private D-Bus session; unwrapped on a machine
 * without one, the keychain tests report themselves skipped and print why.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CredentialStoreError,
  KeyringCredentialStore,
  amiAccount,
  checkCredentialStore,
  explain,
} from '../../../electron/core/credentials/index.ts';

const execFileAsync = promisify(execFile);
const storeModule = new URL('../../../electron/core/credentials/index.ts', import.meta.url).href;
const service = `PBX Companion test ${randomUUID()}`;
const store = new KeyringCredentialStore({ service });
const probe = await checkCredentialStore(store);
const skipReason = probe.ok
  ? ''
  : `no Secret Service here (${process.env['PBX_COMPANION_KEYRING_SKIPPED'] ?? probe.message}); run through node scripts/with-keyring.mjs`;
if (skipReason) process.stderr.write(`credentials: keychain tests skipped: ${skipReason}\n`);

const written: string[] = [];
afterAll(async () => {
  if (!probe.ok) return;
  for (const account of written) await store.delete(account);
});

describe.skipIf(!probe.ok)(`keychain store on a real Secret Service${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('stores, reads back and deletes a secret', async () => {
    const account = amiAccount({ username: 'agent1001', host: 'pbx.example.com', port: 5038 });
    written.push(account);
    expect(await store.get(account)).toBeNull();
    await store.set(account, 'S3cr3t with ñ and spaces');
    expect(await store.get(account)).toBe('S3cr3t with ñ and spaces');
    await store.set(account, 'rotated');
    expect(await store.get(account)).toBe('rotated');
    expect(await store.delete(account)).toBe(true);
    expect(await store.get(account)).toBeNull();
    expect(await store.delete(account)).toBe(false);
  });

  it('keeps accounts and services apart', async () => {
    const other = new KeyringCredentialStore({ service: `${service} other` });
    written.push('ami:a@h:1', 'ami:b@h:1');
    await store.set('ami:a@h:1', 'one');
    await store.set('ami:b@h:1', 'two');
    expect(await store.get('ami:a@h:1')).toBe('one');
    expect(await store.get('ami:b@h:1')).toBe('two');
    expect(await other.get('ami:a@h:1')).toBeNull();
  });

  it('refuses an empty secret and a bad account name with a clear error', async () => {
    await expect(store.set('ami:x@h:1', '')).rejects.toMatchObject({ code: 'invalid', message: expect.stringMatching(/empty secret/) });
    await expect(store.get('')).rejects.toBeInstanceOf(CredentialStoreError);
  });
});

describe('a machine without a Secret Service', () => {
  // A child process: the library keeps its D-Bus connection, so the bus must be missing from the start.
  it.runIf(process.platform === 'linux')('is reported clearly, with no plaintext fallback', async () => {
    const script = [
      `import { KeyringCredentialStore, checkCredentialStore } from ${JSON.stringify(storeModule)};`,
      `const store = new KeyringCredentialStore({ service: ${JSON.stringify(service)} });`,
      `const error = await store.set('ami:nobody@h:1', 'never-stored').catch((e) => e);`,
      `console.log(JSON.stringify({ name: error.name, code: error.code, message: error.message, check: await checkCredentialStore(store) }));`,
    ].join('\n');
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/pbx-companion-bus' };
    const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env });
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({
      name: 'CredentialStoreError',
      code: 'unavailable',
      check: { ok: false, code: 'unavailable', phrase: { code: 'keychain.no-secret-service' } },
    });
    expect(result.message).toMatch(/No Secret Service is running.*never written to a plain file/);
  });

  it('tells a locked or refusing keychain apart from a missing one', () => {
    expect(explain(new Error("Couldn't access platform storage: Secret Service: no result found"), 'linux').code).toBe('denied');
    expect(explain(new Error('Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled'), 'linux').message).toMatch(
      /No Secret Service/,
    );
    expect(explain(new Error('The user name or passphrase you entered is not correct'), 'darwin').message).toMatch(/keychain failed/);
  });
});
