/**
 * How a click-to-dial ends reaches the agent once and in order: the verb's answer first ("your phone
 * will ring"), then the notice of how it went; a dial the PBX refuses is told once, as the verb's answer.
 * The real core on the demo PBX over TCP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompanion, type CoreCompanion } from '../../electron/core/companion.ts';
import { DEFAULT_USERS, startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import type { Phrase } from '../../electron/shared/phrases/index.ts';

let pbx: DemoPbx;
beforeAll(async () => {
  // `nodial` may pause but not originate: its Originate is refused with Permission denied.
  pbx = await startDemoPbx({
    answerAfterMs: null,
    users: [...DEFAULT_USERS, { username: 'nodial', secret: 'n0dial', read: 'all', write: 'call,agent' }],
  });
});
afterAll(async () => {
  await pbx.close();
});

type Heard = { what: 'answer' | 'notice'; text: string; code?: string };

async function companionHearing(username: string, secret: string, heard: Heard[]): Promise<CoreCompanion> {
  const core = await createCompanion({
    pbx: { host: '127.0.0.1', port: pbx.port, username, extension: '1001' },
    secret,
    dialRules: { defaultCountry: 'US' },
    client: { keepaliveIntervalMs: 0, reconnect: false },
    onNotice: (text, _level, phrase?: Phrase) => heard.push({ what: 'notice', text, code: phrase?.code }),
  });
  await new Promise<void>((resolve) => {
    if (core.snapshot().connection.status === 'live') return resolve();
    const off = core.subscribe((s) => s.connection.status === 'live' && (off(), resolve()));
  });
  return core;
}

async function eventually(check: () => void, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > end) throw error;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

describe('a click-to-dial tells the agent once, in order', () => {
  it('a phone that cannot ring: "your phone will ring" first, then why it did not', async () => {
    const heard: Heard[] = [];
    const core = await companionHearing('agentapp', 's3cret', heard);
    pbx.control.unregister('1001');
    try {
      const answer = await core.dial('4155550100');
      heard.push({ what: 'answer', text: answer.ok ? (answer.message ?? '') : answer.error, code: answer.phrase?.code });
      await eventually(() => expect(heard).toHaveLength(2));
      expect(heard.map((h) => [h.what, h.code])).toEqual([
        ['answer', 'dial.will-ring'],
        ['notice', 'dial.phone-unreachable'],
      ]);
    } finally {
      pbx.control.register('1001');
      await core.close();
    }
  });

  it('a dial the PBX refuses is told once, as the answer, never again as a notice', async () => {
    const heard: Heard[] = [];
    const core = await companionHearing('nodial', 'n0dial', heard);
    try {
      const answer = await core.dial('4155550100');
      expect(answer).toMatchObject({ ok: false, error: expect.stringMatching(/"originate" in the write = line/) });
      // A pause round-trips after it: had a notice been coming for the refusal, it would be here by now.
      expect(await core.pause({ reason: 'Lunch' })).toMatchObject({ ok: true });
      await new Promise((r) => setImmediate(r));
      expect(heard).toEqual([]);
    } finally {
      await core.close();
    }
  });
});
