/**
 * reduce(state, message, now): the agent's picture after one AMI event. Pure: no clock (time is
 * `now`, given by the caller), no I/O (warnings go to the injected logger). Returns the same
 * object when the event changes nothing, so callers can compare by identity.
 *
 * Calls are keyed by Linkedid: the caller's channel, the Local `;1`/`;2` pair and the phone's leg
 * are one call. The agent's own legs (identity.isMyChannel) decide when a call exists; the agent's
 * part ends with the phone's own leg, whatever Local channels remain (after a transfer out of a
 * FreePBX-style `Local/1001@from-queue` member they live on until the customer hangs up). The
 * other legs of a tracked call only add variables, the queue, hold and recording.
 *
 * Calls that change hands (../shared/fixtures/asterisk-22-live): the remote party is always the
 * person the call is about. A consultation (Atxfer) is its own call beside the customer's while it
 * lasts; a completed transfer shows as transferredTo or transferredBy, never as a new remote party
 * of the customer's call.
 *
 * The work is split by concern: draft.ts (copy on write, history), call-view.ts (what a call shows),
 * legs.ts (the agent's legs in a call), values.ts (field tables), handlers/ (channels and calls,
 * the extension, the queues).
 */
import type { AmiMessage } from '../ami/message.ts';
import type { AgentState, Logger } from './state.ts';
import { silentLogger } from './state.ts';
import { Draft, type Handler } from './draft.ts';
import { Invalid } from './values.ts';
import {
  attendedTransfer,
  blindTransfer,
  channelEvent,
  channelItem,
  hangup,
  hold,
  mixMonitorMute,
  newchannel,
  recording,
  rename,
  twoSided,
} from './handlers/calls.ts';
import { contactStatus, deviceStateChange, extensionStatus, peerStatus } from './handlers/extension.ts';
import { queueCaller, queueMember, queueMemberRemoved, queueParams } from './handlers/queues.ts';
import {
  agentComplete,
  agentConnect,
  agentLogin,
  agentLogoff,
  agentsItem,
  loginStep,
  poolChannelItem,
  poolHangup,
  softHangupRequest,
} from './handlers/pool.ts';

export function reduce(state: AgentState, message: AmiMessage, now: number, logger: Logger = silentLogger): AgentState {
  if (message.kind !== 'event') return state;
  const handler = HANDLERS[message.name];
  if (!handler) return state;
  const draft = new Draft(state, now, logger);
  try {
    handler(draft, message);
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    logger.warn(`${message.name}: ${error.message}; the event was ignored`);
    return state;
  }
  return draft.finish();
}

const HANDLERS: Record<string, Handler> = {
  Newchannel: newchannel,
  Newstate: channelEvent,
  NewConnectedLine: channelEvent,
  NewCallerid: channelEvent,
  Newexten: both(loginStep, channelEvent),
  BridgeEnter: channelEvent,
  BridgeLeave: channelEvent,
  LocalBridge: channelEvent,
  LocalOptimizationBegin: () => {},
  LocalOptimizationEnd: () => {},
  BlindTransfer: blindTransfer,
  AttendedTransfer: attendedTransfer,
  Hangup: both(hangup, poolHangup),
  Rename: rename,
  Hold: hold(true),
  Unhold: hold(false),
  MixMonitorStart: recording(() => 'on'),
  MixMonitorStop: recording(() => 'off'),
  MixMonitorMute: mixMonitorMute,
  DialBegin: twoSided('dial'),
  DialState: twoSided('dial'),
  DialEnd: twoSided('dial'),
  AgentCalled: twoSided('agent'),
  AgentConnect: both(twoSided('agent'), agentConnect),
  AgentComplete: both(twoSided('agent'), agentComplete),
  AgentRingNoAnswer: twoSided('agent'),
  AgentDump: twoSided('agent'),
  AgentLogin: agentLogin,
  AgentLogoff: agentLogoff,
  Agents: agentsItem,
  SoftHangupRequest: softHangupRequest,
  CoreShowChannel: both(channelItem, poolChannelItem),
  Status: channelItem,
  ExtensionStatus: extensionStatus,
  DeviceStateChange: deviceStateChange,
  ContactStatus: contactStatus,
  PeerStatus: peerStatus,
  QueueMember: queueMember,
  QueueMemberAdded: queueMember,
  QueueMemberStatus: queueMember,
  QueueMemberPause: queueMember,
  QueueMemberPaused: queueMember,
  QueueMemberPenalty: queueMember,
  QueueMemberRinginuse: queueMember,
  QueueMemberRemoved: queueMemberRemoved,
  QueueCallerJoin: queueCaller('join'),
  QueueCallerLeave: queueCaller('leave'),
  QueueCallerAbandon: queueCaller('leave'),
  QueueEntry: queueCaller('entry'),
  QueueParams: queueParams,
};

/** Two handlers of one event, in order. */
function both(first: Handler, then: Handler): Handler {
  return (d, m) => {
    first(d, m);
    then(d, m);
  };
}

/**
 * The event names reduce() reads: anything else leaves the state as it is. relevance.ts mirrors
 * these handlers (which read the agent's calls, which only its names): change both together.
 */
export const HANDLED_EVENTS: ReadonlySet<string> = new Set(Object.keys(HANDLERS));
