import { describe, expect, it } from 'vitest';
import { AmiFramer } from '../../../electron/core/ami/framer.ts';
import { fuzzFramer, referenceSplit } from '../../fuzz/framer-fuzz.ts';

// The short fuzz of npm test; `npm run fuzz` runs the same generator with 1,000,000 inputs.
describe('framer and codec fuzz (short)', () => {
  it('20,000 generated inputs: no crash, framing equals the reference split, memory bounded', () => {
    const report = fuzzFramer({ inputs: 20_000, seed: 20_251_126 });
    expect(report.failures).toEqual([]);
    expect(report.crashes).toBe(0);
    expect(report.inputs).toBe(20_000);
    // Every kind of input was generated, and some of them hit the size bound.
    for (const n of Object.values(report.byKind)) expect(n).toBeGreaterThan(0);
    expect(report.framingErrors).toBeGreaterThan(0);
    expect(report.messages).toBeGreaterThan(20_000);
    expect(report.maxHeapUsedMB).toBeLessThan(256);
  }, 120_000);

  it('the fuzz catches a framer that loses a byte at a chunk end', () => {
    // A planted bug proves the checks can fail: the same inputs, through a framer that drops
    // a chunk's trailing CR, must be reported as crashes.
    const push = AmiFramer.prototype.push;
    AmiFramer.prototype.push = function (chunk: Buffer) {
      push.call(this, chunk.length > 1 && chunk[chunk.length - 1] === 13 ? chunk.subarray(0, chunk.length - 1) : chunk);
    };
    try {
      const report = fuzzFramer({ inputs: 2_000, seed: 7 });
      expect(report.crashes).toBeGreaterThan(0);
      expect(report.failures[0]!.error).toMatch(/reference|exactly as they went in/);
    } finally {
      AmiFramer.prototype.push = push;
    }
  });

  it('a CRLF CRLF split across two reads at each inner point ends the message once', () => {
    const bytes = Buffer.from('Event: A\r\nX: 1\r\n\r\nEvent: B\r\n\r\n\r\n\r\nEvent: C\r\n\r\n');
    const whole = referenceSplit(bytes).messages;
    expect(whole).toEqual(['Event: A\r\nX: 1', 'Event: B', 'Event: C']);
    // Every cut point, then every pair of cut points: the read after a cut starts the joined path.
    for (let a = 1; a < bytes.length; a++) {
      for (let b = a + 1; b <= bytes.length; b++) {
        const got: string[] = [];
        const framer = new AmiFramer({ onMessage: (m) => got.push(m.raw) }, { expectBanner: false });
        for (const chunk of [bytes.subarray(0, a), bytes.subarray(a, b), bytes.subarray(b)]) framer.push(chunk);
        expect(got, `cut at ${a} and ${b}`).toEqual(whole);
        expect(framer.pendingBytes).toBe(0);
      }
    }
  });

  it('the reference split reads a banner, stray blank lines and an unfinished tail', () => {
    const bytes = Buffer.from('Asterisk Call Manager/11.0.0\r\nResponse: Success\r\n\r\n\r\n\r\n\r\nEvent: X\r\n\r\nEvent: Tail');
    expect(referenceSplit(bytes)).toEqual({ banner: 'Asterisk Call Manager/11.0.0', messages: ['Response: Success', 'Event: X'] });
    expect(referenceSplit(Buffer.from('Asterisk Call'))).toEqual({ messages: [] });
  });
});
