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
import { phraseOfError, refused, succeeded, verbatim } from '../../shared/phrases/index.ts';
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
      if (mode !== 'listen' && mode !== 'whisper') return refused('listen.choose-mode');
      let identity;
      try {
        identity = agentIdentity({ extension: typeof agent === 'string' ? agent : '', technology: options.technology });
      } catch {
        return refused('listen.not-an-extension', { agent: String(agent).slice(0, 40) });
      }
      if (identity.device.toLowerCase() === options.device.toLowerCase()) return refused('listen.own-phone');
      if (options.events.status !== 'live') {
        const why = options.events.error;
        return why?.message ? refused('listen.ari-down-because', { reason: phraseOfError(why) }) : refused('listen.ari-down');
      }
      if (busy) return refused('listen.already-ringing');
      busy = true;
      try {
        const channels = await options.client.channels.list();
        const call = channels.find((c) => identity.isMyDeviceChannel(c.name) && c.state === 'Up');
        if (!call)
          return refused(mode === 'listen' ? 'listen.no-call-to-listen' : 'listen.no-call-to-whisper', { agent: identity.extension });
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
        return succeeded(mode === 'listen' ? 'listen.listening' : 'listen.whispering', { agent: identity.extension });
      } catch (error) {
        if (error instanceof AriError && error.kind === 'not-found' && /Channel not found/i.test(error.pbxMessage ?? ''))
          return refused('listen.call-ended');
        const text = error instanceof Error ? error.message : String(error);
        const sentence = text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?)]$/.test(text) ? '' : '.');
        // An error that carries its own phrase is said in the agent's language; any other, as the sentence it is.
        const carried = phraseOfError(error);
        return { ok: false, error: sentence, phrase: carried.code === 'text' ? verbatim(sentence) : carried };
      } finally {
        busy = false;
      }
    },
    async stopSupervising() {
      if (!current) return refused('listen.not-listening');
      const agent = current.agent;
      await stop();
      return succeeded('listen.stopped', { agent });
    },
    close: stop,
  };
}
