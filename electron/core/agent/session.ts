/**
 * The connection's life as the agent's picture sees it, pure like reduce(): the status line,
 * the rebuild on every login (from emptyState, never patched onto stale values), the PBX restart
 * seen in FullyBooted's Uptime, and ingest() = relevance filter + reduce. Used by the live engine
 * (sync.ts) and by transcript replays (replay.ts), so both tell the same story.
 */
import type { AmiMessage } from '../ami/message.ts';
import { english, phrase, type Phrase } from '../../shared/phrases/index.ts';
import type { ConnectionInfo, HistoryEntry } from '../../shared/snapshot.ts';
import { remember } from './dids.ts';
import { reduce } from './reduce.ts';
import { isRelevant } from './relevance.ts';
import type { AgentState, Logger } from './state.ts';
import { HISTORY_LIMIT, emptyState, outcomeOf, silentLogger } from './state.ts';

/**
 * One event in: the same state back when it cannot concern the agent (decided without parsing it),
 * except that a call's first channel may say its DID before the agent is part of the call.
 */
export function ingest(state: AgentState, message: AmiMessage, now: number, logger: Logger = silentLogger): AgentState {
  if (!isRelevant(state, message)) return rememberDid(state, message);
  return reduce(state, message, now, logger);
}

/** What an event the agent is not in says of a call's DID (reduce does the same for the others). */
function rememberDid(state: AgentState, message: AmiMessage): AgentState {
  const dids = remember(state.dids, message);
  return dids === state.dids ? state : { ...state, dids };
}

/** A change to the connection line. The error is a phrase: its English and the phrase are set (and cleared) together. */
export type ConnectionPatch = Partial<Omit<ConnectionInfo, 'error' | 'errorPhrase'>> & { error?: Phrase | null };

/** Changes the connection line; `since` moves only when the status does. */
export function withConnection(state: AgentState, patch: ConnectionPatch, now: number): AgentState {
  const current = state.snapshot.connection;
  const { error, ...rest } = patch;
  const next: ConnectionInfo = { ...current, ...rest };
  if (error !== undefined) {
    next.error = error === null ? null : english(error);
    next.errorPhrase = error;
  }
  if (patch.status !== undefined && patch.status !== current.status) next.since = now;
  if (next.status === 'live') next.stale = false;
  else next.stale = true;
  // A phrase is a fresh object each time: the same words are no change.
  const equal = (k: keyof ConnectionInfo) =>
    next[k] === current[k] || (k === 'errorPhrase' && JSON.stringify(next[k]) === JSON.stringify(current[k]));
  const same = (Object.keys(next) as Array<keyof ConnectionInfo>).every(equal);
  if (same) return state;
  return { ...state, snapshot: { ...state.snapshot, connection: next } };
}

/**
 * A fresh state to rebuild into after a login: empty, except what is not the PBX's current word:
 * the history, the connection line, the last known Uptime, and the DIDs seen (a caller in the IVR
 * during a drop may reach the agent after it; Linkedids are never reused, so none is wrong).
 */
export function rebuildFrom(previous: AgentState, now: number): AgentState {
  const empty = emptyState(previous.identity, now);
  return {
    ...empty,
    uptime: previous.uptime,
    dids: previous.dids,
    snapshot: { ...empty.snapshot, connection: previous.snapshot.connection, history: previous.snapshot.history },
  };
}

/**
 * Puts a rebuilt state in place of the shown (stale) one. Calls the agent had before that no longer
 * exist ended while we could not see: they go to the history, ended now.
 */
export function commitRebuild(shown: AgentState, built: AgentState, now: number): AgentState {
  const alive = new Set(built.snapshot.calls.map((c) => c.id));
  const gone: HistoryEntry[] = shown.snapshot.calls
    .filter((c) => !alive.has(c.id))
    .map((c) => ({
      id: c.id,
      direction: c.direction,
      remote: c.remote,
      queue: c.queue,
      vars: c.vars,
      startedAt: c.startedAt,
      answeredAt: c.answeredAt,
      endedAt: now,
      outcome: outcomeOf(c.answeredAt, null),
    }));
  if (gone.length === 0) return built;
  const ids = new Set(gone.map((g) => g.id));
  const history = [...gone, ...built.snapshot.history.filter((h) => !ids.has(h.id))].slice(0, HISTORY_LIMIT);
  return { ...built, snapshot: { ...built.snapshot, history } };
}

/** FullyBooted's Uptime lower than the last one seen: the PBX restarted, everything known is old. */
export function restartedBy(state: AgentState, fullyBooted: AmiMessage): { restarted: boolean; state: AgentState } {
  const text = fullyBooted.get('Uptime');
  if (text === undefined || !/^\d{1,12}$/.test(text)) return { restarted: false, state };
  const uptime = Number(text);
  const restarted = state.uptime !== null && uptime < state.uptime;
  return { restarted, state: uptime === state.uptime ? state : { ...state, uptime } };
}

/** `Asterisk Call Manager/11.0.0` -> `11.0.0`. */
export function amiVersionOf(banner: string): string | null {
  const slash = banner.lastIndexOf('/');
  return slash >= 0 && slash < banner.length - 1 ? banner.slice(slash + 1).trim() : null;
}

/** What a Shutdown event means to a person. */
export function shutdownText(event: AmiMessage): Phrase {
  return event.get('Restart')?.toLowerCase() === 'true' ? phrase('sync.pbx-restarting') : phrase('sync.pbx-shutting-down');
}
