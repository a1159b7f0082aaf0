/**
 * The call log: watches the snapshots for calls that ended here, writes each one's record to the
 * outbox and has the sender take it to the CRM; a saved disposition writes the next version. The
 * call itself never waits on it: a full disk or a full outbox is a notice, nothing more.
 */
import { join } from 'node:path';
import { english, isPhrase, phrase, phraseOfError, type Phrase } from '../../shared/phrases/index.ts';
import type { CallLogInfo, DispositionChoice, HistoryEntry, Snapshot } from '../../shared/snapshot.ts';
import type { BackoffStrategy } from '../ami/backoff.ts';
import { Outbox, OUTBOX_FILE, type OutboxOptions } from './outbox.ts';
import { checkCallId, checkCode, checkNote, recordOfCall, withDisposition, type CallLogRecord } from './record.ts';
import { CallLogSender } from './sender.ts';
import { checkCallLogUrl } from '../../shared/call-log-url.ts';

export interface CallLogOptions {
  url: string;
  secret: string;
  /** The folder the outbox lives in (the user data folder; --state-dir in the CLI). */
  stateDir: string;
  agentExtension: string;
  /** The codes an agent may choose; empty: any well-formed code. */
  dispositions?: readonly DispositionChoice[];
  /** A disposition is required before after-call work ends. */
  required?: boolean;
  onNotice?: (text: string, level: 'info' | 'error', said: Phrase) => void;
  backoff?: BackoffStrategy;
  timeoutMs?: number;
  outbox?: OutboxOptions;
}

/** Saved dispositions the snapshot shows. */
const SAVED_KEPT = 50;

export type DispositionResult = { ok: true; record: CallLogRecord } | { ok: false; error: string; phrase: Phrase };

export class CallLog {
  /** History entries already looked at, null before the first snapshot. */
  private known: Set<string> | null = null;
  /** Dispositions saved in this run: call id -> code, oldest first. */
  private readonly saved = new Map<string, string>();
  private readonly listeners = new Set<() => void>();
  /** The records being written, one after another (keep() and nextVersion() never reject). */
  private ending: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly options: CallLogOptions,
    readonly outbox: Outbox,
    readonly sender: CallLogSender,
  ) {}

  /** Checks the URL and secret, opens the outbox and starts sending what an earlier run left in it. */
  static async open(options: CallLogOptions): Promise<CallLog> {
    const checked = checkCallLogUrl(options.url);
    if (!checked.ok) throw new CallLogInputError(checked.phrase);
    if (options.secret === '') throw new CallLogInputError(phrase('calllog.no-secret'));
    const outbox = await Outbox.open(join(options.stateDir, OUTBOX_FILE), options.outbox);
    const sender = new CallLogSender({
      url: checked.url,
      secret: options.secret,
      outbox,
      backoff: options.backoff,
      timeoutMs: options.timeoutMs,
      onRejected: (said) => {
        options.onNotice?.(english(said), 'error', said);
        log.changed();
      },
      onSent: () => log.changed(),
    });
    const log: CallLog = new CallLog(options, outbox, sender);
    sender.kick();
    return log;
  }

  /** What the snapshot says of the call log. */
  info(): CallLogInfo {
    return {
      choices: [...(this.options.dispositions ?? [])],
      required: this.options.required ?? false,
      saved: Object.fromEntries(this.saved),
      waiting: this.outbox.pending().length,
      aside: this.outbox.aside().length,
    };
  }

  /** True while `callId` needs a disposition before after-call work may end. */
  needsDisposition(callId: string): boolean {
    return (this.options.required ?? false) && !this.saved.has(callId);
  }

  /** Called when info() changes. Returns an unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Feed every snapshot, in order: each call that ended since the last one is logged. */
  observe(snapshot: Snapshot): void {
    // Oldest first: the CRM gets calls in the order they ended.
    const ended = this.newlyEnded(snapshot.history).sort((a, b) => a.endedAt - b.endedAt);
    for (const entry of ended) {
      // A consultation is the agent's side conversation, not a call the CRM tracks.
      if (entry.consultationOf || this.outbox.latest(entry.id)) continue;
      const record = recordOfCall(entry, this.options.agentExtension);
      this.ending = this.ending.then(() => this.keep(record));
    }
  }

  /** The agent's disposition (and note) for an ended call: the record's next version. Checked before anything is written. */
  async dispose(callId: string, code: string, noteText: string | null = ''): Promise<DispositionResult> {
    const refusal = checkCallId(callId) ?? checkCode(code) ?? this.unknownCode(code);
    if (refusal) return refused(refusal);
    // A note that crossed a bridge as null (JSON has no undefined) is no note.
    const note = checkNote(noteText ?? '');
    if (!note.ok) return refused(note.phrase);
    // In turn after the records being written (a call that just ended may still be on its way), so
    // two saves of one call never both take the same next version: one key, one body.
    const run = this.ending.then(() => this.nextVersion(callId, code, note.note));
    this.ending = run;
    return run;
  }

  private async nextVersion(callId: string, code: string, note: string | null): Promise<DispositionResult> {
    const latest = this.outbox.latest(callId);
    if (!latest) return refused(phrase('calllog.no-such-call', { call: callId }));
    const label = this.options.dispositions?.find((d) => d.code === code)?.label.en ?? code;
    const record = withDisposition(latest, { code, label }, note);
    const kept = await this.keep(record);
    if (kept !== true) return refused(kept);
    this.saved.delete(callId);
    this.saved.set(callId, code);
    if (this.saved.size > SAVED_KEPT) this.saved.delete(this.saved.keys().next().value!);
    this.changed();
    return { ok: true, record };
  }

  async close(): Promise<void> {
    this.sender.stop();
    await this.outbox.close();
  }

  /** Writes the record to the outbox and wakes the sender; a failed write is a notice (and its phrase). */
  private async keep(record: CallLogRecord): Promise<true | Phrase> {
    try {
      await this.outbox.put(record);
      this.sender.kick();
      this.changed();
      return true;
    } catch (error) {
      const carried = (error as { phrase?: unknown }).phrase;
      const said = isPhrase(carried) ? carried : phrase('calllog.disk', { why: phraseOfError(error), call: record.callId });
      this.options.onNotice?.(english(said), 'error', said);
      return said;
    }
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  private unknownCode(code: string): Phrase | null {
    const choices = this.options.dispositions ?? [];
    if (choices.length === 0 || choices.some((d) => d.code === code)) return null;
    return phrase('calllog.unknown-code', { code, codes: choices.map((d) => d.code).join(', ') });
  }

  private newlyEnded(history: readonly HistoryEntry[]): HistoryEntry[] {
    const key = (h: HistoryEntry) => `${h.id} ${h.endedAt}`;
    const first = this.known === null;
    const known = this.known ?? new Set<string>();
    const fresh = first ? [] : history.filter((h) => !known.has(key(h)));
    this.known = new Set(history.map(key));
    return fresh;
  }
}

/** A call-log URL or secret that cannot be used. */
export class CallLogInputError extends Error {
  override name = 'CallLogInputError';
  constructor(readonly phrase: Phrase) {
    super(english(phrase));
  }
}

function refused(said: Phrase): { ok: false; error: string; phrase: Phrase } {
  return { ok: false, error: english(said), phrase: said };
}
