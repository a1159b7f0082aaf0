/**
 * What the core calls back, as the shell carries it out: a screen pop (every window hears of it; the
 * CRM page opens as the settings say: the browser, the pop window, or a notification with an Open
 * action) and the core's news (how a click-to-dial went: every window shows it; a failure also as a
 * notification).
 */
import type { SettingsStore } from '../core/settings/store.ts';
import { verbatim, type Phrase } from '../shared/phrases/index.ts';
import type { Language } from '../shared/tray-state.ts';
import type { ElectronApi } from './api.ts';
import type { CompanionHooks } from './connection.ts';
import { openExternalSafely } from './external.ts';
import type { Notify } from './notifications.ts';
import { PopWindows } from './pop-window.ts';
import type { Push } from './push.ts';
import { createScreenPopShell } from './screen-pop.ts';
import type { WindowFactory } from './windows.ts';

export interface CoreHooksDeps {
  factory: WindowFactory;
  settings: SettingsStore;
  language: () => Language;
  notify: Notify;
  push: Push;
  tell: (message: Phrase) => void;
}

export function setupCoreHooks(
  api: ElectronApi,
  { factory, settings, language, notify, push, tell }: CoreHooksDeps,
): { hooks: CompanionHooks; popWindows: PopWindows } {
  const popWindows = new PopWindows(
    factory,
    () => settings.settings.screenPop.allowedSchemes,
    () => settings.settings.screenPop.windowOrigins,
  );
  const screenPop = createScreenPopShell({
    target: () => settings.settings.screenPop.open,
    language,
    notify,
    openExternal: (url) => openExternalSafely(api, url, settings.settings.screenPop.allowedSchemes),
    windows: popWindows,
    push: (pop) => push('push:pop', pop),
  });
  const notice = (message: string, level: 'info' | 'error', words: Phrase = verbatim(message)) => {
    push('push:notice', { message, phrase: words });
    if (level === 'error') tell(words);
  };
  const stateDir = api.app.getPath('userData');
  return { hooks: { pop: screenPop.pop, popLifecycle: screenPop.lifecycle, notice, stateDir }, popWindows };
}
