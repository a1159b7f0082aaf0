/**
 * Queue membership actions, with the headers and order a real Asterisk 22 accepted (fixture 07).
 *
 * The Interface is the member as that queue knows it: `PJSIP/1001` in one queue and
 * `Local/1001@from-queue/n` in another (FreePBX, Issabel), so "pause in all my queues" is one
 * QueuePause per membership with its own Interface, not one QueuePause without Queue (which
 * reaches only the queues that know that one interface).
 */
import { AmiAction } from '../ami/action.ts';
import { ActionInputError, integer, memberInterface, queue, text } from './validate.ts';
import { phrase } from '../../shared/phrases/index.ts';

export interface QueuePauseRequest {
  /** The member interface as the queue knows it. */
  interface: string;
  /** One queue; omitted: every queue where this interface is a member. */
  queue?: string;
  paused: boolean;
  /** Up to 100 characters; shown on wallboards and in queue_log. */
  reason?: string;
}

export function queuePause(request: QueuePauseRequest): AmiAction {
  const reason = request.reason === undefined ? '' : text(request.reason, 'Reason', 'input.field.pause-reason');
  return AmiAction.build('QueuePause', {
    Queue: request.queue === undefined ? undefined : queue(request.queue),
    Interface: memberInterface(request.interface),
    Paused: request.paused,
    Reason: reason || undefined,
  });
}

/** queue_log event names the companion writes (PAUSEALL/UNPAUSEALL: app_queue's words for all queues). */
export type QueueLogEvent = 'PAUSE' | 'UNPAUSE' | 'PAUSEALL' | 'UNPAUSEALL' | 'CUSTOM';
const QUEUE_LOG_EVENTS: readonly QueueLogEvent[] = ['PAUSE', 'UNPAUSE', 'PAUSEALL', 'UNPAUSEALL', 'CUSTOM'];

export interface QueueLogRequest {
  queue: string;
  event: QueueLogEvent;
  /**
   * The row's agent column: the member's name as the queue knows it (`Agent 1001`), the name
   * Asterisk writes in its own rows (the interface only for a member that has no name).
   */
  agent: string;
  /** The row's data field, e.g. the pause reason. */
  message?: string;
}

/**
 * A queue_log row. Asterisk 12+ already writes PAUSE/UNPAUSE rows, with the reason, for every
 * QueuePause itself; this is for a PBX that does not, so it is off unless the settings ask. The
 * AMI field is called Interface, but it fills the agent column.
 */
export function queueLog(request: QueueLogRequest): AmiAction {
  if (!QUEUE_LOG_EVENTS.includes(request.event)) {
    throw ActionInputError.refuse('Event', 'input.bad-queue-log-event', {
      event: JSON.stringify(String(request.event)),
      events: QUEUE_LOG_EVENTS.join(', '),
    });
  }
  const message = request.message === undefined ? '' : text(request.message, 'Message', 'input.field.queue-log-message');
  const agent = text(request.agent, 'Interface', 'input.field.member-name', 80);
  if (agent === '') throw ActionInputError.refuse('Interface', 'input.missing', { what: phrase('input.field.member-name') });
  return AmiAction.build('QueueLog', {
    Queue: queue(request.queue),
    Event: request.event,
    Interface: agent,
    Message: message || undefined,
  });
}

export interface QueueAddRequest {
  queue: string;
  interface: string;
  /** The agent's name on wallboards, e.g. `Agent 1001`. */
  memberName?: string;
  /** Where the member's busy/idle comes from, e.g. `hint:1001@ext-local` for a Local interface. */
  stateInterface?: string;
  /** 0 (default) rings first. */
  penalty?: number;
  /** Log in paused. */
  paused?: boolean;
}

export function queueAdd(request: QueueAddRequest): AmiAction {
  return AmiAction.build('QueueAdd', {
    Queue: queue(request.queue),
    Interface: memberInterface(request.interface),
    Penalty: request.penalty === undefined ? undefined : integer(request.penalty, 'Penalty', 'input.field.penalty', 0, 1000),
    Paused: request.paused,
    MemberName:
      request.memberName === undefined ? undefined : text(request.memberName, 'MemberName', 'input.field.member-name', 80) || undefined,
    StateInterface: request.stateInterface === undefined ? undefined : stateInterface(request.stateInterface),
  });
}

export function queueRemove(request: { queue: string; interface: string }): AmiAction {
  return AmiAction.build('QueueRemove', { Queue: queue(request.queue), Interface: memberInterface(request.interface) });
}

/** `hint:1001@ext-local` or a device such as `PJSIP/1001`. */
function stateInterface(value: string): string {
  if (/^hint:[A-Za-z0-9_+*#.-]{1,32}@[A-Za-z0-9_][A-Za-z0-9_.-]{0,78}$/.test(value)) return value;
  return memberInterface(value);
}
