/**
 * The agent model: the snapshot every shell shows, plus the bookkeeping the reducer needs to keep
 * it true (which channels are the agent's, which call each belongs to, callers waiting in queues).
 * Values are treated as immutable: reduce() copies what it changes and returns the same object
 * when nothing changed.
 */
import type { AgentPoolInfo, CallInfo, CallOutcome, Party, RecordingState, Snapshot } from '../../shared/snapshot.ts';
import type { Dids } from './dids.ts';
import type { AgentIdentity } from './identity.ts';

/** One of the agent's own channels: the phone's `PJSIP/1001-...` or a `Local/1001@...;1|;2` leg. */
export interface Leg {
  readonly uniqueid: string;
  readonly name: string;
  readonly linkedid: string;
  /** The phone's channel (not a Local leg). */
  readonly device: boolean;
  /** Highest ChannelState seen: 0 down, 4 ring, 5 ringing, 6 up. */
  readonly state: number;
  /** The dialplan extension the channel is at (the number dialled, on an outbound leg). */
  readonly exten: string;
}

/**
 * An attended transfer's consultation that the agent started from a call (Atxfer, the `*2` feature):
 * Asterisk puts the customer on hold and bridges the agent's same channel with a
 * `Local/<target>@<context>-...;1` channel of the same Linkedid. Its own call while it lasts.
 */
export interface Consult {
  /** The consultation's call id: the Uniqueid of its Local `;1` channel. */
  readonly id: string;
  readonly channel: string;
  /** Highest ChannelState of the Local `;1` channel: 6 once the target answered. */
  readonly state: number;
  readonly remote: Party;
  readonly startedAt: number;
  readonly answeredAt: number | null;
  /** What the snapshot shows of it. */
  readonly info: CallInfo | null;
}

/** A call of the agent (all legs with one Linkedid), visible in the snapshot once it rings or dials. */
export interface CallTrack {
  /** The Linkedid: the key of the call, and its id in the snapshot. */
  readonly id: string;
  /** Uniqueids of the agent's legs in this call. */
  readonly legs: readonly string[];
  /** Who started it: the agent's own leg (outbound or internal) or someone else (inbound or internal). */
  readonly origin: 'agent' | 'remote';
  /**
   * Numbers of this PBX's phones seen in the call (`PJSIP/1002-...` with caller 1002): a call whose
   * remote party is one of them is internal. A colleague's phone that merely rang or answered in a
   * ring-all queue does not make a customer's call internal: only the remote party decides.
   */
  readonly phones: readonly string[];
  readonly remote: Party;
  readonly queue: string | null;
  readonly vars: Readonly<Record<string, string>>;
  readonly recording: RecordingState;
  readonly hold: boolean;
  /** A queue offered it to the agent (AgentCalled): it rings even before the phone says so. */
  readonly offered: boolean;
  /** A Dial from the agent's leg is in progress (outbound: dialing until it ends). */
  readonly dialing: boolean;
  readonly startedAt: number;
  readonly answeredAt: number | null;
  /** The number the call was dialled to (see dids.ts), or null when we did not see it. */
  readonly did: string | null;
  /** The consultation the agent started from this call, while it lasts. */
  readonly consult: Consult | null;
  /** The customer hung up during the consultation: only the consultation is left. */
  readonly customerGone: boolean;
  /** The agent handed the call over (BlindTransfer, or AttendedTransfer with the agent as transferer). */
  readonly transferredTo: Party | null;
  /** A colleague handed the call to the agent. */
  readonly transferredBy: Party | null;
  /** A colleague answered the call while it rang here. */
  readonly answeredBy: string | null;
  /**
   * A queue call connected into the agent's held login call (the agent pool): the Uniqueid of the
   * customer's own channel. Its events carry the login call's Linkedid from then on, so the call is
   * found by this channel; null for every other call.
   */
  readonly customer: string | null;
  /** What the snapshot shows; null while the call is not visible yet (a leg created, not ringing). */
  readonly info: CallInfo | null;
}

