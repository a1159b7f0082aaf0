/**
 * Hardening, checked on a full run of the shell: the fake Electron (the one fake the project allows),
 * the real core (companionForSettings, as electron/main/index.ts wires it) over TCP to the demo PBX,
 * and the real keychain where a Secret Service runs (`node scripts/with-keyring.mjs`), else an
 * in-memory one (said in the test's name).
 *
 * - every window the shell opens: isolated, sandboxed, no Node, web security, no new windows, no
 *   navigation, no webviews;
 * - the IPC guard refuses a foreign sender on every channel of the contract (test/unit/main/ipc.test.ts
 *   checks the kinds of foreign sender on one channel; this checks every channel);
 * - the CSP header on every response;
 * - after the run (settings saved, secret stored, a wrong secret tried, verbs, a reconnect), no file
 *   in the user data folder, the app's log included, holds the secret in any common encoding.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCredentialStore, KeyringCredentialStore } from '../../../electron/core/credentials/index.ts';
import type { CredentialStore } from '../../../electron/core/credentials/store.ts';
import { startDemoPbx, type DemoPbx } from '../../../electron/core/demo/index.ts';
import { companionForSettings } from '../../../electron/core/startup.ts';
import type { IpcEventLike } from '../../../electron/main/api.ts';
import { startApp, type RunningApp } from '../../../electron/main/app.ts';
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/windows.ts';
import { invokeChannels, type IpcResult } from '../../../electron/shared/ipc.ts';
import { sayIn } from '../../../electron/shared/phrases/say.ts';
import type { Snapshot } from '../../../electron/shared/snapshot.ts';
import { FakeElectron, FakeNavigationEvent, type FakeWindow } from '../main/fake-electron.ts';
import { MemoryCredentialStore } from '../../../electron/core/credentials/memory.ts';

const SECRET = `Pw-${randomUUID()}`;
const WRONG = `Wrong-${randomUUID()}`;
const keyring = new KeyringCredentialStore({ service: `PBX Companion hardening ${randomUUID()}` });
const keyringOk = (await checkCredentialStore(keyring)).ok;
const credentials: CredentialStore = keyringOk ? keyring : new MemoryCredentialStore();
const storeName = keyringOk ? 'the real keychain' : 'an in-memory keychain (no Secret Service here; run through scripts/with-keyring.mjs)';

let pbx: DemoPbx;
let fake: FakeElectron;
let app: RunningApp;
let logFile: string;

function until(test: (s: Snapshot) => boolean, what: string): Promise<Snapshot> {
  return new Promise((resolve, reject) => {
    if (test(app.host.snapshot())) return resolve(app.host.snapshot());
    const timer = setTimeout(() => reject(new Error(`no ${what}: ${JSON.stringify(app.host.snapshot().connection)}`)), 10_000);
    const stop = app.host.subscribe((s) => {
      if (!test(s)) return;
      stop();
      clearTimeout(timer);
      resolve(s);
    });
  });
}

/** An IPC call from the popover, its answer logged as a debug-level log would. */
async function invoke(channel: string, ...args: unknown[]): Promise<{ ok: boolean; value?: unknown; error?: string }> {
  const result = (await fake.invoke(fake.windows[0]!.ipcEvent(), channel, ...args)) as { ok: boolean; value?: unknown; error?: string };
  appendFileSync(logFile, `ipc ${channel}: ${JSON.stringify(result)}\n`);
  return result;
}

