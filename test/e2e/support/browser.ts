/**
 * Debian's Chromium driven by playwright-core, with a fresh profile per launch, and a helper that
 * opens a renderer page with the test bridge injected and every CSP violation and page error recorded.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { BRIDGE_CLIENT_PATH } from './bridge-server.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const POPOVER_SIZE = { width: 360, height: 520 } as const;

export interface LaunchedBrowser {
  /** A new context (its own storage) with the given locale and colour scheme. */
  newContext(options?: {
    locale?: string;
    colorScheme?: 'light' | 'dark';
    viewport?: { width: number; height: number };
  }): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<LaunchedBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'pbx-companion-e2e-'));
  const contexts: BrowserContext[] = [];
  // A persistent context gives the fresh user-data-dir; each test context is a new incognito-like one of the same browser.
  const persistent = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
  const browser = persistent.browser();
  if (!browser) throw new Error('Chromium started without a browser object.');
  return {
    async newContext(options = {}) {
      const context = await browser.newContext({
        viewport: options.viewport ?? POPOVER_SIZE,
        locale: options.locale ?? 'en-US',
        colorScheme: options.colorScheme ?? 'light',
        deviceScaleFactor: 2,
        reducedMotion: 'reduce',
      });
      contexts.push(context);
      return context;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await persistent.close();
      await rm(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
    },
  };
}

export interface OpenedPage {
  page: Page;
  /** CSP violations and uncaught errors seen so far, in words. */
  problems: string[];
}

/** Opens `url` with window.companion defined by the test bridge; `coreOnly` leaves out the shell's methods. */
export async function openWithBridge(context: BrowserContext, url: string, options: { coreOnly?: boolean } = {}): Promise<OpenedPage> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  if (options.coreOnly) await page.addInitScript({ content: 'window.__companionCoreOnly = true;' });
  await page.addInitScript({ path: BRIDGE_CLIENT_PATH });
  // Runs in the page (a string: this file is type-checked without the DOM library).
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));`,
  });
  await page.goto(url);
  return { page, problems };
}