/** The agent pool's held login call: the phone's channel running AgentLogin for the whole shift, never a call of its own. */
export interface PoolLogin {
  readonly uniqueid: string;
  readonly channel: string;
  /** The login call's own Linkedid (the customer's channel takes it once connected). */
  readonly linkedid: string;
  /** AgentLogoff was asked for (the PBX's SoftHangupRequest Cause 32 on the login call came first). */
  readonly logoffAsked?: boolean;
  /** The sync's Agents list says the agent talks to this channel (TalkingToChan) since `callStarted`: its CoreShowChannel item makes the call. */
  readonly talkingTo?: { readonly channel: string; readonly callStarted: number | null };
}

export interface AgentState {
  readonly identity: AgentIdentity;
  readonly snapshot: Snapshot;
  /** The agent's channels by Uniqueid. */
  readonly legs: ReadonlyMap<string, Leg>;
  /** The agent's calls by Linkedid, in the order they appeared. */
  readonly calls: ReadonlyMap<string, CallTrack>;
  /** Uniqueids of the agent's channels that hung up (bounded): late events for them make no ghost call. */
  readonly ended: readonly string[];
  /** Callers waiting per queue (every queue seen: QueueParams may come before the agent's membership). */
  readonly waiting: ReadonlyMap<string, number>;
  /**
   * Callers in a queue as [Uniqueid, queue], oldest first: the queue a call came through. A short
   * list (the callers waiting in the agent's queues), copied cheaply on every join and leave.
   */
  readonly callers: ReadonlyArray<readonly [string, string]>;
  /** An ExtensionStatus for the agent's hint was seen: the hint, not the device, sets the state. */
  readonly hintSeen: boolean;
  /** PJSIP contacts of the agent's AOR, by URI: reachable or not. */
  readonly contacts: Readonly<Record<string, boolean>>;
  /** The PBX's Uptime from its last FullyBooted: a lower one means it restarted. */
  readonly uptime: number | null;
  /** DIDs of calls seen starting, by Linkedid (bounded, see dids.ts): most never reach the agent. */
  readonly dids: Dids;
  /**
   * Calls a colleague blind-transferred towards the agent, by Linkedid, before the agent's phone
   * rang (the BlindTransfer event comes first): [Linkedid, the colleague], newest last, bounded.
   */
  readonly handedOver: ReadonlyArray<readonly [string, Party]>;
  /** The agent pool's login call, while the agent is logged in. */
  readonly login: PoolLogin | null;
}

export interface Logger {
  warn(message: string): void;
}

export const silentLogger: Logger = { warn: () => {} };

/** Logs each distinct warning once: a flood of the same bad field must not flood the log. */
export function onceLogger(logger: Logger, limit = 1000): Logger {
  const seen = new Set<string>();
  return {
    warn(message) {
      if (seen.has(message) || seen.size >= limit) return;
      seen.add(message);
      logger.warn(message);
    },
  };
}

export const HISTORY_LIMIT = 50;
export const ENDED_LIMIT = 256;
export const CALLERS_LIMIT = 1000;
export const HANDED_OVER_LIMIT = 16;

/** How an ended call went for this agent. */
export function outcomeOf(answeredAt: number | null, answeredBy: string | null | undefined): CallOutcome {
  if (answeredAt !== null) return 'answered';
  return answeredBy != null ? 'answered-elsewhere' : 'missed';
}

export function emptySnapshot(identity: AgentIdentity, now = 0): Snapshot {
  return {
    connection: { status: 'disconnected', error: null, errorPhrase: null, pbx: null, since: now, stale: true },
    extension: { number: identity.extension, device: identity.device, state: 'unknown', registered: null },
    queues: [],
    calls: [],
    history: [],
    ...(identity.agent === null ? {} : { agent: loggedOut(identity.agent, null) }),
  };
}

/** The pool agent as logged out (since `since`, when known). */
export function loggedOut(number: string, since: number | null, by: AgentPoolInfo['loggedOutBy'] = null): AgentPoolInfo {
  return { number, loggedIn: false, since, callable: false, channel: null, loggedOutBy: by };
}

export function emptyState(identity: AgentIdentity, now = 0): AgentState {
  return {
    identity,
    snapshot: emptySnapshot(identity, now),
    legs: new Map(),
    calls: new Map(),
    ended: [],
    waiting: new Map(),
    callers: [],
    hintSeen: false,
    contacts: {},
    uptime: null,
    dids: [],
    handedOver: [],
    login: null,
  };
}
