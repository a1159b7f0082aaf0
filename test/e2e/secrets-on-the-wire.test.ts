/**
 * Secrets on the wire, in the real UI (Debian's Chromium): the first-run wizard turns TLS on when a
 * PBX on another machine offers it on 5039 (the probe runs for real against a TLS server made for
 * this run), the settings form says in words (English and Spanish) when a login would cross the
 * network in plain text, with how to turn TLS on in Asterisk, and the login method is saved; the
 * popover shows a plain-text session to another machine. "Another machine" is pbx.example.com, whose
 * sockets the shell and the core open to servers on loopback: the name is what decides.
 */
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ConnectTarget, SocketFactory } from '../../electron/core/ami/transport.ts';
import { createCompanion, type CoreCompanion } from '../../electron/core/companion.ts';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import { ScriptedAmiServer } from '../support/scripted-ami-server.ts';
import { startBridgeServer } from './support/bridge-server.ts';
import { launchChromium, openWithBridge, type LaunchedBrowser, type OpenedPage } from './support/browser.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { startShellBackend, type ShellBackend } from './support/shell-backend.ts';
import { ThrowawayPki } from '../support/throwaway-pki.ts';

let browser: LaunchedBrowser;
const pki = new ThrowawayPki('e2e-tls-');
let tlsPbx: ScriptedAmiServer;
let demo: DemoPbx;
let shell: ShellBackend | undefined;
const started: { close(): Promise<unknown> }[] = [];
const opened: OpenedPage[] = [];

beforeAll(async () => {
  const { key, cert } = pki.selfSigned('pbx', 'pbx.example.com');
  tlsPbx = await ScriptedAmiServer.start({ tls: { key, cert } });
  demo = await startDemoPbx({ answerAfterMs: null });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
  await tlsPbx?.close();
  pki.remove();
});
afterEach(async () => {
  for (const { page, problems } of opened.splice(0)) {
    await page.close();
    expect(problems).toEqual([]);
  }
  for (const part of started.splice(0).reverse()) await part.close();
  shell = undefined;
});

/** Hosts the probe reached, and where: port 5039 goes to the TLS server, or to a closed port (no TLS offered). */
function probeSockets(offersTls: boolean): { factory: SocketFactory; hosts: string[] } {
  const hosts: string[] = [];
  const factory: SocketFactory = (target: ConnectTarget) => {
    hosts.push(target.host);
    const port = offersTls && target.port === 5039 ? tlsPbx.port : 1;
    return tls.connect({ host: '127.0.0.1', port, servername: target.host, rejectUnauthorized: target.tls?.rejectUnauthorized ?? true });
  };
  return { factory, hosts };
}

async function openSettings(
  options: { settings?: Record<string, unknown>; locale?: string; offersTls?: boolean; secret?: string } = {},
): Promise<{ page: Page; probed: string[] }> {
  const probe = probeSockets(options.offersTls ?? false);
  shell = await startShellBackend({
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.secret ? { secret: options.secret } : {}),
    tlsSockets: probe.factory,
  });
  const server = await startBridgeServer({ shell: shell.methods });
  started.push(shell, server);
  const context = await browser.newContext({ locale: options.locale ?? 'en-US', viewport: { width: 600, height: 900 } });
  const page = await openWithBridge(context, server.settingsUrl);
  opened.push(page);
  await page.page.locator('[data-testid="settings-form"], [data-testid="wizard"]').first().waitFor();
  return { page: page.page, probed: probe.hosts };
}

async function wizardToPbxStep(page: Page, host: string): Promise<void> {
  await page.getByTestId('wizard-pbx').click();
  await page.getByTestId('field-host').fill(host);
  // Leaving the host field is when the wizard looks for TLS.
  await page.getByTestId('field-host').press('Tab');
}

describe('first-run wizard: TLS by default where the PBX offers it', () => {
  it('a PBX on another machine that offers TLS on 5039: TLS on, port 5039, said; no plain-text warning', async () => {
    const { page, probed } = await openSettings({ offersTls: true });
    await wizardToPbxStep(page, 'pbx.example.com');
    await expect.poll(() => page.getByTestId('field-tls').isChecked()).toBe(true);
    expect(await page.getByTestId('field-port').inputValue()).toBe('5039');
    expect(await page.getByTestId('wizard-tls-offered').innerText()).toBe('This PBX offers TLS on port 5039: TLS is turned on.');
    expect(await page.getByTestId('plain-text-notice').count()).toBe(0);
    expect(probed).toEqual(['pbx.example.com']);
    // The probe only looked: no action reached the PBX.
    expect(tlsPbx.actions).toEqual([]);
    await saveScreenshot(page, 'settings-wizard-tls-offered-en');

    await page.getByTestId('field-user').fill('agentapp');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('field-extension').waitFor();
  });

  it('no TLS on 5039: TLS stays off and the wizard says the login would cross the network in plain text, with how to turn TLS on', async () => {
    const { page, probed } = await openSettings({ offersTls: false });
    await wizardToPbxStep(page, 'pbx.example.com');
    await expect.poll(() => probed.length).toBe(1);
    expect(await page.getByTestId('field-tls').isChecked()).toBe(false);
    expect(await page.getByTestId('field-port').inputValue()).toBe('5038');
    const notice = await page.getByTestId('plain-text-notice').innerText();
    expect(notice).toContain('The connection to the PBX at pbx.example.com is not encrypted');
    expect(notice).toContain(
      'tlsenable = yes, tlsbindaddr = 0.0.0.0:5039, tlscertfile = /etc/asterisk/keys/asterisk.pem, tlsprivatekey = /etc/asterisk/keys/asterisk.key',
    );
    await page.getByTestId('field-user').fill('agentapp');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('field-extension').waitFor();
  });

  it('a PBX on this machine: no probe, no TLS, no warning', async () => {
    const { page, probed } = await openSettings({ offersTls: true });
    await wizardToPbxStep(page, '127.0.0.1');
    await page.getByTestId('field-user').fill('agentapp');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('field-extension').waitFor();
    expect(probed).toEqual([]);
    await page.getByTestId('wizard-back').click();
    expect(await page.getByTestId('field-tls').isChecked()).toBe(false);
    expect(await page.getByTestId('plain-text-notice').count()).toBe(0);
  });

  it("TLS set by hand is the admin's choice: the probe does not change it", async () => {
    const { page, probed } = await openSettings({ offersTls: true });
    await page.getByTestId('wizard-pbx').click();
    await page.getByTestId('field-tls').check();
    await page.getByTestId('field-tls').uncheck();
    await page.getByTestId('field-host').fill('pbx.example.com');
    await page.getByTestId('field-host').press('Tab');
    await page.getByTestId('field-user').fill('agentapp');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('field-extension').waitFor();
    expect(probed).toEqual([]);
  });
});

