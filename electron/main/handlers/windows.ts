/** The app's windows over IPC: the popover opens the settings window, and hides itself. */
import type { InvokeHandlers } from '../../shared/ipc.ts';

export function windowHandlers(windows: {
  openSettings(): void;
  hidePopover(): void;
}): Pick<InvokeHandlers, 'window:open-settings' | 'window:hide'> {
  return {
    'window:open-settings': () => {
      windows.openSettings();
      return { ok: true };
    },
    'window:hide': () => {
      windows.hidePopover();
      return { ok: true };
    },
  };
}
