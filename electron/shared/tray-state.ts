/**
 * The tray's state at a glance, derived from the snapshot: one word for the icon and a sentence for
 * the tooltip. Pure and type-only in its imports, so the renderer may show the same words.
 */
import type { Snapshot } from './snapshot.ts';

export const TRAY_STATES = ['offline', 'connecting', 'available', 'ringing', 'oncall', 'paused', 'error'] as const;
export type TrayState = (typeof TRAY_STATES)[number];
export type Language = 'en' | 'es';

/** The most urgent thing first: no PBX, then a ringing call, a call, a pause (after-call work is one), a phone that is gone. */
export function trayStateFromSnapshot(snapshot: Snapshot): TrayState {
  const { connection, extension, calls, queues } = snapshot;
  switch (connection.status) {
    case 'disconnected':
      return 'offline';
    case 'failed':
      return 'error';
    case 'connecting':
    case 'syncing':
    case 'reconnecting':
      return 'connecting';
    case 'live':
      break;
  }
  if (calls.some((call) => call.state === 'ringing') || extension.state === 'ringing') return 'ringing';
  if (calls.length > 0 || extension.state === 'inuse' || extension.state === 'busy' || extension.state === 'onhold') return 'oncall';
  // After-call work is a pause from its start, before the PBX has confirmed every queue.
  if (snapshot.afterCallWork) return 'paused';
  const memberOf = queues.filter((queue) => queue.member);
  if (memberOf.length > 0 && memberOf.every((queue) => queue.paused)) return 'paused';
  if (extension.state === 'unavailable' || extension.registered === false) return 'error';
  return 'available';
}

const WORDS: Record<Language, Record<TrayState, string>> = {
  en: { offline: 'Offline', connecting: 'Connecting…', available: 'Available', ringing: 'Ringing', oncall: 'On a call', paused: 'Paused', error: 'Problem' },
  es: { offline: 'Sin conexión', connecting: 'Conectando…', available: 'Disponible', ringing: 'Sonando', oncall: 'En llamada', paused: 'En pausa', error: 'Problema' },
};

export function trayStateWord(state: TrayState, language: Language = 'en'): string {
  return WORDS[language][state];
}

/** The core's default after-call work reason (electron/core/actions/after-call.ts), in the agent's language. */
const AFTER_CALL_WORK: Record<Language, { reason: string; left: (seconds: number) => string }> = {
  en: { reason: 'After-call work', left: (seconds) => `${seconds} s left` },
  es: { reason: 'Trabajo posterior', left: (seconds) => `quedan ${seconds} s` },
};

/** Whole seconds of after-call work left at `now` (rounded up, so it reads 1 until it ends), or null when none runs. */
export function afterCallWorkSecondsLeft(snapshot: Snapshot, now: number): number | null {
  const acw = snapshot.afterCallWork;
  return acw ? Math.max(0, Math.ceil((acw.endsAt - now) / 1000)) : null;
}

/**
 * The tooltip: `PBX Companion — Paused (Lunch) · 1001 · Demo PBX`, in words a person reads at a glance.
 * During after-call work: `Paused (After-call work, 25 s left)`, counted at `now`.
 */
export function trayTooltip(snapshot: Snapshot, language: Language = 'en', now: number = Date.now()): string {
  const state = trayStateFromSnapshot(snapshot);
  let detail = '';
  const acwLeft = afterCallWorkSecondsLeft(snapshot, now);
  if (state === 'paused' && snapshot.afterCallWork && acwLeft !== null) {
    const words = AFTER_CALL_WORK[language];
    const reason = snapshot.afterCallWork.reason === AFTER_CALL_WORK.en.reason ? words.reason : snapshot.afterCallWork.reason;
    detail = ` (${reason}, ${words.left(acwLeft)})`;
  } else if (state === 'paused') {
    const reason = snapshot.queues.find((queue) => queue.member && queue.paused && queue.pausedReason)?.pausedReason;
    if (reason) detail = ` (${reason})`;
  } else if (state === 'ringing' || state === 'oncall') {
    const call = snapshot.calls.find((c) => c.state === 'ringing') ?? snapshot.calls[0];
    const who = call ? call.remote.name || call.remote.number : '';
    if (who) detail = ` · ${who}`;
  } else if (state === 'error') {
    const why =
      snapshot.connection.status === 'failed'
        ? snapshot.connection.error
        : language === 'es'
          ? `el teléfono ${snapshot.extension.device || snapshot.extension.number} no está registrado`
          : `phone ${snapshot.extension.device || snapshot.extension.number} is not registered`;
    if (why) detail = `: ${why}`;
  } else if (state === 'offline' && snapshot.connection.error) {
    detail = `: ${snapshot.connection.error}`;
  }
  const extension = snapshot.extension.number ? ` · ${snapshot.extension.number}` : '';
  // Which PBX, when it has a name ("Demo PBX" on a first run): the agent must not mistake the demo for work.
  const label = snapshot.connection.label ? ` · ${snapshot.connection.label}` : '';
  // Windows cuts tray tooltips at 127 characters: the detail is cut, never the label.
  const text = `PBX Companion — ${trayStateWord(state, language)}${detail}${extension}`;
  return text.length + label.length <= 127 ? `${text}${label}` : `${text.slice(0, 127 - label.length)}${label}`;
}
