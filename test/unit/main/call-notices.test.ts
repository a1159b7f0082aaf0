/**
 * Issue 20: notifications of calls with no screen pop set up (an agent without a CRM): the incoming
 * call (caller, queue, customer id) once per call, the missed one (not a call a colleague took), each
 * switchable in the settings; clicking one opens the popover on that call (push:focus-call with its id,
 * which the page checks: test/e2e/focus-call.test.ts). The shell on the real core and the demo
 * PBX over TCP, Electron faked.
 */
import { describe, expect, it } from 'vitest';
import { FakeElectron } from './fake-electron.ts';
import { configured, demoPbx, eventually, startShell, usePbx } from './support.ts';

// Colleague 1002 answers a ring-all call 300 ms after it rings: long enough for the agent's notice.
usePbx({ otherAnswerAfterMs: 300 });

const ADA = { queue: 'support', callerNumber: '+15550109000', callerName: 'Ada Lovelace', vars: { CUSTOMER_ID: 'C-1042' } };
const notices = (fake: FakeElectron) => fake.notificationsShown.filter((n) => /^(Incoming|Missed) call|^Llamada/.test(n.title));

describe('call notifications without a screen pop', () => {
  it('tells the ringing call once, the missed call once, and a click opens the popover on that call', async () => {
    const shell = await startShell();
    const { fake } = shell;
    expect(shell.app.settings.settings.screenPop.template).toBe('');
    const callId = demoPbx().control.incomingCall(ADA);
    await eventually(() => expect(notices(fake).map((n) => n.title)).toEqual(['Incoming call: Ada Lovelace']));
    expect(notices(fake)[0]).toMatchObject({ body: 'Number: +15550109000\nQueue: support\nCustomer: C-1042', actions: ['Show'] });
    const popover = fake.windows[0]!;
    expect(popover.url).toMatch(/#\/popover$/);
    expect(popover.visible).toBe(false);
    notices(fake)[0]!.click!();
    expect(popover.visible).toBe(true);
    expect(popover.webContents.messages('push:focus-call')).toEqual([{ callId }]);
    demoPbx().control.callerHangup(callId);
    await eventually(() => expect(notices(fake).map((n) => n.title)).toEqual(['Incoming call: Ada Lovelace', 'Missed call: Ada Lovelace']));
    expect(notices(fake)[1]!.body).toBe('Number: +15550109000\nQueue: support\nCustomer: C-1042');
    // The missed call's notice, clicked once the popover was hidden: shown again, on the same call (now in Recent).
    popover.hide();
    notices(fake)[1]!.click!();
    expect(popover.visible).toBe(true);
    expect(popover.webContents.messages('push:focus-call')).toEqual([{ callId }, { callId }]);
  });

  it('says nothing of a missed call a colleague took', async () => {
    const shell = await startShell();
    const { fake } = shell;
    demoPbx().control.addQueueMember('support', '1002');
    try {
      const id = demoPbx().control.incomingCall(ADA);
      await shell.until((s) => s.history[0]?.id === id, 'the call ended, answered by 1002');
      expect(shell.app.host.snapshot().history[0]).toMatchObject({ outcome: 'answered-elsewhere' });
      expect(notices(fake).map((n) => n.title)).toEqual(['Incoming call: Ada Lovelace']);
    } finally {
      demoPbx().control.hangupLeg('1002');
    }
  });

  it('each is switchable in the settings, and speaks the OS language', async () => {
    const fake = new FakeElectron();
    fake.app.locale = 'es-ES';
    const shell = await startShell({ fake, settings: configured({ notifications: { incoming: false, missed: true } }) });
    const callId = demoPbx().control.incomingCall(ADA);
    await shell.until((s) => s.calls.some((c) => c.id === callId && c.state === 'ringing'), 'ringing');
    demoPbx().control.callerHangup(callId);
    await eventually(() => expect(notices(fake).map((n) => n.title)).toEqual(['Llamada perdida: Ada Lovelace']));
    expect(notices(fake)[0]!.body).toBe('Número: +15550109000\nCola: support\nCliente: C-1042');
  });
});
