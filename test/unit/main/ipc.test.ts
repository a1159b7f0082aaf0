import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createPreloadBridge } from '../../../electron/preload/bridge.ts';
import { invokeChannels, type IpcResult } from '../../../electron/shared/ipc.ts';
import { english } from '../../../electron/shared/phrases/index.ts';
import { sayIn } from '../../../electron/shared/phrases/say.ts';
import { PhrasedError } from '../../../electron/core/errors/phrased-error.ts';
import { guardedHandler } from '../../../electron/main/ipc.ts';
import type { IpcEventLike } from '../../../electron/main/api.ts';
import type { FakeElectron } from './fake-electron.ts';
import type { FakeWindow } from './fake-electron.ts';
import { agentAccount, credentials, demoPbx, describeShell, expectNothingDialled, settle, startShell, usePbx } from './support.ts';

usePbx();

function bridgeFor(fake: FakeElectron, event: IpcEventLike) {
  return createPreloadBridge({ invoke: (channel, ...args) => fake.invoke(event, channel, ...args), on: () => () => {} });
}

describeShell('the IPC guard', () => {
  it('registers every channel of the contract, and only those', async () => {
    const { fake } = await startShell();
    expect([...fake.handlers.keys()].sort()).toEqual(Object.keys(invokeChannels).sort());
  });

  it("answers our window's main frame: the dial reaches the PBX and the snapshot comes back", async () => {
    const shell = await startShell();
    const popover = shell.fake.windows[0]!;
    expect(await shell.fake.invoke(popover.ipcEvent(), 'dial:start', '1002')).toMatchObject({
      ok: true,
      value: { ok: true, message: 'Your phone will ring: answer it to call 1002.' },
    });
    await shell.until((s) => s.extension.state === 'ringing', "the agent's phone rings");
    expect(shell.originates().map((a) => [a.get('Channel'), a.get('Exten')])).toEqual([['PJSIP/1001', '1002']]);
    const snapshot = (await shell.fake.invoke(popover.ipcEvent(), 'snapshot:get')) as {
      ok: true;
      value: { extension: { number: string; state: string }; calls: { remote: { number: string } }[] };
    };
    expect(snapshot.value.extension).toMatchObject({ number: '1001', state: 'ringing' });
    expect(snapshot.value.calls.map((c) => c.remote.number)).toEqual(['1002']);
  });

  it.each<[string, (w: FakeWindow) => IpcEventLike, string]>([
    [
      'a page from another origin in our window',
      (w) => ({ sender: { id: w.webContents.id }, senderFrame: { url: 'https://evil.example.com/', parent: null } }),
      'Rechazado: el origen del remitente https://evil.example.com no es el de la aplicación.',
    ],
    [
      'a sub-frame of our page',
      (w) => ({ sender: { id: w.webContents.id }, senderFrame: { url: 'app://companion/index.html', parent: w.webContents.mainFrame } }),
      'Rechazado: solo el marco principal de una ventana puede llamar a la aplicación.',
    ],
    [
      'a web contents that is not one of our windows',
      () => ({ sender: { id: 424242 }, senderFrame: { url: 'app://companion/index.html', parent: null } }),
      'Rechazado: el remitente no es una de las ventanas de la aplicación.',
    ],
    [
      'a frame that is gone',
      (w) => ({ sender: { id: w.webContents.id }, senderFrame: null }),
      'Rechazado: el marco que hizo la petición ya no existe.',
    ],
    [
      'a file:// page',
      (w) => ({ sender: { id: w.webContents.id }, senderFrame: { url: 'file:///tmp/x.html', parent: null } }),
      'Rechazado: el origen del remitente file:// no es el de la aplicación.',
    ],
  ])('refuses %s with a clear error, phrased for the Spanish UI too, and nothing reaches the PBX', async (_name, eventFor, spanish) => {
    const shell = await startShell();
    const result = (await shell.fake.invoke(eventFor(shell.fake.windows[0]!), 'dial:start', '1002')) as IpcResult<unknown>;
    if (result.ok) throw new Error('a foreign sender was answered');
    expect(result.error).toMatch(/^Refused: /);
    expect(english(result.phrase)).toBe(result.error);
    expect(sayIn(result.phrase, 'es')).toBe(spanish);
    await settle();
    expectNothingDialled(shell);
  });

  it.each<[string, unknown[], RegExp]>([
    ['dial:start', [], /Invalid request for dial:start/],
    ['dial:start', [42], /Invalid request for dial:start: 0: /],
    ['dial:start', ['1002', 'Action: Originate'], /Invalid request/],
    ['agent:pause', [{ reason: 'Lunch', extra: true }], /Unrecognized key/i],
    ['agent:pause', ['Lunch'], /Invalid request for agent:pause/],
    ['call:record', ['pause'], /Invalid request for call:record/],
    ['dial:preview', ['x'.repeat(70_000)], /Invalid request/],
    ['credentials:set', ['ami', ''], /Invalid request/],
    ['settings:save', ['not an object'], /Invalid request/],
  ])('refuses %s with a bad payload %#, phrased for the Spanish UI too: nothing reaches the PBX', async (channel, args, error) => {
    const shell = await startShell();
    const result = (await shell.fake.invoke(shell.fake.windows[0]!.ipcEvent(), channel, ...args)) as IpcResult<unknown>;
    if (result.ok) throw new Error('a bad payload was answered');
    expect(result.error).toMatch(error);
    expect(english(result.phrase)).toBe(result.error);
    expect(sayIn(result.phrase, 'es')).toMatch(new RegExp(`^Petición no válida para ${channel}: `));
    await settle();
    expectNothingDialled(shell);
    expect(shell.sent().filter((a) => a.get('Action') === 'QueuePause')).toEqual([]);
  });

  it("says the schema's reasons in Spanish where it knows them", async () => {
    const shell = await startShell();
    const extra = (await shell.fake.invoke(shell.fake.windows[0]!.ipcEvent(), 'agent:pause', {
      reason: 'Lunch',
      extra: true,
    })) as IpcResult<unknown>;
    if (extra.ok) throw new Error('an unknown key was answered');
    expect(extra.error).toBe('Invalid request for agent:pause: 0: Unrecognized key: "extra"');
    expect(sayIn(extra.phrase, 'es')).toBe(
      `Petición no válida para agent:pause: 0: ${sayIn({ code: 'settings.reason.unknown-key', params: { keys: '"extra"' } }, 'es')}`,
    );
  });

  it('turns a handler that throws into a phrased refusal: the phrase its error carries, else its message as it is', async () => {
    const options = { appOrigin: 'app://companion', isOurWindow: () => true };
    const event: IpcEventLike = { sender: { id: 1 }, senderFrame: { url: 'app://companion/index.html', parent: null } };
    const phrased = guardedHandler(
      'history:dismiss',
      () => {
        throw PhrasedError.of('history.not-pending');
      },
      options,
    );
    expect(await phrased(event, 'call-1')).toEqual({
      ok: false,
      error: 'That call is not waiting for a callback.',
      phrase: { code: 'history.not-pending' },
    });
    const plain = guardedHandler(
      'history:dismiss',
      () => {
        throw new Error('EIO: i/o error');
      },
      options,
    );
    expect(await plain(event, 'call-1')).toEqual({
      ok: false,
      error: 'EIO: i/o error',
      phrase: { code: 'text', params: { text: 'EIO: i/o error' } },
    });
  });

  it('turns a failing handler into an error result, not a throw into Electron', async () => {
    const { fake } = await startShell();
    const result = await fake.invoke(fake.windows[0]!.ipcEvent(), 'settings:save', { pbx: { port: 0 } });
    expect(result).toMatchObject({
      ok: true,
      value: { ok: false, error: expect.stringMatching(/^pbx\.port: /), phrase: { code: 'settings.issue', params: { path: 'pbx.port' } } },
    });
    const secret = await fake.invoke(fake.windows[0]!.ipcEvent(), 'settings:save', { pbx: { secret: 'x' } });
    expect(secret).toMatchObject({ ok: true, value: { ok: false, error: expect.stringMatching(/looks like a secret/) } });
  });
});

