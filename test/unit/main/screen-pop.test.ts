/**
 * The screen pop through the shell, on the real core and the demo PBX over TCP: where it opens (the
 * browser, the app's own pop window, or a notification with an Open action), exactly once per call, and
 * its lifecycle (a call that leaves the agent unanswered closes its pop window and is told in words; one
 * that rings here again shows its pop again).
 */
import { describe, expect, it } from 'vitest';
import type { PopDecision } from '../../../electron/core/screenpop/screenpop.ts';
import { createNotifier } from '../../../electron/main/notifications.ts';
import { POP_PARTITION, PopWindows } from '../../../electron/main/pop-window.ts';
import { createScreenPopShell } from '../../../electron/main/screen-pop.ts';
import { WindowFactory } from '../../../electron/main/windows.ts';
import { FakeElectron } from './fake-electron.ts';
import type { FakeWindow } from './fake-electron.ts';
import { configured, demoPbx, describeShell, eventually, settle, startShell, usePbx } from './support.ts';

// The queue rings the agent again soon after a declined call: the reopen test need not wait 2 s.
usePbx({ retryMs: 50 });

const TEMPLATE = 'https://crm.example.com/customer?id={var.CUSTOMER_ID}&phone={number}&queue={queue}';
const ADA = { queue: 'support', callerNumber: '+15550109000', callerName: 'Ada Lovelace', vars: { CUSTOMER_ID: 'C-1042' } };
const ADA_URL = 'https://crm.example.com/customer?id=C-1042&phone=%2B15550109000&queue=support';

function popShell(open: 'browser' | 'window' | 'notification', fake?: FakeElectron) {
  return startShell({ ...(fake ? { fake } : {}), settings: configured({ screenPop: { template: TEMPLATE, open } }) });
}

describeShell('screen pop in the browser', () => {
  it('opens the customer page once per call, at ring time, and tells every window', async () => {
    const shell = await popShell('browser');
    const { control } = demoPbx();
    const callId = control.incomingCall(ADA);
    await eventually(() => expect(shell.fake.opened).toEqual([ADA_URL]));
    expect(shell.app.host.snapshot().calls.find((c) => c.id === callId)?.state).toBe('ringing');
    expect(shell.fake.windows[0]!.webContents.messages('push:pop')).toEqual([{ callId, url: ADA_URL }]);
    expect(control.answer()).toBe(true);
    await shell.until((s) => s.calls.some((c) => c.state === 'up'), 'answered');
    control.callerHangup(callId);
    await shell.until((s) => s.calls.length === 0, 'the call ended');
    expect(shell.fake.opened).toEqual([ADA_URL]);
    expect(shell.fake.windows.filter((w) => !w.options.webPreferences.preload)).toEqual([]);
  });

  it('says so in words when the caller hangs up while it rings', async () => {
    const shell = await popShell('browser');
    const { control } = demoPbx();
    const callId = control.incomingCall(ADA);
    await eventually(() => expect(shell.fake.opened).toEqual([ADA_URL]));
    control.callerHangup(callId);
    await eventually(() =>
      expect(shell.fake.notificationsShown.at(-1)).toMatchObject({
        title: 'Missed call: Ada Lovelace',
        body: 'Number: +15550109000\nQueue: support\nCustomer: C-1042',
      }),
    );
    expect(shell.fake.opened).toEqual([ADA_URL]);
  });
});

