/**
 * Issue 20: what an incoming-call and a missed-call notification say, in English and Spanish, as a
 * picture. The text comes from the real shell (electron/main/call-notices.ts on the real core and the
 * demo PBX over TCP, Electron faked: test/unit/main/support.ts); Chromium draws each notification's
 * title, body and button into a card shaped as a Linux desktop shows one, and the test checks the card
 * says exactly what the shell handed to Notification. Screenshots notification-calls-en and -es.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { FakeElectron } from '../unit/main/fake-electron.ts';
import { demoPbx, eventually, startShell, usePbx } from '../unit/main/support.ts';
import { launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { saveScreenshot } from './support/screenshots.ts';

usePbx();

const ADA = { queue: 'support', callerNumber: '+15550109000', callerName: 'Ada Lovelace', vars: { CUSTOMER_ID: 'C-1042' } };
const ICON = `data:image/png;base64,${readFileSync(new URL('../../assets/icon.png', import.meta.url)).toString('base64')}`;

interface Shown {
  title: string;
  body: string;
  actions: string[];
}

let browser: LaunchedBrowser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** The shell, speaking `locale`, tells of a call that rings and is then missed: both notifications as it built them. */
async function callNotices(locale: string): Promise<Shown[]> {
  const fake = new FakeElectron();
  fake.app.locale = locale;
  await startShell({ fake });
  const id = demoPbx().control.incomingCall(ADA);
  await eventually(() => expect(fake.notificationsShown.filter((n) => n.title.includes('Ada'))).toHaveLength(1));
  demoPbx().control.callerHangup(id);
  await eventually(() => expect(fake.notificationsShown.filter((n) => n.title.includes('Ada'))).toHaveLength(2));
  return fake.notificationsShown.filter((n) => n.title.includes('Ada')).map(({ title, body, actions }) => ({ title, body, actions }));
}

/** A card per notification as a desktop draws it (app name, title, body lines, its button); the text goes in as text, never as HTML. */
async function drawCards(page: Page, shown: Shown[]): Promise<void> {
  await page.setContent(`<!doctype html><html><head><style>
    body { margin: 0; padding: 16px; background: #2b2f36; font: 14px/1.4 'DejaVu Sans', sans-serif; }
    .card { width: 340px; margin-bottom: 12px; padding: 12px 14px; border-radius: 12px; background: #fafafa; color: #1d1d1f; box-shadow: 0 4px 16px rgb(0 0 0 / 40%); }
    .app { display: flex; align-items: center; gap: 6px; font-size: 12px; color: #5c5f66; }
    .app img { width: 16px; height: 16px; }
    .title { margin: 6px 0 2px; font-weight: 700; }
    .body { margin: 0; white-space: pre-line; color: #3a3d42; }
    .actions { display: flex; justify-content: flex-end; margin-top: 10px; }
    .actions span { padding: 5px 14px; border-radius: 6px; background: #e4e6ea; font-weight: 600; }
  </style></head><body></body></html>`);
  // A page string: these tests are typed without the DOM library.
  await page.evaluate(`(({ shown, icon }) => {
    const el = (tag, className, text = '') => {
      const node = document.createElement(tag);
      node.className = className;
      node.textContent = text;
      return node;
    };
    for (const notice of shown) {
      const card = el('section', 'card');
      const app = el('div', 'app');
      const img = document.createElement('img');
      img.src = icon;
      img.alt = '';
      app.append(img, 'PBX Companion');
      const actions = el('div', 'actions');
      for (const label of notice.actions) actions.append(el('span', '', label));
      card.append(app, el('p', 'title', notice.title), el('p', 'body', notice.body), actions);
      document.body.append(card);
    }
  })(${JSON.stringify({ shown, icon: ICON })})`);
}

describe('call notifications as the agent reads them', () => {
  for (const [lang, locale, incoming, missed] of [
    ['en', 'en-US', 'Incoming call: Ada Lovelace', 'Missed call: Ada Lovelace'],
    ['es', 'es-ES', 'Llamada entrante: Ada Lovelace', 'Llamada perdida: Ada Lovelace'],
  ] as const) {
    it(`incoming and missed, in ${lang === 'en' ? 'English' : 'Spanish'}`, async () => {
      const shown = await callNotices(locale);
      expect(shown.map((n) => n.title)).toEqual([incoming, missed]);
      const context = await browser.newContext({ locale, viewport: { width: 400, height: 420 } });
      const page = await context.newPage();
      await drawCards(page, shown);
      // The picture says what the shell handed to Notification, nothing else.
      const drawn = await page.locator('.card').evaluateAll((cards) =>
        cards.map((card) => ({
          title: card.querySelector('.title')?.textContent,
          body: card.querySelector('.body')?.textContent,
          actions: [...card.querySelectorAll('.actions span')].map((s) => s.textContent),
        })),
      );
      expect(drawn).toEqual(shown);
      await saveScreenshot(page, `notification-calls-${lang}`);
      await context.close();
    });
  }
});
