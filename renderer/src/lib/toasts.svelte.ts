/**
 * Short messages at the bottom of the window: failures, and news of what happened out of sight (a
 * click-to-dial that ended, a supervisor's listen). What the agent just did shows in place, not here.
 */
export interface Toast {
  id: number;
  kind: 'info' | 'error';
  text: string;
  /** The verb whose outcome this is (its busy key): a new try, or a change of the agent's state, drops it. */
  topic?: string;
}

export class Toasts {
  items = $state<Toast[]>([]);
  #nextId = 1;

  /** Errors stay longer than confirmations: the agent must be able to read what went wrong. */
  show(kind: Toast['kind'], text: string, topic?: string): void {
    const id = this.#nextId++;
    this.items = [...this.items.slice(-2), { id, kind, text, ...(topic ? { topic } : {}) }];
    setTimeout(() => this.dismiss(id), kind === 'error' ? 12_000 : 4_000);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }

  /** Drops the outcomes of `topic`, or of every verb when none is given (the state they describe changed). */
  drop(topic?: string): void {
    const stale = (t: Toast) => (topic === undefined ? t.topic !== undefined : t.topic === topic);
    if (this.items.some(stale)) this.items = this.items.filter((t) => !stale(t));
  }
}
