/**
 * The shell with ARI (fake Electron, real core): the test ARI server replays Asterisk 22's recorded
 * answers and events (../shared/fixtures/asterisk-22/13-ari-stasis.ari.jsonl); the demo PBX plays the
 * AMI side; the ARI password is in the real keychain.
 *
 * - ARI alone: a missing extension or password is said in words, and the settings window does not
 *   open by itself (only a true first run opens it).
 * - listen and whisper over the guarded IPC channels: offered (capabilities) only to a supervisor's
 *   core; refused in words otherwise; a bad payload is refused by the guard.
 * - ARI's "Test connection" over IPC runs the doctor's ARI checks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import { ariAccount } from '../../../electron/core/credentials/store.ts';
import { createPreloadBridge } from '../../../electron/preload/bridge.ts';
import { AriTestServer, recordedEvents } from '../../support/ari-server.ts';
import { credentials, describeShell, eventually, settle, startShell, usePbx, configured, type Shell } from './support.ts';

usePbx();

const ARI_USER = 'ariuser';
const ARI_PASSWORD = 'aripass';
const written = new Set<string>();
let server: AriTestServer;

beforeEach(async () => {
  server = await AriTestServer.start();
});
afterEach(async () => {
  await server.close();
});
afterAll(async () => {
  for (const account of written) await credentials.delete(account).catch(() => false);
});

/** ARI settings for the test server (the fixture's application is `labapp`). */
function ari(overrides: Record<string, unknown> = {}) {
  return { enabled: true, url: server.url, username: ARI_USER, app: 'labapp', ...overrides };
}

async function storeAriPassword(password = ARI_PASSWORD): Promise<void> {
  const account = ariAccount({ url: server.url, username: ARI_USER });
  written.add(account);
  await credentials.set(account, password);
}

/** ARI alone: no AMI host; `extension` is this desk's phone (the recording knows endpoint PJSIP/1001). */
function ariAlone(extension: string, ariOverrides: Record<string, unknown> = {}) {
  return { version: 1, pbx: { extension }, ari: ari(ariOverrides), dialing: { confirmBeforeDial: false } };
}

const popoverOf = (shell: Shell) => shell.fake.windows[0]!;
const invoke = (shell: Shell, channel: string, ...args: unknown[]) => shell.fake.invoke(popoverOf(shell).ipcEvent(), channel, ...args);
const bridgeOf = (shell: Shell) =>
  createPreloadBridge({
    invoke: (channel, ...args) => shell.fake.invoke(popoverOf(shell).ipcEvent(), channel, ...args),
    on: () => () => {},
  });

describeShell('ARI alone: start-up in words', () => {
  it('with no extension says why, in words, and does not open the settings window (not a first run)', async () => {
    await storeAriPassword();
    const shell = await startShell({ settings: ariAlone('') });
    const failed = await shell.until((s) => s.connection.status === 'failed', 'the app says what is missing');
    expect(failed.connection.error).toBe(
      'No extension is set up yet: ARI follows your phone by its extension. Open Settings to enter your extension.',
    );
    expect(failed.connection.error).not.toMatch(/Could not start/);
    expect(server.socketsOpened).toEqual([]);
    expect(shell.fake.windows.map((w) => w.url)).not.toContain('app://companion/index.html#/settings');
  });

  it('with no ARI password stored says so, naming the login', async () => {
    const shell = await startShell({ settings: ariAlone('2001', { username: 'nobody' }) });
    const failed = await shell.until((s) => s.connection.status === 'failed', 'the app says the password is missing');
    expect(failed.connection.error).toBe(`No ARI password is stored for nobody@${server.url}: enter it in Settings.`);
    expect(server.requests).toEqual([]);
  });

  it('runs on ARI and opens no settings window at launch once settings exist', async () => {
    await storeAriPassword();
    const shell = await startShell({ settings: ariAlone('1001') });
    await shell.until((s) => s.connection.status === 'live', 'live on ARI');
    expect(shell.fake.windows.map((w) => w.url)).not.toContain('app://companion/index.html#/settings');
    expect(await invoke(shell, 'app:capabilities')).toEqual({ ok: true, value: { supervise: false } });
    expect(await invoke(shell, 'supervisor:start', '1002', 'listen')).toMatchObject({
      ok: true,
      value: { ok: false, error: 'Listen and whisper are for supervisors: in Settings, turn on ARI and "I am a supervisor".' },
    });
    expect(await invoke(shell, 'supervisor:stop')).toMatchObject({
      ok: true,
      value: { ok: false, error: 'Listen and whisper are for supervisors: in Settings, turn on ARI and "I am a supervisor".' },
    });
    expect(server.requests.filter((r) => r.path.includes('snoop') || r.path.startsWith('/ari/bridges'))).toEqual([]);
  });
});

