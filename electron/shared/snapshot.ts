/**
 * The snapshot: the one picture of the agent that every shell shows (tray, renderer, CLI).
 * A contract (../shared/DESIGN.md): fields are added, never renamed. Type-only, safe for the renderer.
 */
import type { Phrase } from './phrases/index.ts';

export type ConnectionStatus = 'disconnected' | 'connecting' | 'syncing' | 'live' | 'reconnecting' | 'failed';

export interface ConnectionInfo {
  status: ConnectionStatus;
  /** A sentence a person understands (English), or null when all is well. */
  error: string | null;
  /** The same as a phrase, for a shell that says it in the agent's language (absent: show `error`). */
  errorPhrase?: Phrase | null;
  /** What the PBX said of itself; null until known. */
  pbx: { asteriskVersion: string | null; amiVersion: string | null } | null;
  /** When the status last changed (ms since the epoch, from the injected clock). */
  since: number;
  /** True while not live: the values below are the last known ones, not the PBX's word. */
  stale: boolean;
  /** A label for the UI, e.g. "Demo PBX" when connected to the built-in demo. */
  label?: string;
  /**
   * Present when the AMI session crosses the network unencrypted (no TLS, and the PBX is not this
   * machine): the shells say so, so a plain-text session is never silent. `message` in English.
   */
  plainText?: { host: string; message: string; phrase: Phrase };
}

export type ExtensionState = 'unknown' | 'unavailable' | 'idle' | 'ringing' | 'inuse' | 'busy' | 'onhold';

export interface ExtensionInfo {
  number: string;
  device: string;
  state: ExtensionState;
  registered: boolean | null;
}

export interface QueueInfo {
  name: string;
  /** The member interface as the queue knows it: `PJSIP/1001` or `Local/1001@from-queue/n`. */
  interface: string | null;
  /** The member's name in this queue (`Agent 1001`): what queue_log and wallboards call the agent. */
  memberName?: string;
  member: boolean;
  paused: boolean;
  pausedReason: string;
  /** QueueMemberStatus Status as a word: idle, inuse, busy, invalid, unavailable, ringing, ringinuse, onhold, unknown. */
  status: string;
  callsWaiting: number;
  /** ms since the epoch, or null. */
  lastCallAt: number | null;
}

export type CallDirection = 'inbound' | 'outbound' | 'internal';
export type CallState = 'ringing' | 'dialing' | 'up' | 'onhold';
export type RecordingState = 'off' | 'on' | 'muted';

export interface Party {
  number: string;
  name: string;
}

export interface CallInfo {
  /** The Linkedid: stable across every leg of the call. */
  id: string;
  /** The agent's own leg, e.g. `PJSIP/1001-00000004`. */
  channel: string | null;
  direction: CallDirection;
  state: CallState;
  remote: Party;
  queue: string | null;
  vars: Record<string, string>;
  recording: RecordingState;
  startedAt: number;
  answeredAt: number | null;
  /** The agent leg's Uniqueid, when known (the screen pop's `{uniqueid}`). */
  uniqueid?: string | null;
  /** The number the caller dialled (the DID), when known (the screen pop's `{did}`). */
  did?: string | null;
  /** A consultation (attended transfer): the id of the customer's call it was started from. */
  consultationOf?: string | null;
  /** A colleague handed this call to the agent (blind or attended transfer). */
  transferredBy?: Party | null;
  /** The agent placed this call (dialled from the phone or the app): outgoing, whatever its direction (an internal call too). */
  placedByAgent?: boolean;
  /**
   * A queue call connected into the agent pool's held login call (`channel` is that login call):
   * the Uniqueid of the customer's own channel, which hang up, transfer and recording act on.
   */
  customerUniqueid?: string;
}

/**
 * How an ended call went for this agent: answered here, missed (rang here and nobody answered, or
 * the caller gave up), or answered by a colleague (a ring-all queue, a ring group).
 */
export type CallOutcome = 'answered' | 'missed' | 'answered-elsewhere';

export interface HistoryEntry {
  id: string;
  direction: CallDirection;
  remote: Party;
  queue: string | null;
  vars: Record<string, string>;
  startedAt: number;
  /** null: never answered by this agent (a missed call when inbound). */
  answeredAt: number | null;
  endedAt: number;
  outcome: CallOutcome;
  /** answered-elsewhere: the colleague who took it (an extension, or the queue's member name). */
  answeredBy?: string;
  /** The agent handed the call over to this party (blind or attended transfer). */
  transferredTo?: Party;
  /** A colleague handed the call to the agent. */
  transferredBy?: Party;
  /** A consultation: the id of the customer's call it was started from. */
  consultationOf?: string;
  /** The agent placed this call: outgoing, whatever its direction. */
  placedByAgent?: boolean;
}

