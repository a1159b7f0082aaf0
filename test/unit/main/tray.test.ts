import { describe, expect, it } from 'vitest';
import { popoverPosition } from '../../../electron/main/popover.ts';
import { trayMenu, type TrayOptions } from '../../../electron/main/tray.ts';
import { agentStatus, agentStatusPhrase } from '../../../electron/shared/agent-status.ts';
import { english, phrase } from '../../../electron/shared/phrases/index.ts';
import { sayIn } from '../../../electron/shared/phrases/say.ts';
import { trayTooltip, type Language } from '../../../electron/shared/tray-state.ts';
import { statusCases } from '../../support/status-table.ts';
import type { Snapshot } from '../../../electron/shared/snapshot.ts';
import { configured, demoPbx, describeShell, eventually, settle, startShell, usePbx } from './support.ts';

usePbx();

/** A literal snapshot, for the pure functions only (the shell's tests get theirs from the demo PBX). */
function literal(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    connection: { status: 'live', error: null, pbx: { asteriskVersion: '22.5.0', amiVersion: '11.0.0' }, since: 0, stale: false },
    extension: { number: '1001', device: 'PJSIP/1001', state: 'idle', registered: true },
    queues: [
      {
        name: 'support',
        interface: 'PJSIP/1001',
        member: true,
        paused: false,
        pausedReason: '',
        status: 'idle',
        callsWaiting: 0,
        lastCallAt: null,
      },
    ],
    calls: [],
    history: [],
    ...overrides,
  };
}
const ringing = (s = literal()): Snapshot => ({
  ...s,
  extension: { ...s.extension, state: 'ringing' },
  calls: [
    {
      id: '1700000000.1',
      channel: 'PJSIP/1001-00000001',
      direction: 'inbound',
      state: 'ringing',
      remote: { number: '+34912345678', name: 'Ana Pérez' },
      queue: 'support',
      vars: {},
      recording: 'off',
      startedAt: 1,
      answeredAt: null,
    },
  ],
});
const paused = (reason = 'Lunch', s = literal()): Snapshot => ({
  ...s,
  queues: s.queues.map((q) => ({ ...q, paused: true, pausedReason: reason })),
});