describeShell('supervisor listen and whisper over IPC (ARI alone, a supervisor at 1001)', () => {
  it('offers listen/whisper, refuses bad payloads, listens to the recorded call and stops', async () => {
    await storeAriPassword();
    const snoop = { ...(recordedEvents()[0]!.channel as object), id: 'snoop-1', name: 'Snoop/1795662201.136-00000001', state: 'Up' };
    server.override('POST', '/ari/channels/1795662201.136/snoop', (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(snoop)),
    );
    const shell = await startShell({ settings: ariAlone('1001', { supervisor: true }) });
    await shell.until((s) => s.connection.status === 'live', 'live on ARI');
    const bridge = bridgeOf(shell);
    expect(await bridge.getCapabilities()).toEqual({ supervise: true });

    // The guard: an extension with a line break, an unknown mode, a missing argument.
    for (const args of [['9000\r\nAction: Originate', 'listen'], ['9000', 'barge'], ['9000'], ['', 'listen']]) {
      const refused = (await invoke(shell, 'supervisor:start', ...args)) as { ok: boolean; error: string };
      expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/^Invalid request for supervisor:start/) });
    }
    // In words: not an extension, this desk's own phone, an agent with no call (nothing is up yet).
    expect(await bridge.supervise('PJSIP/9000', 'listen')).toMatchObject({
      ok: false,
      error: '"PJSIP/9000" is not an agent\'s extension such as 1002.',
    });
    expect(await bridge.supervise('1001', 'listen')).toMatchObject({ ok: false, error: 'That is your own phone: choose another agent.' });
    expect(await bridge.supervise('9000', 'listen')).toMatchObject({ ok: false, error: 'Agent 9000 has no connected call to listen to.' });
    expect(server.requests.filter((r) => r.method !== 'GET' && !r.path.startsWith('/ari/applications'))).toEqual([]);

    // The recorded call comes up on PJSIP/9000: listen rings this desk's phone into a bridge with a snoop.
    server.play(1);
    const listening = bridge.supervise('9000', 'listen');
    await eventually(() => expect(server.received('POST', '/ari/channels')).toHaveLength(1));
    server.playUntil((e) => e.type === 'StasisStart' && (e.channel as { id: string }).id === '1795662202.137'); // the desk's phone answers
    expect(await listening).toMatchObject({ ok: true, message: 'Listening to 9000: they do not hear you.' });
    expect(server.received('POST', '/ari/channels/1795662201.136/snoop')[0]!.query).toMatchObject({
      spy: 'both',
      whisper: 'none',
      app: 'labapp',
    });
    expect(server.received('POST', '/ari/channels')[0]!.query).toMatchObject({ endpoint: 'PJSIP/1001', app: 'labapp' });
    expect(server.requests.filter((r) => r.path.endsWith('/addChannel')).map((r) => r.query.channel)).toEqual([
      'snoop-1',
      '1795662202.137',
    ]);

    expect(await bridge.stopSupervising()).toMatchObject({ ok: true });
    expect(server.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([
      '/ari/channels/1795662202.137',
      '/ari/channels/snoop-1',
      '/ari/bridges/9e3428fa-03e5-4933-81ff-a38536873229',
    ]);
    expect(readFileSync(join(shell.fake.app.userData, 'settings.json'), 'utf8')).not.toContain(ARI_PASSWORD);
  });
});

