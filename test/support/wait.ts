/**
 * Waits until `test` holds, polling on vitest's own waitFor (never a fixed sleep), or fails saying what
 * it waited for. One helper for the tests that watch a server, a file or a snapshot from outside.
 */
import { vi } from 'vitest';

export async function waitUntil(test: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  await vi.waitFor(
    async () => {
      if (!(await test())) throw new Error(`timed out (${timeoutMs} ms) waiting for ${what}`);
    },
    { timeout: timeoutMs, interval: 20 },
  );
}
