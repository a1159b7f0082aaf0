/**
 * The Electron end-to-end suite runs apart from `npm test` (the root config leaves test/electron out):
 *   npm run build && node build/bundle-preload.mjs && npx vitest run --config test/electron/vitest.config.ts
 * Where Electron's binary is missing, its tests report themselves skipped with the reason.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/electron/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/support/plain-summary.ts'],
  },
});
