/**
 * Issue 20: the first-run wizard asks for the technology when the connection test finds the phone on
 * chan_sip, as Issabel runs it (its hint `SIP/1001`, as Asterisk 18 lists it in fixture S01): the
 * technology is set to SIP, said, changeable, and saved. Chromium, the shell's side on a real settings
 * file and keychain, the scripted AMI server over TCP.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AmiMessage } from '../../electron/core/ami/message.ts';
import { ScriptedAmiServer, type ScriptedConnection } from '../support/scripted-ami-server.ts';
import { startBridgeServer, type BridgeServer } from './support/bridge-server.ts';
import { launchChromium, openWithBridge, type LaunchedBrowser, type OpenedPage } from './support/browser.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { startShellBackend, type ShellBackend } from './support/shell-backend.ts';

let browser: LaunchedBrowser;
let pbx: ScriptedAmiServer;
const started: (ShellBackend | BridgeServer)[] = [];
const opened: OpenedPage[] = [];

const list =
  (complete: string, items: Array<Record<string, string>> = [], event = '') =>
  (a: AmiMessage, c: ScriptedConnection) => {
    c.reply(a, 'Success', { EventList: 'start', Message: 'list will follow' });
    for (const item of items) c.event(event, { ActionID: a.get('ActionID')!, ...item });
    c.event(complete, { ActionID: a.get('ActionID')!, EventList: 'Complete', ListItems: String(items.length) });
  };

beforeAll(async () => {
  browser = await launchChromium();
  pbx = await ScriptedAmiServer.start({ users: { agentapp: { secret: 's3cret' } } });
  pbx
    .on('CoreSettings', (a, c) => c.reply(a, 'Success', { AMIversion: '7.0.3', AsteriskVersion: '18.26.4', SystemName: '' }))
    .on('QueueStatus', list('QueueStatusComplete'))
    .on(
      'ExtensionStateList',
      list(
        'ExtensionStateListComplete',
        [{ Exten: '1001', Context: 'ext-local', Hint: 'SIP/1001', Status: '0', StatusText: 'Idle' }],
        'ExtensionStatus',
      ),
    )
    .on('DeviceStateList', list('DeviceStateListComplete'))
    .on('CoreShowChannels', list('CoreShowChannelsComplete'))
    .on('QueuePause', (a, c) => c.reply(a, 'Error', { Message: 'Interface not found' }))
    .on('Originate', (a, c) => c.reply(a, 'Error', { Message: 'Originate failed' }))
    .on('Hangup', (a, c) => c.reply(a, 'Error', { Message: 'No such channel' }))
    .on('MixMonitor', (a, c) => c.reply(a, 'Error', { Message: 'No such channel' }));
});
afterAll(async () => {
  await pbx?.close();
  await browser?.close();
});
afterEach(async () => {
  for (const { page, problems } of opened.splice(0)) {
    await page.close();
    expect(problems).toEqual([]);
  }
  for (const part of started.splice(0).reverse()) await part.close();
});

describe('first run on a chan_sip PBX', () => {
  it('finds the phone on SIP, sets the technology, says so, and saves it', async () => {
    const shell = await startShellBackend();
    const server = await startBridgeServer({ shell: shell.methods });
    started.push(shell, server);
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 600, height: 900 } });
    const opening = await openWithBridge(context, server.settingsUrl);
    opened.push(opening);
    const page = opening.page;
    await page.getByTestId('wizard-pbx').click();
    await page.getByTestId('field-host').fill('127.0.0.1');
    await page.getByTestId('field-port').fill(String(pbx.port));
    await page.getByTestId('field-user').fill('agentapp');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('field-extension').fill('1001');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('field-secret').fill('s3cret');
    await page.getByTestId('wizard-next').click();
    expect(await page.getByTestId('wizard-technology-found').count()).toBe(0);

    await page.getByTestId('test-connection').click();
    await expect
      .poll(() => page.getByTestId('wizard-technology-found').innerText())
      .toBe('The PBX lists your phone as SIP/1001: the app will follow it as SIP. Change it here if that is wrong.');
    expect(await page.getByTestId('field-technology').inputValue()).toBe('SIP');
    await saveScreenshot(page, 'settings-wizard-technology-en');

    await page.getByTestId('wizard-save').click();
    await page.getByTestId('wizard-done').waitFor();
    expect((JSON.parse(await readFile(shell.settingsFile, 'utf8')) as { pbx: { technology: string } }).pbx.technology).toBe('SIP');
  });
});
