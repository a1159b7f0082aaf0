/** Native notifications, or the log when the desktop has none (some Linux sessions). */
import type { ElectronApi } from './api.ts';

export type Notify = (title: string, body: string, onClick?: () => void) => void;

export function createNotifier(api: ElectronApi, log: (message: string) => void = () => {}): Notify {
  return (title, body, onClick) => {
    if (!api.notifications.isSupported()) {
      log(`notification (not supported here): ${title}: ${body}`);
      return;
    }
    api.notifications.show({ title, body: body.slice(0, 500) }, onClick);
  };
}
