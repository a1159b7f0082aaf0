/** Listen and whisper over IPC (ARI, supervisors only): what the running core offers, start and stop. */
import type { InvokeHandlers } from '../../shared/ipc.ts';
import type { CompanionHost } from '../companion-host.ts';

export function superviseHandlers(host: CompanionHost): Pick<InvokeHandlers, 'app:capabilities' | 'supervisor:start' | 'supervisor:stop'> {
  return {
    'app:capabilities': () => host.capabilities(),
    'supervisor:start': (agent, mode) => host.supervise(agent, mode),
    'supervisor:stop': () => host.stopSupervising(),
  };
}
