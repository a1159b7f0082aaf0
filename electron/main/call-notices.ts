/**
 * Desktop notifications of the agent's calls, whether or not a screen pop is set up (an agent
 * without a CRM still needs to know a call rings, and that one was missed): an incoming call (its
 * caller, queue and customer id), once per call, and a missed one (rang here, nobody answered; not
 * a call a colleague took). Each is switchable in the settings; clicking one opens the popover on
 * that call.
 * A pop that is itself a notification already tells of the ringing call: no second one.
 */
import { popNotification } from '../core/screenpop/notification.ts';
import { PopTrigger } from '../core/screenpop/trigger.ts';
import type { Settings } from '../shared/settings.ts';
import { phrase, type PhraseCode, type PhraseParam } from '../shared/phrases/index.ts';
import { sayIn } from '../shared/phrases/say.ts';
import type { Snapshot } from '../shared/snapshot.ts';
import type { Language } from '../shared/tray-state.ts';
import type { Notify } from './notifications.ts';

export interface CallNoticesDeps {
  subscribe(listener: (snapshot: Snapshot) => void): () => void;
  snapshot(): Snapshot;
  settings: () => Settings;
  language: () => Language;
  notify: Notify;
  /** Clicking a notice: the popover, on top, showing that call. */
  showCall: (callId: string) => void;
}

/** The history entries already there are not news: only calls that end from now on are told. */
export function setupCallNotices(deps: CallNoticesDeps): () => void {
  const ringing = new PopTrigger({ when: 'ring', directions: ['inbound', 'internal'] });
  let told = new Set(deps.snapshot().history.map((entry) => entry.id));
  ringing.next(deps.snapshot());
  const say = (code: PhraseCode, params?: Record<string, PhraseParam>) => sayIn(phrase(code, params), deps.language());
  const labels = () => ({
    number: say('desktop.pop.number'),
    queue: say('desktop.pop.queue'),
    customer: say('desktop.pop.customer'),
    unknownCaller: say('unknown-caller'),
  });
  const open = (callId: string) => ({ label: say('desktop.notice.show'), run: () => deps.showCall(callId) });

  return deps.subscribe((snapshot) => {
    const settings = deps.settings();
    const { incoming, missed } = settings.notifications;
    const popTells =
      settings.screenPop.template !== '' && settings.screenPop.trigger !== 'never' && settings.screenPop.open === 'notification';
    for (const decision of ringing.next(snapshot)) {
      if (decision.type !== 'pop' || !incoming || popTells) continue;
      const card = popNotification({ call: decision.call, url: null }, { labels: labels() });
      deps.notify(say('desktop.notice.incoming', { who: card.title }), card.body, open(decision.call.id));
    }
    for (const entry of snapshot.history) {
      if (told.has(entry.id) || !missed || entry.outcome !== 'missed' || entry.direction === 'outbound') continue;
      const card = popNotification({ call: entry, url: null }, { labels: labels() });
      deps.notify(say('desktop.notice.missed', { who: card.title }), card.body, open(entry.id));
    }
    // The history is bounded: what left it never comes back, so the set follows it.
    told = new Set(snapshot.history.map((entry) => entry.id));
  });
}
