/** Native notifications, or the log when the desktop has none (some Linux sessions). */
import type { ElectronApi } from './api.ts';

/** `open`: what clicking the notification (or its button, labelled `label`) does. */
export type Notify = (title: string, body: string, open?: { label: string; run: () => void }) => void;

export function createNotifier(api: ElectronApi, log: (message: string) => void = () => {}): Notify {
  return (title, body, open) => {
    if (!api.notifications.isSupported()) {
      log(`notification (not supported here): ${title}: ${body}`);
      return;
    }
    const actions = open ? [{ type: 'button' as const, text: open.label }] : undefined;
    api.notifications.show({ title, body: body.slice(0, 500), ...(actions ? { actions } : {}) }, open?.run);
  };
}
