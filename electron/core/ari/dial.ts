/**
 * Click-to-dial over ARI: ring the agent's phone (POST /channels, endpoint = the device) and, once
 * answered, continue in the dialplan at the normalised number. The phone shows the number it is
 * about to call as the caller ID. Shared by the ARI companion and the `ari-dial` command.
 */
import type { DialPlan } from '../dialing/normalize.ts';
import type { AriClient } from './client.ts';
import type { AriChannel } from './types.ts';

export const DEFAULT_DIAL_CONTEXT = 'from-internal';

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
  });
  return { channel, display };
}
