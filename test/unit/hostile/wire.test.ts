/** The wire check itself: it must see what the hostile-value tests say is absent. */
import { describe, expect, it } from 'vitest';
import { AmiAction } from '../../../electron/core/ami/action.ts';
import { checkWire } from './wire.ts';

describe('checkWire', () => {
  it('passes what AmiAction.build() writes', () => {
    const bytes = Buffer.from(
      AmiAction.build('QueuePause', { Interface: 'PJSIP/1001', Paused: true, Reason: 'Lunch ☕' }).serialize('a-1'),
    );
    expect(checkWire(bytes)).toEqual({
      messages: [
        {
          action: 'QueuePause',
          headers: [
            ['Action', 'QueuePause'],
            ['ActionID', 'a-1'],
            ['Interface', 'PJSIP/1001'],
            ['Paused', 'true'],
            ['Reason', 'Lunch â\x98\x95'],
          ],
        },
      ],
      problems: [],
    });
  });

  it.each([
    ['an injected action', 'Action: QueuePause\r\nReason: x\r\nAction: Originate\r\n\r\n', /injected Action/],
    ['a lone LF', 'Action: Ping\r\nReason: a\nb\r\n\r\n', /LF that does not end a line/],
    ['a lone CR', 'Action: Ping\r\nReason: a\rb\r\n\r\n', /CR that does not end a line/],
    ['a NUL', 'Action: Ping\r\nReason: a\u0000b\r\n\r\n', /control byte 0x0/],
    ['U+2028', 'Action: Ping\r\nReason: a\u2028b\r\n\r\n', /U\+2028/],
    ['a line that is no header', 'Action: Ping\r\nnot a header\r\n\r\n', /not a header line/],
  ])('finds %s', (_name, text, problem) => {
    expect(checkWire(Buffer.from(text, 'utf8')).problems.join('\n')).toMatch(problem);
  });
});
