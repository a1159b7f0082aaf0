/**
 * Bytes to messages. The banner line (`Asterisk Call Manager/x.y.z` CRLF) has no blank line after
 * it; every other message ends in CRLF CRLF. Bytes are buffered until a message is complete, so a
 * split at any byte (inside a UTF-8 character too) gives the same messages. A peer that sends more
 * than `maxMessageBytes` without ending a message is refused with a FramingError, never an
 * out-of-memory. Messages are read from the pushed chunks themselves: a chunk must not be
 * overwritten after push() (a socket's reads never are).
 */
import { phrase } from '../../shared/phrases/index.ts';
import { PhrasedError } from '../errors/phrased-error.ts';
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
  /**
   * The unfinished message: bytes 0..used of a buffer that grows by doubling, so each byte is
   * copied a bounded number of times however small the reads (joining the whole buffer on every
   * read cost the square of a message's size), and a read of one byte costs one byte of memory.
   */
  private store: Buffer = EMPTY;
  private used = 0;
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
    this.drop();
    this.expectBanner = true;
  }

  /** Bytes buffered and not yet part of a complete message. */
  get pendingBytes(): number {
    return this.used;
  }

  push(chunk: Buffer): void {
    let start = 0;
    if (this.expectBanner) {
      // The banner is short (at most 256 bytes are buffered while waiting), so joining is cheap here.
      if (this.used > 0) chunk = Buffer.concat([this.store.subarray(0, this.used), chunk]);
      this.drop();
      const banner = this.takeBanner(chunk);
      if (banner === 'wait') return this.keep(chunk, 0);
      if (banner !== undefined) {
        start = banner.next;
        this.handlers.onBanner?.(banner.text);
      }
      this.expectBanner = false;
    } else if (this.used > 0) {
      const end = this.endAcross(chunk);
      if (end === undefined) return this.keep(chunk, 0);
      // The buffered message ends in this read (when end < 0, its CRLF CRLF began in the buffered bytes).
      const message = Buffer.concat([this.store.subarray(0, this.used + Math.min(0, end)), chunk.subarray(0, Math.max(0, end))]);
      this.drop();
      this.emit(message, 0, message.length);
      start = end + 4;
    }
    for (;;) {
      const end = chunk.indexOf(END, start);
      if (end < 0) break;
      this.emit(chunk, start, end);
      start = end + 4;
    }
    if (start < chunk.length) this.keep(chunk, start);
  }

  /**
   * Where the first CRLF CRLF after the buffered bytes ends a message, as an offset in `chunk`
   * (-3..-1 when the terminator starts in the buffered bytes), or undefined when there is none yet.
   */
  private endAcross(chunk: Buffer): number | undefined {
    // A terminator that straddles the two reads starts in the buffered bytes' last 3, and then
    // this read starts with CR or LF (most reads do not: one byte decides).
    if (chunk[0] === 13 || chunk[0] === 10) {
      for (let k = Math.min(3, this.used); k >= 1; k--) {
        let match = true;
        for (let i = 0; i < 4 && match; i++)
          match = i - k < chunk.length && (i < k ? this.store[this.used - k + i] : chunk[i - k]) === END[i];
        if (match) return -k;
      }
    }
    const end = chunk.indexOf(END);
    return end < 0 ? undefined : end;
  }

  /** Keeps bytes start.. of `chunk` after the buffered ones: a copy, so a large read is never pinned by a small unfinished message. */
  private keep(chunk: Buffer, start: number): void {
    const needed = this.used + chunk.length - start;
    if (needed > this.maxMessageBytes) {
      this.drop();
      throw new FramingError(phrase('ami.message-too-big', { max: this.maxMessageBytes }));
    }
    if (needed > this.store.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, Math.min(2 * this.store.length, this.maxMessageBytes)));
      this.store.copy(grown, 0, 0, this.used);
      this.store = grown;
    }
    chunk.copy(this.store, this.used, start);
    this.used = needed;
  }

  private drop(): void {
    this.store = EMPTY;
    this.used = 0;
  }

  /** One message: bytes start..end of `buf`, without its CRLF CRLF. */
  private emit(buf: Buffer, start: number, end: number): void {
    // Stray CRLFs between messages (a keepalive newline from a proxy) are not a message.
    let first = start;
    while (first + 1 < end && buf[first] === 13 && buf[first + 1] === 10) first += 2;
    // Decoded only when read: most events of a busy PBX are skipped by their name alone.
    if (end > first) this.handlers.onMessage(AmiMessage.fromBytes(buf, first, end));
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
