/**
 * One app per desk: a second launch (a tel: link clicked while the app runs, a second start from the
 * menu) hands its command line to the first instance and quits.
 */
import type { ElectronApi } from './api.ts';

/** False when another instance holds the lock: this one has asked to quit and must do nothing more. */
export function setupSingleInstance(api: ElectronApi, onSecondInstance: (argv: string[]) => void): boolean {
  if (!api.app.requestSingleInstanceLock()) {
    api.app.quit();
    return false;
  }
  api.app.on('second-instance', (_event, argv) => onSecondInstance(argv));
  return true;
}
