/**
 * Bytes to messages. The banner line (`Asterisk Call Manager/x.y.z` CRLF) has no blank line after
 * it; every other message ends in CRLF CRLF. Bytes are buffered until a message is complete, so a
 * split at any byte (inside a UTF-8 character too) gives the same messages. A peer that sends more
 * than `maxMessageBytes` without ending a message is refused with a FramingError, never an
 * out-of-memory. Messages are read from the pushed chunks themselves: a chunk must not be
 * overwritten after push() (a socket's reads never are).
 */
import { phrase } from '../../shared/phrases/index.ts';
import { PhrasedError } from '../phrased-error.ts';
import { AmiMessage } from './message.ts';

export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
const BANNER_PREFIX = Buffer.from('Asterisk Call Manager/');
const CRLF = Buffer.from('\r\n');
const END = Buffer.from('\r\n\r\n');
const EMPTY = Buffer.alloc(0);

export class FramingError extends PhrasedError {
  override name = 'FramingError';
}

export interface FramerHandlers {
  onBanner?(banner: string): void;
  onMessage(message: AmiMessage): void;
}

export class AmiFramer {
  private buffered: Buffer = EMPTY;
  /** Where the next search for CRLF CRLF may start (earlier bytes were already searched). */
  private searchFrom = 0;
  private expectBanner: boolean;
  private readonly maxMessageBytes: number;
  private readonly handlers: FramerHandlers;

  constructor(handlers: FramerHandlers, options: { maxMessageBytes?: number; expectBanner?: boolean } = {}) {
    this.handlers = handlers;
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.expectBanner = options.expectBanner ?? true;
  }

  /** Starts over, as on a new connection: drops buffered bytes and expects a banner again. */
  reset(): void {
    this.buffered = EMPTY;
    this.searchFrom = 0;
    this.expectBanner = true;
  }

  /** Bytes buffered and not yet part of a complete message. */
  get pendingBytes(): number {
    return this.buffered.length;
  }

  push(chunk: Buffer): void {
    if (!this.expectBanner && this.buffered.length > 0 && chunk.length >= 4) {
      // The usual case: a message cut by the previous read. Join only that message's two parts
      // rather than copying the whole new read behind the buffered bytes.
      const end = this.endAcross(chunk);
      if (end !== undefined) {
        const tail = this.buffered;
        const message = end >= 0 ? Buffer.concat([tail, chunk.subarray(0, end)]) : tail.subarray(0, tail.length + end);
        this.buffered = EMPTY;
        this.searchFrom = 0;
        this.emit(message, 0, message.length);
        this.frame(chunk, end + 4);
        return;
      }
    }
    const buf = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    let start = 0;
    if (this.expectBanner) {
      const banner = this.takeBanner(buf);
      if (banner === 'wait') {
        this.keep(buf, 0, 0);
        return;
      }
      if (banner !== undefined) {
        start = banner.next;
        this.handlers.onBanner?.(banner.text);
      }
      this.expectBanner = false;
    }
    this.frame(buf, start);
  }

  /**
   * Where the first CRLF CRLF after the buffered bytes ends a message, as an offset in `chunk`
   * (-3..-1 when the terminator starts in the buffered bytes), or undefined when `chunk` has none.
   */
  private endAcross(chunk: Buffer): number | undefined {
    const tail = this.buffered;
    const n = tail.length;
    // A terminator that straddles the two reads starts in the tail's last 3 bytes.
    for (let k = Math.min(3, n); k >= 1; k--) {
      let match = true;
      for (let i = 0; i < 4 && match; i++) match = (i < k ? tail[n - k + i] : chunk[i - k]) === END[i];
      if (match) return -k;
    }
    const end = chunk.indexOf(END);
    return end < 0 ? undefined : end;
  }

  /** Frames the messages of `buf` from `start` on and keeps the unfinished rest. */
  private frame(buf: Buffer, start: number): void {
    let from = Math.max(start, this.searchFrom);
    for (;;) {
      const end = buf.indexOf(END, from);
      if (end < 0) break;
      this.emit(buf, start, end);
      start = end + 4;
      from = start;
    }
    if (buf.length - start > this.maxMessageBytes) {
      this.buffered = EMPTY;
      this.searchFrom = 0;
      throw new FramingError(phrase('ami.message-too-big', { max: this.maxMessageBytes }));
    }
    if (start === buf.length) buf = EMPTY;
    this.keep(buf, start, Math.max(0, buf.length - start - 3));
  }

  /** One message: bytes start..end of `buf`, without its CRLF CRLF. */
  private emit(buf: Buffer, start: number, end: number): void {
    // Stray CRLFs between messages (a keepalive newline from a proxy) are not a message.
    let first = start;
    while (first + 1 < end && buf[first] === 13 && buf[first + 1] === 10) first += 2;
    // Decoded only when read: most events of a busy PBX are skipped by their name alone.
    if (end > first) this.handlers.onMessage(AmiMessage.fromBytes(buf, first, end));
  }

  private keep(buf: Buffer, start: number, searchFrom: number): void {
    // Copy the tail so a large chunk's memory is not pinned by a small unfinished message.
    this.buffered = start === 0 ? buf : Buffer.from(buf.subarray(start));
    this.searchFrom = searchFrom;
  }

  /** The banner at the start of `buf`, 'wait' while it may still be one, or undefined when it is not one. */
  private takeBanner(buf: Buffer): { text: string; next: number } | 'wait' | undefined {
    const n = Math.min(buf.length, BANNER_PREFIX.length);
    if (buf.compare(BANNER_PREFIX, 0, n, 0, n) !== 0) return undefined;
    const eol = buf.indexOf(CRLF);
    if (eol < 0) {
      if (buf.length > 256) throw new FramingError(phrase('ami.banner-too-long'));
      return 'wait';
    }
    return { text: buf.toString('utf8', 0, eol), next: eol + 2 };
  }
}

/** Frames a whole byte sequence at once (tests, replay): the banner (if any) and the messages. */
export function frameAll(chunks: Iterable<Buffer>, options?: { maxMessageBytes?: number }): { banner?: string; messages: AmiMessage[] } {
  const messages: AmiMessage[] = [];
  let banner: string | undefined;
  const framer = new AmiFramer({ onBanner: (b) => (banner = b), onMessage: (m) => messages.push(m) }, options);
  for (const c of chunks) framer.push(c);
  return banner === undefined ? { messages } : { banner, messages };
}
