/**
 * The PBX's replies, in words an agent understands and an admin can act on. The PBX wording is
 * Asterisk 22's (fixtures 02, 07, 08, 09 and app_queue / manager.c / app_mixmonitor); anything
 * unknown is passed through with the action's purpose, never hidden.
 */
import type { AmiAction } from '../ami/action.ts';
import { AmiFieldError } from '../ami/action.ts';
import { AmiConnectionError, AmiResponseError, AmiTimeoutError } from '../ami/errors.ts';
import type { DialPreview, VerbResult } from '../../shared/companion.ts';
import { english, phrase, phraseOfError, verbatim, type Phrase, type PhraseCode } from '../../shared/phrases/index.ts';
import { ActionInputError } from './validate.ts';

/** What each action is for, as the agent would say it (a phrase, so it is said in the agent's language). */
const PURPOSE: Record<string, PhraseCode> = {
  originate: 'purpose.originate',
  queuepause: 'purpose.queuepause',
  queuelog: 'purpose.queuelog',
  queueadd: 'purpose.queueadd',
  queueremove: 'purpose.queueremove',
  mixmonitor: 'purpose.mixmonitor',
  mixmonitormute: 'purpose.mixmonitormute',
  stopmixmonitor: 'purpose.stopmixmonitor',
  hangup: 'purpose.hangup',
  blindtransfer: 'purpose.transfer',
  redirect: 'purpose.transfer',
  atxfer: 'purpose.atxfer',
  status: 'purpose.read-calls',
  coreshowchannels: 'purpose.read-calls',
  queuestatus: 'purpose.queuestatus',
  agents: 'purpose.agents',
  agentlogoff: 'purpose.agentlogoff',
};

/**
 * The manager.conf `write` class that lets an AMI user run each action (Asterisk 22's
 * registrations; any one of them is enough).
 */
export const WRITE_CLASS: Record<string, string> = {
  originate: 'originate',
  queuepause: 'agent',
  queuelog: 'agent',
  queueadd: 'agent',
  queueremove: 'agent',
  queuepenalty: 'agent',
  mixmonitor: 'system',
  mixmonitormute: 'call',
  stopmixmonitor: 'call',
  hangup: 'call',
  blindtransfer: 'call',
  redirect: 'call',
  atxfer: 'call',
  status: 'call',
  coreshowchannels: 'reporting',
  getvar: 'call',
  command: 'command',
  reload: 'config',
};

type Target = { name: string; queue?: string; iface?: string; channel?: string; exten?: string };

/** `pbxMessage` is the `Message:` of the PBX's `Response: Error`. In English; the phrase is explainAmiErrorPhrase. */
export function explainAmiError(action: AmiAction | string, pbxMessage: string): string {
  return english(explainAmiErrorPhrase(action, pbxMessage));
}

