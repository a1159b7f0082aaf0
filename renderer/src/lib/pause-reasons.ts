/**
 * The pause reasons the agent picks from. The code is what reaches the PBX (QueuePause Reason) and
 * the queue log; the labels are what people read. A constant until the settings window edits them.
 */
import type { Language } from './i18n.svelte.ts';

export interface PauseReason {
  code: string;
  labels: Record<Language, string>;
}

export const PAUSE_REASONS: readonly PauseReason[] = [
  { code: 'break', labels: { en: 'Break', es: 'Descanso' } },
  { code: 'lunch', labels: { en: 'Lunch', es: 'Comida' } },
  { code: 'meeting', labels: { en: 'Meeting', es: 'Reunión' } },
  { code: 'training', labels: { en: 'Training', es: 'Formación' } },
  { code: 'backoffice', labels: { en: 'Back-office work', es: 'Trabajo administrativo' } },
  { code: 'technical', labels: { en: 'Technical problem', es: 'Problema técnico' } },
];

/** The label of a reason the PBX reports; a reason set elsewhere (a phone, a supervisor) shows as sent. */
export function reasonLabel(code: string, lang: Language): string {
  return PAUSE_REASONS.find((reason) => reason.code === code)?.labels[lang] ?? code;
}
