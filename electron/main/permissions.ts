/**
 * Every session the app uses refuses every permission request and check (camera, microphone,
 * notifications, location, clipboard, HID...): the app's own pages need none, and the screen pop's CRM
 * page must get none. Set at start-up, before any window loads a page.
 */
import type { ElectronApi } from './api.ts';
import { POP_PARTITION } from './pop-window.ts';

/** The default session (the app's windows) and the screen pop's partition. */
export const SESSIONS: readonly (string | null)[] = [null, POP_PARTITION];

export function setupPermissions(api: ElectronApi): void {
  for (const partition of SESSIONS) api.denyPermissions(partition);
}
