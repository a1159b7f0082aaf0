/**
 * Where a screen pop opens, as the settings say: the default browser, the app's own pop window, or only a
 * notification with the caller's name, number, queue and customer id and an "Open" action. The core
 * decides when (one pop per call); this decides where, and follows the pop's lifecycle: a call that left
 * the agent unanswered closes its pop window (call-notices.ts tells a missed call); one that rings here
 * again shows again.
 */
import type { LifecycleDecision, PopDecision } from '../core/screenpop/screenpop.ts';
import type { PopTarget } from '../core/screenpop/notification.ts';
import { popNotification } from '../core/screenpop/notification.ts';
import { phrase, verbatim, type Phrase, type PhraseCode, type PhraseParam } from '../shared/phrases/index.ts';
import { sayIn } from '../shared/phrases/say.ts';
import type { VerbResult } from '../shared/companion.ts';
import type { PushPayloads } from '../shared/ipc.ts';
import type { Language } from '../shared/tray-state.ts';
import type { Notify } from './notifications.ts';
import type { PopWindows } from './pop-window.ts';

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
  const say = (code: PhraseCode, params?: Record<string, PhraseParam>) => sayIn(phrase(code, params), o.language());
  const cardOf = (decision: { call: PopDecision['call']; url: string | null; lookup?: PopDecision['lookup'] }) =>
    popNotification(decision, {
      labels: {
        number: say('desktop.pop.number'),
        queue: say('desktop.pop.queue'),
        customer: say('desktop.pop.customer'),
        unknownCaller: say('unknown-caller'),
      },
    });
  /** Why the page did not open, as the core or the shell phrased it (English only from a core without a phrase). */
  const notOpened = (why: Phrase) => say('desktop.pop.not-opened', { why });

  /** Opens the pop where the settings say; `again` is a reopen (the browser's tab is still there). */
  const show = (
    decision: {
      callId: string;
      call: PopDecision['call'];
      url: string | null;
      lookup: PopDecision['lookup'];
      error?: string;
      errorPhrase?: Phrase;
    },
    again: boolean,
  ) => {
    const card = cardOf(decision);
    const url = decision.url;
    const target = o.target();
    if (!url) {
      const why = decision.errorPhrase ?? (decision.error ? verbatim(decision.error) : phrase('desktop.pop.no-address'));
      o.notify(card.title, [card.body, notOpened(why)].filter(Boolean).join('\n'));
      return;
    }
    const failed = (result: VerbResult) => !result.ok && o.notify(card.title, notOpened(result.phrase ?? verbatim(result.error)));
    if (target === 'notification') {
      o.notify(card.title, card.body, { label: say('desktop.pop.open'), run: () => void o.openExternal(url).then(failed) });
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
      // The call left the agent unanswered: its page goes; a missed call is told by call-notices.ts.
      o.windows.close(decision.callId);
    },
  };
}
