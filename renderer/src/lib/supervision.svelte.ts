/**
 * Supervisor listen and whisper as one piece of state, so the supervise card and the command palette
 * show and change the same thing: which agent this desk is listening or whispering to, if any.
 */
import type { SuperviseMode } from '@shared/bridge.ts';
import type { VerbResult } from '@shared/companion.ts';

export interface SupervisorVerbs {
  supervise(agent: string, mode: SuperviseMode): Promise<VerbResult>;
  stopSupervising(): Promise<VerbResult>;
}

export class Supervision {
  /** Offered by the running core (a supervisor on ARI), as the app says. */
  available = $state(false);
  active = $state<{ agent: string; mode: SuperviseMode } | null>(null);
  #verbs = $state<SupervisorVerbs | null>(null);

  /** The bridge's verbs, when the shell has them; without them nothing is offered. */
  use(verbs: SupervisorVerbs | null): void {
    this.#verbs = verbs;
  }

  get offered(): boolean {
    return this.available && this.#verbs !== null;
  }

  async start(agent: string, mode: SuperviseMode): Promise<VerbResult> {
    if (!this.#verbs) return { ok: false, error: '' };
    const result = await this.#verbs.supervise(agent, mode);
    if (result.ok) this.active = { agent, mode };
    return result;
  }

  async stop(): Promise<VerbResult> {
    if (!this.#verbs) return { ok: false, error: '' };
    const result = await this.#verbs.stopSupervising();
    // Stopped, or there was nothing to stop: either way nothing is running now.
    this.active = null;
    return result;
  }
}