beforeAll(async () => {
  pbx = await startDemoPbx({ answerAfterMs: 20, otherAnswerAfterMs: 20, authFailDelayMs: 20 });
  pbx.control.setSecret('agent', SECRET);
  fake = new FakeElectron();
  const userData = fake.app.userData;
  mkdirSync(join(userData, 'logs'), { recursive: true });
  logFile = join(userData, 'logs', 'main.log');
  // As electron-log would: every line the shell and the core log, into the user data folder.
  const log = (message: string) => appendFileSync(logFile, `[${new Date().toISOString()}] ${message}\n`);
  writeFileSync(
    join(userData, 'settings.json'),
    JSON.stringify({ version: 1, pbx: { host: '127.0.0.1', port: pbx.port, username: 'agent', extension: '1001' } }),
  );
  const starting = startApp(fake, {
    createCompanion: (settings, secrets, hooks) =>
      companionForSettings(settings, secrets.ami, {
        onPop: hooks.pop,
        onNotice: (text) => log(`notice: ${text}`),
        logger: { warn: (m) => log(`warn: ${m}`) },
      }),
    credentials,
    argv: ['/opt/pbx-companion/pbx-companion'],
    adminFile: null,
    log,
  });
  fake.app.becomeReady();
  const started = await starting;
  if (!started) throw new Error('the shell did not start');
  app = started;
  app.settingsWindow.open();
  // As a debug-level log would: every connection status and error the agent could see, too.
  app.host.subscribe((s) => log(`snapshot: ${s.connection.status} ${s.connection.error ?? ''}`));
}, 30_000);

afterAll(async () => {
  await app?.host.close();
  await pbx?.close();
  if (keyringOk) for (const account of ['ami:agent@127.0.0.1:' + pbx.port]) await keyring.delete(account).catch(() => false);
});

describe('every window of the shell', () => {
  it('is isolated, sandboxed, without Node, with web security, and opens no window of its own', () => {
    expect(fake.windows.length).toBeGreaterThanOrEqual(2); // the popover and the settings window
    for (const window of fake.windows) {
      expect(window.options.webPreferences, window.options.title).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
      });
      expect(window.webContents.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
      expect(window.webContents.openHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    }
  });

  it('never navigates away from the app, nor attaches a webview', () => {
    for (const window of fake.windows) {
      for (const url of [
        'https://evil.example/',
        'file:///etc/passwd',
        'app://companion/../../etc/passwd',
        'javascript:alert(1)',
        'data:text/html,<script>1</script>',
      ]) {
        expect(window.webContents.navigate(url), `${window.options.title} -> ${url}`).toBe(true);
        expect(window.webContents.navigate(url, 'will-redirect')).toBe(true);
      }
      const attach = new FakeNavigationEvent();
      window.webContents.emit('will-attach-webview', attach, {}, {});
      expect(attach.defaultPrevented).toBe(true);
    }
    // What a page tries to open goes through openExternal, which opens only http(s) (or what the settings allow).
    expect(fake.opened.filter((url) => !/^https?:/.test(url))).toEqual([]);
  });

  it('gets the strict CSP on every response it loads', () => {
    for (const url of ['app://companion/index.html', 'http://localhost:5173/', 'https://crm.example.com/']) {
      expect(fake.headersFor({ url, responseHeaders: { 'Content-Security-Policy': ["script-src 'unsafe-eval' *"] } })).toEqual({
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      });
    }
  });
});

describe('the IPC guard', () => {
  it.each(Object.keys(invokeChannels))(
    'refuses %s from a frame that is not ours, in words for the English log and a phrase for the window',
    async (channel) => {
      const ours: FakeWindow = fake.windows[0]!;
      const foreign: IpcEventLike[] = [
        { sender: { id: ours.webContents.id }, senderFrame: { url: 'https://evil.example/', parent: null } },
        { sender: { id: 987_654 }, senderFrame: { url: 'app://companion/index.html', parent: null } },
        { sender: { id: ours.webContents.id }, senderFrame: { url: 'app://companion/index.html', parent: ours.webContents.mainFrame } },
      ];
      for (const event of foreign) {
        const result = (await fake.invoke(event, channel, ...sampleArgs(channel))) as IpcResult<unknown>;
        if (result.ok) throw new Error(`${channel} answered a foreign frame`);
        expect(result.error).toMatch(/^Refused: /);
        expect(result.phrase.code).toBe('ipc.refused');
        expect(sayIn(result.phrase, 'en')).toBe(result.error);
        expect(sayIn(result.phrase, 'es')).toMatch(/^Rechazado: (el origen del remitente|el remitente no es|solo el marco principal)/);
      }
    },
  );
});

