/**
 * Click-to-dial through the shell, on the real core and the demo PBX over TCP (issue 6, "Done when"): a
 * tel: link (first launch, second instance, macOS open-url), the hotkey over selected text, and the
 * tray's dialer each send one Originate with the expected bytes, ring the agent's phone and then
 * connect the number. Hostile links and selections send nothing and tell the agent in words.
 */
import { expect, it } from 'vitest';
import { createPreloadBridge } from '../../../electron/preload/bridge.ts';
import { FakeElectron } from './fake-electron.ts';
import {
  configured,
  demoPbx,
  describeShell,
  eventually,
  expectDialledAndConnected,
  expectNothingDialled,
  settle,
  startShell,
  usePbx,
} from './support.ts';

usePbx();

describeShell('a tel: link rings the agent and connects the number', () => {
  it('from the first launch (Windows and Linux pass it in argv), dialled once after the core is live', async () => {
    const shell = await startShell({ argv: ['/opt/pbx-companion/pbx-companion', 'tel:+1-415-555-0100'] });
    await expectDialledAndConnected(shell, '4155550100', '+1 415 555 0100');
    expect(shell.fake.notificationsShown.map((n) => n.body)).toContain('Your phone will ring: answer it to call 4155550100.');
  });

  it('from a second instance while the app runs', async () => {
    const shell = await startShell();
    shell.fake.app.secondInstance(['/opt/pbx-companion/pbx-companion', 'tel:+1%20415%20555%200100']);
    await expectDialledAndConnected(shell, '4155550100', '+1 415 555 0100');
  });

  it('from macOS open-url', async () => {
    const fake = new FakeElectron();
    fake.platform = 'darwin';
    const shell = await startShell({ fake });
    expect(fake.app.openUrl('callto:+14155550111')).toBe(true);
    await expectDialledAndConnected(shell, '4155550111', '+1 415 555 0111');
  });

  it('a sip: link dials its user part', async () => {
    const shell = await startShell();
    shell.fake.app.secondInstance(['pbx-companion', 'sip:4155550122@pbx.example.com']);
    await expectDialledAndConnected(shell, '4155550122', '+1 415 555 0122');
  });

  it.each([
    [
      'an encoded CR/LF carrying a second action',
      'tel:+14155550100%0d%0aAction:%20Hangup%0d%0aChannel:%20PJSIP/1002',
      /encoded line break/,
    ],
    ['a raw CR/LF carrying a second action', 'tel:+14155550100\r\nAction: Hangup\r\nChannel: PJSIP/1002', /line break/],
    ['a query with a second action', 'tel:+14155550100?action=Hangup', /more than a number/],
    ['letters', 'tel:+1-800-CALL-NOW', /letters/],
    ['javascript:', 'tel:javascript:alert(1)', /./],
    ['1,000 digits', `tel:${'1'.repeat(1000)}`, /./],
    ['a word', 'callto:call-me-maybe', /./],
  ])('refuses %s: nothing reaches the PBX and the agent is told', async (_name, link, message) => {
    const shell = await startShell();
    const before = shell.fake.notificationsShown.length;
    shell.fake.app.secondInstance(['pbx-companion', link]);
    await eventually(() => expect(shell.fake.notificationsShown.length).toBe(before + 1));
    expect(shell.fake.notificationsShown.at(-1)!.body).toMatch(message);
    // A dial that is sent after this one is the first Originate: the refused link sent nothing before it.
    shell.fake.app.secondInstance(['pbx-companion', 'tel:1002']);
    await shell.until((s) => s.calls.some((c) => c.remote.number === '1002'), 'the next link rings the agent');
    expect(shell.originates().map((a) => a.get('Exten'))).toEqual(['1002']);
  });
});

describeShell("the PBX's answer to the Originate, in words", () => {
  it.each([
    [
      'en',
      'Your phone will ring: answer it to call 4155550100.',
      'The PBX could not ring your phone: it is not registered, or the device in the settings does not exist.',
    ],
    [
      'es',
      'Tu teléfono va a sonar: contesta para llamar a 4155550100.',
      'La centralita no pudo hacer sonar tu teléfono: no está registrado, o el dispositivo de los ajustes no existe.',
    ],
  ])("tells the agent when the PBX could not ring the agent's phone (%s)", async (language, willRing, couldNot) => {
    const shell = await startShell({ settings: configured({ language }) });
    const { control } = demoPbx();
    control.unregister('1001');
    try {
      await shell.until((s) => s.extension.registered === false, 'the phone is unregistered');
      shell.fake.app.secondInstance(['pbx-companion', 'tel:+14155550100']);
      // The PBX accepts the Originate, then answers it with an OriginateResponse Failure: both are told,
      // in that order, in the app's language.
      await eventually(() => expect(shell.fake.notificationsShown.map((n) => n.body)).toEqual([willRing, couldNot]));
      expect(shell.originates()).toHaveLength(1);
    } finally {
      control.register('1001');
    }
  });
});