/** The PBX's refusal as a phrase: the purpose worded in the agent's language, the PBX's own message verbatim. */
export function explainAmiErrorPhrase(action: AmiAction | string, pbxMessage: string): Phrase {
  const target = describeTarget(action);
  const key = target.name.toLowerCase();
  const purpose = PURPOSE[key] ? phrase(PURPOSE[key]) : phrase('purpose.run', { action: target.name });
  const message = (pbxMessage ?? '').trim();
  const queue = target.queue;
  // The same sentence with the queue named, or without it when the action did not say which.
  const aboutQueue = (named: PhraseCode, unnamed: PhraseCode) => (queue ? phrase(named, { queue }) : phrase(unnamed));
  const numberOrThat = target.exten ?? phrase('pbx.that-number');

  if (message === 'Permission denied') {
    const writeClass = WRITE_CLASS[key];
    return writeClass
      ? phrase('pbx.permission-class', { purpose, writeClass })
      : phrase('pbx.permission-action', { purpose, action: target.name });
  }
  if (message === 'Authentication failed') return phrase('pbx.auth-failed');
  if (/^Invalid\/unknown command/.test(message)) {
    if (key === 'pausemonitor' || key === 'unpausemonitor' || key === 'monitor') return phrase('pbx.no-monitor');
    if (key.includes('mixmonitor')) return phrase('pbx.no-mixmonitor');
    if (key.startsWith('queue')) return phrase('pbx.no-app-queue', { action: target.name });
    return phrase('pbx.unknown-action', { action: target.name });
  }

  switch (key) {
    case 'queuepause':
    case 'queuepenalty':
      if (message === 'Interface not found') {
        const iface = target.iface ?? phrase('pbx.this-interface');
        return queue ? phrase('pbx.not-member-of-queue-as', { queue, iface }) : phrase('pbx.not-member-of-any-queue-as', { iface });
      }
      break;
    case 'queueadd':
      if (message.endsWith('Already there')) return aboutQueue('pbx.already-in-queue', 'pbx.already-in-a-queue');
      if (message.endsWith('No such queue')) return aboutQueue('pbx.no-such-queue', 'pbx.no-such-queue-unnamed');
      if (message.endsWith('Not dynamic')) return aboutQueue('pbx.queue-not-dynamic', 'pbx.queue-not-dynamic-unnamed');
      break;
    case 'queueremove':
      if (message.endsWith('Not there')) return aboutQueue('pbx.not-in-queue', 'pbx.not-in-a-queue');
      if (message.endsWith('No such queue')) return aboutQueue('pbx.no-such-queue', 'pbx.no-such-queue-unnamed');
      if (message === 'Member not dynamic') return aboutQueue('pbx.permanent-member', 'pbx.permanent-member-unnamed');
      break;
    case 'mixmonitor':
      if (message === 'Could not start monitoring channel') return phrase('pbx.record-start-failed');
      break;
    case 'mixmonitormute':
      if (message === 'Cannot set mute flag') return phrase('pbx.not-recording-mute');
      break;
    case 'stopmixmonitor':
      if (message === 'Could not stop monitoring channel') return phrase('pbx.not-recording');
      break;
    case 'blindtransfer':
    case 'atxfer':
      if (message === 'Transfer not permitted') return phrase('pbx.transfer-not-permitted');
      if (message === 'Transfer invalid') return phrase('pbx.transfer-invalid');
      if (message === 'Transfer failed') return phrase('pbx.transfer-failed', { target: numberOrThat });
      if (/feature code/i.test(message)) return phrase('pbx.no-atxfer-code');
      break;
    case 'redirect':
      if (message === 'Redirect failed') return phrase('pbx.redirect-failed', { target: numberOrThat });
      break;
    case 'originate':
      if (message === 'Originate failed') return phrase('pbx.originate-failed');
      if (message === 'Invalid channel' || message === 'Channel not specified') return phrase('pbx.bad-originate-channel');
      if (message === 'Invalid timeout') return phrase('pbx.bad-originate-timeout');
      if (/requires the additional System privilege/.test(message)) return phrase('pbx.needs-system');
      break;
  }
  if (/^(No such channel|Channel specified does not exist|Channel does not exist)/.test(message)) return phrase('pbx.call-ended');
  if (/not specified|No channel specified|No extension specified|Need '/.test(message))
    return phrase('pbx.incomplete-request', { purpose, message });
  if (!message) return phrase('pbx.could-not-no-reason', { purpose });
  // The template ends the sentence: a message that already ends in a period does not get a second.
  return phrase('pbx.could-not', { purpose, message: `${message}.`.replace('..', '.').slice(0, -1) });
}

/**
 * OriginateResponse `Reason` (the AST_CONTROL code of the agent's own leg): what happened to the
 * agent's phone. 4 is success. Seen in fixture 08: 0 for a device that does not exist.
 */
export function explainOriginateFailure(reason: string | number | undefined): string {
  return english(explainOriginateFailurePhrase(reason));
}

export function explainOriginateFailurePhrase(reason: string | number | undefined): Phrase {
  switch (String(reason ?? '').trim()) {
    case '0':
      return phrase('dial.phone-unreachable');
    case '1':
      return phrase('dial.phone-hung-up');
    case '3':
      return phrase('dial.phone-no-answer');
    case '5':
      return phrase('dial.phone-busy');
    case '8':
      return phrase('dial.phone-congestion');
    default:
      return phrase('dial.not-placed-reason', {
        reason: reason === undefined || reason === null ? phrase('dial.reason-unknown') : String(reason),
      });
  }
}

/** Any failure of a verb, from a refused input to a dropped connection, as one sentence. */
export function explainFailure(action: AmiAction | string, error: unknown): string {
  return english(explainFailurePhrase(action, error));
}

export function explainFailurePhrase(action: AmiAction | string, error: unknown): Phrase {
  if (error instanceof ActionInputError) return error.phrase;
  if (error instanceof AmiFieldError) return phrase('pbx.cannot-send', { detail: phraseOfError(error) });
  if (error instanceof AmiResponseError) return explainAmiErrorPhrase(action, error.pbxMessage);
  const code = PURPOSE[describeTarget(action).name.toLowerCase()];
  const purpose = phrase(code ?? 'purpose.unknown');
  if (error instanceof AmiTimeoutError) return phrase('pbx.timeout', { purpose });
  if (error instanceof AmiConnectionError) {
    return error.message
      ? phrase('pbx.not-connected-because', { purpose, reason: phraseOfError(error) })
      : phrase('pbx.not-connected', { purpose });
  }
  return phrase('verb.could-not', { purpose, reason: phraseOfError(error) });
}

/** Why a number cannot be dialled: the dialing preview's own words, else ours. */
export function cannotDial(plan: Pick<DialPreview, 'error' | 'errorPhrase'>): VerbResult & { ok: false } {
  return {
    ok: false,
    error: plan.error ?? 'That number cannot be dialled.',
    phrase: plan.errorPhrase ?? (plan.error ? verbatim(plan.error) : phrase('dial.cannot-dial')),
  };
}

/** A VerbResult's phrase, or its English verbatim when it came without one. */
export function phraseOfResult(result: VerbResult): Phrase {
  return result.phrase ?? verbatim(result.ok ? (result.message ?? '') : result.error);
}

function describeTarget(action: AmiAction | string): Target {
  if (typeof action === 'string') return { name: action };
  return {
    name: action.name,
    queue: action.get('Queue'),
    iface: action.get('Interface'),
    channel: action.get('Channel'),
    exten: action.get('Exten'),
  };
}
