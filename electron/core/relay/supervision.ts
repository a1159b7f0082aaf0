/**
 * Listen and whisper through the relay (issue 17 item 3), for the desks the relay's config names as
 * supervisors (`relay --supervisors 2001,2002`), refused in words for any other. The relay has no
 * ARI, so it does what a supervisor's feature code does on the PBX: an Originate that rings the
 * supervisor's phone into ChanSpy on the agent's own leg (`q` no beep, `E` ends with the spied
 * call; whisper adds `w`: only the agent hears the supervisor). Stopping hangs up the supervisor's
 * ChanSpy channels, found on the PBX (CoreShowChannels), so it holds no state that a relay restart
 * could lose. The agent's leg comes from the relay's own picture of that agent and is checked with
 * the PBX (liveLegOf) before anything rings.
 */
import { AmiAction } from '../ami/action.ts';
import type { AmiConnection } from '../ami/types.ts';
import { ActionRunner } from '../actions/runner.ts';
import { liveLegOf } from '../actions/agent-verbs.ts';
import { explainFailurePhrase } from '../actions/errors.ts';
import { agentIdentity, type AgentIdentity, type IdentitySettings } from '../agent/identity.ts';
import type { SuperviseMode } from '../../shared/bridge.ts';
import type { VerbResult } from '../../shared/companion.ts';
import { phrase, refusal, refused, succeeded } from '../../shared/phrases/index.ts';
import type { Snapshot } from '../../shared/snapshot.ts';
import { extensionOfInterface } from './discovery.ts';

/** How long the supervisor's phone rings. */
const RING_MS = 30_000;

export interface SupervisionOptions {
  connection: AmiConnection;
  /** The extensions that may listen and whisper. */
  supervisors: readonly string[];
  identity?: Omit<IdentitySettings, 'extension' | 'device'>;
  /** The relay's current picture of an agent it serves, or undefined. */
  snapshotOf: (extension: string) => Snapshot | undefined;
}

export interface Supervision {
  /** Supervisor `supervisor` listens (or whispers) to the connected call of `agent`. */
  supervise(supervisor: string, agent: string, mode: SuperviseMode): Promise<VerbResult>;
  /** Ends what `supervisor` listens to. */
  stop(supervisor: string): Promise<VerbResult>;
}

export function createSupervision(options: SupervisionOptions): Supervision {
  const { connection } = options;
  const supervisors = new Set(options.supervisors);
  const runner = new ActionRunner(connection);
  const identityOf = (extension: string): AgentIdentity => agentIdentity({ ...options.identity, extension });

  return {
    async supervise(supervisor, agent, mode) {
      if (!supervisors.has(supervisor)) return refused('relay.not-a-supervisor');
      if (mode !== 'listen' && mode !== 'whisper') return refused('listen.choose-mode');
      let target: AgentIdentity;
      try {
        target = identityOf(agent);
      } catch {
        return refused('listen.not-an-extension', { agent: String(agent).slice(0, 40) });
      }
      if (target.extension === supervisor) return refused('listen.own-phone');
      const noCall = mode === 'listen' ? 'listen.no-call-to-listen' : 'listen.no-call-to-whisper';
      const call = options.snapshotOf(target.extension)?.calls.find((c) => c.state === 'up' && !c.consultationOf);
      if (!call) return refused(noCall, { agent: target.extension });
      const leg = await liveLegOf(connection, target, call);
      if (typeof leg !== 'string') return refused('listen.call-ended');
      const originate = AmiAction.build('Originate', {
        Channel: identityOf(supervisor).device,
        Application: 'ChanSpy',
        Data: `${leg},qE${mode === 'whisper' ? 'w' : ''}`,
        CallerID: `${mode === 'whisper' ? 'Whisper' : 'Listen'} <${target.extension}>`,
        Timeout: String(RING_MS),
        Async: 'true',
      });
      const said = phrase(mode === 'listen' ? 'listen.listening' : 'listen.whispering', { agent: target.extension });
      return runner.run(originate, { success: said });
    },

    async stop(supervisor) {
      if (!supervisors.has(supervisor)) return refused('relay.not-a-supervisor');
      const own = identityOf(supervisor);
      let items;
      try {
        items = (await connection.listAction(AmiAction.build('CoreShowChannels'))).items;
      } catch (error) {
        return refusal(explainFailurePhrase('CoreShowChannels', error));
      }
      const spying = items.filter((i) => own.isMyDeviceChannel(i.get('Channel')) && i.get('Application') === 'ChanSpy');
      if (spying.length === 0) return refused('listen.not-listening');
      for (const item of spying) {
        const result = await runner.run(AmiAction.build('Hangup', { Channel: item.get('Channel')! }));
        if (!result.ok) return result;
      }
      // `PJSIP/1002-0000000a,qE` -> 1002: whom it listened to.
      const spied = (spying[0]!.get('ApplicationData') ?? '').split(',')[0]!;
      const agent = extensionOfInterface(spied.slice(0, Math.max(0, spied.lastIndexOf('-'))), options.identity) ?? '?';
      return succeeded('listen.stopped', { agent });
    },
  };
}