function sampleArgs(channel: string): unknown[] {
  if (channel === 'credentials:set') return ['ami', 'x'];
  if (channel === 'settings:save') return [{}];
  if (channel.startsWith('dial:')) return ['1002'];
  return [];
}

describe(`secrets after a full run, with ${storeName}`, () => {
  it('the settings file, the history and the log never hold the secret', async () => {
    // The agent enters a wrong secret, then the right one; connects; works; reconnects after a drop.
    expect(await invoke('credentials:set', 'ami', WRONG)).toMatchObject({ ok: true });
    // (Not just any `failed`: before any secret the shell shows "No AMI secret is stored" as failed too.)
    await until((s) => s.connection.status === 'failed' && /refused the login/.test(s.connection.error ?? ''), 'the refused login');
    expect(await invoke('credentials:set', 'ami', SECRET)).toMatchObject({ ok: true });
    await until((s) => s.connection.status === 'live' && s.queues.length === 2, 'live');
    expect(await invoke('agent:pause', { reason: 'Lunch' })).toMatchObject({ ok: true });
    expect(await invoke('dial:start', '1002')).toMatchObject({ ok: true });
    await until((s) => s.calls.length > 0, 'the call');
    pbx.control.dropAll();
    await until((s) => s.connection.status !== 'live', 'the drop');
    await until((s) => s.connection.status === 'live', 'live again');
    expect(await invoke('settings:save', { ...app.settings.settings, language: 'es' })).toMatchObject({ ok: true });
    // A secret typed where it does not belong is refused before it is saved.
    const leak = await invoke('settings:save', { ...app.settings.settings, pbx: { ...app.settings.settings.pbx, secret: SECRET } });
    expect(leak).toMatchObject({ ok: true, value: { ok: false } });
    await app.host.close();

    const files = walk(fake.app.userData);
    expect(files.map((f) => f.slice(fake.app.userData.length + 1)).sort()).toEqual(
      expect.arrayContaining(['settings.json', join('logs', 'main.log')]),
    );
    expect(readFileSync(logFile, 'utf8').length).toBeGreaterThan(0);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const secret of [SECRET, WRONG]) {
        for (const [encoding, form] of encodings(secret))
          expect(bytes.includes(form), `${file} holds the secret (${encoding})`).toBe(false);
      }
    }
    // The secret was really used, and never crossed in clear: the PBX let in an MD5 login (its Key
    // is md5(challenge + secret), checked by the demo PBX as Asterisk does) and no Login carried a Secret.
    const logins = pbx.control.receivedActions().filter((a) => a.get('Action') === 'Login');
    expect(logins.some((a) => a.get('AuthType')?.toLowerCase() === 'md5' && (a.get('Key') ?? '').length === 32)).toBe(true);
    expect(logins.filter((a) => a.get('Secret') !== undefined)).toEqual([]);
    expect(pbx.control.sessions().some((s) => s.authenticated && !s.closed)).toBe(true);
  }, 30_000);
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function encodings(secret: string): Array<[string, Buffer]> {
  return [
    ['plain', Buffer.from(secret)],
    ['JSON', Buffer.from(JSON.stringify(secret).slice(1, -1))],
    ['URL', Buffer.from(encodeURIComponent(secret))],
    ['base64', Buffer.from(Buffer.from(secret).toString('base64').replace(/=+$/, ''))],
    ['base64url', Buffer.from(Buffer.from(secret).toString('base64url'))],
    ['hex', Buffer.from(Buffer.from(secret).toString('hex'))],
    ['UTF-16', Buffer.from(secret, 'utf16le')],
  ];
}
