/** Short messages at the bottom of the window: verb results and errors, in words. */
export interface Toast {
  id: number;
  kind: 'info' | 'error';
  text: string;
}

export class Toasts {
  items = $state<Toast[]>([]);
  #nextId = 1;

  /** Errors stay longer than confirmations: the agent must be able to read what went wrong. */
  show(kind: Toast['kind'], text: string): void {
    const id = this.#nextId++;
    this.items = [...this.items.slice(-2), { id, kind, text }];
    setTimeout(() => this.dismiss(id), kind === 'error' ? 12_000 : 4_000);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }
}
