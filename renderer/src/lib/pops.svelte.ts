/**
 * The screen pops the shell announced (bridge.onPop), kept while their call is on screen: a pop shows
 * as a banner until its call leaves the snapshot (answered elsewhere, hung up, ended).
 */
import type { Snapshot } from '@shared/snapshot.ts';
import type { RendererBridge } from './bridge.ts';

export interface Pop {
  callId: string;
  url: string | null;
}

/** The pop's address if it is a web page: the shell opens only those in the browser, and refuses other schemes anyway. */
export function pageUrl(pop: Pop | undefined): string | null {
  return pop?.url && /^https?:\/\//i.test(pop.url) ? pop.url : null;
}

export class Pops {
  items = $state.raw<Pop[]>([]);
  /** Pops whose call has been seen in a snapshot: they go once it is gone. */
  // Bookkeeping only: nothing on screen reads it, so it need not be reactive.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #seen = new Set<string>();

  listen(bridge: RendererBridge): () => void {
    return (
      bridge.onPop?.((pop) => {
        this.items = [...this.items.filter((p) => p.callId !== pop.callId), { callId: pop.callId, url: pop.url }];
      }) ?? (() => {})
    );
  }

  /** Drops the pops whose call has left; a pop that came before its call's snapshot waits for it. */
  follow(snapshot: Snapshot | null): void {
    const ids = { has: (id: string) => snapshot?.calls.some((c) => c.id === id) ?? false };
    for (const pop of this.items) if (ids.has(pop.callId)) this.#seen.add(pop.callId);
    const kept = this.items.filter((p) => ids.has(p.callId) || !this.#seen.has(p.callId));
    if (kept.length !== this.items.length) this.items = kept;
  }

  dismiss(callId: string): void {
    this.items = this.items.filter((p) => p.callId !== callId);
  }
}
