/**
 * The desktop shell closed, on the fake Electron: no application menu (Electron's default one has
 * Reload and Toggle Developer Tools on Windows and Linux), every session refusing every permission from
 * the start, and the screen pop's CRM page sending links to the browser only after the agent's click
 * or key, a few a minute (on an injected clock), the rest refused and logged.
 */
import { describe, expect, it } from 'vitest';
import { GESTURE_MS, OPENS_PER_MINUTE, RateLimiter } from '../../../electron/main/outbound-gate.ts';
import { POP_PARTITION } from '../../../electron/main/pop-window.ts';
import { WindowFactory } from '../../../electron/main/windows.ts';
import { FakeElectron, type FakeWindow } from './fake-electron.ts';
import { describeShell, startShell, usePbx } from './support.ts';

usePbx();

describeShell('the shell at start-up', () => {
  it('removes the application menu before the app is ready, and refuses permissions on every session before a window opens', async () => {
    let atReady: { menus: unknown[]; denied: unknown[]; windows: number } | null = null;
    const shell = await startShell({
      settings: null,
      beforeReady: (fake) =>
        (atReady = { menus: [...fake.applicationMenus], denied: [...fake.permissionsDenied], windows: fake.windows.length }),
    });
    expect(atReady).toEqual({ menus: [null], denied: [], windows: 0 });
    expect(shell.fake.applicationMenus).toEqual([null]);
    // The default session (the app's own pages) and the screen pop's partition, before any pop.
    expect(shell.fake.permissionsDenied).toEqual([null, POP_PARTITION]);
  });
});

describe("the screen pop's links to the browser", () => {
  function setup() {
    const fake = new FakeElectron();
    const opened: string[] = [];
    const logged: string[] = [];
    const clock = { now: 1_000_000 };
    const factory = new WindowFactory(fake, {
      preload: '/app/preload.cjs',
      openExternal: (url) => opened.push(url),
      now: () => clock.now,
      log: (m) => logged.push(m),
    });
    const content = () =>
      factory.createContent({
        width: 1,
        height: 1,
        title: 'CRM',
        origin: 'https://crm.example.com',
        partition: POP_PARTITION,
      }) as FakeWindow;
    return { fake, factory, opened, logged, clock, content };
  }

  it('opens nothing the page asks for by itself: window.open and off-origin navigation without a click are refused and logged', () => {
    const { opened, logged, content } = setup();
    const contents = content().webContents;
    for (let i = 0; i < 50; i++) expect(contents.openHandler?.({ url: `https://ads.example.net/${i}` })).toEqual({ action: 'deny' });
    expect(contents.navigate('https://phish.example.net/login')).toBe(true);
    // Moving the mouse or scrolling is not a click.
    contents.input('mouseMove');
    contents.input('mouseWheel');
    expect(contents.openHandler?.({ url: 'https://ads.example.net/after-move' })).toEqual({ action: 'deny' });
    expect(opened).toEqual([]);
    expect(logged).toHaveLength(52);
    expect(logged[0]).toBe(
      'pop window: not opened in the browser (the page tried it without a click or key press): https://ads.example.net',
    );
  });

  it('opens one link per click or key, within a few seconds of it', () => {
    const { opened, clock, content } = setup();
    const contents = content().webContents;
    contents.input('mouseDown');
    contents.openHandler?.({ url: 'https://docs.example.com/1' });
    contents.openHandler?.({ url: 'https://docs.example.com/2' }); // the same click: refused
    contents.input('rawKeyDown');
    clock.now += GESTURE_MS + 1; // too long after the key
    contents.openHandler?.({ url: 'https://docs.example.com/3' });
    contents.input('mouseDown');
    clock.now += GESTURE_MS - 1;
    contents.navigate('https://docs.example.com/4');
    expect(opened).toEqual(['https://docs.example.com/1', 'https://docs.example.com/4']);
  });

  it(`opens at most ${OPENS_PER_MINUTE} a minute across pop windows, however fast the clicks`, () => {
    const { opened, logged, clock, content } = setup();
    const [first, second] = [content().webContents, content().webContents];
    for (let i = 0; i < 10; i++) {
      const contents = i % 2 === 0 ? first : second;
      contents.input('mouseDown');
      contents.openHandler?.({ url: `https://docs.example.com/${i}` });
      clock.now += 1_000;
    }
    expect(opened).toEqual(['https://docs.example.com/0', 'https://docs.example.com/1', 'https://docs.example.com/2']);
    expect(logged.at(-1)).toBe(
      `pop window: not opened in the browser (more than ${OPENS_PER_MINUTE} links a minute): https://docs.example.com`,
    );
    // A minute after the first: room again.
    clock.now = 1_000_000 + 60_000;
    first.input('mouseDown');
    first.openHandler?.({ url: 'https://docs.example.com/later' });
    expect(opened.at(-1)).toBe('https://docs.example.com/later');
  });

  it("leaves the app's own windows as they were (their links are ours, already checked by scheme)", () => {
    const { fake, factory, opened } = setup();
    factory.create({ width: 1, height: 1, title: 'Settings' });
    fake.windows[0]!.webContents.openHandler?.({ url: 'https://docs.example.com/help' });
    expect(opened).toEqual(['https://docs.example.com/help']);
  });
});

describe('RateLimiter', () => {
  it('allows `limit` takes in any period, sliding', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 1_000, () => now);
    expect([limiter.take(), limiter.take(), limiter.take()]).toEqual([true, true, false]);
    now = 999;
    expect(limiter.take()).toBe(false);
    now = 1_000; // both earlier takes are a full period old
    expect([limiter.take(), limiter.take(), limiter.take()]).toEqual([true, true, false]);
  });
});
