/**
 * Actions sent and not yet answered, by ActionID. A plain action settles on its response; a list
 * action collects the events that carry its ActionID until the one with `EventList: Complete`.
 * Every entry has a timer, and `rejectAll` empties the map when the connection drops, so the map
 * never outlives its connection. An answer is held up to MAX_ANSWER_BYTES (and a list up to
 * MAX_LIST_ITEMS items): past that the action fails and `onOverBudget` is told, so the session
 * can close a connection whose peer floods it (a hostile PBX grew a list to 1.5 GB in 12 s).
 */
import { PhrasedError } from '../errors/phrased-error.ts';
import type { Clock } from './clock.ts';
import { AmiResponseError, AmiTimeoutError } from './errors.ts';
import type { AmiMessage } from './message.ts';
import type { ListResult } from './types.ts';

/** A list bigger than this is a misbehaving peer, not a call center. */
export const MAX_LIST_ITEMS = 100_000;
/** Bytes one answer (a response and its list items, as received) may hold: far above a real list (the sync's are one desk's queues, the devices and the calls). */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

interface Entry {
  name: string;
  list: boolean;
  response: AmiMessage | null;
  items: AmiMessage[];
  /** Bytes of the response and items held, as received. */
  bytes: number;
  timer: unknown;
  resolve(value: AmiMessage | ListResult): void;
  reject(error: Error): void;
}

export class PendingActions {
  private readonly entries = new Map<string, Entry>();
  private held = 0;
  constructor(
    private readonly clock: Clock,
    private readonly onOverBudget: (error: PhrasedError) => void = () => {},
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Bytes held by every pending answer (responses and list items, as received). */
  get heldBytes(): number {
    return this.held;
  }

  add(id: string, name: string, list: false, timeoutMs: number): Promise<AmiMessage>;
  add(id: string, name: string, list: true, timeoutMs: number): Promise<ListResult>;
  add(id: string, name: string, list: boolean, timeoutMs: number): Promise<AmiMessage | ListResult> {
    return new Promise((resolve, reject) => {
      const timer = this.clock.setTimeout(() => this.settle(id, new AmiTimeoutError(name, timeoutMs)), timeoutMs);
      this.entries.set(id, { name, list, response: null, items: [], bytes: 0, timer, resolve, reject });
    });
  }

  /** Settles the action this response answers; false when no pending action has its ActionID. */
  response(message: AmiMessage): boolean {
    const id = message.get('ActionID');
    const entry = id === undefined ? undefined : this.entries.get(id);
    if (!entry || entry.response) return false;
    if (message.name === 'Error') this.settle(id!, new AmiResponseError(entry.name, message));
    else if (!entry.list) this.settle(id!, message);
    else {
      entry.response = message;
      this.hold(entry, message.byteLength);
    }
    return true;
  }

  /** Collects a list item or completes a list; events of no open list are ignored here. */
  event(message: AmiMessage): void {
    // No action pending (the usual case): the event is not even parsed.
    if (this.entries.size === 0) return;
    const size = message.byteLength;
    const id = message.get('ActionID');
    const entry = id === undefined ? undefined : this.entries.get(id);
    if (!entry?.list || !entry.response) return;
    // Asterisk 13+ marks the end with EventList: Complete; the ...Complete name is the older sign.
    const complete = message.get('EventList')?.toLowerCase() === 'complete' || message.name.endsWith('Complete');
    if (complete) return this.settle(id!, { response: entry.response, items: entry.items, complete: message });
    entry.items.push(message);
    this.hold(entry, size);
    if (entry.bytes > MAX_ANSWER_BYTES)
      this.overBudget(id!, PhrasedError.of('ami.answer-too-big', { action: entry.name, mb: MAX_ANSWER_BYTES / 2 ** 20 }));
    else if (entry.items.length > MAX_LIST_ITEMS)
      this.overBudget(id!, PhrasedError.of('ami.list-too-long', { action: entry.name, max: MAX_LIST_ITEMS }));
  }

  /** Rejects every pending action (the connection dropped): none of them will be sent again. */
  rejectAll(reason: (name: string) => Error): void {
    for (const [id, entry] of [...this.entries]) this.settle(id, reason(entry.name));
  }

  private hold(entry: Entry, bytes: number): void {
    entry.bytes += bytes;
    this.held += bytes;
  }

  /** The action fails, and the session is told: a peer that floods one answer is not trusted with the next. */
  private overBudget(id: string, error: PhrasedError): void {
    this.settle(id, error);
    this.onOverBudget(error);
  }

  private settle(id: string, outcome: AmiMessage | ListResult | Error): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.held -= entry.bytes;
    this.clock.clearTimeout(entry.timer);
    if (outcome instanceof Error) entry.reject(outcome);
    else entry.resolve(outcome);
  }
}
