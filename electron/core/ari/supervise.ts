/**
 * Supervisor listen and whisper over ARI: a snoop channel on the agent's channel and the
 * supervisor's phone, both in one mixing bridge.
 *
 * - listen: the snoop spies `both` directions (the supervisor hears the agent and the customer)
 *   and whispers `none` (nothing the supervisor says reaches the call).
 * - whisper: as listen, and whispers `out` (Asterisk -> the agent's phone): only the agent hears
 *   the supervisor, never the customer.
 *
 * Steps: snoop into the app, create the bridge, add the snoop, ring the supervisor's phone into the
 * app, and when it answers (StasisStart of that channel) add it to the bridge. Any failure undoes
 * what was made. For users the settings mark as supervisors; the app must be the one whose events
 * WebSocket `events` carries.
 */
import { randomUUID } from 'node:crypto';
import type { AriClient } from './client.ts';
import { AriError } from './errors.ts';
import type { AriEventStream } from './events.ts';
import type { AriEvent } from './types.ts';

export type SuperviseMode = 'listen' | 'whisper';

export interface SuperviseOptions {
  client: AriClient;
  events: AriEventStream;
  app: string;
  /** The agent's channel id (the call's `uniqueid` in the snapshot). */
  agentChannelId: string;
  /** The supervisor's phone, e.g. `PJSIP/2001`. */
  supervisorEndpoint: string;
  mode: SuperviseMode;
  /** Shown on the supervisor's phone. Default `Listen <agent channel>`. */
  callerId?: string;
  /** How long the supervisor's phone rings. Default 30 s. */
  answerTimeoutMs?: number;
  newId?: () => string;
}

export interface Supervision {
  bridgeId: string;
  snoopChannelId: string;
  supervisorChannelId: string;
  /** Hangs up the supervisor's leg and the snoop, destroys the bridge. */
  stop(): Promise<void>;
}

export async function supervise(o: SuperviseOptions): Promise<Supervision> {
  const newId = o.newId ?? randomUUID;
  const timeoutMs = o.answerTimeoutMs ?? 30_000;
  const made: { snoop?: string; bridge?: string; supervisor?: string } = {};
  const undo = async () => {
    const quiet = (p: Promise<unknown>) => p.catch(() => {});
    if (made.supervisor) await quiet(o.client.channels.hangup(made.supervisor));
    if (made.snoop) await quiet(o.client.channels.hangup(made.snoop));
    if (made.bridge) await quiet(o.client.bridges.destroy(made.bridge));
  };
  try {
    const snoop = await o.client.channels.snoop(o.agentChannelId, {
      spy: 'both',
      whisper: o.mode === 'whisper' ? 'out' : 'none',
      app: o.app,
      appArgs: 'pbx-companion-snoop',
      snoopId: newId(),
    });
    made.snoop = snoop.id;
    const bridge = await o.client.bridges.create({ type: 'mixing', name: `supervise-${o.agentChannelId}`.slice(0, 80) });
    made.bridge = bridge.id;
    await o.client.bridges.addChannel(bridge.id, snoop.id);

    // Listen before ringing: the answer's StasisStart may arrive before the POST's response.
    const requestedId = newId();
    const ids = new Set([requestedId]);
    let off: () => void = () => {};
    let timer: ReturnType<typeof setTimeout> | undefined;
    const answered = new Promise<void>((resolve, reject) => {
      off = o.events.onEvent((event: AriEvent) => {
        const id = event.channel?.id;
        if (!id || !ids.has(id)) return;
        if (event.type === 'StasisStart') resolve();
        if (event.type === 'ChannelDestroyed') reject(new AriError('conflict', "the supervisor's phone did not answer"));
      });
      timer = setTimeout(
        () =>
          reject(
            new AriError(
              'timeout',
              `the supervisor's phone did not answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`,
            ),
          ),
        timeoutMs,
      );
      timer.unref?.();
    });
    answered.catch(() => {});
    try {
      const leg = await o.client.channels.originate({
        endpoint: o.supervisorEndpoint,
        app: o.app,
        appArgs: 'pbx-companion-supervisor',
        callerId: o.callerId ?? `${o.mode === 'whisper' ? 'Whisper' : 'Listen'} <${o.agentChannelId.slice(0, 40)}>`,
        timeout: Math.max(1, Math.round(timeoutMs / 1000)),
        channelId: requestedId,
      });
      ids.add(leg.id);
      made.supervisor = leg.id;
      await answered;
    } finally {
      off();
      clearTimeout(timer);
    }
    await o.client.bridges.addChannel(bridge.id, made.supervisor);
    const result = { bridgeId: bridge.id, snoopChannelId: snoop.id, supervisorChannelId: made.supervisor };
    return { ...result, stop: undo };
  } catch (error) {
    await undo();
    throw error;
  }
}
