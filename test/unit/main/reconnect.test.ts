/**
 * Overlapping reconnects, on the fake Electron with the real core, the real keychain and the demo PBX:
 * the agent saves a wrong secret and corrects it at once. Whichever login finishes last, the latest
 * request wins; the overtaken attempt closes the core it made instead of replacing the working one.
 * The factory is the real one (coreFactory), only held back at a chosen point to fix the order.
 */
import { expect, it } from 'vitest';
import type { CompanionFactory } from '../../../electron/main/app.ts';
import type { ClosableCompanion } from '../../../electron/main/companion-host.ts';
import { coreFactory } from '../../../electron/main/core-factory.ts';
import { createPreloadBridge } from '../../../electron/preload/bridge.ts';
import { AGENT, describeShell, eventually, settle, startShell, usePbx } from './support.ts';

usePbx();

interface Made {
  secret: string | null;
  closed: boolean;
}

/** The real factory, noting every core it makes and whether it was closed; `hold` keeps back the nth call's answer. */
function observedFactory() {
  const real = coreFactory();
  const made: Made[] = [];
  let holdIndex = -1;
  let release: () => void = () => {};
  let reached: () => void = () => {};
  const factory: CompanionFactory = async (settings, secrets, hooks) => {
    const entry: Made = { secret: secrets.ami, closed: false };
    const index = made.push(entry) - 1;
    const core: ClosableCompanion = await real(settings, secrets, hooks);
    const close = core.close?.bind(core);
    core.close = async () => {
      entry.closed = true;
      await close?.();
    };
    if (index === holdIndex) {
      const gate = new Promise<void>((resolve) => (release = resolve));
      reached();
      await gate;
    }
    return core;
  };
  return {
    factory,
    made,
    /** Holds back the next core made; resolves once its factory call has been reached. */
    holdNext(): Promise<void> {
      holdIndex = made.length;
      return new Promise((resolve) => (reached = resolve));
    },
    release: () => release(),
  };
}

describeShell('reconnects that overlap', () => {
  it('a wrong secret corrected at once: the slower wrong login, finishing last, does not replace the working core', async () => {
    const cores = observedFactory();
    const shell = await startShell({ deps: { createCompanion: cores.factory } });
    const window = shell.fake.windows[0]!;
    const bridge = createPreloadBridge({
      invoke: (channel, ...args) => shell.fake.invoke(window.ipcEvent(), channel, ...args),
      on: () => () => {},
    });
    expect(cores.made).toEqual([{ secret: AGENT.secret, closed: false }]);

    // The wrong secret's core is made but held back, as a slow login would be...
    const held = cores.holdNext();
    expect(await bridge.setSecret('ami', 'wrong-secret')).toMatchObject({ ok: true });
    await held;
    // ...while the corrected secret's core comes up and is put in place.
    expect(await bridge.setSecret('ami', AGENT.secret)).toMatchObject({ ok: true });
    // (The first core is still live meanwhile: the corrected one is in place once the first is closed.)
    await eventually(() =>
      expect(cores.made).toEqual([
        { secret: AGENT.secret, closed: true },
        { secret: 'wrong-secret', closed: false },
        { secret: AGENT.secret, closed: false },
      ]),
    );
    await shell.until((s) => s.connection.status === 'live', 'live with the corrected secret');

    // The wrong one finishes last: it is closed, and the corrected one stays.
    cores.release();
    await settle();
    expect(cores.made.map((m) => m.closed)).toEqual([true, true, false]);
    expect(shell.app.host.snapshot().connection).toMatchObject({ status: 'live', error: null });
    // Verbs reach the PBX through the working core.
    expect(await bridge.pause({ reason: 'Lunch' })).toMatchObject({ ok: true });
    await shell.until((s) => s.queues.every((q) => q.paused && q.pausedReason === 'Lunch'), 'paused through the working core');
  });

  it('an attempt that finishes first is replaced by the later one as usual', async () => {
    const cores = observedFactory();
    const shell = await startShell({ deps: { createCompanion: cores.factory } });
    await Promise.all([shell.app.connect(), shell.app.connect()]);
    expect(cores.made.map((m) => m.closed)).toEqual([true, true, false]);
    await shell.until((s) => s.connection.status === 'live' && s.queues.length > 0, 'live on the last core');
  });
});