describe('agentStatus, as the tray shows it', () => {
  it.each<[string, Snapshot, string]>([
    ['disconnected', literal({ connection: { status: 'disconnected', error: null, pbx: null, since: 0, stale: true } }), 'offline'],
    ['connecting', literal({ connection: { status: 'connecting', error: null, pbx: null, since: 0, stale: true } }), 'connecting'],
    ['syncing', literal({ connection: { status: 'syncing', error: null, pbx: null, since: 0, stale: true } }), 'connecting'],
    ['reconnecting', literal({ connection: { status: 'reconnecting', error: 'lost', pbx: null, since: 0, stale: true } }), 'connecting'],
    [
      'failed login',
      literal({ connection: { status: 'failed', error: 'Authentication failed', pbx: null, since: 0, stale: true } }),
      'error',
    ],
    ['idle and in a queue', literal(), 'available'],
    ['idle in no queue', literal({ queues: [] }), 'available'],
    ['ringing', ringing(), 'ringing'],
    ['ringing while paused', ringing(paused()), 'ringing'],
    ['on a call', literal({ extension: { number: '1001', device: 'PJSIP/1001', state: 'inuse', registered: true } }), 'oncall'],
    ['paused in every queue', paused(), 'paused'],
    [
      'paused in one of two queues',
      { ...literal(), queues: [...paused().queues, { ...literal().queues[0]!, name: 'sales' }] },
      'available',
    ],
    [
      'phone not registered',
      literal({ extension: { number: '1001', device: 'PJSIP/1001', state: 'unavailable', registered: false } }),
      'error',
    ],
    [
      'in after-call work before the PBX confirmed the pause',
      literal({ afterCallWork: { reason: 'After-call work', endsAt: 30_000 } }),
      'paused',
    ],
    ['on a call during after-call work', { ...ringing(), afterCallWork: { reason: 'After-call work', endsAt: 30_000 } }, 'ringing'],
  ])('%s', (_name, snapshot, state) => {
    expect(agentStatus(snapshot)).toBe(state);
  });

  it('says Dialling while a call the agent placed rings at the far end, On a call once answered', () => {
    const base = ringing();
    const placed = {
      ...base.calls[0]!,
      direction: 'internal' as const,
      state: 'dialing' as const,
      placedByAgent: true,
      remote: { number: '1002', name: 'Bob' },
    };
    const dialling: Snapshot = { ...base, extension: { ...base.extension, state: 'inuse' }, calls: [placed] };
    expect(trayTooltip(dialling)).toBe('PBX Companion — Dialling · Bob · 1001');
    expect(trayTooltip({ ...dialling, calls: [{ ...placed, state: 'up', answeredAt: 2 }] })).toBe('PBX Companion — On a call · Bob · 1001');
  });

  it('says the state in words, with the reason or the caller, and which PBX when it has a name', () => {
    expect(trayTooltip(paused('Lunch'))).toBe('PBX Companion — Paused (Lunch) · 1001');
    expect(trayTooltip(ringing(), 'es')).toBe('PBX Companion — Sonando · Ana Pérez · 1001');
    expect(
      trayTooltip(literal({ connection: { status: 'failed', error: 'Authentication failed', pbx: null, since: 0, stale: true } })),
    ).toBe('PBX Companion — Problem: Authentication failed · 1001');
    expect(trayTooltip(literal({ extension: { number: '1001', device: 'PJSIP/1001', state: 'unavailable', registered: false } }))).toMatch(
      /phone PJSIP\/1001 is not registered/,
    );
    const demo = literal({ connection: { ...literal().connection, label: 'Demo PBX' } });
    expect(trayTooltip(demo)).toBe('PBX Companion — Available · 1001 · Demo PBX');
    const long = { ...ringing(demo), calls: [{ ...ringing().calls[0]!, remote: { number: 'x'.repeat(300), name: '' } }] };
    expect(trayTooltip(long).length).toBe(127);
    expect(trayTooltip(long)).toMatch(/x · Demo PBX$/);
  });

  it("says the connection's problem from its phrase, in the agent's language, not the English sent beside it", () => {
    const errorPhrase = phrase('ami.login-timeout', { ms: 5000 });
    const failed = literal({
      connection: { status: 'failed', error: english(errorPhrase), errorPhrase, pbx: null, since: 0, stale: true },
    });
    expect(trayTooltip(failed, 'es')).toBe(`PBX Companion — Problema: ${sayIn(errorPhrase, 'es')} · 1001`);
    expect(trayTooltip(failed, 'es')).not.toContain(english(errorPhrase));
    const offline = literal({ connection: { ...failed.connection, status: 'disconnected' } });
    expect(trayTooltip(offline, 'es')).toBe(`PBX Companion — Sin conexión: ${sayIn(errorPhrase, 'es')} · 1001`);
  });

  it("counts after-call work down in whole seconds, rounded up, in the agent's language", () => {
    const acw = paused('After-call work', literal({ afterCallWork: { reason: 'After-call work', endsAt: 100_000 } }));
    expect(trayTooltip(acw, 'en', 75_000)).toBe('PBX Companion — Paused (After-call work, 25 s left) · 1001');
    expect(trayTooltip(acw, 'en', 99_100)).toBe('PBX Companion — Paused (After-call work, 1 s left) · 1001');
    expect(trayTooltip(acw, 'es', 70_500)).toBe('PBX Companion — En pausa (Trabajo posterior, quedan 30 s) · 1001');
    // A reason of the site's own is shown as the PBX has it.
    const own = { ...acw, afterCallWork: { reason: 'Paperwork', endsAt: 100_000 } };
    expect(trayTooltip(own, 'es', 90_000)).toBe('PBX Companion — En pausa (Paperwork, quedan 10 s) · 1001');
  });
});