/**
 * The agent in Asterisk's agent pool (app_agent_pool, Issabel's call center): logged in while the
 * phone holds its AgentLogin call; callable once a queue's pool member (`Local/9001@agents`,
 * state interface `Agent:9001`) is no longer unavailable (a few seconds after the login).
 */
export interface AgentPoolInfo {
  /** The agent number, e.g. `9001`. */
  number: string;
  loggedIn: boolean;
  /** When the agent logged in or out (ms since the epoch), or null when not known. */
  since: number | null;
  /** Queue calls can reach the agent now. */
  callable: boolean;
  /** The held login call's channel (`PJSIP/1001-00000005`), or null when logged out. */
  channel: string | null;
  /**
   * How the last login ended: `request` (AgentLogoff asked for it), `hangup` (the login call hung
   * up: the phone, or the network dropping it); null while logged in or not known.
   */
  loggedOutBy?: 'request' | 'hangup' | null;
}

/** The automatic pause after a queue call: shown as a countdown until `endsAt`. */
export interface AfterCallWorkInfo {
  /** The pause reason sent to the PBX. */
  reason: string;
  /** ms since the epoch, from the injected clock. */
  endsAt: number;
  /** The call it follows (its Linkedid): the one the after-call card is for. */
  callId?: string;
  /** The time is up, but a disposition is required first: the pause holds until it is saved. */
  waitingForDisposition?: boolean;
}

/** A disposition the agent can choose after a call: a code for the CRM and queue_log, a label to read. */
export interface DispositionChoice {
  code: string;
  label: { en: string; es?: string };
}

/** The call log to the CRM (electron/core/calllog). */
export interface CallLogInfo {
  /** The dispositions to choose from, in the settings' order. */
  choices: DispositionChoice[];
  /** A disposition must be saved before after-call work ends. */
  required: boolean;
  /** Dispositions saved for recent calls: call id -> code. */
  saved: Record<string, string>;
  /** Records the CRM has not taken yet. */
  waiting: number;
  /** Records the CRM refused (kept aside, not sent again). */
  aside: number;
}

/** A colleague's phone as the PBX reports it (ExtensionStatus / hint state). */
export type ColleagueState = 'unknown' | 'unavailable' | 'idle' | 'ringing' | 'inuse' | 'onhold';

/** A colleague in the team view (issue 18): in one of the agent's queues, or listed in `team.extensions`. */
export interface Colleague {
  extension: string;
  /** The PBX's name for the extension (hint or endpoint name), '' when unknown. Plain text, never markup. */
  name: string;
  state: ColleagueState;
  /** Paused in one of the agent's queues; null when the colleague is in none of them. */
  paused: boolean | null;
  pausedReason: string;
  /** When the colleague's current call began (ms since the epoch), or null when not on a call. */
  onCallSince: number | null;
  /** The agent's queues this colleague is a member of (empty for a `team.extensions` colleague). */
  queues: string[];
}

/** One of the agent's queues, its live numbers as Asterisk reports them. */
export interface QueueFigures {
  name: string;
  callsWaiting: number;
  /** The longest wait of a caller now waiting, in seconds (0 when none waits). */
  longestWaitSeconds: number;
  /**
   * When the caller waiting longest joined (ms since the epoch), null when none waits: a shell counts
   * the wait up from it between snapshots (longestWaitSeconds is as of the last change).
   */
  oldestCallerSince?: number | null;
  /** Answered (Completed) and abandoned calls as the PBX counts them (since its last reset or restart). */
  answered: number;
  abandoned: number;
  /** Service level as Asterisk reports it (QueueParams ServicelevelPerf, percent), null when unknown. */
  serviceLevel: number | null;
  /** Members available (idle, not paused), paused, and busy (on a call or ringing). */
  available: number;
  paused: number;
  busy: number;
}

export interface TeamInfo {
  /** Bounded (the first `team.maxMembers`, default 1000), sorted by extension. */
  members: Colleague[];
  queues: QueueFigures[];
}

/** The agent's own figures for today (local time; reset at midnight). */
export interface MyFigures {
  callsTaken: number;
  talkSeconds: number;
  /** Seconds paused today, per reason ('' for a pause without one). */
  pausedSeconds: Record<string, number>;
  /** When the agent's last call ended (ms since the epoch), or null. */
  lastCallAt: number | null;
}

export interface Snapshot {
  connection: ConnectionInfo;
  extension: ExtensionInfo;
  queues: QueueInfo[];
  calls: CallInfo[];
  history: HistoryEntry[];
  /** The agent pool's agent; absent when the settings name no agent number. */
  agent?: AgentPoolInfo;
  /** After-call work in progress, or null; absent when after-call work is off. */
  afterCallWork?: AfterCallWorkInfo | null;
  /** The call log to the CRM; absent when none is set. */
  callLog?: CallLogInfo;
  /** Colleagues and the agent's queues' live numbers (issue 18); absent until the core serves them. */
  team?: TeamInfo;
  /** The agent's own figures today; absent until the core serves them. */
  me?: MyFigures;
}
