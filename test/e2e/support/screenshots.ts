/** Where the test run saves its screenshots (gitignored): test/e2e/screenshots/NAME.png. */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../screenshots/', import.meta.url));

/** `showToasts`: keep the toasts in the picture (when a toast is what the picture is of). */
export async function saveScreenshot(page: Page, name: string, options: { showToasts?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = `${SCREENSHOT_DIR}${name}.png`;
  // Toasts come and go with time; hide them so the picture shows the state, not the last click.
  // (Through the CSSOM: a <style> element would break the page's CSP, which the tests watch.)
  const toasts = page.getByTestId('toasts');
  const hide = (visibility: string) =>
    toasts.evaluateAll(
      (els, v) => els.forEach((el) => ((el as unknown as { style: { visibility: string } }).style.visibility = v)),
      visibility,
    );
  if (!options.showToasts) await hide('hidden');
  await page.screenshot({ path, animations: 'disabled' });
  if (!options.showToasts) await hide('');
  return path;
}
