import { describe, expect, it } from 'vitest';
import { popoverPosition } from '../../../electron/main/popover.ts';
import { trayStateFromSnapshot, trayTooltip } from '../../../electron/shared/tray-state.ts';
import type { Snapshot } from '../../../electron/shared/snapshot.ts';
import { settle, snapshotWith, startShell } from './support.ts';

const ringing = (s = snapshotWith()): Snapshot => ({
  ...s,
  extension: { ...s.extension, state: 'ringing' },
  calls: [{ id: '1700000000.1', channel: 'PJSIP/1001-00000001', direction: 'inbound', state: 'ringing', remote: { number: '+34912345678', name: 'Ana Pérez' }, queue: 'support', vars: {}, recording: 'off', startedAt: 1, answeredAt: null }],
});
const paused = (reason = 'Lunch', s = snapshotWith()): Snapshot => ({ ...s, queues: s.queues.map((q) => ({ ...q, paused: true, pausedReason: reason })) });

describe('trayStateFromSnapshot', () => {
  it.each<[string, Snapshot, string]>([
    ['disconnected', snapshotWith({ connection: { status: 'disconnected', error: null, pbx: null, since: 0, stale: true } }), 'offline'],
    ['connecting', snapshotWith({ connection: { status: 'connecting', error: null, pbx: null, since: 0, stale: true } }), 'connecting'],
    ['syncing', snapshotWith({ connection: { status: 'syncing', error: null, pbx: null, since: 0, stale: true } }), 'connecting'],
    ['reconnecting', snapshotWith({ connection: { status: 'reconnecting', error: 'lost', pbx: null, since: 0, stale: true } }), 'connecting'],
    ['failed login', snapshotWith({ connection: { status: 'failed', error: 'Authentication failed', pbx: null, since: 0, stale: true } }), 'error'],
    ['idle and in a queue', snapshotWith(), 'available'],
    ['idle in no queue', snapshotWith({ queues: [] }), 'available'],
    ['ringing', ringing(), 'ringing'],
    ['ringing while paused', ringing(paused()), 'ringing'],
    ['on a call', snapshotWith({ extension: { number: '1001', device: 'PJSIP/1001', state: 'inuse', registered: true } }), 'oncall'],
    ['paused in every queue', paused(), 'paused'],
    ['paused in one of two queues', { ...snapshotWith(), queues: [...paused().queues, { ...snapshotWith().queues[0]!, name: 'sales' }] }, 'available'],
    ['phone not registered', snapshotWith({ extension: { number: '1001', device: 'PJSIP/1001', state: 'unavailable', registered: false } }), 'error'],
  ])('%s', (_name, snapshot, state) => {
    expect(trayStateFromSnapshot(snapshot)).toBe(state);
  });

  it('says the state in words, with the reason or the caller', () => {
    expect(trayTooltip(paused('Lunch'))).toBe('PBX Companion — Paused (Lunch) · 1001');
    expect(trayTooltip(ringing(), 'es')).toBe('PBX Companion — Sonando · Ana Pérez · 1001');
    expect(trayTooltip(snapshotWith({ connection: { status: 'failed', error: 'Authentication failed', pbx: null, since: 0, stale: true } }))).toBe('PBX Companion — Problem: Authentication failed · 1001');
    expect(trayTooltip(snapshotWith({ extension: { number: '1001', device: 'PJSIP/1001', state: 'unavailable', registered: false } }))).toMatch(/phone PJSIP\/1001 is not registered/);
    expect(trayTooltip(ringing(snapshotWith()).calls[0] ? { ...ringing(), calls: [{ ...ringing().calls[0]!, remote: { number: 'x'.repeat(300), name: '' } }] } : snapshotWith()).length).toBeLessThanOrEqual(127);
  });
});

