/**
 * Dialing from outside the app: the hotkey over the selected text and links (DialFlow), the request
 * kept until the popover takes it (after a launch link the page may not be listening yet when it is
 * pushed), and the global shortcut applied with a word to the agent when it cannot be.
 */
import type { SettingsStore } from '../core/settings/store.ts';
import type { CompanionVerbs, VerbResult } from '../shared/companion.ts';
import type { DialRequest } from '../shared/ipc.ts';
import { phrase, type Phrase } from '../shared/phrases/index.ts';
import type { ElectronApi } from './api.ts';
import { DialFlow } from './dial-flow.ts';
import type { Push } from './push.ts';
import { readSelectedText } from './selection.ts';
import { DialShortcut } from './shortcut.ts';

export interface Dialing {
  flow: DialFlow;
  shortcut: DialShortcut;
  /** Runs the hotkey's action: read the selection, extract, preview or dial. */
  dialSelection(): Promise<void>;
  /** Registers the hotkey (the one before is released); a failure or a warning is told to the agent. */
  applyShortcut(accelerator: string): VerbResult;
  /** The request waiting for the popover, once; null when none. */
  takePending(): DialRequest | null;
  /** A dial from the popover supersedes the waiting request. */
  clearPending(): void;
}

export interface DialingDeps {
  host: Pick<CompanionVerbs, 'previewDial' | 'dial'>;
  settings: SettingsStore;
  showPopover: () => void;
  push: Push;
  tell: (message: Phrase) => void;
}

/** Registers the saved hotkey. */
export function setupDialing(api: ElectronApi, { host, settings, showPopover, push, tell }: DialingDeps): Dialing {
  let pendingDial: DialRequest | null = null;
  const flow = new DialFlow({
    companion: () => host,
    confirmBeforeDial: () => settings.settings.dialing.confirmBeforeDial,
    showPreview: (request) => {
      pendingDial = request;
      showPopover();
      push('push:dial-request', request);
    },
    tell,
  });
  const dialSelection = async () => {
    const selected = await readSelectedText(api);
    if (!selected.ok) return tell(selected.phrase);
    await flow.fromSelection(selected.text);
  };
  const shortcut = new DialShortcut(api, () => void dialSelection());
  const applyShortcut = (accelerator: string): VerbResult => {
    const result = shortcut.apply(accelerator);
    if (!result.ok) tell(phrase('desktop.hotkey-inactive', { why: result.phrase }));
    else if (result.warning) tell(result.warning);
    return result.ok ? { ok: true } : { ok: false, error: result.error, phrase: result.phrase };
  };
  applyShortcut(settings.settings.dialing.hotkey);
  return {
    flow,
    shortcut,
    dialSelection,
    applyShortcut,
    takePending: () => {
      const taken = pendingDial;
      pendingDial = null;
      return taken;
    },
    clearPending: () => {
      pendingDial = null;
    },
  };
}
