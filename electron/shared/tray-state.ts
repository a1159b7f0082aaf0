/**
 * The tray's tooltip: the agent's one word (agent-status.ts) with the reason, the caller or the
 * problem, said in the agent's language from the phrase catalogs. Pure and type-only in its imports.
 */
import {
  AFTER_CALL_WORK_DEFAULT_REASON,
  afterCallWorkSecondsLeft,
  agentStatus,
  agentStatusPhrase,
  currentCall,
  isDialling,
  pauseReason,
} from './agent-status.ts';
import { phrase, verbatim } from './phrases/index.ts';
import { sayIn, type PhraseLanguage } from './phrases/say.ts';
import type { Snapshot } from './snapshot.ts';

/** The languages the app speaks (the phrase catalogs'). */
export type Language = PhraseLanguage;

/**
 * The tooltip: `PBX Companion — Paused (Lunch) · 1001 · Demo PBX`, in words a person reads at a glance.
 * During after-call work: `Paused (After-call work, 25 s left)`, counted at `now`.
 */
export function trayTooltip(snapshot: Snapshot, language: Language = 'en', now: number = Date.now()): string {
  const state = agentStatus(snapshot);
  const say = (code: Parameters<typeof phrase>[0], params?: Parameters<typeof phrase>[1]) => sayIn(phrase(code, params), language);
  let detail = '';
  const acwLeft = afterCallWorkSecondsLeft(snapshot, now);
  if (state === 'paused' && snapshot.afterCallWork && acwLeft !== null) {
    const reason =
      snapshot.afterCallWork.reason === AFTER_CALL_WORK_DEFAULT_REASON ? say('status.after-call-work') : snapshot.afterCallWork.reason;
    detail = ` (${reason}, ${say('status.seconds-left', { seconds: acwLeft })})`;
  } else if (state === 'paused') {
    const reason = pauseReason(snapshot);
    if (reason) detail = ` (${reason})`;
  } else if (state === 'ringing' || state === 'oncall') {
    const call = currentCall(snapshot);
    const who = call ? call.remote.name || call.remote.number : '';
    if (who) detail = ` · ${who}`;
  } else if (state === 'error') {
    const why =
      snapshot.connection.status === 'failed'
        ? connectionError(snapshot, language)
        : say('status.phone-not-registered', { device: snapshot.extension.device || snapshot.extension.number });
    if (why) detail = `: ${why}`;
  } else if (state === 'offline' && snapshot.connection.error) {
    detail = `: ${connectionError(snapshot, language)}`;
  }
  const extension = snapshot.extension.number ? ` · ${snapshot.extension.number}` : '';
  // Which PBX, when it has a name ("Demo PBX" on a first run): the agent must not mistake the demo for work.
  const label = snapshot.connection.label ? ` · ${snapshot.connection.label}` : '';
  // Windows cuts tray tooltips at 127 characters: the detail is cut, never the label.
  const word = state === 'oncall' && isDialling(snapshot) ? phrase('status.dialling') : agentStatusPhrase(state);
  const text = `PBX Companion — ${sayIn(word, language)}${detail}${extension}`;
  return text.length + label.length <= 127 ? `${text}${label}` : `${text.slice(0, 127 - label.length)}${label}`;
}

/** The connection's problem in the agent's language: its phrase, or the English a core without one sent. */
function connectionError(snapshot: Snapshot, language: Language): string {
  const { error, errorPhrase } = snapshot.connection;
  return sayIn(errorPhrase ?? verbatim(error ?? ''), language);
}
