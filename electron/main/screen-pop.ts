/**
 * Where a screen pop opens, as the settings say: the default browser, the app's own pop window, or only a
 * notification with the caller's name, number, queue and customer id and an "Open" action. The core
 * decides when (one pop per call); this decides where, and follows the pop's lifecycle: a call that left
 * the agent unanswered closes its pop window and is told in words; one that rings here again shows again.
 */
import type { LifecycleDecision, PopDecision } from '../core/screenpop/screenpop.ts';
import type { PopTarget } from '../core/screenpop/notification.ts';
import { popNotification } from '../core/screenpop/notification.ts';
import type { Phrase } from '../shared/phrases/index.ts';
import { sayIn } from '../shared/phrases/say.ts';
import type { VerbResult } from '../shared/companion.ts';
import type { PushPayloads } from '../shared/ipc.ts';
import type { Language } from '../shared/tray-state.ts';
import type { Notify } from './notifications.ts';
import type { PopWindows } from './pop-window.ts';

const WORDS = {
  en: {
    labels: { number: 'Number', queue: 'Queue', customer: 'Customer', unknownCaller: 'Unknown caller' },
    open: 'Open',
    notOpened: (why: string) => `The customer's page was not opened: ${why}`,
    missed: (who: string) => `Missed call from ${who}: another agent answered or the caller hung up. It is in your recent calls.`,
    closed: 'Its pop window was closed.',
  },
  es: {
    labels: { number: 'Número', queue: 'Cola', customer: 'Cliente', unknownCaller: 'Llamante desconocido' },
    open: 'Abrir',
    notOpened: (why: string) => `No se abrió la ficha del cliente: ${why}`,
    missed: (who: string) => `Llamada perdida de ${who}: la atendió otro agente o colgó. Está en tus llamadas recientes.`,
    closed: 'Se cerró su ventana.',
  },
};

export interface ScreenPopShellOptions {
  target: () => PopTarget;
  language: () => Language;
  notify: Notify;
  /** Opens a URL in the system browser (allowed schemes only). */
  openExternal: (url: string) => Promise<VerbResult>;
  windows: PopWindows;
  /** Tells every app window (the popover shows the pop too). */
  push: (pop: PushPayloads['push:pop']) => void;
}

export interface ScreenPopShell {
  pop(decision: PopDecision): void;
  lifecycle(decision: LifecycleDecision): void;
}

export function createScreenPopShell(o: ScreenPopShellOptions): ScreenPopShell {
  const cardOf = (decision: { call: PopDecision['call']; url: string | null; lookup?: PopDecision['lookup'] }) =>
    popNotification(decision, { labels: WORDS[o.language()].labels });

  /** Opens the pop where the settings say; `again` is a reopen (the browser's tab is still there). */
  const show = (decision: { callId: string; call: PopDecision['call']; url: string | null; lookup: PopDecision['lookup']; error?: string; errorPhrase?: Phrase }, again: boolean) => {
    const words = WORDS[o.language()];
    const card = cardOf(decision);
    const url = decision.url;
    const target = o.target();
    if (!url) {
      o.notify(card.title, [card.body, words.notOpened(decision.errorPhrase ? sayIn(decision.errorPhrase, o.language()) : (decision.error ?? 'no address'))].filter(Boolean).join('\n'));
      return;
    }
    const failed = (result: VerbResult) => !result.ok && o.notify(card.title, words.notOpened(result.phrase ? sayIn(result.phrase, o.language()) : result.error));
    if (target === 'notification') {
      o.notify(card.title, card.body, { label: words.open, run: () => void o.openExternal(url).then(failed) });
    } else if (target === 'window') {
      failed(o.windows.show(decision.callId, url, card.title));
    } else if (!again) {
      void o.openExternal(url).then(failed);
    }
  };

  return {
    pop(decision) {
      o.push({ callId: decision.callId, url: decision.url });
      show(decision, false);
    },
    lifecycle(decision) {
      if (decision.type === 'reopen') return show(decision, true);
      const words = WORDS[o.language()];
      const closed = o.windows.close(decision.callId);
      const card = cardOf({ call: decision.call, url: null });
      o.notify(card.title, closed ? `${words.missed(card.title)} ${words.closed}` : words.missed(card.title));
    },
  };
}
