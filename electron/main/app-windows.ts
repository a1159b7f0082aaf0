/**
 * The app's own windows, made by one hardened factory: the popover, the settings window, and the push
 * channel to every window of ours. Links they open go to the browser only for the schemes the settings allow.
 */
import { join } from 'node:path';
import type { SettingsStore } from '../core/settings/store.ts';
import type { ElectronApi } from './api.ts';
import { openExternalSafely } from './external.ts';
import { setupPopover } from './popover.ts';
import { createPush } from './push.ts';
import { setupSettingsWindow } from './settings-window.ts';
import { WindowFactory } from './windows.ts';

export interface AppWindowsOptions {
  appRoot: string;
  baseUrl: string;
  settings: SettingsStore;
  now: () => number;
  log: (message: string) => void;
}

export function setupAppWindows(api: ElectronApi, o: AppWindowsOptions) {
  const factory = new WindowFactory(api, {
    preload: join(o.appRoot, 'dist', 'electron', 'preload', 'index.cjs'),
    now: o.now,
    log: o.log,
    openExternal: (url) =>
      void openExternalSafely(api, url, o.settings.settings.screenPop.allowedSchemes).then(
        (r) => !r.ok && o.log(`blocked link: ${r.error}`),
      ),
  });
  return {
    factory,
    push: createPush(factory),
    popover: setupPopover(api, factory, o.baseUrl),
    settingsWindow: setupSettingsWindow(factory, o.baseUrl),
  };
}