describeShell("screen pop in the app's own window", () => {
  const popWindows = (fake: FakeElectron) => fake.windows.filter((w) => !w.options.webPreferences.preload);

  it('opens a hardened window on the customer page: no preload, its own session, no way out of the origin, no IPC', async () => {
    const shell = await popShell('window');
    const { fake } = shell;
    const { control } = demoPbx();
    const callId = control.incomingCall(ADA);
    await eventually(() => expect(popWindows(fake)).toHaveLength(1));
    const pop = popWindows(fake)[0]!;
    expect(pop.url).toBe(ADA_URL);
    expect(pop.visible).toBe(true);
    expect(pop.options.title).toBe('Ada Lovelace');
    expect(pop.options.webPreferences).toMatchObject({
      partition: POP_PARTITION,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    });
    expect(pop.options.webPreferences.preload).toBeUndefined();
    expect(fake.permissionsDenied).toEqual([null, POP_PARTITION]);
    expect(fake.opened).toEqual([]);

    // Within the CRM: allowed. Elsewhere: stopped, and handed to the browser (after the agent's click)
    // when its scheme is allowed.
    expect(pop.webContents.navigate('https://crm.example.com/customer/C-1042/notes')).toBe(false);
    pop.webContents.input('mouseDown');
    expect(pop.webContents.navigate('https://phish.example.net/login')).toBe(true);
    expect(pop.webContents.openHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    await settle();
    expect(fake.opened).toEqual(['https://phish.example.net/login']);
    expect(popWindows(fake)).toHaveLength(1);

    // The page is not ours: the IPC guard refuses it, and it is never pushed the agent's snapshot.
    const refused = (await fake.invoke(pop.ipcEvent(), 'dial:start', '1002')) as { ok: boolean; error: string };
    expect(refused).toEqual({
      ok: false,
      error: expect.stringMatching(/^Refused: the sender's origin https:\/\/crm\.example\.com/),
      phrase: expect.objectContaining({ code: 'ipc.refused' }),
    });
    expect(shell.originates()).toEqual([]);
    expect(control.answer()).toBe(true);
    await shell.until((s) => s.calls.some((c) => c.id === callId && c.state === 'up'), 'answered');
    expect(pop.webContents.sent).toEqual([]);
    expect(fake.windows[0]!.webContents.messages('push:snapshot').length).toBeGreaterThan(0);
    // Answered here: the pop stays open, still one window.
    expect(pop.destroyed).toBe(false);
    expect(popWindows(fake)).toHaveLength(1);
  });

  it('closes itself and says so when the caller hangs up while it rings', async () => {
    const shell = await popShell('window');
    const { fake } = shell;
    const { control } = demoPbx();
    const callId = control.incomingCall(ADA);
    await eventually(() => expect(popWindows(fake)).toHaveLength(1));
    const pop = popWindows(fake)[0]!;
    control.callerHangup(callId);
    await eventually(() => expect(pop.destroyed).toBe(true));
    await eventually(() => expect(fake.notificationsShown.at(-1)).toMatchObject({ title: 'Missed call: Ada Lovelace' }));
    expect(shell.app.popWindows.windowFor(callId)).toBeNull();
  });

  it('shows the same page again when the queue rings the agent again (one pop per call)', async () => {
    const shell = await popShell('window');
    const { fake } = shell;
    const { control } = demoPbx();
    const callId = control.incomingCall(ADA);
    await eventually(() => expect(popWindows(fake)).toHaveLength(1));
    const first = popWindows(fake)[0]!;
    // The agent declines: the call leaves the agent (its pop closes), the queue rings the agent again.
    expect(control.agentHangup()).toBe(true);
    await eventually(() => expect(first.destroyed).toBe(true));
    await eventually(() => expect(popWindows(fake).filter((w) => !w.destroyed)).toHaveLength(1));
    const again = popWindows(fake).filter((w) => !w.destroyed)[0]!;
    expect(again.url).toBe(ADA_URL);
    expect(shell.app.host.snapshot().calls.find((c) => c.id === callId)?.state).toBe('ringing');
    expect(fake.windows[0]!.webContents.messages('push:pop')).toEqual([{ callId, url: ADA_URL }]);
  });
});

describeShell('screen pop as a notification', () => {
  it('shows the caller, the number, the queue and the customer id, and opens the page from its Open action', async () => {
    const shell = await popShell('notification');
    const { fake } = shell;
    const { control } = demoPbx();
    const windowsBefore = fake.windows.length;
    const callId = control.incomingCall(ADA);
    await eventually(() => expect(fake.notificationsShown.some((n) => n.title === 'Ada Lovelace')).toBe(true));
    const card = fake.notificationsShown.find((n) => n.title === 'Ada Lovelace')!;
    expect(card).toMatchObject({ body: 'Number: +15550109000\nQueue: support\nCustomer: C-1042', actions: ['Open'] });
    expect(fake.opened).toEqual([]);
    expect(fake.windows).toHaveLength(windowsBefore);
    card.click!();
    await eventually(() => expect(fake.opened).toEqual([ADA_URL]));
    expect(fake.windows[0]!.webContents.messages('push:pop')).toEqual([{ callId, url: ADA_URL }]);

    control.callerHangup(callId);
    await eventually(() => expect(fake.notificationsShown.at(-1)?.title).toBe('Missed call: Ada Lovelace'));
    // The pop itself was the notice of the ringing call: no second one.
    expect(fake.notificationsShown.filter((n) => n.title.startsWith('Incoming call'))).toEqual([]);
  });

  it('speaks Spanish when the OS does', async () => {
    const fake = new FakeElectron();
    fake.app.locale = 'es-MX';
    await popShell('notification', fake);
    demoPbx().control.incomingCall(ADA);
    await eventually(() =>
      expect(fake.notificationsShown.find((n) => n.title === 'Ada Lovelace')).toMatchObject({
        body: 'Número: +15550109000\nCola: support\nCliente: C-1042',
        actions: ['Abrir'],
      }),
    );
  });
});

describe('the pop window refuses what it must not load', () => {
  const setup = (allowed: readonly string[] = ['http', 'https'], signIn: readonly string[] = []) => {
    const fake = new FakeElectron();
    const factory = new WindowFactory(fake, { preload: '/app/preload.cjs', openExternal: () => {} });
    return {
      fake,
      windows: new PopWindows(
        factory,
        () => allowed,
        () => signIn,
      ),
    };
  };

  it.each([
    ['javascript:alert(1)', /"javascript:" are never opened/],
    ['file:///etc/passwd', /"file:" are never opened/],
    ['data:text/html,<script>alert(1)</script>', /"data:" are never opened/],
    ['ftp://crm.example.com/c/1', /"ftp:" are not opened \(allowed: http, https\)/],
    ['not a url', /is not a web address/],
  ])('%s', (url, error) => {
    const { fake, windows } = setup();
    expect(windows.show('1700000000.1', url, 'Ada')).toMatchObject({ ok: false, error: expect.stringMatching(error) });
    expect(fake.windows).toEqual([]);
  });

  it('an allowed scheme with no web origin is still not loaded in a window', () => {
    const { fake, windows } = setup(['https', 'salesforce']);
    expect(windows.show('1700000000.1', 'salesforce://record/1', 'Ada')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no web origin/),
      phrase: { code: 'desktop.pop-no-origin' },
    });
    expect(fake.windows).toEqual([]);
  });

  it("goes to the CRM's sign-in origins the settings list, and nowhere else", () => {
    const { fake, windows } = setup(['https'], ['https://login.microsoftonline.com']);
    expect(windows.show('1700000000.1', 'https://crm.example.com/c/1', 'Ada')).toEqual({ ok: true });
    const pop = fake.windows[0]!;
    // The CRM sends the window to its single sign-on and back: both stay in the window (true = stopped).
    expect(pop.webContents.navigate('https://login.microsoftonline.com/common/oauth2/authorize?client_id=x', 'will-redirect')).toBe(false);
    expect(pop.webContents.navigate('https://crm.example.com/c/1?code=abc', 'will-redirect')).toBe(false);
    expect(pop.webContents.navigate('http://login.microsoftonline.com/common', 'will-navigate')).toBe(true);
    expect(pop.webContents.navigate('https://login.microsoftonline.com.phish.example/common')).toBe(true);
  });

  it('one window per call: the same call shows its window again', () => {
    const { fake, windows } = setup();
    expect(windows.show('1700000000.1', 'https://crm.example.com/c/1', 'Ada')).toEqual({ ok: true });
    expect(windows.show('1700000000.1', 'https://crm.example.com/c/1', 'Ada')).toEqual({ ok: true });
    expect(windows.show('1700000000.2', 'https://crm.example.com/c/2', 'Bob')).toEqual({ ok: true });
    expect(fake.windows.map((w) => (w as FakeWindow).url)).toEqual(['https://crm.example.com/c/1', 'https://crm.example.com/c/2']);
    (fake.windows[0] as FakeWindow).close();
    expect(windows.windowFor('1700000000.1')).toBeNull();
    expect(windows.close('1700000000.1')).toBe(false);
    expect(windows.close('1700000000.2')).toBe(true);
  });
});

