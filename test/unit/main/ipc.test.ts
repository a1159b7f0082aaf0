import { describe, expect, it } from 'vitest';
import { createPreloadBridge } from '../../../electron/preload/bridge.ts';
import { invokeSchemas } from '../../../electron/shared/ipc.ts';
import type { IpcEventLike } from '../../../electron/main/api.ts';
import type { FakeElectron } from './fake-electron.ts';
import type { FakeWindow } from './fake-electron.ts';
import { startShell } from './support.ts';

describe('the IPC guard', () => {
  it('registers every channel of the contract, and only those', async () => {
    const { fake } = await startShell();
    expect([...fake.handlers.keys()].sort()).toEqual(Object.keys(invokeSchemas).sort());
  });

  it('answers our window\'s main frame', async () => {
    const { fake, companions } = await startShell();
    const popover = fake.windows[0]!;
    expect(await fake.invoke(popover.ipcEvent(), 'dial:start', '1002')).toEqual({ ok: true, value: { ok: true } });
    expect(companions[0]!.dials()).toEqual(['1002']);
    const snapshot = (await fake.invoke(popover.ipcEvent(), 'snapshot:get')) as { ok: boolean; value: { extension: { number: string } } };
    expect(snapshot.ok && snapshot.value.extension.number).toBe('1001');
  });

  it.each<[string, (w: FakeWindow) => IpcEventLike]>([
    ['a page from another origin in our window', (w) => ({ sender: { id: w.webContents.id }, senderFrame: { url: 'https://evil.example.com/', parent: null } })],
    ['a sub-frame of our page', (w) => ({ sender: { id: w.webContents.id }, senderFrame: { url: 'app://companion/index.html', parent: w.webContents.mainFrame } })],
    ['a web contents that is not one of our windows', () => ({ sender: { id: 424242 }, senderFrame: { url: 'app://companion/index.html', parent: null } })],
    ['a frame that is gone', (w) => ({ sender: { id: w.webContents.id }, senderFrame: null })],
    ['a file:// page', (w) => ({ sender: { id: w.webContents.id }, senderFrame: { url: 'file:///tmp/x.html', parent: null } })],
  ])('refuses %s with a clear error, and the verb never runs', async (_name, eventFor) => {
    const { fake, companions } = await startShell();
    const result = (await fake.invoke(eventFor(fake.windows[0]!), 'dial:start', '1002')) as { ok: boolean; error?: string };
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^Refused: /);
    expect(companions[0]!.dials()).toEqual([]);
  });

  it.each<[string, unknown[], RegExp]>([
    ['dial:start', [], /Invalid request for dial:start/],
    ['dial:start', [42], /Invalid request for dial:start: 0: /],
    ['dial:start', ['1002', 'Action: Originate'], /Invalid request/],
    ['agent:pause', [{ reason: 'Lunch', extra: true }], /Unrecognized key/i],
    ['agent:pause', ['Lunch'], /Invalid request for agent:pause/],
    ['call:record', ['pause'], /Invalid request for call:record/],
    ['dial:preview', ['x'.repeat(70_000)], /Invalid request/],
    ['credentials:set', [{ kind: 'ami', secret: '' }], /Invalid request/],
    ['settings:save', ['not an object'], /Invalid request/],
  ])('refuses %s with a bad payload %#', async (channel, args, error) => {
    const { fake, companions } = await startShell();
    const result = (await fake.invoke(fake.windows[0]!.ipcEvent(), channel, ...args)) as { ok: boolean; error: string };
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(error);
    expect(companions[0]!.verbs).toEqual([]);
  });

  it('turns a failing handler into an error result, not a throw into Electron', async () => {
    const { fake } = await startShell();
    const result = await fake.invoke(fake.windows[0]!.ipcEvent(), 'settings:save', { pbx: { port: 0 } });
    expect(result).toEqual({ ok: true, value: { ok: false, error: expect.stringMatching(/^pbx\.port: /) } });
    const secret = await fake.invoke(fake.windows[0]!.ipcEvent(), 'settings:save', { pbx: { secret: 'x' } });
    expect(secret).toMatchObject({ ok: true, value: { ok: false, error: expect.stringMatching(/looks like a secret/) } });
  });
});

describe('the preload bridge over the guarded channels', () => {
  function bridgeFor(fake: FakeElectron, event: IpcEventLike) {
    return createPreloadBridge({ invoke: (channel, ...args) => fake.invoke(event, channel, ...args), on: () => () => {} });
  }

  it('runs each verb through its channel', async () => {
    const { fake, companions } = await startShell();
    const bridge = bridgeFor(fake, fake.windows[0]!.ipcEvent());
    await bridge.pause({ reason: 'Lunch', queue: 'support' });
    await bridge.unpause({});
    await bridge.record('mute', 'call-1');
    await bridge.transfer('1003', { attended: true });
    await bridge.hangup();
    expect(companions[0]!.verbs).toEqual([
      { verb: 'pause', args: [{ reason: 'Lunch', queue: 'support' }] },
      { verb: 'unpause', args: [{}] },
      { verb: 'record', args: ['mute', 'call-1'] },
      { verb: 'transfer', args: ['1003', { attended: true }] },
      { verb: 'hangup', args: [undefined] },
    ]);
    expect(await bridge.previewDial('(415) 555-0100')).toMatchObject({ ok: true, e164: '+14155550100' });
    expect((await bridge.getSnapshot()).extension.number).toBe('1001');
  });

  it('gives a refused sender an error result for verbs and a rejection for reads', async () => {
    const { fake } = await startShell();
    const bridge = bridgeFor(fake, { sender: { id: 777 }, senderFrame: { url: 'https://evil.example.com/', parent: null } });
    expect(await bridge.dial('1002')).toEqual({ ok: false, error: expect.stringMatching(/^Refused: the sender's origin https:\/\/evil.example.com/) });
    await expect(bridge.getSnapshot()).rejects.toThrow(/Refused/);
    expect(await bridge.previewDial('1002')).toMatchObject({ ok: false, input: '1002', error: expect.stringMatching(/Refused/) });
  });

  it('stores a secret in the keychain, never in the settings', async () => {
    const { fake, credentials } = await startShell();
    const bridge = bridgeFor(fake, fake.windows[0]!.ipcEvent());
    expect(await bridge.setSecret('ami', 'n3w-s3cret')).toMatchObject({ ok: true });
    expect(await credentials.get('ami:agent1001@pbx.example.com:5038')).toBe('n3w-s3cret');
    const view = await bridge.getSettings();
    expect(view.secrets).toEqual({ ami: true, ari: false });
    expect(JSON.stringify(view)).not.toContain('n3w-s3cret');
    expect(await bridge.setSecret('ari', 'x')).toEqual({ ok: false, error: 'Save the ARI address and user first.' });
  });
});