describeShell('the hotkey over selected text rings the agent and connects the number', () => {
  it('dials the first number in the PRIMARY selection (Linux)', async () => {
    const shell = await startShell();
    shell.fake.selectionText = 'Call Ana at +1 (415) 555-0100 before noon';
    shell.fake.clipboardText = '999999999';
    shell.fake.press('CommandOrControl+Alt+D');
    await expectDialledAndConnected(shell, '4155550100', '+1 415 555 0100');
  });

  it('a selection with a second action in it dials only the number: the rest never reaches the PBX', async () => {
    const shell = await startShell();
    shell.fake.selectionText = '+1 415 555 0100\r\nAction: Hangup\r\nChannel: PJSIP/1002\r\n\r\n';
    shell.fake.press('CommandOrControl+Alt+D');
    await expectDialledAndConnected(shell, '4155550100', '+1 415 555 0100');
    expect(
      shell
        .sent()
        .map((a) => a.get('Action'))
        .filter((a) => a === 'Hangup'),
    ).toEqual([]);
  });

  it.each([
    ['nothing', '', /Nothing is selected/],
    ['blank lines', '   \n ', /Nothing is selected/],
    ['50 KB of text', 'lorem ipsum dolor '.repeat(2900), /No phone number in the selection/],
    ['an order id', 'Order A12345 shipped', /No phone number/],
    ['a number spelled with letters', 'call 555-CALL-NOW', /No phone number/],
  ])('tells the agent and sends nothing for %s', async (_name, selection, message) => {
    const shell = await startShell();
    shell.fake.selectionText = selection;
    shell.fake.press('CommandOrControl+Alt+D');
    await eventually(() => expect(shell.fake.notificationsShown.at(-1)?.body).toMatch(message));
    await settle();
    expectNothingDialled(shell);
  });
});

describeShell('the tray dialer rings the agent and connects the number', () => {
  it('"Dial…" opens the popover, whose dialer previews the number and dials it', async () => {
    const shell = await startShell();
    const { fake } = shell;
    fake.trays[0]!.item('Dial…')?.click?.();
    const popover = fake.windows[0]!;
    expect(popover.visible).toBe(true);
    // The popover's page calls the app through the preload bridge, over the guarded IPC channels.
    const bridge = createPreloadBridge({
      invoke: (channel, ...args) => fake.invoke(popover.ipcEvent(), channel, ...args),
      on: () => () => {},
    });
    const preview = await bridge.previewDial('+34 912 34 56 78');
    expect(preview).toMatchObject({ ok: true, dialString: '01134912345678', e164: '+34912345678' });
    expectNothingDialled(shell);
    expect(await bridge.dial('+34 912 34 56 78')).toMatchObject({
      ok: true,
      message: 'Your phone will ring: answer it to call 01134912345678.',
    });
    await expectDialledAndConnected(shell, '01134912345678', '+34 912 34 56 78');
  });

  it('with confirmation on, a link shows the preview in the popover and dials only when the agent confirms', async () => {
    const shell = await startShell({ settings: configured({ dialing: { confirmBeforeDial: true } }) });
    const { fake } = shell;
    fake.app.secondInstance(['pbx-companion', 'tel:+14155550100']);
    const popover = fake.windows[0]!;
    await eventually(() =>
      expect(popover.webContents.messages('push:dial-request')).toEqual([
        { source: 'link', preview: expect.objectContaining({ ok: true, dialString: '4155550100' }) },
      ]),
    );
    expect(popover.visible).toBe(true);
    expectNothingDialled(shell);
    expect(await fake.invoke(popover.ipcEvent(), 'dial:start', '4155550100')).toMatchObject({
      ok: true,
      value: { ok: true, message: expect.stringMatching(/Your phone will ring/) },
    });
    await expectDialledAndConnected(shell, '4155550100', '+1 415 555 0100');
  });
});