describe('a pop whose URL the core refused', () => {
  it('still tells the agent who is calling, and why no page opened', () => {
    const fake = new FakeElectron();
    const factory = new WindowFactory(fake, { preload: '/app/preload.cjs', openExternal: () => {} });
    const pushed: unknown[] = [];
    const shell = createScreenPopShell({
      target: () => 'window',
      language: () => 'en',
      notify: createNotifier(fake),
      openExternal: async () => ({ ok: true }),
      windows: new PopWindows(factory, () => ['https']),
      push: (pop) => pushed.push(pop),
    });
    const decision: PopDecision = {
      type: 'pop',
      callId: '1700000000.1',
      url: null,
      error: 'the URL would start with "javascript:", which is not allowed',
      call: {
        id: '1700000000.1',
        channel: 'PJSIP/1001-00000001',
        direction: 'inbound',
        state: 'ringing',
        remote: { number: '+15550109000', name: 'Ada\r\nLovelace' },
        queue: 'support',
        vars: { CUSTOMER_ID: 'C-1042' },
        recording: 'off',
        startedAt: 0,
        answeredAt: null,
      },
      lookup: null,
    };
    shell.pop(decision);
    expect(pushed).toEqual([{ callId: '1700000000.1', url: null }]);
    expect(fake.windows).toEqual([]);
    expect(fake.notificationsShown).toEqual([
      {
        title: 'Ada Lovelace',
        body: 'Number: +15550109000\nQueue: support\nCustomer: C-1042\nThe customer\'s page was not opened: the URL would start with "javascript:", which is not allowed',
        actions: [],
        click: null,
      },
    ]);
  });
});