describe('the one word for every connection status x calls x pauses x after-call work', () => {
  const menuOptions = (language: Language): TrayOptions => ({
    assetsDir: '/assets',
    language: () => language,
    pauseReasons: () => [],
    verbs: () => ({ pause: async () => ({ ok: true }), unpause: async () => ({ ok: true }) }),
    openPopover: () => {},
    openDialer: () => {},
    openSettings: () => {},
    quit: () => {},
    tell: () => {},
  });

  it.each(statusCases().map((c) => [c.name, c] as const))('%s', (_name, { snapshot, expected }) => {
    expect(agentStatus(snapshot)).toBe(expected);
    // The popover's header reads the same function and the same phrase (test/e2e/status-words.test.ts).
    for (const language of ['en', 'es'] as const) {
      const word = sayIn(agentStatusPhrase(expected), language);
      expect(trayMenu(snapshot, menuOptions(language))[0]?.label).toBe(`${word} · 1001`);
      expect(trayTooltip(snapshot, language, 1_700_000_000_000)).toMatch(new RegExp(`^PBX Companion — ${word}\\b`));
    }
  });

  it('says a reconnect with a stale call is not a call: Connecting, never On a call', () => {
    const stale = statusCases().find((c) => c.snapshot.connection.status === 'reconnecting' && c.snapshot.calls[0]?.state === 'up')!;
    expect(trayTooltip(stale.snapshot)).toBe('PBX Companion — Connecting · 1001');
    expect(trayMenu(stale.snapshot, menuOptions('es'))[0]?.label).toBe('Conectando · 1001');
  });
});

