/**
 * When to pop: fed every snapshot, it answers with what the shell should do. One pop per call
 * (the Linkedid), whatever the legs, the queue's retries (it rings the agent again, same Linkedid)
 * and the transfers; and the pop's lifecycle: `close` when a popped call leaves this agent unanswered
 * (another agent took it, or the caller hung up while it rang), `reopen` when a closed one rings here again.
 * No clock and no I/O: the same snapshots give the same decisions.
 */
import type { CallDirection, CallInfo, Snapshot } from '../../shared/snapshot.ts';

export type PopWhen = 'ring' | 'answer';

export interface QueueRule {
  /** Overrides the trigger's `when` for this queue. */
  when?: PopWhen;
  /** false: calls from this queue never pop. */
  enabled?: boolean;
}

export interface TriggerOptions {
  /** Pop when the call rings at the agent (default) or when the agent answers. */
  when?: PopWhen;
  /** Which calls pop. Default `['inbound']`. Outbound calls pop only once the far end answers. */
  directions?: readonly CallDirection[];
  /** When given, only calls from these queues pop (names compared ignoring case). */
  queues?: readonly string[] | null;
  /** Per-queue settings, by queue name (ignoring case). */
  perQueue?: Readonly<Record<string, QueueRule>>;
  /** How many popped call ids are remembered. Default 1000. */
  memory?: number;
}

export type TriggerDecision =
  | { type: 'pop'; callId: string; call: CallInfo }
  /** The popped call left this agent without being answered here: close the pop or say so. */
  | { type: 'close'; callId: string; reason: 'missed'; call: CallInfo }
  /** A closed pop's call rings (or is answered) here again: show that pop again; not a new pop. */
  | { type: 'reopen'; callId: string; call: CallInfo };

type PopStatus = 'ringing' | 'answered' | 'closed';

export const DEFAULT_POP_MEMORY = 1000;

export class PopTrigger {
  private readonly when: PopWhen;
  private readonly directions: ReadonlySet<string>;
  private readonly queues: ReadonlySet<string> | null;
  private readonly perQueue: ReadonlyMap<string, QueueRule>;
  private readonly memory: number;
  /** Every popped call id, oldest first (bounded). */
  private readonly popped = new Map<string, PopStatus>();
  /** Popped calls ringing here, not answered yet: a disappearance means the pop should close. */
  private readonly ringing = new Map<string, CallInfo>();

  constructor(options: TriggerOptions = {}) {
    this.when = options.when ?? 'ring';
    this.directions = new Set(options.directions ?? ['inbound']);
    this.queues = options.queues ? new Set(options.queues.map((q) => q.toLowerCase())) : null;
    this.perQueue = new Map(Object.entries(options.perQueue ?? {}).map(([name, rule]) => [name.toLowerCase(), rule]));
    this.memory = Math.max(1, Math.floor(options.memory ?? DEFAULT_POP_MEMORY));
  }

  /** The decisions a new snapshot brings, in the order of its calls, closes last. */
  next(snapshot: Snapshot): TriggerDecision[] {
    const decisions: TriggerDecision[] = [];
    const present = new Set<string>();
    const calls = Array.isArray(snapshot?.calls) ? snapshot.calls : [];
    for (const call of calls) {
      if (!call || typeof call.id !== 'string' || call.id === '') continue;
      present.add(call.id);
      const status = this.popped.get(call.id);
      const answered = isAnsweredHere(call);
      if (status === undefined) {
        if (!this.shouldPop(call)) continue;
        decisions.push({ type: 'pop', callId: call.id, call });
        this.remember(call.id, answered ? 'answered' : 'ringing');
      } else if (status === 'closed') {
        if (call.state !== 'ringing' && !answered) continue;
        decisions.push({ type: 'reopen', callId: call.id, call });
        this.remember(call.id, answered ? 'answered' : 'ringing');
      } else if (status === 'ringing' && answered) {
        this.remember(call.id, 'answered');
      }
      if (this.popped.get(call.id) === 'ringing') this.ringing.set(call.id, call);
      else this.ringing.delete(call.id);
    }
    for (const [id, call] of this.ringing) {
      if (present.has(id)) continue;
      this.ringing.delete(id);
      this.remember(id, 'closed');
      decisions.push({ type: 'close', callId: id, reason: 'missed', call });
    }
    return decisions;
  }

  /** Whether this call has popped (among the remembered ones). */
  hasPopped(callId: string): boolean {
    return this.popped.has(callId);
  }

  private shouldPop(call: CallInfo): boolean {
    // The agent's own dialling never pops; an outbound call pops (when enabled) once the far end answers.
    if (call.state === 'dialing') return false;
    if (!this.directions.has(call.direction)) return false;
    const answered = isAnsweredHere(call);
    if (call.direction === 'outbound' && !answered) return false;
    const queue = typeof call.queue === 'string' ? call.queue.toLowerCase() : null;
    if (this.queues && (queue === null || !this.queues.has(queue))) return false;
    const rule = queue === null ? undefined : this.perQueue.get(queue);
    if (rule?.enabled === false) return false;
    const when = rule?.when ?? this.when;
    return when === 'ring' ? answered || call.state === 'ringing' : answered;
  }

  private remember(id: string, status: PopStatus): void {
    this.popped.delete(id);
    this.popped.set(id, status);
    if (this.popped.size <= this.memory) return;
    for (const old of this.popped.keys()) {
      if (this.popped.size <= this.memory) break;
      if (!this.ringing.has(old) && old !== id) this.popped.delete(old);
    }
  }
}

function isAnsweredHere(call: CallInfo): boolean {
  return call.state === 'up' || call.state === 'onhold';
}
