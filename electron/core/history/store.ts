/**
 * Call history kept across restarts: the snapshot's ended calls, saved in the user data folder,
 * bounded (500 calls, 30 days), with missed queue calls marked until the agent calls back or dismisses.
 */
import { z } from 'zod';
import type { HistoryEntry } from '../../shared/snapshot.ts';
import { writeFileAtomic } from '../settings/atomic-write.ts';
import { readUserFile, setAside } from '../settings/user-file.ts';
import { english, phrase, type Phrase } from '../../shared/phrases/index.ts';

export const HISTORY_LIMIT = 500;
export const HISTORY_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

export type CallbackState = 'pending' | 'called-back' | 'dismissed';

/** A history entry as stored: the snapshot's fields, plus whether it still waits for a callback. */
export interface StoredCall extends HistoryEntry {
  /** Inbound and never answered by this agent. */
  missed: boolean;
  /** For missed queue calls: pending until called back or dismissed; null for every other call. */
  callback: CallbackState | null;
}

const party = z.object({ number: z.string(), name: z.string() });
const storedCall = z
  .object({
    id: z.string().min(1),
    direction: z.enum(['inbound', 'outbound', 'internal']),
    remote: party,
    queue: z.string().nullable(),
    vars: z.record(z.string(), z.string()),
    startedAt: z.number(),
    answeredAt: z.number().nullable(),
    endedAt: z.number(),
    // Absent in files written before outcomes existed: derived as the snapshot did then.
    outcome: z.enum(['answered', 'missed', 'answered-elsewhere']).optional(),
    answeredBy: z.string().optional(),
    transferredTo: party.optional(),
    transferredBy: party.optional(),
    consultationOf: z.string().optional(),
    missed: z.boolean(),
    callback: z.enum(['pending', 'called-back', 'dismissed']).nullable(),
  })
  .transform((call) => ({ ...call, outcome: call.outcome ?? (call.answeredAt !== null ? ('answered' as const) : ('missed' as const)) }));
const historyFile = z.object({ version: z.literal(1), calls: z.array(storedCall) });

export interface CallHistoryOptions {
  /** e.g. `<userData>/history.json`. */
  file: string;
  now?: () => number;
}

export class CallHistory {
  private calls: StoredCall[];
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly now: () => number,
    calls: StoredCall[],
    /** Said to the agent when the file could not be read: the phrase, for a shell that translates. */
    readonly noticePhrase: Phrase | null,
  ) {
    this.calls = calls;
    this.prune();
  }

  static async open(options: CallHistoryOptions): Promise<CallHistory> {
    const now = options.now ?? Date.now;
    const read = await readUserFile(options.file);
    if (read.kind === 'missing') return new CallHistory(options.file, now, [], null);
    let parsed: z.infer<typeof historyFile> | null = null;
    if (read.kind === 'text') {
      try {
        const result = historyFile.safeParse(JSON.parse(read.text));
        if (result.success) parsed = result.data;
      } catch {
        parsed = null;
      }
    }
    if (parsed) return new CallHistory(options.file, now, parsed.calls, null);
    // Unusable: set aside where the OS allows; the app goes on with an empty history either way.
    const why = read.kind === 'unreadable' ? read.why : phrase('history.not-a-history');
    const moved = await setAside(options.file, now);
    if (!moved.ok)
      return new CallHistory(options.file, now, [], phrase('history.unreadable-kept', { file: options.file, why, moveWhy: moved.why }));
    return new CallHistory(
      options.file,
      now,
      [],
      read.kind === 'unreadable'
        ? phrase('history.unreadable-why', { why, path: moved.path })
        : phrase('history.unreadable', { path: moved.path }),
    );
  }

  /** Said to the agent when the file could not be read (English). */
  get notice(): string | null {
    return this.noticePhrase && english(this.noticePhrase);
  }

  /** Newest first. */
  entries(): StoredCall[] {
    return this.calls;
  }

  /** Missed queue calls still waiting for a callback, newest first. */
  pendingCallbacks(): StoredCall[] {
    return this.calls.filter((call) => call.callback === 'pending');
  }

  /**
   * Takes in the snapshot's history (calls already known are left as stored). An outbound call to the
   * number of a pending missed call marks it called back. True when anything changed.
   */
  record(entries: readonly HistoryEntry[]): boolean {
    const known = new Set(this.calls.map((call) => call.id));
    const fresh = entries.filter((entry) => !known.has(entry.id)).map(toStored);
    if (fresh.length === 0) return false;
    for (const call of fresh) {
      if (call.direction !== 'outbound') continue;
      for (const missed of this.calls.concat(fresh)) {
        if (missed.callback === 'pending' && missed.startedAt <= call.startedAt && sameNumber(missed.remote.number, call.remote.number))
          missed.callback = 'called-back';
      }
    }
    this.calls = [...fresh, ...this.calls].sort((a, b) => b.endedAt - a.endedAt);
    this.prune();
    return true;
  }

  /** The agent dismissed a missed call. False when there is no such pending call. */
  dismiss(id: string): boolean {
    const call = this.calls.find((c) => c.id === id && c.callback === 'pending');
    if (!call) return false;
    call.callback = 'dismissed';
    return true;
  }

  /** Writes the file atomically; saves run one after another, never interleaved. */
  save(): Promise<void> {
    const body = `${JSON.stringify({ version: 1, calls: this.calls })}\n`;
    this.writing = this.writing.catch(() => {}).then(() => writeFileAtomic(this.file, body));
    return this.writing;
  }

  private prune(): void {
    const oldest = this.now() - HISTORY_MAX_AGE_MS;
    this.calls = this.calls.filter((call) => call.endedAt >= oldest).slice(0, HISTORY_LIMIT);
  }
}

function toStored(entry: HistoryEntry): StoredCall {
  // A call a colleague answered needs no callback.
  const missed = entry.direction === 'inbound' && entry.outcome === 'missed';
  const copy = (p: { number: string; name: string }) => ({ number: p.number, name: p.name });
  return {
    id: entry.id,
    direction: entry.direction,
    remote: copy(entry.remote),
    queue: entry.queue,
    vars: { ...entry.vars },
    startedAt: entry.startedAt,
    answeredAt: entry.answeredAt,
    endedAt: entry.endedAt,
    outcome: entry.outcome,
    ...(entry.answeredBy ? { answeredBy: entry.answeredBy } : {}),
    ...(entry.transferredTo ? { transferredTo: copy(entry.transferredTo) } : {}),
    ...(entry.transferredBy ? { transferredBy: copy(entry.transferredBy) } : {}),
    ...(entry.consultationOf ? { consultationOf: entry.consultationOf } : {}),
    missed,
    callback: missed && entry.queue !== null ? 'pending' : null,
  };
}

/**
 * Whether two numbers are the same line: the digits match, or one is the other with a country or
 * trunk prefix (`+34 912 345 678`, `0034912345678` and `912345678`), at least 6 digits in common.
 */
export function sameNumber(a: string, b: string): boolean {
  const x = a.replace(/\D/g, '');
  const y = b.replace(/\D/g, '');
  if (x.length === 0 || y.length === 0) return false;
  if (x === y) return true;
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  return short.length >= 6 && long.endsWith(short);
}
