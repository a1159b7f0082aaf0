/** The relay's wire rules (relay/wire.ts) and its per-desk token bucket (relay/token-bucket.ts). */
import { describe, expect, it } from 'vitest';
import { TokenBuckets } from '../../../electron/core/relay/token-bucket.ts';
import {
  MAX_BODY_BYTES,
  decodeAlive,
  decodeNotice,
  decodeSnapshot,
  decodeVerbResult,
  encodeAlive,
  encodeNotice,
  noticeOf,
  readVerbBody,
} from '../../../electron/core/relay/wire.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('readVerbBody', () => {
  it("reads each verb's arguments", () => {
    expect(readVerbBody('pause', bytes('{"reason":"Lunch","queue":"support"}'))).toEqual({
      verb: 'pause',
      body: { reason: 'Lunch', queue: 'support' },
    });
    expect(readVerbBody('hangup', bytes(''))).toEqual({ verb: 'hangup', body: {} });
    expect(readVerbBody('record', bytes('{"op":"mute","callId":"1700.1"}'))).toMatchObject({ verb: 'record' });
  });

  it.each([
    ['originate', '{}', /"originate" is not a verb/],
    ['pause', '{', /not JSON/],
    ['pause', '[]', /refused the request/],
    ['pause', '{"reason":5}', /reason/],
    ['hangup', '{"channel":"PJSIP/1002-00000001"}', /channel/],
    ['pause', '{"reason":"x","agent":"1002"}', /agent/],
    ['record', '{"op":"pause"}', /op/],
    ['supervise', '{"agent":"1002","mode":"barge"}', /mode/],
    ['supervise', '{"agent":"1002","mode":"listen","channel":"PJSIP/1002-00000001"}', /channel/],
    ['pause', JSON.stringify({ reason: 'x'.repeat(MAX_BODY_BYTES) }), /larger than 16384 bytes/],
  ])('refuses %s %s in words', (verb, body, said) => {
    const result = readVerbBody(verb, bytes(body));
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(said), phrase: expect.any(Object) });
  });
});

describe('decodeSnapshot and decodeVerbResult', () => {
  it('refuses a newer version and garbage in words', () => {
    expect(decodeSnapshot('{"v":2,"seq":1,"snapshot":{}}')).toMatchObject({ error: { code: 'relay.newer-version' } });
    expect(decodeSnapshot('nope')).toMatchObject({ error: { code: 'relay.bad-request' } });
    expect(decodeSnapshot('{"v":1,"seq":"1","snapshot":{}}')).toMatchObject({ error: { code: 'relay.bad-request' } });
    expect(decodeVerbResult(bytes('{"weird":true}'))).toMatchObject({ ok: false, error: expect.stringMatching(/relay did not answer/) });
  });
});

describe('notices and the sign of life', () => {
  it("read back what was written: a dial outcome worded as a direct Companion's onNotice", () => {
    const answered = { ok: true as const, message: 'Calling 600.', phrase: { code: 'dial.answered' as const, params: { exten: '600' } } };
    expect(decodeNotice(bytes(encodeNotice(noticeOf(answered))))).toEqual({ level: 'info', text: 'Calling 600.', phrase: answered.phrase });
    expect(noticeOf({ ok: false, error: 'No answer.' })).toEqual({ level: 'error', text: 'No answer.', phrase: undefined });
    expect(decodeAlive(bytes(encodeAlive({ relay: 'r1', startedAt: 5 })))).toEqual({ relay: 'r1', startedAt: 5 });
  });

  it('refuse a newer version and garbage in words', () => {
    expect(decodeNotice(bytes('{"v":2,"level":"info","text":"x"}'))).toMatchObject({ error: { code: 'relay.newer-version' } });
    expect(decodeNotice(bytes('{"v":1,"level":"shout","text":"x"}'))).toMatchObject({ error: { code: 'relay.bad-request' } });
    expect(decodeAlive(bytes('{"v":2,"relay":"r","startedAt":1}'))).toMatchObject({ error: { code: 'relay.newer-version' } });
    expect(decodeAlive(bytes('{"v":1,"relay":5,"startedAt":1}'))).toMatchObject({ error: { code: 'relay.bad-request' } });
    expect(decodeAlive(bytes('nope'))).toMatchObject({ error: { code: 'relay.bad-request' } });
  });
});

describe('TokenBuckets', () => {
  it('gives each desk its burst, refills at its rate, and keeps desks apart', () => {
    let now = 0;
    const buckets = new TokenBuckets({ burst: 3, perSecond: 2, now: () => now });
    expect([1, 2, 3, 4].map(() => buckets.take('1001'))).toEqual([true, true, true, false]);
    expect(buckets.take('1002')).toBe(true);
    now += 499;
    expect(buckets.take('1001')).toBe(false);
    now += 1;
    expect(buckets.take('1001')).toBe(true);
    now += 60_000;
    expect([1, 2, 3, 4].map(() => buckets.take('1001'))).toEqual([true, true, true, false]);
  });
});
