/**
 * The screen pop's own window ('window' mode): the CRM page for one call, in a content window from the
 * hardened factory: no preload (the page never reaches the agent's verbs), a session of its own whose
 * permission requests are all refused (permissions.ts, at start-up), navigation only within the popped
 * URL's origin (and the CRM's sign-in origins the settings list), no new windows; links sent to the
 * browser only after the agent's click or key, a few a minute (outbound-gate.ts).
 * Only URLs whose scheme is allowed are loaded. One window per call; the lifecycle closes it when the
 * call leaves the agent unanswered.
 */
import type { VerbResult } from '../shared/companion.ts';
import { refused } from '../shared/phrases/index.ts';
import type { WindowLike } from './api.ts';
import { checkAllowedUrl } from './external.ts';
import type { WindowFactory } from './windows.ts';
import { originOf } from './windows.ts';

/** Persistent, so the agent's CRM login survives a restart; apart from the app's own session. */
export const POP_PARTITION = 'persist:screen-pop';
export const POP_WINDOW_SIZE = { width: 1100, height: 780 };

export class PopWindows {
  private readonly open = new Map<string, WindowLike>();

  constructor(
    private readonly factory: WindowFactory,
    private readonly allowedSchemes: () => readonly string[],
    /** Sign-in origins the window may also go to (settings: screenPop.windowOrigins). */
    private readonly signInOrigins: () => readonly string[] = () => [],
  ) {}

  /** Shows the call's page (the same window again for the same call), or says why it was not loaded. */
  show(callId: string, url: string, title: string): VerbResult {
    const checked = checkAllowedUrl(url, this.allowedSchemes());
    if (!checked.ok) return checked;
    const origin = originOf(checked.href);
    if (!origin) return refused('desktop.pop-no-origin', { url: url.slice(0, 100) });
    const existing = this.open.get(callId);
    if (existing && !existing.isDestroyed()) {
      existing.show();
      existing.focus();
      return { ok: true };
    }
    const window = this.factory.createContent({
      ...POP_WINDOW_SIZE,
      title,
      origin,
      alsoOrigins: this.signInOrigins(),
      partition: POP_PARTITION,
    });
    this.open.set(callId, window);
    window.on('closed', () => {
      if (this.open.get(callId) === window) this.open.delete(callId);
    });
    void window.loadURL(checked.href).catch(() => {
      // A page that fails to load shows Chromium's error page in the window; the agent sees it there.
    });
    window.show();
    window.focus();
    return { ok: true };
  }

  /** Closes the call's window; false when it has none open. */
  close(callId: string): boolean {
    const window = this.open.get(callId);
    this.open.delete(callId);
    if (!window || window.isDestroyed()) return false;
    window.close();
    return true;
  }

  /** The window showing this call's page, if one is open. */
  windowFor(callId: string): WindowLike | null {
    const window = this.open.get(callId);
    return window && !window.isDestroyed() ? window : null;
  }
}