describeShell('beside AMI: ARI adds listen and whisper once saved, pushed to the windows', () => {
  it('a saved supervisor with the ARI password gets a core with listen/whisper; the AMI core stays live', async () => {
    const shell = await startShell();
    const bridge = bridgeOf(shell);
    expect(await bridge.getCapabilities()).toEqual({ supervise: false });
    expect(await bridge.saveSettings(configured({ ari: ari({ supervisor: true }) }))).toMatchObject({ ok: true });
    expect(await bridge.setSecret('ari', ARI_PASSWORD)).toMatchObject({
      ok: true,
      message: 'The secret is stored in the system keychain.',
    });
    written.add(ariAccount({ url: server.url, username: ARI_USER }));
    await eventually(() => expect(popoverOf(shell).webContents.messages('push:capabilities')).toContainEqual({ supervise: true }));
    expect(await bridge.getCapabilities()).toEqual({ supervise: true });
    await shell.until((s) => s.connection.status === 'live', 'AMI live again');
    expect(server.socketsOpened.map((s) => s.app)).toContain('labapp');
    expect(await bridge.supervise('1002', 'whisper')).toMatchObject({
      ok: false,
      error: 'Agent 1002 has no connected call to whisper to.',
    });

    // Supervisor off again: the next core has no desk, and the windows hear it.
    expect(await bridge.saveSettings(configured({ ari: ari({ supervisor: false }) }))).toMatchObject({ ok: true });
    await eventually(() => expect(popoverOf(shell).webContents.messages('push:capabilities').at(-1)).toEqual({ supervise: false }));
    expect(await bridge.supervise('1002', 'listen')).toMatchObject({ ok: false, error: expect.stringContaining('for supervisors') });
  });
});

describeShell("ARI's Test connection over IPC", () => {
  it("runs the doctor's ARI checks with the typed password, then with the stored one; wrong or missing ones in words", async () => {
    const shell = await startShell();
    const bridge = bridgeOf(shell);
    const target = { url: server.url, username: ARI_USER };
    const report = await bridge.testAriConnection(target, ARI_PASSWORD);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => [c.id, c.state])).toEqual([
      ['ari-reachable', 'ok'],
      ['ari-credentials', 'ok'],
      ['res_ari_channels', 'ok'],
      ['res_ari_endpoints', 'ok'],
      ['res_ari_applications', 'ok'],
      ['res_ari_device_states', 'ok'],
      ['res_ari_bridges', 'ok'],
      ['res_ari_recordings', 'ok'],
      ['ari-write', 'ok'],
      ['ari-events', 'ok'],
    ]);
    expect(report.asteriskVersion).toBe('22.10.1');
    expect(report.stanza).toContain(`[${ARI_USER}]`);

    const wrong = await bridge.testAriConnection(target, 'nope');
    expect(wrong.ok).toBe(false);
    expect(wrong.checks).toMatchObject([
      { id: 'ari-reachable', state: 'ok', detail: '' },
      {
        id: 'ari-credentials',
        state: 'fail',
        detail: expect.stringMatching(/^wrong ARI user or password .*check the \[user\] section of ari\.conf$/),
      },
    ]);
    expect(JSON.stringify(wrong)).not.toContain('nope');

    expect(await bridge.testAriConnection(target)).toMatchObject({
      ok: false,
      checks: [
        {
          id: 'ari-credentials',
          state: 'fail',
          detail: `No password was typed and none is stored for ${ARI_USER}@${server.url}: enter the ARI password.`,
        },
      ],
    });
    await storeAriPassword();
    expect(await bridge.testAriConnection(target)).toMatchObject({ ok: true });

    const notAUrl = await bridge.testAriConnection({ url: 'ftp://pbx', username: ARI_USER }, ARI_PASSWORD);
    expect(notAUrl).toMatchObject({
      ok: false,
      checks: [{ id: 'ari-reachable', state: 'fail', detail: 'the ARI URL must start with http:// or https://, not ftp:' }],
    });
    // A CA file the page names is not read unless it is the saved one.
    const unsaved = await bridge.testAriConnection(
      { url: server.url.replace('http:', 'https:'), username: ARI_USER, caFile: '/etc/passwd' },
      ARI_PASSWORD,
    );
    expect(unsaved.checks).toMatchObject([
      { id: 'ari-reachable', state: 'fail', detail: 'Save the settings first: the test uses the CA file /etc/passwd once it is saved.' },
    ]);

    const bad = (await invoke(shell, 'settings:test-ari', { url: server.url, username: 'ari\nuser' }, ARI_PASSWORD)) as {
      ok: boolean;
      error: string;
    };
    expect(bad).toMatchObject({ ok: false, error: expect.stringMatching(/^Invalid request for settings:test-ari/) });
    await settle();
  });
});
