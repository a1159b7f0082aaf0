/**
 * The pause reasons the agent picks from: the settings' list (settings.pauseReasons) where the shell
 * gives settings, else the same defaults as the schema (DEFAULT_PAUSE_REASONS). The code is what
 * reaches the PBX (QueuePause Reason) and the queue log; the labels are what people read.
 */
import { has, type RendererBridge } from './bridge.ts';
import type { Language } from './i18n.svelte.ts';

export interface PauseReason {
  code: string;
  labels: Record<Language, string>;
}

export const DEFAULT_PAUSE_REASONS: readonly PauseReason[] = [
  { code: 'Break', labels: { en: 'Break', es: 'Descanso' } },
  { code: 'Lunch', labels: { en: 'Lunch', es: 'Almuerzo' } },
  { code: 'Meeting', labels: { en: 'Meeting', es: 'Reunión' } },
  { code: 'Training', labels: { en: 'Training', es: 'Capacitación' } },
  { code: 'Paperwork', labels: { en: 'After-call work', es: 'Trabajo posterior' } },
];

export class PauseReasons {
  list = $state.raw<readonly PauseReason[]>(DEFAULT_PAUSE_REASONS);

  /** Reads the settings' reasons; keeps the defaults when the shell has no settings or they fail to load. */
  async load(bridge: RendererBridge | undefined): Promise<void> {
    if (!has(bridge, 'getSettings')) return;
    try {
      const { settings } = await bridge.getSettings();
      if (settings.pauseReasons.length > 0)
        this.list = settings.pauseReasons.map((r) => ({ code: r.code, labels: { en: r.label.en, es: r.label.es } }));
    } catch {
      // The defaults stay: the agent can still pause.
    }
  }

  /** The label of a reason the PBX reports; a reason set elsewhere (a phone, a supervisor) shows as sent. */
  label(code: string, lang: Language): string {
    return this.list.find((reason) => reason.code === code)?.labels[lang] ?? code;
  }
}