describe('the tray icon', () => {
  it('follows the snapshot: icon, tooltip and menu', async () => {
    const { fake, companions } = await startShell();
    const tray = fake.trays[0]!;
    const core = companions[0]!;
    expect(tray.image.path).toBe('/opt/pbx-companion/resources/app.asar/assets/tray-available.png');

    core.set(ringing());
    expect(tray.image.path).toMatch(/assets\/tray-ringing\.png$/);
    expect(tray.tooltip).toBe('PBX Companion — Ringing · Ana Pérez · 1001');
    core.set(snapshotWith({ extension: { number: '1001', device: 'PJSIP/1001', state: 'inuse', registered: true } }));
    core.set(paused('Break'));
    core.set(paused('Lunch'));
    core.set(snapshotWith({ connection: { status: 'reconnecting', error: null, pbx: null, since: 0, stale: true } }));
    // The icon changes only when the state does (Lunch after Break is the same picture).
    expect(tray.images.map((p) => p.replace(/.*tray-/, ''))).toEqual(['offline.png', 'available.png', 'ringing.png', 'oncall.png', 'paused.png', 'connecting.png']);
    expect(tray.item('Connecting… · 1001')?.enabled).toBe(false);
  });

  it('pauses with a reason and makes the agent available from the menu', async () => {
    const { fake, companions } = await startShell();
    const tray = fake.trays[0]!;
    const lunch = tray.item('Lunch');
    expect(tray.item('Pause')?.submenu?.map((i) => i.label)).toEqual(['Break', 'Lunch', 'Meeting', 'Training', 'After-call work']);
    lunch?.click?.();
    tray.item('Available')?.click?.();
    await settle();
    expect(companions[0]!.verbs).toEqual([
      { verb: 'pause', args: [{ reason: 'Lunch' }] },
      { verb: 'unpause', args: [{}] },
    ]);
  });

  it('speaks Spanish when the OS does', async () => {
    const { fake } = await startShell({ beforeReady: (f) => (f.app.locale = 'es-EC') });
    const tray = fake.trays[0]!;
    expect(tray.tooltip).toBe('PBX Companion — Disponible · 1001');
    expect(tray.item('Pausa')?.submenu?.map((i) => i.label)).toContain('Almuerzo');
    expect(tray.item('Salir')).toBeDefined();
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

  it('starts offline and opens settings on a first run with no PBX', async () => {
    const { fake, companions } = await startShell({ settings: null });
    expect(companions).toEqual([]);
    expect(fake.trays[0]!.image.path).toMatch(/tray-error\.png$/);
    expect(fake.trays[0]!.tooltip).toMatch(/No PBX is set up yet/);
    expect(fake.windows[1]?.url).toBe('app://companion/index.html#/settings');
  });
});

describe('popoverPosition', () => {
  const size = { width: 380, height: 560 };
  it('opens below a top bar (macOS, GNOME)', () => {
    expect(popoverPosition({ x: 1800, y: 0, width: 24, height: 24 }, size, { x: 0, y: 28, width: 1920, height: 1052 }, { x: 0, y: 0 })).toEqual({ x: 1534, y: 34 });
  });
  it('opens above a bottom taskbar (Windows)', () => {
    expect(popoverPosition({ x: 1700, y: 1045, width: 24, height: 30 }, size, { x: 0, y: 0, width: 1920, height: 1040 }, { x: 0, y: 0 })).toEqual({ x: 1522, y: 474 });
  });
  it('opens beside a taskbar on the left or the right', () => {
    expect(popoverPosition({ x: 1890, y: 900, width: 30, height: 30 }, size, { x: 0, y: 0, width: 1880, height: 1080 }, { x: 0, y: 0 })).toEqual({ x: 1494, y: 514 });
    expect(popoverPosition({ x: 0, y: 900, width: 30, height: 30 }, size, { x: 40, y: 0, width: 1880, height: 1080 }, { x: 0, y: 0 })).toEqual({ x: 46, y: 514 });
  });
  it('uses the cursor when the tray reports no bounds (many Linux trays), and stays on screen', () => {
    expect(popoverPosition({ x: 0, y: 0, width: 0, height: 0 }, size, { x: 0, y: 28, width: 1920, height: 1052 }, { x: 1910, y: 10 })).toEqual({ x: 1534, y: 34 });
  });
});
