/**
 * The pause reasons the agent picks from. The code is what reaches the PBX (QueuePause Reason) and
 * the queue log; the labels are what people read. The same defaults as the settings schema
 * (DEFAULT_PAUSE_REASONS in electron/core/settings/schema.ts); the settings will feed them later.
 */
import type { Language } from './i18n.svelte.ts';

export interface PauseReason {
  code: string;
  labels: Record<Language, string>;
}

export const PAUSE_REASONS: readonly PauseReason[] = [
  { code: 'Break', labels: { en: 'Break', es: 'Descanso' } },
  { code: 'Lunch', labels: { en: 'Lunch', es: 'Almuerzo' } },
  { code: 'Meeting', labels: { en: 'Meeting', es: 'Reunión' } },
  { code: 'Training', labels: { en: 'Training', es: 'Capacitación' } },
  { code: 'Paperwork', labels: { en: 'After-call work', es: 'Trabajo posterior' } },
];

/** The label of a reason the PBX reports; a reason set elsewhere (a phone, a supervisor) shows as sent. */
export function reasonLabel(code: string, lang: Language): string {
  return PAUSE_REASONS.find((reason) => reason.code === code)?.labels[lang] ?? code;
}
