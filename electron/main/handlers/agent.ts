/** The agent's verbs over IPC: the snapshot, pause, queues, the agent pool's log-in and out, the call's controls and disposition, and the missed calls the agent dismisses. */
import type { CallHistory } from '../../core/history/store.ts';
import { fileProblem } from '../../core/settings/user-file.ts';
import type { InvokeHandlers } from '../../shared/ipc.ts';
import { refused } from '../../shared/phrases/index.ts';
import type { CompanionHost } from '../companion-host.ts';

type AgentChannels =
  | 'snapshot:get'
  | 'agent:pause'
  | 'agent:unpause'
  | 'queue:login'
  | 'queue:logout'
  | 'agent:login'
  | 'agent:logout'
  | 'call:record'
  | 'call:hangup'
  | 'call:transfer'
  | 'call:disposition'
  | 'history:dismiss';

export function agentHandlers(host: CompanionHost, history: CallHistory): Pick<InvokeHandlers, AgentChannels> {
  return {
    'snapshot:get': () => host.snapshot(),
    'agent:pause': (options) => host.pause(options),
    'agent:unpause': (options) => host.unpause(options),
    'queue:login': (queue) => host.queueLogin(queue),
    'queue:logout': (queue) => host.queueLogout(queue),
    'agent:login': () => host.agentLogin(),
    'agent:logout': () => host.agentLogout(),
    'call:record': (op, callId) => host.record(op, callId),
    'call:hangup': (callId) => host.hangup(callId),
    'call:transfer': (target, options) => host.transfer(target, options),
    'call:disposition': (callId, code, note) => host.setDisposition(callId, code, note),
    'history:dismiss': async (id) => {
      if (!history.dismiss(id)) return refused('history.not-pending');
      try {
        await history.save();
      } catch (error) {
        return refused('history.not-saved', { why: fileProblem(error) });
      }
      host.refresh();
      return { ok: true };
    },
  };
}
