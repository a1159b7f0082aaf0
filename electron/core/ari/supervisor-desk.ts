/**
 * The supervisor's side of listen and whisper (supervise.ts), for a desk the settings mark as a
 * supervisor: find the agent's connected call on ARI by the agent's extension, ring this desk's
 * phone into a bridge with a snoop on that call, and end it again. One supervision at a time;
 * every outcome is a VerbResult in words.
 *
 * ARI sees every channel (GET /channels), so the agent's call is found whether or not it is in a
 * Stasis application; the snoop and the supervisor's leg are the ones in this desk's application.
 */
import type { VerbResult } from '../../shared/companion.ts';
import { agentIdentity, type Technology } from '../agent/identity.ts';
import type { AriClient } from './client.ts';
import { AriError } from './errors.ts';
import type { AriEventStream } from './events.ts';
import { supervise, type SuperviseMode, type Supervision } from './supervise.ts';

export interface SupervisorDesk {
  /** Listen to (or whisper to) the connected call of the agent at `agent` (an extension such as 1002). */
  supervise(agent: string, mode: SuperviseMode): Promise<VerbResult>;
  /** Ends the current listen or whisper. */
  stopSupervising(): Promise<VerbResult>;
  /** Ends any supervision; the client and the stream belong to the caller. */
  close(): Promise<void>;
}

export interface SupervisorDeskOptions {
  client: AriClient;
  /** The events of `app` (the supervisor's answer arrives there as StasisStart). */
  events: AriEventStream;
  app: string;
  /** This desk's phone, e.g. `PJSIP/2001`: it rings to listen. */
  device: string;
  /** The agents' phones' technology. Default PJSIP. */
  technology?: Technology;
  /** How long this desk's phone rings. Default 30 s. */
  answerTimeoutMs?: number;
}

export function createSupervisorDesk(options: SupervisorDeskOptions): SupervisorDesk {
  let current: { agent: string; mode: SuperviseMode; supervision: Supervision } | null = null;
  let busy = false;

  const stop = async (): Promise<void> => {
    const ending = current;
    current = null;
    await ending?.supervision.stop();
  };

  return {
    async supervise(agent, mode) {
      if (mode !== 'listen' && mode !== 'whisper') return { ok: false, error: 'Choose listen or whisper.' };
      let identity;
      try {
        identity = agentIdentity({ extension: typeof agent === 'string' ? agent : '', technology: options.technology });
      } catch {
        return { ok: false, error: `"${String(agent).slice(0, 40)}" is not an agent's extension such as 1002.` };
      }
      if (identity.device.toLowerCase() === options.device.toLowerCase()) return { ok: false, error: 'That is your own phone: choose another agent.' };
      if (options.events.status !== 'live') {
        const why = options.events.error?.message;
        return { ok: false, error: `ARI is not connected${why ? ` (${why})` : ''}: listen and whisper are unavailable.` };
      }
      if (busy) return { ok: false, error: 'Your phone is already ringing for a listen: answer it first.' };
      busy = true;
      try {
        const channels = await options.client.channels.list();
        const call = channels.find((c) => identity.isMyDeviceChannel(c.name) && c.state === 'Up');
        if (!call) return { ok: false, error: `Agent ${identity.extension} has no connected call to ${mode === 'listen' ? 'listen to' : 'whisper to'}.` };
        await stop();
        const supervision = await supervise({
          client: options.client,
          events: options.events,
          app: options.app,
          agentChannelId: call.id,
          supervisorEndpoint: options.device,
          mode,
          answerTimeoutMs: options.answerTimeoutMs,
        });
        current = { agent: identity.extension, mode, supervision };
        return { ok: true, message: mode === 'listen' ? `Listening to ${identity.extension}: they do not hear you.` : `Whispering to ${identity.extension}: only the agent hears you, not the caller.` };
      } catch (error) {
        if (error instanceof AriError && error.kind === 'not-found' && /Channel not found/i.test(error.pbxMessage ?? '')) return { ok: false, error: "The agent's call has already ended." };
        const text = error instanceof Error ? error.message : String(error);
        return { ok: false, error: text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?)]$/.test(text) ? '' : '.') };
      } finally {
        busy = false;
      }
    },
    async stopSupervising() {
      if (!current) return { ok: false, error: 'You are not listening to anyone.' };
      const agent = current.agent;
      await stop();
      return { ok: true, message: `Stopped listening to ${agent}.` };
    },
    close: stop,
  };
}