describeShell('the preload bridge over the guarded channels, on the real core', () => {
  it('pauses with a reason and resumes: the PBX hears it and the snapshot shows it', async () => {
    const shell = await startShell();
    const bridge = bridgeFor(shell.fake, shell.fake.windows[0]!.ipcEvent());
    expect(await bridge.pause({ reason: 'Lunch', queue: 'support' })).toMatchObject({ ok: true });
    const paused = await shell.until((s) => s.queues.some((q) => q.name === 'support' && q.paused), 'paused in support');
    expect(paused.queues.map((q) => [q.name, q.paused, q.pausedReason])).toEqual([
      ['support', true, 'Lunch'],
      ['sales', false, ''],
    ]);
    expect(await bridge.unpause({})).toMatchObject({ ok: true });
    await shell.until((s) => s.queues.every((q) => !q.paused), 'available again');
    const pauses = shell.sent().filter((a) => a.get('Action') === 'QueuePause');
    expect([pauses[0]!.get('Queue'), pauses[0]!.get('Interface'), pauses[0]!.get('Paused'), pauses[0]!.get('Reason')]).toEqual([
      'support',
      'PJSIP/1001',
      'true',
      'Lunch',
    ]);
    expect(pauses.slice(1).every((a) => a.get('Paused') === 'false')).toBe(true);
  });

  it('records, mutes the recording and hangs up the call that rings in from the queue', async () => {
    const shell = await startShell();
    const bridge = bridgeFor(shell.fake, shell.fake.windows[0]!.ipcEvent());
    const { control } = demoPbx();
    const callId = control.incomingCall({
      queue: 'support',
      callerNumber: '+15550109000',
      callerName: 'Ada Lovelace',
      vars: { CUSTOMER_ID: 'C-1042' },
    });
    await shell.until((s) => s.calls.some((c) => c.id === callId && c.state === 'ringing'), 'the queue call rings');
    expect(control.answer()).toBe(true);
    const up = await shell.until((s) => s.calls.some((c) => c.id === callId && c.state === 'up'), 'the agent answered');
    const channel = up.calls[0]!.channel!;
    expect(channel).toMatch(/^PJSIP\/1001-/);

    expect(await bridge.record('start')).toMatchObject({ ok: true, message: 'Recording.' });
    await shell.until((s) => s.calls[0]?.recording === 'on', 'the PBX says the call is recorded');
    expect(await bridge.record('mute', callId)).toMatchObject({ ok: true, message: 'Recording muted.' });
    await shell.until((s) => s.calls[0]?.recording === 'muted', 'the PBX says the recording is muted');
    expect(await bridge.hangup()).toMatchObject({ ok: true, message: 'Hung up.' });
    const after = await shell.until((s) => s.calls.length === 0, 'the call ended');
    expect(after.history[0]).toMatchObject({
      id: callId,
      remote: { number: '+15550109000' },
      vars: expect.objectContaining({ CUSTOMER_ID: 'C-1042' }),
    });

    const verbs = shell.sent().filter((a) => ['MixMonitor', 'MixMonitorMute', 'Hangup'].includes(a.get('Action') ?? ''));
    expect(verbs.map((a) => [a.get('Action'), a.get('Channel')])).toEqual([
      ['MixMonitor', channel],
      ['MixMonitorMute', channel],
      ['Hangup', channel],
    ]);
  });

  it('transfers the call to another extension', async () => {
    const shell = await startShell();
    const bridge = bridgeFor(shell.fake, shell.fake.windows[0]!.ipcEvent());
    const { control } = demoPbx();
    const callId = control.incomingCall({ queue: 'support', callerNumber: '+15550109001' });
    await shell.until((s) => s.calls.some((c) => c.id === callId && c.state === 'ringing'), 'the queue call rings');
    control.answer();
    await shell.until((s) => s.calls.some((c) => c.state === 'up'), 'the agent answered');
    expect(await bridge.transfer('1002')).toMatchObject({ ok: true });
    await shell.until((s) => s.calls.length === 0, 'the call left the agent');
    expect(
      shell
        .sent()
        .filter((a) => a.get('Action') === 'BlindTransfer')
        .map((a) => a.get('Exten')),
    ).toEqual(['1002']);
  });

  it('answers the dialer preview with the real dialing rules, and the snapshot through the bridge', async () => {
    const shell = await startShell();
    const bridge = bridgeFor(shell.fake, shell.fake.windows[0]!.ipcEvent());
    expect(await bridge.previewDial('(415) 555-0100')).toMatchObject({ ok: true, e164: '+14155550100', dialString: '4155550100' });
    expect(await bridge.previewDial('call me')).toMatchObject({ ok: false, error: expect.any(String) });
    const snapshot = await bridge.getSnapshot();
    expect(snapshot.connection.status).toBe('live');
    expect(snapshot.queues.map((q) => q.name)).toEqual(['support', 'sales']);
    expectNothingDialled(shell);
  });

  it('gives a refused sender an error result for verbs and a rejection for reads, each with its phrase', async () => {
    const shell = await startShell();
    const bridge = bridgeFor(shell.fake, { sender: { id: 777 }, senderFrame: { url: 'https://evil.example.com/', parent: null } });
    const refusedPhrase = {
      code: 'ipc.refused',
      params: { why: { code: 'ipc.foreign-origin', params: { origin: 'https://evil.example.com' } } },
    };
    expect(await bridge.dial('1002')).toEqual({
      ok: false,
      error: expect.stringMatching(/^Refused: the sender's origin https:\/\/evil.example.com/),
      phrase: refusedPhrase,
    });
    // A plain object, not an Error: contextBridge would carry only an Error's message into the page.
    const rejection: unknown = await bridge.getSnapshot().catch((error: unknown) => error);
    expect(rejection).toEqual({ message: expect.stringMatching(/^Refused/), phrase: refusedPhrase });
    await expect(bridge.getSettings()).rejects.toMatchObject({ phrase: refusedPhrase });
    expect(await bridge.previewDial('1002')).toMatchObject({
      ok: false,
      input: '1002',
      error: expect.stringMatching(/Refused/),
      errorPhrase: refusedPhrase,
    });
    expect(await bridge.previewPop('https://crm.example.com/?n={number}')).toMatchObject({ ok: false, phrase: refusedPhrase });
    expect((await bridge.testConnection({ host: 'pbx', port: 5038, tls: false, username: 'agent' })).checks).toEqual([
      { id: 'login', state: 'fail', detail: expect.stringMatching(/^Refused/), detailPhrase: refusedPhrase },
    ]);
    expectNothingDialled(shell);
  });

  it('asks main for the snapshot once, as the preload starts, then keeps every push: the page gets it with no round trip', async () => {
    const shell = await startShell();
    const event = shell.fake.windows[0]!.ipcEvent();
    const asked: string[] = [];
    let push: (payload: unknown) => void = () => {};
    const bridge = createPreloadBridge({
      invoke: (channel, ...args) => {
        asked.push(channel);
        return shell.fake.invoke(event, channel, ...args);
      },
      on: (channel, listener) => {
        if (channel === 'push:snapshot') push = listener;
        return () => {};
      },
    });
    expect(asked).toEqual(['snapshot:get']);
    expect((await bridge.getSnapshot()).connection.status).toBe('live');
    expect(await bridge.pause({ reason: 'Lunch' })).toMatchObject({ ok: true });
    const paused = await shell.until((s) => s.queues.some((q) => q.member && q.paused), 'paused');
    push(paused);
    expect(await bridge.getSnapshot()).toBe(paused);
    expect(asked.filter((channel) => channel === 'snapshot:get')).toHaveLength(1);
  });

  it("answers a call the app never answered with a phrase too (the preload's own words)", async () => {
    const bridge = createPreloadBridge({
      invoke: () => Promise.reject(new Error("No handler registered for 'dial:start'")),
      on: () => () => {},
    });
    const result = await bridge.dial('1002');
    expect(result).toEqual({
      ok: false,
      error: "The app did not answer (No handler registered for 'dial:start')",
      phrase: { code: 'ipc.no-answer', params: { why: "No handler registered for 'dial:start'" } },
    });
    expect(!result.ok && result.phrase && sayIn(result.phrase, 'es')).toBe(
      "La aplicación no respondió (No handler registered for 'dial:start')",
    );
  });

  it('stores a secret in the keychain, never in the settings, and logs in with it', async () => {
    const shell = await startShell();
    const bridge = bridgeFor(shell.fake, shell.fake.windows[0]!.ipcEvent());
    expect(await bridge.setSecret('ami', 'n3w-s3cret')).toMatchObject({
      ok: true,
      message: 'The secret is stored in the system keychain.',
    });
    expect(await credentials.get(agentAccount())).toBe('n3w-s3cret');
    const view = await bridge.getSettings();
    expect(view.secrets).toEqual({ ami: true, ari: false, nats: false, calllog: false });
    expect(view.keychainProblem).toBeNull();
    expect(JSON.stringify(view)).not.toContain('n3w-s3cret');
    // The shell logs in again with the new secret, which the demo PBX refuses: the agent is told.
    const refused = await shell.until((s) => s.connection.status === 'failed', 'the PBX refused the new secret');
    expect(refused.connection.error).toMatch(/Authentication failed|secret/i);
    expect(shell.fake.trays[0]!.image.path).toMatch(/tray-error\.png$/);
    expect(readFileSync(join(shell.fake.app.userData, 'settings.json'), 'utf8')).not.toContain('n3w-s3cret');
    expect(await bridge.setSecret('ari', 'x')).toMatchObject({ ok: false, error: 'Save the ARI address and user first.' });

    // The right secret again: live again.
    expect(await bridge.setSecret('ami', 'demo')).toMatchObject({ ok: true });
    await shell.until((s) => s.connection.status === 'live', 'logged in with the right secret');
  });
});
