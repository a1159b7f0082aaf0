/**
 * The core for the saved settings, as the app runs it: the agent's PBX, or the built-in demo PBX when
 * none is set (electron/core/startup.ts). The AMI secret comes from the keychain, never from the file.
 * index.ts uses it with the real Electron; the main-process tests use the same function.
 */
import { companionForSettings } from '../core/startup.ts';
import type { CompanionFactory } from './app.ts';

export function coreFactory(logger: { warn(message: string): void } = { warn: () => {} }): CompanionFactory {
  return (settings, secrets, hooks) =>
    companionForSettings(settings, secrets, {
      onPop: hooks.pop,
      onPopLifecycle: hooks.popLifecycle,
      onNotice: hooks.notice,
      stateDir: hooks.stateDir,
      logger,
    });
}