describeShell('the tray icon on the real core', () => {
  const icon = (path: string) => path.replace(/.*tray-/, '').replace(/\.png$/, '');

  it('follows the snapshot: ringing, on a call, available, paused (the same picture for another reason), reconnecting', async () => {
    const { fake, until } = await startShell();
    const tray = fake.trays[0]!;
    const { control } = demoPbx();
    expect(icon(tray.image.path)).toBe('available');
    expect(tray.image.path).toBe('/opt/pbx-companion/resources/app.asar/assets/tray-available.png');
    const from = tray.images.length - 1;

    const callId = control.incomingCall({ queue: 'support', callerNumber: '+34912345678', callerName: 'Ana Pérez' });
    await until((s) => s.calls.some((c) => c.state === 'ringing'), 'the queue call rings the agent');
    expect(icon(tray.image.path)).toBe('ringing');
    expect(tray.tooltip).toBe('PBX Companion — Ringing · Ana Pérez · 1001');

    expect(control.answer()).toBe(true);
    await until((s) => s.calls.some((c) => c.state === 'up'), 'the agent answered');
    expect(icon(tray.image.path)).toBe('oncall');
    expect(tray.tooltip).toBe('PBX Companion — On a call · Ana Pérez · 1001');

    expect(control.callerHangup(callId)).toBe(true);
    await until((s) => s.calls.length === 0 && s.extension.state === 'idle', 'the caller hung up');
    expect(icon(tray.image.path)).toBe('available');

    control.pause({ paused: true, reason: 'Break' });
    await until(
      (s) => s.queues.filter((q) => q.member).every((q) => q.paused && q.pausedReason === 'Break'),
      'paused for Break from the phone',
    );
    expect(tray.tooltip).toBe('PBX Companion — Paused (Break) · 1001');
    control.pause({ paused: true, reason: 'Lunch' });
    await until((s) => s.queues.filter((q) => q.member).every((q) => q.pausedReason === 'Lunch'), 'paused for Lunch');
    expect(tray.tooltip).toBe('PBX Companion — Paused (Lunch) · 1001');

    control.dropAll();
    await until((s) => s.connection.status !== 'live', 'the connection dropped');
    expect(icon(tray.image.path)).toBe('connecting');
    expect(tray.item('Connecting · 1001')?.enabled).toBe(false);
    expect(tray.item('Pause')?.enabled).toBe(false);

    // The icon changes only when the state does: Lunch after Break is the same picture.
    expect(tray.images.slice(from).map(icon)).toEqual(['available', 'ringing', 'oncall', 'available', 'paused', 'connecting']);
  });

  it('pauses with a reason and makes the agent available from the menu: the PBX hears it, the icon follows', async () => {
    const { fake, sent, until } = await startShell();
    const tray = fake.trays[0]!;
    expect(tray.item('Pause')?.submenu?.map((i) => i.label)).toEqual(['Break', 'Lunch', 'Meeting', 'Training', 'After-call work']);
    tray.item('Lunch')?.click?.();
    const pausedNow = await until((s) => s.queues.filter((q) => q.member).every((q) => q.paused), 'the PBX says the agent is paused');
    expect(pausedNow.queues.filter((q) => q.member).map((q) => q.pausedReason)).toEqual(
      pausedNow.queues.filter((q) => q.member).map(() => 'Lunch'),
    );
    expect(tray.image.path).toMatch(/tray-paused\.png$/);

    tray.item('Available')?.click?.();
    await until((s) => s.queues.filter((q) => q.member).every((q) => !q.paused), 'the PBX says the agent is available');
    expect(tray.image.path).toMatch(/tray-available\.png$/);

    const pauses = sent().filter((a) => a.get('Action') === 'QueuePause');
    expect(pauses.filter((a) => a.get('Paused') === 'true').length).toBeGreaterThan(0);
    expect(
      pauses
        .filter((a) => a.get('Paused') === 'true')
        .every((a) => a.get('Reason') === 'Lunch' && /^(PJSIP\/1001|Local\/1001@)/.test(a.get('Interface') ?? '')),
    ).toBe(true);
    expect(pauses.some((a) => a.get('Paused') === 'false')).toBe(true);
  });

  it('shows after-call work as a pause with its reason and the seconds left, counting down, until the agent ends it from the menu', async () => {
    // The countdown is read with the shell's clock: frozen at chosen points, the tooltip says what is left then.
    let frozen: number | null = null;
    const { fake, sent, until } = await startShell({
      settings: configured({ afterCallWorkSeconds: 30 }),
      deps: { now: () => frozen ?? Date.now() },
    });
    const tray = fake.trays[0]!;
    const { control } = demoPbx();
    const callId = control.incomingCall({ queue: 'support', callerNumber: '+34912345678', callerName: 'Ana Pérez' });
    await until((s) => s.calls.some((c) => c.state === 'ringing'), 'the queue call rings the agent');
    expect(control.answer()).toBe(true);
    await until((s) => s.calls.some((c) => c.state === 'up'), 'the agent answered');
    expect(control.callerHangup(callId)).toBe(true);
    const acw = await until(
      (s) => s.calls.length === 0 && Boolean(s.afterCallWork) && s.queues.filter((q) => q.member).every((q) => q.paused),
      'after-call work paused the agent',
    );
    const { endsAt } = acw.afterCallWork!;
    expect(tray.image.path).toMatch(/tray-paused\.png$/);
    expect(tray.item('Available')?.checked).toBe(false);

    frozen = endsAt - 12_000;
    await eventually(() => expect(tray.tooltip).toBe('PBX Companion — Paused (After-call work, 12 s left) · 1001'));
    // No snapshot comes while nothing changes at the PBX: the tooltip counts down on its own.
    frozen = endsAt - 7_000;
    await eventually(() => expect(tray.tooltip).toBe('PBX Companion — Paused (After-call work, 7 s left) · 1001'));

    tray.item('Available')?.click?.();
    await until((s) => !s.afterCallWork && s.queues.filter((q) => q.member).every((q) => !q.paused), 'after-call work ended by the agent');
    expect(tray.image.path).toMatch(/tray-available\.png$/);
    expect(tray.tooltip).toBe('PBX Companion — Available · 1001');
    const pauses = sent().filter((a) => a.get('Action') === 'QueuePause');
    expect(pauses.filter((a) => a.get('Paused') === 'true').map((a) => a.get('Reason'))).toEqual(['After-call work', 'After-call work']);
    expect(pauses.some((a) => a.get('Paused') === 'false')).toBe(true);
  });

  it('speaks Spanish when the OS does', async () => {
    const { fake } = await startShell({ beforeReady: (f) => (f.app.locale = 'es-EC') });
    const tray = fake.trays[0]!;
    expect(tray.tooltip).toBe('PBX Companion — Disponible · 1001');
    expect(tray.item('Pausa')?.submenu?.map((i) => i.label)).toContain('Almuerzo');
    expect(tray.item('Salir')).toBeDefined();
  });

  it("follows a language a window saves (the popover's footer), without logging in again", async () => {
    const { fake, app, sent } = await startShell();
    const tray = fake.trays[0]!;
    expect(tray.tooltip).toBe('PBX Companion — Available · 1001');
    const logins = sent().filter((a) => a.get('Action') === 'Login').length;
    const saved = await fake.invoke(fake.windows[0]!.ipcEvent(), 'settings:save', { ...app.settings.settings, language: 'es' });
    expect(saved).toMatchObject({ ok: true, value: { ok: true, message: 'Saved.' } });
    expect(tray.tooltip).toBe('PBX Companion — Disponible · 1001');
    expect(tray.item('Pausa')?.submenu?.map((i) => i.label)).toContain('Almuerzo');
    await settle();
    expect(sent().filter((a) => a.get('Action') === 'Login').length).toBe(logins);
  });

  it('opens the popover beside the icon when clicked, and settings from the menu', async () => {
    const { fake } = await startShell();
    const tray = fake.trays[0]!;
    tray.emit('click', {}, { x: 1800, y: 0, width: 24, height: 24 });
    const popover = fake.windows[0]!;
    expect(popover.visible).toBe(true);
    expect(popover.position).toEqual({ x: 1534, y: 34 });
    tray.item('Settings…')?.click?.();
    expect(fake.windows[1]!.url).toBe('app://companion/index.html#/settings');
    tray.item('Quit')?.click?.();
    expect(fake.app.quitCalls).toBe(1);
  });

  it('runs on the built-in demo PBX on a first run with no settings: live, labelled, and the first-run settings open', async () => {
    const { fake, app, until } = await startShell({ settings: null });
    const live = await until((s) => s.connection.status === 'live' && s.queues.length > 0, 'the built-in demo PBX is live');
    expect(live.connection.label).toBe('Demo PBX');
    expect(live.connection.error).toBeNull();
    expect(live.extension.number).toBe('1001');
    expect(live.queues.some((q) => q.member)).toBe(true);
    await settle();
    const tray = fake.trays[0]!;
    expect(tray.image.path).toMatch(/tray-available\.png$/);
    expect(tray.tooltip).toBe('PBX Companion — Available · 1001 · Demo PBX');
    expect(tray.tooltip).not.toMatch(/No PBX/);
    expect(tray.item('Pause')?.enabled).toBe(true);
    expect(fake.windows[1]?.url).toBe('app://companion/index.html#/settings');
    // The demo is a real PBX on loopback: pausing from the menu goes there and comes back.
    tray.item('Break')?.click?.();
    await until(
      (s) => s.queues.filter((q) => q.member).every((q) => q.paused && q.pausedReason === 'Break'),
      'the demo PBX paused the agent',
    );
    expect(app.settings.settings.pbx.host).toBe('');
  });
});

