/**
 * What the settings window asks of main beyond load and save, on the fake Electron with the real core,
 * the real keychain and the demo PBX: "Test connection" (the doctor's checks, with the typed secret or
 * the one the keychain keeps, which never comes back nor reaches the log), the screen-pop preview, and
 * a save that refuses a pop URL the screen pop would refuse at ring time.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { amiAccount } from '../../../electron/core/credentials/store.ts';
import { DEFAULT_USERS } from '../../../electron/core/demo/index.ts';
import { DOCTOR_CHECKS } from '../../../electron/core/doctor/checks.ts';
import { createPreloadBridge } from '../../../electron/preload/bridge.ts';
import type { ConnectionTestReport } from '../../../electron/shared/bridge.ts';
import { configured, credentials, demoPbx, describeShell, startShell, usePbx, type Shell } from './support.ts';

/** `agentapp` (allowed everything) gets a secret of this run, so a leak of it cannot be a coincidence. */
const APP_SECRET = `Doctor-${randomUUID()}`;
usePbx({ users: DEFAULT_USERS.map((u) => (u.username === 'agentapp' ? { ...u, secret: APP_SECRET } : u)) });

const appAccount = () => amiAccount({ username: 'agentapp', host: demoPbx().host, port: demoPbx().port });
afterAll(async () => {
  await credentials.delete(appAccount()).catch(() => false);
});

async function shellWithLog(settings: object = configured()): Promise<{ shell: Shell; logged: string[] }> {
  const logged: string[] = [];
  const shell = await startShell({ settings, deps: { log: (line) => logged.push(line) } });
  return { shell, logged };
}

function bridgeOf(shell: Shell) {
  const window = shell.fake.windows[0]!;
  return createPreloadBridge({ invoke: (channel, ...args) => shell.fake.invoke(window.ipcEvent(), channel, ...args), on: () => () => {} });
}

/** The Login actions the PBX received as `username` (sessions of every shell of the file). */
function logins(username: string) {
  return demoPbx()
    .control.receivedActions()
    .filter((a) => a.get('Action') === 'Login' && a.get('Username') === username);
}

describeShell('Test connection from the settings window', () => {
  it('with no secret typed, logs in with the one the keychain keeps for that login and runs every check', async () => {
    await credentials.set(appAccount(), APP_SECRET);
    const { shell, logged } = await shellWithLog();
    const before = logins('agentapp').length;
    const { host, port } = demoPbx();
    const report = await bridgeOf(shell).testConnection({ host, port, tls: false, username: 'agentapp', extension: '1001' });
    expect(report.checks.map((c) => [c.id, c.state])).toEqual([
      ['login', 'ok'],
      ...DOCTOR_CHECKS.map((c) => [c.action, 'ok']),
      ['events', 'ok'],
    ]);
    expect(report.ok).toBe(true);
    expect(report.asteriskVersion).toMatch(/^\d+\./);
    expect(report.stanza).toContain('[agentapp]');
    // The stored secret was the one used (the MD5 login was accepted), and it went nowhere: not even on the wire.
    expect(
      logins('agentapp')
        .slice(before)
        .map((a) => [a.get('AuthType'), a.get('Secret')]),
    ).toEqual([['MD5', undefined]]);
    expect(JSON.stringify(report)).not.toContain(APP_SECRET);
    expect(logged.join('\n')).not.toContain(APP_SECRET);
  });

  it('with a typed secret, names what a limited user lacks and the class that grants it', async () => {
    const { shell, logged } = await shellWithLog();
    const { host, port } = demoPbx();
    const report = await bridgeOf(shell).testConnection({ host, port, tls: false, username: 'limited', extension: '1001' }, 'l1mited');
    expect(report.ok).toBe(false);
    const byId = new Map(report.checks.map((c) => [c.id, c]));
    expect(byId.get('login')?.state).toBe('ok');
    expect(byId.get('QueuePause')).toEqual({ id: 'QueuePause', state: 'fail', detail: 'Permission denied', needs: 'agent' });
    expect(byId.get('MixMonitor')).toMatchObject({ state: 'warning', detail: 'Permission denied', needs: 'system' });
    expect(byId.get('Originate')?.state).toBe('ok');
    expect(JSON.stringify(report)).not.toContain('l1mited');
    expect(logged.join('\n')).not.toContain('l1mited');
  });

  it('says the PBX refused a wrong typed secret, and never answers with it', async () => {
    const { shell } = await shellWithLog();
    const { host, port } = demoPbx();
    const wrong = `Wrong-${randomUUID()}`;
    const report = await bridgeOf(shell).testConnection({ host, port, tls: false, username: 'agentapp' }, wrong);
    expect(report.ok).toBe(false);
    expect(report.checks).toMatchObject([{ id: 'login', state: 'fail', detail: expect.stringMatching(/Authentication failed|refused/i) }]);
    expect(report.checks[0]?.detailPhrase).toMatchObject({ code: 'ami.login-refused', params: { user: 'agentapp' } });
    expect(JSON.stringify(report)).not.toContain(wrong);
  });

  it('with no secret typed and none stored for that login, says so without trying to log in', async () => {
    const { shell } = await shellWithLog();
    const before = logins('nobody').length;
    const { host, port } = demoPbx();
    const report = await bridgeOf(shell).testConnection({ host, port, tls: false, username: 'nobody' });
    expect(report).toMatchObject({
      ok: false,
      checks: [{ id: 'login', state: 'fail', detail: expect.stringMatching(/^No secret was typed and none is stored for nobody@/) }],
    });
    expect(logins('nobody').length).toBe(before);
  });

  it.each<[string, unknown[]]>([
    ['a host with a line break', [{ host: '127.0.0.1\r\nAction: Originate', port: 5038, tls: false, username: 'agent' }]],
    ['a port that is not one', [{ host: '127.0.0.1', port: 70000, tls: false, username: 'agent' }]],
    ['an unknown field', [{ host: '127.0.0.1', port: 5038, tls: false, username: 'agent', secret: 'x' }]],
    ['an empty secret', [{ host: '127.0.0.1', port: 5038, tls: false, username: 'agent' }, '']],
  ])('refuses %s before any login', async (_name, args) => {
    const { shell } = await shellWithLog();
    const before = demoPbx().control.receivedActions().length;
    const result = (await shell.fake.invoke(shell.fake.windows[0]!.ipcEvent(), 'settings:test-connection', ...args)) as {
      ok: boolean;
      error: string;
    };
    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(/^Invalid request for settings:test-connection: /),
      phrase: expect.objectContaining({ code: 'ipc.invalid-request' }),
    });
    expect(demoPbx().control.receivedActions().length).toBe(before);
    // Through the bridge the refusal reads as a failed login check, in words.
    const report: ConnectionTestReport = await bridgeOf(shell).testConnection(args[0] as never, args[1] as never);
    expect(report).toMatchObject({
      ok: false,
      checks: [
        { id: 'login', state: 'fail', detail: expect.stringMatching(/^Invalid request/), detailPhrase: { code: 'ipc.invalid-request' } },
      ],
    });
  });
});

