/**
 * Issue 20: after sleep, an unlock or a network change, the app checks the PBX session at once
 * instead of waiting for the keepalive (20 s as shipped). The shell (fake Electron, real core, the
 * demo PBX over TCP): a powerMonitor `resume` over a dead session brings the true state back within
 * the wake check; a change of the machine's addresses does the same; a steady network does nothing.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setupWakeChecks } from '../../../electron/main/wake.ts';
import { FakeElectron } from './fake-electron.ts';
import { demoPbx, startShell, usePbx } from './support.ts';

usePbx();

describe('waking up', () => {
  it('on resume from sleep the dead session is replaced at once and the true state shows', async () => {
    const fake = new FakeElectron();
    const shell = await startShell({ fake });
    await shell.until((s) => s.connection.status === 'live' && !s.connection.stale, 'live');
    const pbx = demoPbx();
    const session = pbx.control
      .sessions()
      .filter((s) => s.username === 'agent' && !s.closed)
      .at(-1)!;
    pbx.control.stall(session.id);
    pbx.control.pause({ paused: true, reason: 'Asleep', queue: 'support' });
    fake.powerMonitor.emit('resume');
    fake.powerMonitor.emit('unlock-screen');
    const dropped = await shell.until((s) => s.connection.status !== 'live', 'the dead session found');
    expect(dropped.connection.error).toMatch(/after the computer woke or the network changed: the connection was gone/);
    const back = await shell.until((s) => s.connection.status === 'live' && s.queues.some((q) => q.paused), 'live again, paused');
    expect(back.queues.find((q) => q.name === 'support')).toMatchObject({ paused: true, pausedReason: 'Asleep' });
    pbx.control.resume(session.id);
  });
});

describe('the network watch', () => {
  const stops: Array<() => void> = [];
  afterEach(() => stops.splice(0).forEach((stop) => stop()));

  it("checks once per change of the machine's addresses, never while they stay the same", async () => {
    const fake = new FakeElectron();
    let addresses = ['192.168.1.20'];
    const checks: string[] = [];
    stops.push(setupWakeChecks(fake, () => checks.push(addresses.join(' ')), { addresses: () => addresses, everyMs: 5 }));
    addresses = ['10.8.0.2', '192.168.1.20'];
    await vi.waitFor(() => expect(checks).toEqual(['10.8.0.2 192.168.1.20']));
    addresses = ['172.20.10.3'];
    await vi.waitFor(() => expect(checks).toEqual(['10.8.0.2 192.168.1.20', '172.20.10.3']));
    fake.powerMonitor.emit('lock-screen');
    fake.powerMonitor.emit('suspend');
    expect(checks).toHaveLength(2);
    fake.powerMonitor.emit('resume');
    expect(checks).toHaveLength(3);
  });
});
