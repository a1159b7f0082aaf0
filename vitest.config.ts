import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The renderer's alias for electron/shared (tests read the renderer's phrase catalogs).
  resolve: { alias: { '@shared': new URL('./electron/shared', import.meta.url).pathname } },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/electron/**', 'node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    reporters: ['default', './test/support/plain-summary.ts'],
  },
});
