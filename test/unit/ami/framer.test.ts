import { describe, expect, it, vi } from 'vitest';
import { AmiFramer, FramingError, frameAll } from '../../../electron/core/ami/framer.ts';
import { allRawFixtures, readRaw, rxChunks } from '../../support/fixtures.ts';

function signature(result: { banner?: string; messages: { raw: string }[] }): string[] {
  return [result.banner ?? '(no banner)', ...result.messages.map((m) => m.raw)];
}

/** A small deterministic PRNG so a failure names a seed that reproduces it. */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('framer over the real transcripts', () => {
  for (const name of allRawFixtures()) {
    describe(name, () => {
      const bytes = readRaw(name);
      const whole = frameAll([bytes]);

      it('frames the whole file into a banner and messages that each start with a header', () => {
        expect(whole.banner).toMatch(/^Asterisk Call Manager\/\d+\.\d+\.\d+$/);
        expect(whole.messages.length).toBeGreaterThan(0);
        for (const m of whole.messages) expect(m.raw).toMatch(/^(Response|Event): /);
        // Nothing is lost: the messages and terminators add up to the file's length.
        const total = Buffer.byteLength(whole.banner! + '\r\n') + whole.messages.reduce((n, m) => n + Buffer.byteLength(m.raw) + 4, 0);
        expect(total).toBe(bytes.length);
      });

      it('gives the same messages fed byte by byte', () => {
        const chunks: Buffer[] = [];
        for (let i = 0; i < bytes.length; i++) chunks.push(bytes.subarray(i, i + 1));
        expect(signature(frameAll(chunks))).toEqual(signature(whole));
      });

      it('gives the same messages at the real TCP read boundaries', () => {
        const chunks = rxChunks(name);
        expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
        expect(signature(frameAll(chunks))).toEqual(signature(whole));
      });

      it('gives the same messages split at random points', () => {
        const rand = mulberry32(bytes.length);
        for (let round = 0; round < 20; round++) {
          const chunks: Buffer[] = [];
          for (let i = 0; i < bytes.length;) {
            const n = 1 + Math.floor(rand() * 300);
            chunks.push(bytes.subarray(i, i + n));
            i += n;
          }
          expect(signature(frameAll(chunks))).toEqual(signature(whole));
        }
      });
    });
  }
});

describe('framer edge cases', () => {
  it('separates the banner from a Login response that arrives in the same read', () => {
    const r = frameAll([Buffer.from('Asterisk Call Manager/7.0.3\r\nResponse: Success\r\nActionID: 1\r\n\r\n')]);
    expect(r.banner).toBe('Asterisk Call Manager/7.0.3');
    expect(r.messages.map((m) => m.get('ActionID'))).toEqual(['1']);
  });

  it('waits for a banner split inside its prefix', () => {
    const r = frameAll([Buffer.from('Aster'), Buffer.from('isk Call Manager/11.0.0\r'), Buffer.from('\nEvent: Ping\r\n\r\n')]);
    expect(r.banner).toBe('Asterisk Call Manager/11.0.0');
    expect(r.messages).toHaveLength(1);
  });

  it('takes a stream that starts without a banner', () => {
    const r = frameAll([Buffer.from('Event: A\r\nX: 1\r\n\r\nEvent: B\r\n\r\n')]);
    expect(r.banner).toBeUndefined();
    expect(r.messages.map((m) => m.name)).toEqual(['A', 'B']);
  });

  it('keeps a UTF-8 character split across two reads intact', () => {
    const bytes = Buffer.from('Event: Newchannel\r\nCallerIDName: Zoë Ñúñez 日本\r\n\r\n');
    const at = bytes.indexOf(Buffer.from('ë')) + 1; // inside the two-byte ë
    const r = frameAll([bytes.subarray(0, at), bytes.subarray(at)]);
    expect(r.messages[0]!.get('CallerIDName')).toBe('Zoë Ñúñez 日本');
  });

  it('skips stray blank lines between messages', () => {
    const r = frameAll([Buffer.from('Event: A\r\n\r\n\r\n\r\nEvent: B\r\n\r\n')]);
    expect(r.messages.map((m) => m.name)).toEqual(['A', 'B']);
  });

  it('refuses a message larger than the bound with a clear error and keeps no memory of it', () => {
    const seen: string[] = [];
    const framer = new AmiFramer({ onMessage: (m) => seen.push(m.name) }, { maxMessageBytes: 1024 });
    framer.push(Buffer.from('Event: Small\r\n\r\n'));
    expect(() => {
      for (let i = 0; i < 10; i++) framer.push(Buffer.alloc(200, 'x'));
    }).toThrow(FramingError);
    expect(framer.pendingBytes).toBe(0);
    expect(seen).toEqual(['Small']);
  });

  it('refuses a 10 MB message under the default 1 MiB bound', () => {
    const framer = new AmiFramer({ onMessage: () => {} });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    expect(() => {
      for (let i = 0; i < 160; i++) framer.push(chunk);
    }).toThrow(/more than 1048576 bytes/);
  });

  it('reads a large message cut into small pieces in place: the bytes it copies grow with the message, not with its square', () => {
    // 256 KB in 16-byte reads. Joining the whole buffer on every read copied about 2 GB here.
    const message = Buffer.from(`Event: Big\r\n${'Data: ' + 'x'.repeat(250) + '\r\n'}`.repeat(1024) + '\r\n');
    const pieces: Buffer[] = [];
    for (let at = 0; at < message.length; at += 16) pieces.push(message.subarray(at, at + 16));
    // Every byte the framer copies goes through Buffer.concat or buffer.copy: count them.
    let copied = 0;
    const concat = Buffer.concat;
    const copy = Buffer.prototype.copy;
    const spies = [
      vi.spyOn(Buffer, 'concat').mockImplementation((list, total) => {
        const joined = concat(list, total);
        copied += joined.length;
        return joined;
      }),
      vi.spyOn(Buffer.prototype, 'copy').mockImplementation(function (this: Buffer, ...args: unknown[]) {
        const n = (copy as (...a: unknown[]) => number).apply(this, args);
        copied += n;
        return n;
      }),
    ];
    const seen: number[] = [];
    try {
      const framer = new AmiFramer({ onMessage: (m) => seen.push(m.raw.length) }, { expectBanner: false });
      for (const piece of pieces) framer.push(piece);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(seen).toEqual([message.length - 4]);
    // Into the growing buffer once, its doublings, and the message's own copy: about 3x.
    expect(copied).toBeLessThan(4 * message.length);
  });

  it('survives garbage bytes, framing whatever ends in CRLF CRLF', () => {
    const garbage = Buffer.from([0, 255, 254, 13, 10, 13, 10, 1, 2, 3]);
    const r = frameAll([garbage, Buffer.from('\r\n\r\nEvent: After\r\n\r\n')]);
    expect(r.messages.at(-1)!.name).toBe('After');
  });
});
