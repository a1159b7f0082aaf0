/** The settings window: one at a time, made again after it is closed. */
import type { WindowLike } from './api.ts';
import { appUrl } from './app-protocol.ts';
import type { WindowFactory } from './windows.ts';

export function setupSettingsWindow(factory: WindowFactory, baseUrl: string): { open(): WindowLike } {
  let window: WindowLike | null = null;
  return {
    open() {
      if (!window || window.isDestroyed()) {
        const created = factory.create({ width: 760, height: 680, title: 'PBX Companion — Settings' });
        created.on('closed', () => {
          if (window === created) window = null;
        });
        void created.loadURL(appUrl('settings', baseUrl));
        window = created;
      }
      window.show();
      window.focus();
      return window;
    },
  };
}