describeShell('the screen-pop preview', () => {
  it("renders the template for the sample call with the agent's extension, with the saved schemes unless others are given", async () => {
    const { shell } = await shellWithLog(configured({ pbx: { extension: '1001' }, screenPop: { allowedSchemes: ['https'] } }));
    const bridge = bridgeOf(shell);
    expect(await bridge.previewPop('https://crm.example.com/c?id={var.CUSTOMER_ID}&n={number}&agent={extension}')).toEqual({
      ok: true,
      url: 'https://crm.example.com/c?id=C-20931&n=%2B34912345678&agent=1001',
    });
    expect(await bridge.previewPop('http://crm.example.com/{number}')).toMatchObject({
      ok: false,
      error: 'The scheme "http:" is not allowed; allowed: https:.',
    });
    expect(await bridge.previewPop('http://crm.example.com/{number}', { allowedSchemes: ['http', 'https'] })).toMatchObject({
      ok: true,
      url: 'http://crm.example.com/%2B34912345678',
    });
    expect(await bridge.previewPop('https://crm.example.com/{phone}')).toMatchObject({
      ok: false,
      error: expect.stringContaining('{phone}'),
    });
    expect(await bridge.previewPop('https://{number}.example.com/')).toMatchObject({ ok: false, error: expect.stringMatching(/host/) });
    expect(await bridge.previewPop('x'.repeat(5000))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Invalid request for settings:preview-pop/),
    });
  });
});

describeShell('saving a screen-pop URL the pop would refuse', () => {
  it('is refused in words beside the template field, and the file keeps what it had', async () => {
    const { shell } = await shellWithLog(configured({ screenPop: { template: 'https://crm.example.com/?n={number}' } }));
    const bridge = bridgeOf(shell);
    const file = join(shell.fake.app.userData, 'settings.json');
    const current = shell.app.settings.settings;
    const withPop = (screenPop: object) => ({ ...current, screenPop: { ...current.screenPop, ...screenPop } });
    const saved = readFileSync(file, 'utf8');

    expect(await bridge.saveSettings(withPop({ template: 'https://crm.example.com/?n={phone}' }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^screenPop\.template: Unknown placeholder \{phone\}/),
    });
    expect(await bridge.saveSettings(withPop({ template: 'https://{var.HOST}/x' }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^screenPop\.template: .*host/),
    });
    // The schemes of the same settings decide: ftp is refused while only http(s) are allowed...
    const ftp = await bridge.saveSettings(withPop({ template: 'ftp://files.example.com/{number}' }));
    expect(ftp).toMatchObject({ ok: false, error: 'screenPop.template: The scheme "ftp:" is not allowed — allowed: http:, https:.' });
    expect(readFileSync(file, 'utf8')).toBe(saved);
    expect(shell.app.settings.settings.screenPop.template).toBe('https://crm.example.com/?n={number}');

    // ...and saved once the same settings allow it; an empty template (no pop) is fine too.
    expect(
      await bridge.saveSettings(withPop({ template: 'ftp://files.example.com/{number}', allowedSchemes: ['https', 'ftp'] })),
    ).toMatchObject({ ok: true });
    expect(shell.app.settings.settings.screenPop.template).toBe('ftp://files.example.com/{number}');
    expect(await bridge.saveSettings(withPop({ template: '' }))).toMatchObject({ ok: true });
    expect(JSON.parse(readFileSync(file, 'utf8')).screenPop.template).toBe('');
  });
});
