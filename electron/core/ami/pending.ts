/**
 * Actions sent and not yet answered, by ActionID. A plain action settles on its response; a list
 * action collects the events that carry its ActionID until the one with `EventList: Complete`.
 * Every entry has a timer, and `rejectAll` empties the map when the connection drops, so the map
 * never outlives its connection and never grows without bound.
 */
import { PhrasedError } from '../phrased-error.ts';
import type { Clock } from './clock.ts';
import { AmiResponseError, AmiTimeoutError } from './errors.ts';
import type { AmiMessage } from './message.ts';
import type { ListResult } from './types.ts';

/** A list bigger than this is a misbehaving peer, not a call center. */
export const MAX_LIST_ITEMS = 100_000;

interface Entry {
  name: string;
  list: boolean;
  response: AmiMessage | null;
  items: AmiMessage[];
  timer: unknown;
  resolve(value: AmiMessage | ListResult): void;
  reject(error: Error): void;
}

export class PendingActions {
  private readonly entries = new Map<string, Entry>();
  constructor(private readonly clock: Clock) {}

  get size(): number {
    return this.entries.size;
  }

  add(id: string, name: string, list: false, timeoutMs: number): Promise<AmiMessage>;
  add(id: string, name: string, list: true, timeoutMs: number): Promise<ListResult>;
  add(id: string, name: string, list: boolean, timeoutMs: number): Promise<AmiMessage | ListResult> {
    return new Promise((resolve, reject) => {
      const timer = this.clock.setTimeout(() => this.settle(id, new AmiTimeoutError(name, timeoutMs)), timeoutMs);
      this.entries.set(id, { name, list, response: null, items: [], timer, resolve, reject });
    });
  }

  /** Settles the action this response answers; false when no pending action has its ActionID. */
  response(message: AmiMessage): boolean {
    const id = message.get('ActionID');
    const entry = id === undefined ? undefined : this.entries.get(id);
    if (!entry || entry.response) return false;
    if (message.name === 'Error') this.settle(id!, new AmiResponseError(entry.name, message));
    else if (!entry.list) this.settle(id!, message);
    else entry.response = message;
    return true;
  }

  /** Collects a list item or completes a list; events of no open list are ignored here. */
  event(message: AmiMessage): void {
    // No action pending (the usual case): the event is not even parsed.
    if (this.entries.size === 0) return;
    const id = message.get('ActionID');
    const entry = id === undefined ? undefined : this.entries.get(id);
    if (!entry?.list || !entry.response) return;
    // Asterisk 13+ marks the end with EventList: Complete; the ...Complete name is the older sign.
    const complete = message.get('EventList')?.toLowerCase() === 'complete' || message.name.endsWith('Complete');
    if (complete) {
      this.settle(id!, { response: entry.response, items: entry.items, complete: message });
    } else if (entry.items.push(message) > MAX_LIST_ITEMS) {
      this.settle(id!, PhrasedError.of('ami.list-too-long', { action: entry.name, max: MAX_LIST_ITEMS }));
    }
  }

  /** Rejects every pending action (the connection dropped): none of them will be sent again. */
  rejectAll(reason: (name: string) => Error): void {
    for (const [id, entry] of [...this.entries]) this.settle(id, reason(entry.name));
  }

  private settle(id: string, outcome: AmiMessage | ListResult | Error): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.clock.clearTimeout(entry.timer);
    if (outcome instanceof Error) entry.reject(outcome);
    else entry.resolve(outcome);
  }
}
