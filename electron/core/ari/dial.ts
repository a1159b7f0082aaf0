/**
 * Click-to-dial over ARI: ring the agent's phone (POST /channels, endpoint = the device) and, once
 * answered, continue in the dialplan at the normalised number. The phone shows the number it is
 * about to call as the caller ID. Shared by the ARI companion and the `ari-dial` command.
 *
 * The channel gets an id we choose (`channelId`, OWN_DIAL_PREFIX + a UUID): every ARI event about it
 * then says it is the agent's own click-to-dial, to this process and to another one (`ari-watch`
 * while `ari-dial` runs), even when its first events arrive before POST /channels answers. Ringing
 * the agent's phone looks the same as an application delivering a customer to the agent (an
 * originate into Stasis, fixture 13), which must still pop: only the id tells them apart.
 */
import { randomUUID } from 'node:crypto';
import type { DialPlan } from '../dialing/normalize.ts';
import type { AriClient } from './client.ts';
import type { AriChannel } from './types.ts';

export const DEFAULT_DIAL_CONTEXT = 'from-internal';

/** The start of the id of every channel our click-to-dial creates. */
export const OWN_DIAL_PREFIX = 'pbx-companion-dial-';

/** A channel our click-to-dial created (this app or `ari-dial`): the agent's own call, never a pop. */
export function isOwnDial(channelId: string): boolean {
  return channelId.startsWith(OWN_DIAL_PREFIX);
}

export interface AriDialOptions {
  /** The agent's device, e.g. `PJSIP/1001`. */
  device: string;
  /** A plan from normalizeNumber() that is ok. */
  plan: DialPlan & { dialString: string };
  context?: string;
  /** Seconds the agent's phone rings. Default 30. */
  timeout?: number;
}

export async function originateDial(client: AriClient, options: AriDialOptions): Promise<{ channel: AriChannel; display: string }> {
  const { plan } = options;
  // The caller ID is `"name" <number>`: quotes and angle brackets in the name would break it.
  const display = (plan.display ?? plan.dialString).replace(/["<>]/g, '');
  const channel = await client.channels.originate({
    endpoint: options.device,
    extension: plan.dialString,
    context: options.context ?? DEFAULT_DIAL_CONTEXT,
    priority: 1,
    callerId: `"${display}" <${plan.dialString}>`,
    timeout: options.timeout ?? 30,
    channelId: `${OWN_DIAL_PREFIX}${randomUUID()}`,
  });
  return { channel, display };
}
