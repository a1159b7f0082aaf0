/**
 * The call log's outbox: every record is written here (appended, then fsync'd) before any attempt to
 * send it, so a crash, a kill -9 or a power cut between the write and the POST loses nothing; the
 * sender then marks it done (the CRM answered 2xx) or aside (refused). One JSON line per change:
 *   {"t":"put","key":K,"callId":C,"version":V,"body":B}   a record to send (B: the exact bytes to POST)
 *   {"t":"done","key":K}                                   the CRM took it
 *   {"t":"aside","key":K,"status":S,"answer":A}            the CRM refused it; kept, not sent again
 * A torn last line (the crash came mid-write) is skipped on reading. Bounded: at most `maxPending`
 * records wait; the file is rewritten (atomically) without what is done once it grows past `compactBytes`.
 */
import { mkdir, open, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../settings/atomic-write.ts';
import { readUserFile } from '../settings/user-file.ts';
import { PhrasedError } from '../errors/phrased-error.ts';
import { phrase } from '../../shared/phrases/index.ts';
import { idempotencyKey, type CallLogRecord } from './record.ts';

export const OUTBOX_FILE = 'call-log-outbox.jsonl';

export interface OutboxItem {
  key: string;
  callId: string;
  version: number;
  /** The JSON body, exactly as signed and sent. */
  body: string;
}

export interface AsideItem {
  key: string;
  status: number;
  answer: string;
}

export interface OutboxOptions {
  /** Records waiting at most; a put beyond it is refused (default 1000). */
  maxPending?: number;
  /** Calls whose latest record is remembered for a later disposition (default 500). */
  keepRecent?: number;
  /** Rewrite the file without what is done past this size (default 1 MiB). */
  compactBytes?: number;
}

type Line =
  | { t: 'put'; key: string; callId: string; version: number; body: string }
  | { t: 'done'; key: string }
  | { t: 'aside'; key: string; status: number; answer: string };

const ASIDE_KEPT = 100;

export class Outbox {
  private readonly waiting = new Map<string, OutboxItem>();
  /** callId -> its latest record (sent or not), oldest first. */
  private readonly recent = new Map<string, OutboxItem>();
  private readonly asideItems: AsideItem[] = [];
  private writing: Promise<unknown> = Promise.resolve();
  /** A write failed part-way: the next line starts on a fresh line. */
  private torn = false;
  private size = 0;

  private constructor(
    readonly file: string,
    private handle: FileHandle,
    private readonly options: Required<OutboxOptions>,
  ) {}

  static async open(file: string, options: OutboxOptions = {}): Promise<Outbox> {
    await mkdir(dirname(file), { recursive: true });
    const read = await readUserFile(file);
    if (read.kind === 'unreadable') throw new PhrasedError(phrase('calllog.disk', { why: read.why, call: '-' }));
    const handle = await open(file, 'a', 0o600);
    const box = new Outbox(file, handle, { maxPending: 1000, keepRecent: 500, compactBytes: 1024 * 1024, ...options });
    if (read.kind === 'text') for (const line of read.text.split('\n')) box.apply(parse(line));
    box.size = (await stat(file)).size;
    // A torn last line (no newline after it) must not glue itself to the next one.
    box.torn = read.kind === 'text' && read.text.length > 0 && !read.text.endsWith('\n');
    return box;
  }

  /** Records to send, oldest first. */
  pending(): OutboxItem[] {
    return [...this.waiting.values()];
  }

  /** Records the CRM refused, newest last. */
  aside(): AsideItem[] {
    return [...this.asideItems];
  }

  /** The latest record of a call, sent or not; null when it is not (or no longer) known. */
  latest(callId: string): CallLogRecord | null {
    const item = this.recent.get(callId);
    return item ? (JSON.parse(item.body) as CallLogRecord) : null;
  }

  /** Keeps `record` for sending; resolves once it is on disk. Throws on a full outbox or a failed write. */
  async put(record: CallLogRecord): Promise<OutboxItem> {
    const item: OutboxItem = { key: idempotencyKey(record), callId: record.callId, version: record.version, body: JSON.stringify(record) };
    await this.append({ t: 'put', ...item }, () => {
      if (this.waiting.size >= this.options.maxPending) throw new PhrasedError(phrase('calllog.full', { count: this.waiting.size }));
    });
    return item;
  }

  /** The CRM took it. */
  done(key: string): Promise<void> {
    return this.append({ t: 'done', key });
  }

  /** The CRM refused it: kept with its answer, never sent again. */
  setAside(key: string, status: number, answer: string): Promise<void> {
    return this.append({ t: 'aside', key, status, answer: answer.slice(0, 2000) });
  }

  async close(): Promise<void> {
    await this.writing.catch(() => {});
    await this.handle.close();
  }

  private apply(line: Line | null): void {
    if (!line) return;
    if (line.t === 'put') {
      const item = { key: line.key, callId: line.callId, version: line.version, body: line.body };
      this.waiting.set(line.key, item);
      this.recent.delete(line.callId);
      this.recent.set(line.callId, item);
      while (this.recent.size > this.options.keepRecent) this.recent.delete(this.recent.keys().next().value!);
      return;
    }
    this.waiting.delete(line.key);
    if (line.t === 'aside') {
      this.asideItems.push({ key: line.key, status: line.status, answer: line.answer });
      if (this.asideItems.length > ASIDE_KEPT) this.asideItems.shift();
    }
  }

  /** Appends one line and fsyncs it; lines are written one after another, never interleaved. `check` runs in turn, before the write. */
  private append(line: Line, check?: () => void): Promise<void> {
    const run = this.writing.then(async () => {
      check?.();
      const text = `${this.torn ? '\n' : ''}${JSON.stringify(line)}\n`;
      try {
        await this.handle.appendFile(text);
        await this.handle.sync();
      } catch (error) {
        this.torn = true;
        throw error;
      }
      this.torn = false;
      this.size += Buffer.byteLength(text);
      this.apply(line);
      if (this.size > this.options.compactBytes) await this.compact();
    });
    this.writing = run.catch(() => {});
    return run;
  }

  /** Rewrites the file with only what is still needed: what waits, the recent calls' latest records, what was set aside. */
  private async compact(): Promise<void> {
    const lines: Line[] = [];
    for (const item of this.recent.values())
      if (!this.waiting.has(item.key)) lines.push({ t: 'put', ...item }, { t: 'done', key: item.key });
    for (const item of this.waiting.values()) lines.push({ t: 'put', ...item });
    for (const item of this.asideItems) lines.push({ t: 'aside', ...item });
    const text = lines.map((line) => `${JSON.stringify(line)}\n`).join('');
    await writeFileAtomic(this.file, text);
    await this.handle.close();
    this.handle = await open(this.file, 'a', 0o600);
    this.size = Buffer.byteLength(text);
  }
}

function parse(text: string): Line | null {
  if (text.trim() === '') return null;
  try {
    const line = JSON.parse(text) as Line;
    if (line.t === 'put' && typeof line.key === 'string' && typeof line.body === 'string' && typeof line.callId === 'string') return line;
    if ((line.t === 'done' || line.t === 'aside') && typeof line.key === 'string') return line;
  } catch {
    // A torn line from a crash mid-write: its record was never acknowledged as kept.
  }
  return null;
}
