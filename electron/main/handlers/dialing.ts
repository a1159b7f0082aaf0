/** Dialing over IPC: the dialer's preview and dial, the request a link or the hotkey left, and the hotkey field's check. */
import type { InvokeHandlers } from '../../shared/ipc.ts';
import type { CompanionHost } from '../companion-host.ts';
import type { Dialing } from '../dialing.ts';

export function dialingHandlers(
  host: CompanionHost,
  dialing: Dialing,
): Pick<InvokeHandlers, 'dial:preview' | 'dial:start' | 'dial:take-pending' | 'shortcut:check'> {
  return {
    'dial:preview': (input) => host.previewDial(input),
    'dial:start': (input) => {
      dialing.clearPending();
      return host.dial(input);
    },
    'dial:take-pending': () => dialing.takePending(),
    'shortcut:check': (accelerator) => {
      const result = dialing.shortcut.check(accelerator);
      return result.ok ? { ok: true } : { ok: false, error: result.error, phrase: result.phrase };
    },
  };
}
