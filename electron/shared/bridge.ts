/**
 * What the preload script exposes to the renderer as `window.companion`: verbs and subscriptions,
 * nothing generic (never ipcRenderer itself). The Electron preload implements it over IPC; the
 * end-to-end tests implement it over a WebSocket to a real core. Type-only, safe for the renderer.
 */
import type { CompanionVerbs } from './companion.ts';
import type { Snapshot } from './snapshot.ts';

export interface CompanionBridge extends CompanionVerbs {
  getSnapshot(): Promise<Snapshot>;
  /** Called with every new snapshot; returns an unsubscribe. */
  onSnapshot(listener: (snapshot: Snapshot) => void): () => void;
  /** Called when the screen pop fires for a call. */
  onPop?(listener: (pop: { callId: string; url: string | null }) => void): () => void;
}

declare global {
  interface Window {
    companion: CompanionBridge;
  }
}
