/**
 * The PBX's replies, in words an agent understands and an admin can act on. The PBX wording is
 * Asterisk 22's (fixtures 02, 07, 08, 09 and app_queue / manager.c / app_mixmonitor); anything
 * unknown is passed through with the action's purpose, never hidden.
 */
import type { AmiAction } from '../ami/action.ts';
import { AmiFieldError } from '../ami/action.ts';
import { AmiConnectionError, AmiResponseError, AmiTimeoutError } from '../ami/errors.ts';
import { ActionInputError } from './validate.ts';

/** What each action is for, as the agent would say it. */
const PURPOSE: Record<string, string> = {
  originate: 'place the call',
  queuepause: 'change your pause',
  queuelog: 'write the queue log row',
  queueadd: 'log you in to the queue',
  queueremove: 'log you out of the queue',
  mixmonitor: 'start recording',
  mixmonitormute: 'mute or unmute the recording',
  stopmixmonitor: 'stop recording',
  hangup: 'hang up',
  blindtransfer: 'transfer the call',
  redirect: 'transfer the call',
  atxfer: 'start the attended transfer',
  status: 'read your calls',
  coreshowchannels: 'read your calls',
  queuestatus: 'read your queues',
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

/** `pbxMessage` is the `Message:` of the PBX's `Response: Error`. */
export function explainAmiError(action: AmiAction | string, pbxMessage: string): string {
  const target = describeTarget(action);
  const key = target.name.toLowerCase();
  const purpose = PURPOSE[key] ?? `run ${target.name}`;
  const message = (pbxMessage ?? '').trim();
  const inQueue = target.queue ? `queue ${target.queue}` : 'any queue';
  const thatQueue = target.queue ? `queue ${target.queue}` : 'that queue';

  if (message === 'Permission denied') {
    const klass = WRITE_CLASS[key];
    return klass
      ? `The PBX did not let the companion ${purpose}: its AMI user needs "${klass}" in the write = line of manager.conf (or is not logged in).`
      : `The PBX did not let the companion ${purpose}: its AMI user lacks the permission for ${target.name} in manager.conf.`;
  }
  if (message === 'Authentication failed') return 'The PBX refused the AMI user name or secret.';
  if (/^Invalid\/unknown command/.test(message)) {
    if (key === 'pausemonitor' || key === 'unpausemonitor' || key === 'monitor') {
      return 'This PBX no longer has Monitor/PauseMonitor (removed in Asterisk 21): recording uses MixMonitor and MixMonitorMute.';
    }
    if (key.includes('mixmonitor')) return 'This PBX cannot record calls through AMI: the app_mixmonitor module is not loaded.';
    if (key.startsWith('queue')) return `This PBX has no queues through AMI: the app_queue module is not loaded (${target.name} is unknown).`;
    return `This PBX does not know the action ${target.name} (an older Asterisk, or a module that is not loaded).`;
  }

  switch (key) {
    case 'queuepause':
    case 'queuepenalty':
      if (message === 'Interface not found') {
        return target.queue
          ? `You are not a member of queue ${target.queue} as ${target.iface ?? 'this interface'} (or there is no such queue), so the PBX changed nothing.`
          : `You are not a member of any queue as ${target.iface ?? 'this interface'}, so the PBX changed nothing.`;
      }
      break;
    case 'queueadd':
      if (message.endsWith('Already there')) return `You are already logged in to ${inQueue}.`;
      if (message.endsWith('No such queue')) return `There is no ${thatQueue} on the PBX.`;
      if (message.endsWith('Not dynamic')) return `${capital(thatQueue)} does not take agents who log in themselves: ask your supervisor.`;
      break;
    case 'queueremove':
      if (message.endsWith('Not there')) return `You are not logged in to ${inQueue}.`;
      if (message.endsWith('No such queue')) return `There is no ${thatQueue} on the PBX.`;
      if (message === 'Member not dynamic') return `You are a permanent member of ${thatQueue} (set in queues.conf): you cannot log out from the app; ask your supervisor.`;
      break;
    case 'mixmonitor':
      if (message === 'Could not start monitoring channel') return 'The PBX could not start recording this call (check the recording folder and file name).';
      break;
    case 'mixmonitormute':
      if (message === 'Cannot set mute flag') return 'This call is not being recorded, so there is nothing to mute.';
      break;
    case 'stopmixmonitor':
      if (message === 'Could not stop monitoring channel') return 'This call is not being recorded.';
      break;
    case 'blindtransfer':
    case 'atxfer':
      if (message === 'Transfer not permitted') return 'The PBX does not allow transferring this call (the queue or dialplan did not grant transfer rights, e.g. the Queue t option).';
      if (message === 'Transfer invalid') return 'This call cannot be transferred: it is not connected to anyone yet.';
      if (message === 'Transfer failed') return `The PBX could not transfer the call to ${target.exten ?? 'that number'}.`;
      if (/feature code/i.test(message)) return 'Attended transfer is not set up on this PBX: features.conf needs an atxfer code (atxfer => *2).';
      break;
    case 'redirect':
      if (message === 'Redirect failed') return `The PBX could not move the call to ${target.exten ?? 'that number'}.`;
      break;
    case 'originate':
      if (message === 'Originate failed') return 'The PBX could not call your phone.';
      if (message === 'Invalid channel' || message === 'Channel not specified') return 'Your phone\'s channel in the settings is not one the PBX knows (e.g. PJSIP/1001).';
      if (message === 'Invalid timeout') return 'The ring time for your phone in the settings is not a number of milliseconds.';
      if (/requires the additional System privilege/.test(message)) return 'The PBX needs the "system" write class for this kind of call; click-to-dial does not use it.';
      break;
  }
  if (/^(No such channel|Channel specified does not exist|Channel does not exist)/.test(message)) return 'The call has already ended.';
  if (/not specified|No channel specified|No extension specified|Need '/.test(message)) {
    return `The companion sent the PBX an incomplete request to ${purpose} ("${message}"): please report this.`;
  }
  return message ? `The PBX could not ${purpose}: ${message}.`.replace('..', '.') : `The PBX could not ${purpose} and gave no reason.`;
}

/**
 * OriginateResponse `Reason` (the AST_CONTROL code of the agent's own leg): what happened to the
 * agent's phone. 4 is success. Seen in fixture 08: 0 for a device that does not exist.
 */
export function explainOriginateFailure(reason: string | number | undefined): string {
  switch (String(reason ?? '').trim()) {
    case '0':
      return 'The PBX could not ring your phone: it is not registered, or the device in the settings does not exist.';
    case '1':
      return 'Your phone hung up before the call was placed.';
    case '3':
      return 'Your phone rang but was not answered in time: the call was not placed.';
    case '5':
      return 'Your phone is busy: the call was not placed.';
    case '8':
      return 'Your phone could not be reached (congestion): the call was not placed.';
    default:
      return `The call was not placed (the PBX answered reason ${String(reason ?? 'unknown')}).`;
  }
}

/** Any failure of a verb, from a refused input to a dropped connection, as one sentence. */
export function explainFailure(action: AmiAction | string, error: unknown): string {
  if (error instanceof ActionInputError) return error.message;
  if (error instanceof AmiFieldError) return `That cannot be sent to the PBX: ${error.message}.`;
  if (error instanceof AmiResponseError) return explainAmiError(action, error.pbxMessage);
  const purpose = PURPOSE[describeTarget(action).name.toLowerCase()] ?? 'do that';
  if (error instanceof AmiTimeoutError) return `The PBX did not answer in time, so it is not known whether it could ${purpose}. Check before trying again.`;
  if (error instanceof AmiConnectionError) return `Not connected to the PBX, so it could not ${purpose}. ${error.message ? `(${error.message})` : ''}`.trim();
  return `Could not ${purpose}: ${error instanceof Error ? error.message : String(error)}`;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function describeTarget(action: AmiAction | string): Target {
  if (typeof action === 'string') return { name: action };
  return { name: action.name, queue: action.get('Queue'), iface: action.get('Interface'), channel: action.get('Channel'), exten: action.get('Exten') };
}