describe('settings form: plain text said in words, the login method saved', () => {
  const elsewhere = { pbx: { host: 'pbx.example.com', port: 5038, username: 'agentapp', extension: '1001' } };

  it('says so for a plain-text login to another machine, names the secret with the plain login, and is gone with TLS', async () => {
    const { page } = await openSettings({ settings: elsewhere, secret: 's3cret' });
    expect(await page.getByTestId('field-auth').inputValue()).toBe('md5');
    expect(await page.getByTestId('plain-text-notice').innerText()).toContain(
      'The connection to the PBX at pbx.example.com is not encrypted: anyone on the network between this computer and the PBX can read your calls and callers.',
    );
    expect(await page.getByTestId('tls-howto').innerText()).toContain(
      'To offer TLS on Asterisk, set in manager.conf [general]: tlsenable = yes',
    );
    await saveScreenshot(page, 'settings-plain-text-en');

    await page.getByTestId('field-auth').selectOption('plain');
    expect(await page.getByTestId('plain-text-notice').innerText()).toContain(
      'logs in with the plain secret: anyone on the network can read the AMI secret',
    );
    await page.getByTestId('settings-save').click();
    await expect.poll(async () => JSON.parse(await readFile(shell!.settingsFile, 'utf8')).pbx.auth).toBe('plain');

    await page.getByTestId('field-tls').check();
    expect(await page.getByTestId('plain-text-notice').count()).toBe(0);
  });

  it('in Spanish', async () => {
    const { page } = await openSettings({ settings: elsewhere, locale: 'es-ES' });
    expect(await page.getByTestId('plain-text-notice').innerText()).toContain(
      'La conexión con la centralita en pbx.example.com no está cifrada',
    );
    expect(await page.getByTestId('tls-howto').innerText()).toContain(
      'Para ofrecer TLS en Asterisk, pon en manager.conf [general]: tlsenable = yes',
    );
  });

  it('no notice for a PBX on this machine', async () => {
    const { page } = await openSettings({ settings: { pbx: { ...elsewhere.pbx, host: '127.0.0.1' } } });
    await page.getByTestId('field-auth').waitFor();
    expect(await page.getByTestId('plain-text-notice').count()).toBe(0);
  });
});

describe('popover: a plain-text session to another machine is never silent', () => {
  async function openPopover(host: string, locale = 'en-US'): Promise<Page> {
    const toDemo: SocketFactory = () => net.connect({ host: '127.0.0.1', port: demo.port });
    const core: CoreCompanion = await createCompanion({
      pbx: { host, port: 5038, username: 'agent', extension: '1001' },
      secret: 'demo',
      client: { keepaliveIntervalMs: 0, socketFactory: toDemo },
    });
    const server = await startBridgeServer({ companion: core });
    started.push(core, server);
    const context = await browser.newContext({ locale });
    const page = await openWithBridge(context, server.popoverUrl);
    opened.push(page);
    await page.page.getByTestId('connection-status').waitFor();
    return page.page;
  }

  it('shows "Not encrypted" with the sentence, in the agent\'s language', async () => {
    const page = await openPopover('pbx.example.com');
    const chip = page.getByTestId('plain-text');
    expect(await chip.innerText()).toBe('Not encrypted');
    expect(await chip.getAttribute('title')).toMatch(/^The connection to the PBX at pbx\.example\.com is not encrypted/);
    await saveScreenshot(page, 'popover-plain-text-en');

    const es = await openPopover('pbx.example.com', 'es-ES');
    expect(await es.getByTestId('plain-text').innerText()).toBe('Sin cifrar');
    expect(await es.getByTestId('plain-text').getAttribute('title')).toMatch(
      /^La conexión con la centralita en pbx\.example\.com no está cifrada/,
    );
  });

  it('shows nothing for the PBX on this machine', async () => {
    const page = await openPopover('127.0.0.1');
    expect(await page.getByTestId('plain-text').count()).toBe(0);
  });
});