describe('popoverPosition', () => {
  const size = { width: 380, height: 560 };
  it('opens below a top bar (macOS, GNOME)', () => {
    expect(
      popoverPosition({ x: 1800, y: 0, width: 24, height: 24 }, size, { x: 0, y: 28, width: 1920, height: 1052 }, { x: 0, y: 0 }),
    ).toEqual({ x: 1534, y: 34 });
  });
  it('opens above a bottom taskbar (Windows)', () => {
    expect(
      popoverPosition({ x: 1700, y: 1045, width: 24, height: 30 }, size, { x: 0, y: 0, width: 1920, height: 1040 }, { x: 0, y: 0 }),
    ).toEqual({ x: 1522, y: 474 });
  });
  it('opens beside a taskbar on the left or the right', () => {
    expect(
      popoverPosition({ x: 1890, y: 900, width: 30, height: 30 }, size, { x: 0, y: 0, width: 1880, height: 1080 }, { x: 0, y: 0 }),
    ).toEqual({ x: 1494, y: 514 });
    expect(
      popoverPosition({ x: 0, y: 900, width: 30, height: 30 }, size, { x: 40, y: 0, width: 1880, height: 1080 }, { x: 0, y: 0 }),
    ).toEqual({ x: 46, y: 514 });
  });
  it('uses the cursor when the tray reports no bounds (many Linux trays), and stays on screen', () => {
    expect(
      popoverPosition({ x: 0, y: 0, width: 0, height: 0 }, size, { x: 0, y: 28, width: 1920, height: 1052 }, { x: 1910, y: 10 }),
    ).toEqual({ x: 1534, y: 34 });
  });
});
