/**
 * ARI in the UI, in Debian's Chromium against the built renderer, on real parts: the settings store on
 * a file, the OS keychain (a real Secret Service under scripts/with-keyring.mjs), the test ARI server
 * replaying Asterisk 22's recorded answers and events (test/support/ari-server.ts), and the core as
 * start-up builds it (companionForSettings).
 *
 * - Settings: the ARI section (on/off, address, user, password, application, CA file, supervisor) with
 *   its errors in words in English and Spanish; the password lands in the keychain only; ARI's Test
 *   connection runs the doctor's ARI checks.
 * - Popover: the Supervise control shows only where the core offers listen and whisper (a supervisor's
 *   core); listen rings the desk's phone into the recorded call, and every outcome is said in words.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ariAccount } from '../../electron/core/credentials/store.ts';
import { defaultSettings } from '../../electron/core/settings/schema.ts';
import { companionForSettings, type StartedCore } from '../../electron/core/startup.ts';
import { AriTestServer, recordedEvents } from '../support/ari-server.ts';
import { startBridgeServer, type BridgeServer } from './support/bridge-server.ts';
import { launchChromium, openWithBridge, type LaunchedBrowser, type OpenedPage } from './support/browser.ts';
import { startRealCore, type RealCore } from './support/core.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { startShellBackend, type ShellBackend } from './support/shell-backend.ts';

const ARI_PASSWORD = 'aripass'; // the fixture's ari.conf user `ariuser`

let browser: LaunchedBrowser;
let ari: AriTestServer;
let shell: ShellBackend | undefined;
const closing: { close(): Promise<void> }[] = [];
const opened: OpenedPage[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  ari = await AriTestServer.start();
});
afterEach(async () => {
  for (const { page, problems } of opened.splice(0)) {
    await page.close();
    expect(problems).toEqual([]);
  }
  for (const part of closing.splice(0).reverse()) await part.close();
  shell = undefined;
  await ari.close();
});

const toastTexts = (page: Page) => page.getByTestId('toast').allInnerTexts();
const errorOf = (page: Page, field: string) => page.getByTestId(`error-${field}`).innerText();
const fileText = () => readFile(shell!.settingsFile, 'utf8');

async function openSettings(settings?: Record<string, unknown>, options: { locale?: string } = {}): Promise<Page> {
  shell = await startShellBackend(settings ? { settings } : {});
  const server = await startBridgeServer({ shell: shell.methods });
  closing.push(shell, server);
  const context = await browser.newContext({ locale: options.locale ?? 'en-US', viewport: { width: 600, height: 900 } });
  const page = await openWithBridge(context, server.settingsUrl);
  opened.push(page);
  await page.page.locator('[data-testid="settings-form"], [data-testid="wizard"]').first().waitFor();
  return page.page;
}

describe('the settings window: ARI', () => {
  it('says what ARI still needs in words, then saves it: the password in the keychain only, never the file or the page', async () => {
    const page = await openSettings({ pbx: { extension: '1001' } });
    // ARI on, nothing filled in: each field says what it needs.
    await page.getByTestId('wizard-demo').click();
    expect(await page.getByTestId('field-ariUrl').count()).toBe(0);
    await page.getByTestId('field-ariEnabled').check();
    await page.getByTestId('field-ariUrl').fill('ftp://pbx.example.com');
    await page.getByTestId('field-ariUser').fill('ari user');
    await page.getByTestId('field-ariApp').fill('desk/1');
    await page.getByTestId('settings-save').click();
    expect(await errorOf(page, 'ariUrl')).toBe(
      'Enter an address that starts with http:// or https://, such as http://pbx.example.com:8088, with no user, password or query in it.',
    );
    expect(await errorOf(page, 'ariUser')).toBe('Use letters, digits, dot, dash or underscore, without spaces or ":".');
    expect(await errorOf(page, 'ariApp')).toBe('Use letters, digits, dot, dash, underscore and {extension} only.');
    expect(await errorOf(page, 'ariSecret')).toBe('This field is required.');
    expect(JSON.parse(await fileText()).ari.enabled).toBe(false);
    await saveScreenshot(page, 'settings-ari-errors-en');

    await page.getByTestId('field-ariUrl').fill(ari.url);
    await page.getByTestId('field-ariUser').fill('ariuser');
    await page.getByTestId('field-ariApp').fill('labapp');
    await page.getByTestId('field-ariSecret').fill(ARI_PASSWORD);
    await page.getByTestId('field-ariSupervisor').check();
    await page.getByTestId('settings-save').click();
    await expect.poll(() => toastTexts(page)).toContain('Saved. The secret is stored in the system keychain.');
    expect(await page.getByTestId('field-ariSecret').inputValue()).toBe('');
    const text = await fileText();
    expect(JSON.parse(text).ari).toEqual({ enabled: true, url: ari.url, username: 'ariuser', app: 'labapp', supervisor: true });
    expect(text).not.toContain(ARI_PASSWORD);
    expect(await shell!.credentials.get(ariAccount({ url: ari.url, username: 'ariuser' }))).toBe(ARI_PASSWORD);
    expect(await page.evaluate<string>('JSON.stringify({ ...localStorage, ...sessionStorage })')).not.toContain(ARI_PASSWORD);
    expect(await page.getByTestId('ari-secret-stored').isVisible()).toBe(true);
    // Now ARI alone is the app's PBX link: no Demo PBX banner, and the page says what ARI alone lacks.
    expect(await page.getByTestId('demo-banner').count()).toBe(0);
    expect(await page.getByTestId('ari-only-banner').innerText()).toContain('runs on ARI alone');
    // A new user needs the password again.
    await page.getByTestId('field-ariUser').fill('someone');
    expect(await page.getByTestId('ari-secret-stored').count()).toBe(0);
  });

  it("tests ARI's connection with the doctor's checks, in words; the stored password when none is typed", async () => {
    const page = await openSettings({
      pbx: { extension: '1001' },
      ari: { enabled: true, url: ari.url, username: 'ariuser', app: 'labapp' },
    });
    // ARI alone configured: no first-run wizard.
    expect(await page.getByTestId('wizard').count()).toBe(0);
    await page.getByTestId('field-ariSecret').fill('wrong');
    await page.getByTestId('ari-test-connection').click();
    await expect.poll(() => page.getByTestId('ari-test-summary').innerText()).toBe('Not ready yet: “Log in to ARI” did not work.');
    const login = page.locator('[data-check="ari-credentials"]');
    expect(await login.getAttribute('data-state')).toBe('fail');
    expect(await login.innerText()).toMatch(/Log in to ARI\s+Will not work\s+Wrong ARI user or password/);
    await page.locator('[data-testid="ari-section"] details.stanza summary').click();
    expect(await page.locator('[data-testid="ari-section"] details.stanza pre').innerText()).toContain('[ariuser]');

    await page.getByTestId('field-ariSecret').fill(ARI_PASSWORD);
    await page.getByTestId('ari-test-connection').click();
    await expect.poll(() => page.getByTestId('ari-test-summary').innerText()).toBe('All needed checks passed. · Asterisk 22.10.1');
    const checks = await page
      .getByTestId('ari-test-check')
      .evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-check'), r.getAttribute('data-state')]));
    expect(checks).toEqual(
      [
        'ari-reachable',
        'ari-credentials',
        'res_ari_channels',
        'res_ari_endpoints',
        'res_ari_applications',
        'res_ari_device_states',
        'res_ari_bridges',
        'res_ari_recordings',
        'ari-write',
        'ari-events',
      ].map((id) => [id, 'ok']),
    );
    expect(await page.locator('[data-check="res_ari_bridges"]').innerText()).toContain('Listen and whisper (supervisors)');
    await saveScreenshot(page, 'settings-ari-test-en');
    // Only the doctor's harmless probes reached ARI: nothing was dialled, hung up or bridged.
    // (The wrong password stopped at the login: one probe, from the second test.)
    expect(ari.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)).toEqual([
      'DELETE /ari/channels/pbx-companion-doctor-probe',
    ]);

    // With the password only in the keychain: the field empty, the test uses the stored one.
    await shell!.methods.setSecret('ari', ARI_PASSWORD);
    await page.reload();
    await page.getByTestId('settings-form').waitFor();
    expect(await page.getByTestId('ari-secret-stored').isVisible()).toBe(true);
    await page.getByTestId('ari-test-connection').click();
    await expect.poll(() => page.getByTestId('ari-test-summary').innerText()).toContain('All needed checks passed.');
  });

  it('speaks Spanish in the ARI section', async () => {
    const page = await openSettings({ pbx: { host: '127.0.0.1', port: 5038, username: 'agent', extension: '1001' } }, { locale: 'es-ES' });
    await page.getByTestId('field-ariEnabled').check();
    await page.getByTestId('field-ariUrl').fill('pbx.example.com:8088');
    await page.getByTestId('settings-save').click();
    expect(await errorOf(page, 'ariUrl')).toBe(
      'Escribe una dirección que empiece por http:// o https://, como http://pbx.example.com:8088, sin usuario, contraseña ni parámetros.',
    );
    expect(await errorOf(page, 'ariUser')).toBe('Este campo es obligatorio.');
    expect(await page.getByTestId('ari-section').getByRole('heading').innerText()).toBe('ARI (Asterisk REST Interface)');
    expect(await page.getByText('Soy supervisor').isVisible()).toBe(true);
    await page.getByTestId('field-ariUrl').fill('http://pbx.example.com:8088');
    await page.getByTestId('field-ariUser').fill('ariuser');
    await page.getByTestId('ari-test-connection').click();
    await expect.poll(() => page.getByTestId('ari-test-summary').innerText()).toBe('Aún no está listo: «Entrar en ARI» no ha funcionado.');
    expect(await page.locator('[data-check="ari-credentials"]').innerText()).toContain('Entrar en ARI');
    await saveScreenshot(page, 'settings-ari-es');
  });
});

describe('the popover: Supervise only where the core offers it', () => {
  async function openPopover(companion: StartedCore | RealCore['companion'], locale = 'en-US'): Promise<Page> {
    const server: BridgeServer = await startBridgeServer({ companion });
    closing.push(server);
    const context = await browser.newContext({ locale });
    const page = await openWithBridge(context, server.popoverUrl);
    opened.push(page);
    await page.page.getByTestId('connection-status').waitFor();
    await expect.poll(() => page.page.getByTestId('agent-status').innerText()).not.toBe('Connecting');
    return page.page;
  }

  /** A supervisor's desk on ARI alone at extension 1001 (the recording's endpoint), as start-up builds it. */
  async function supervisorCore(supervisor: boolean): Promise<StartedCore> {
    const settings = defaultSettings();
    settings.pbx.extension = '1001';
    settings.ari = { ...settings.ari, enabled: true, url: ari.url, username: 'ariuser', app: 'labapp', supervisor };
    const core = await companionForSettings(settings, { ami: null, ari: ARI_PASSWORD });
    closing.push(core);
    return core;
  }

  it('a supervisor listens to the recorded call and stops; a missing extension and a quiet agent are said in words', async () => {
    const snoop = { ...(recordedEvents()[0]!.channel as object), id: 'snoop-1', name: 'Snoop/1795662201.136-00000001', state: 'Up' };
    ari.override('POST', '/ari/channels/1795662201.136/snoop', (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(snoop)),
    );
    const page = await openPopover(await supervisorCore(true));
    const control = page.getByTestId('supervise');
    await control.waitFor();

    await page.getByTestId('supervise-listen').click();
    expect(await page.getByTestId('supervise-problem').innerText()).toBe("Enter the agent's extension, such as 1002.");
    await page.getByTestId('supervise-agent').fill('9000');
    await page.getByTestId('supervise-listen').click();
    await expect.poll(() => toastTexts(page)).toContain('Agent 9000 has no connected call to listen to.');

    ari.play(1); // the recorded call comes up on PJSIP/9000
    await page.getByTestId('supervise-listen').click();
    await expect.poll(() => ari.received('POST', '/ari/channels').length).toBe(1);
    ari.playUntil((e) => e.type === 'StasisStart' && (e.channel as { id: string }).id === '1795662202.137'); // this desk's phone answers
    await expect.poll(() => toastTexts(page)).toContain('Listening to 9000: they do not hear you.');
    expect(await page.getByTestId('supervise-active').innerText()).toBe('Listening to 9000');
    expect(ari.received('POST', '/ari/channels/1795662201.136/snoop')[0]!.query).toMatchObject({ spy: 'both', whisper: 'none' });
    await control.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'popover-supervise-en');

    await page.getByTestId('supervise-stop').click();
    await expect.poll(() => toastTexts(page)).toContain('Stopped listening to 9000.');
    expect(await page.getByTestId('supervise-active').count()).toBe(0);
    expect(ari.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([
      '/ari/channels/1795662202.137',
      '/ari/channels/snoop-1',
      '/ari/bridges/9e3428fa-03e5-4933-81ff-a38536873229',
    ]);
  });

  it('listens from the command palette too, and the Supervise card shows it; stops from the palette', async () => {
    const snoop = { ...(recordedEvents()[0]!.channel as object), id: 'snoop-1', name: 'Snoop/1795662201.136-00000001', state: 'Up' };
    ari.override('POST', '/ari/channels/1795662201.136/snoop', (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(snoop)),
    );
    const page = await openPopover(await supervisorCore(true));
    await page.getByTestId('supervise').waitFor();
    ari.play(1); // the recorded call comes up on PJSIP/9000

    await page.keyboard.press('Control+K');
    await page.getByTestId('palette-input').fill('9000');
    const items = page.getByTestId('palette-item');
    await expect.poll(() => items.allInnerTexts()).toEqual(expect.arrayContaining(['Dial 9000', 'Listen to 9000', 'Whisper to 9000']));
    await items.filter({ hasText: 'Listen to 9000' }).click();
    await expect.poll(() => ari.received('POST', '/ari/channels').length).toBe(1);
    ari.playUntil((e) => e.type === 'StasisStart' && (e.channel as { id: string }).id === '1795662202.137'); // this desk's phone answers
    await expect.poll(() => page.getByTestId('supervise-active').count()).toBe(1);
    expect(await page.getByTestId('supervise-active').innerText()).toBe('Listening to 9000');
    expect(ari.received('POST', '/ari/channels/1795662201.136/snoop')[0]!.query).toMatchObject({ spy: 'both', whisper: 'none' });

    await page.keyboard.press('Control+K');
    await page.getByTestId('palette-input').fill('stop');
    await items.filter({ hasText: 'Stop listening to 9000' }).click();
    await expect.poll(() => page.getByTestId('supervise-active').count()).toBe(0);
    expect(ari.requests.filter((r) => r.method === 'DELETE').length).toBeGreaterThan(0);
  });

  it('whispers from the command palette: the snoop whispers out to the agent only', async () => {
    const snoop = { ...(recordedEvents()[0]!.channel as object), id: 'snoop-1', name: 'Snoop/1795662201.136-00000001', state: 'Up' };
    ari.override('POST', '/ari/channels/1795662201.136/snoop', (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(snoop)),
    );
    const page = await openPopover(await supervisorCore(true));
    await page.getByTestId('supervise').waitFor();
    ari.play(1); // the recorded call comes up on PJSIP/9000

    await page.keyboard.press('Control+K');
    await page.getByTestId('palette-input').fill('9000');
    // With the keyboard alone: down the list to it.
    const selected = page.locator('[data-testid="palette-item"][aria-selected="true"]');
    for (let i = 0; i < 6 && (await selected.innerText()) !== 'Whisper to 9000'; i++) await page.keyboard.press('ArrowDown');
    expect(await selected.innerText()).toBe('Whisper to 9000');
    await page.keyboard.press('Enter');
    await expect.poll(() => ari.received('POST', '/ari/channels').length).toBe(1);
    ari.playUntil((e) => e.type === 'StasisStart' && (e.channel as { id: string }).id === '1795662202.137'); // this desk's phone answers
    await expect.poll(() => page.getByTestId('supervise-active').count()).toBe(1);
    expect(await page.getByTestId('supervise-active').innerText()).toBe('Whispering to 9000');
    expect(ari.received('POST', '/ari/channels/1795662201.136/snoop')[0]!.query).toMatchObject({ spy: 'both', whisper: 'out' });
  });

  it('speaks Spanish in the Supervise control', async () => {
    const page = await openPopover(await supervisorCore(true), 'es-ES');
    await page.getByTestId('supervise').waitFor();
    expect(await page.getByTestId('supervise').getByRole('heading').innerText()).toBe('Supervisar');
    expect(await page.getByTestId('supervise-whisper').innerText()).toBe('Susurrar');
    await page.getByTestId('supervise-whisper').click();
    expect(await page.getByTestId('supervise-problem').innerText()).toBe('Escribe la extensión del agente, como 1002.');
  });

  it('is not shown to an agent on ARI who is not a supervisor, nor on an AMI core', async () => {
    const page = await openPopover(await supervisorCore(false));
    await expect.poll(() => page.getByTestId('agent-status').innerText()).toBe('Available');
    expect(await page.getByTestId('supervise').count()).toBe(0);

    const demo = await startRealCore();
    closing.push(demo);
    const amiPage = await openPopover(demo.companion);
    await expect.poll(() => amiPage.getByTestId('queue-row').count()).toBeGreaterThan(0);
    expect(await amiPage.getByTestId('supervise').count()).toBe(0);
  });
});
