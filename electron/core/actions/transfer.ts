/**
 * Transfer the agent's current call: BlindTransfer of the agent's leg, or, where the PBX refuses
 * it (the bridge grants no transfer rights, or an Asterisk without BlindTransfer), Redirect of the
 * remote leg to the same number. Attended transfer is Atxfer only: there is no fallback that
 * would keep the customer safe, so a refusal is explained instead.
 */
import type { VerbResult } from '../../shared/companion.ts';
import { succeeded } from '../../shared/phrases/index.ts';
import { atxfer, blindTransfer, redirect } from './call.ts';
import type { ActionRunner } from './runner.ts';

export interface TransferPlan {
  /** The agent's own leg, e.g. `PJSIP/1001-0000000a`. */
  channel: string;
  /** The dial string of the target. */
  exten: string;
  /** Default `from-internal`. */
  context?: string;
  attended?: boolean;
  /** The leg bridged to the agent's (the customer), for the Redirect fallback; null when unknown. */
  remoteLeg?: () => Promise<string | null>;
}

// BlindTransfer refusals that a Redirect of the remote leg gets around.
const REDIRECTABLE = [/does not allow transferring/, /does not know the action BlindTransfer/];

export async function transferCall(runner: ActionRunner, plan: TransferPlan): Promise<VerbResult> {
  const request = { channel: plan.channel, exten: plan.exten, context: plan.context };
  if (plan.attended) {
    const result = await runner.run(() => atxfer(request));
    return result.ok ? succeeded('verb.attended-started', { target: plan.exten }) : result;
  }
  const blind = await runner.run(() => blindTransfer(request));
  if (blind.ok) return succeeded('verb.transferred', { target: plan.exten });
  if (!plan.remoteLeg || !REDIRECTABLE.some((pattern) => pattern.test(blind.error))) return blind;
  const remote = await plan.remoteLeg().catch(() => null);
  if (!remote) return blind;
  const moved = await runner.run(() => redirect({ channel: remote, exten: plan.exten, context: plan.context }));
  return moved.ok ? succeeded('verb.transferred', { target: plan.exten }) : moved;
}
