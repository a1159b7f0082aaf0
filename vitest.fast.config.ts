/**
 * `npm run test:fast`, the inner loop: unit, replay and integration tests (real TCP to the demo PBX
 * and scripted servers, real transcripts), with no browser, no build and no keychain, so it runs
 * anywhere, a desktop without a Secret Service included. `npm test` still runs everything.
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/** Left out, and why: each needs something the inner loop does not have. */
const NEEDS_MORE = [
  // The real Secret Service (scripts/with-keyring.mjs).
  'test/unit/credentials/keyring.test.ts',
  // Uses the real keychain whenever one answers.
  'test/unit/hardening/shell.test.ts',
  // Builds: boots the compiled app laid out as packed (dist/, renderer/dist); compiles main with tsc.
  'test/unit/main/boot.test.ts',
  'test/unit/main/compiled-graph.test.ts',
];

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    // Not test/e2e (Chromium, a built renderer), test/electron, test/faults, test/fuzz, test/bench.
    include: ['test/unit/**/*.test.ts', 'test/replay/**/*.test.ts', 'test/integration/**/*.test.ts'],
    exclude: [...(base.test?.exclude ?? []), ...NEEDS_MORE],
  },
});
