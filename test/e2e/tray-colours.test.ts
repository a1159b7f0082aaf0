/**
 * One colour language in the tray too (issue 22 item 9): the icon of each agent state, decoded by
 * Debian's Chromium as the desktop draws it, has the popover's colour for that state. On a call is
 * the accent's blue, never the red kept for a failure.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type LaunchedBrowser } from './support/browser.ts';

let browser: LaunchedBrowser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await (await browser.newContext()).newPage();
});
afterAll(async () => {
  await browser?.close();
});

type Rgb = [number, number, number];

/** The colour of the icon's disc, left of its white mark (a page string: the tests are typed without the DOM library). */
async function discColour(state: string): Promise<Rgb> {
  const png = readFileSync(new URL(`../../assets/tray-${state}@2x.png`, import.meta.url)).toString('base64');
  return page.evaluate<Rgb>(`(async () => {
    const image = new Image();
    image.src = 'data:image/png;base64,${png}';
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const [r, g, b] = context.getImageData(Math.round(image.width * 0.2), Math.round(image.height * 0.5), 1, 1).data;
    return [r, g, b];
  })()`);
}

/** The channel that leads: blue for the accent, green for available, red for a failure. */
const leading = ([r, g, b]: Rgb) => (b > r && b > g ? 'blue' : g > r && g > b ? 'green' : 'red');

describe('tray icons', () => {
  it('on a call is blue, available green, paused amber, and red only for an error', async () => {
    expect(leading(await discColour('oncall'))).toBe('blue');
    expect(leading(await discColour('available'))).toBe('green');
    expect(leading(await discColour('error'))).toBe('red');
    // Amber: red and green high, blue low; not the error's red.
    const [r, g, b] = await discColour('paused');
    expect(r).toBeGreaterThan(150);
    expect(g).toBeGreaterThan(100);
    expect(b).toBeLessThan(60);
    expect(await discColour('oncall')).not.toEqual(await discColour('error'));
  });
});
