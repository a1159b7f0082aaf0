/**
 * Acting on the agent's current call: hang up and transfer. The channel is always a full channel
 * name from the PBX's own events (`PJSIP/1001-0000000a`), never a pattern.
 *
 * Transfers, as Asterisk 22 implements them:
 * - BlindTransfer: Channel is the agent's leg; the party bridged to it goes to Exten@Context and
 *   the agent's leg hangs up. Refused when the bridge forbids transfers ("Transfer not permitted").
 * - Redirect: the fallback, moving the remote leg itself to Exten@Context at Priority 1.
 * - Atxfer: queues the atxfer DTMF feature (features.conf `atxfer => *2`) and the digits on the
 *   agent's leg; it needs that feature code and transfer rights in the bridge (the Queue `t`
 *   option). AMI offers no way to complete or abort it: the agent does that on the phone.
 */
import { AmiAction } from '../ami/action.ts';
import { channel, context, exten } from './validate.ts';

/** Cause 16: normal clearing, as the fixture's Hangup sent. */
export function hangup(request: { channel: string; cause?: 16 | 17 | 21 }): AmiAction {
  return AmiAction.build('Hangup', { Channel: channel(request.channel), Cause: request.cause ?? 16 });
}

export interface TransferRequest {
  /** BlindTransfer and Atxfer: the agent's leg. Redirect: the leg to move (the remote party). */
  channel: string;
  /** A dial string (normalizeNumber's `dialString`) or an extension. */
  exten: string;
  /** Default `from-internal`. */
  context?: string;
}

export const DEFAULT_TRANSFER_CONTEXT = 'from-internal';

export function blindTransfer(request: TransferRequest): AmiAction {
  return AmiAction.build('BlindTransfer', {
    Channel: channel(request.channel),
    Exten: exten(request.exten),
    Context: context(request.context ?? DEFAULT_TRANSFER_CONTEXT),
  });
}

export function redirect(request: TransferRequest): AmiAction {
  return AmiAction.build('Redirect', {
    Channel: channel(request.channel),
    Exten: exten(request.exten),
    Context: context(request.context ?? DEFAULT_TRANSFER_CONTEXT),
    Priority: 1,
  });
}

export function atxfer(request: TransferRequest): AmiAction {
  return AmiAction.build('Atxfer', {
    Channel: channel(request.channel),
    Exten: exten(request.exten),
    Context: context(request.context ?? DEFAULT_TRANSFER_CONTEXT),
  });
}
