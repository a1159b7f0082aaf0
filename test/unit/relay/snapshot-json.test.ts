/**
 * The relay's snapshot JSON (relay/snapshot-json.ts, through wire.ts encodeSnapshot) is the text
 * JSON.stringify writes, byte for byte: after every message of every transcript, for three agents,
 * with the queues' callers waiting as the relay puts them in; and for parts that change, parts
 * left out, and text that needs escaping.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AmiFramer } from '../../../electron/core/ami/framer.ts';
import type { AmiMessage } from '../../../electron/core/ami/message.ts';
import { agentIdentity } from '../../../electron/core/agent/identity.ts';
import { ReplaySession } from '../../../electron/core/agent/replay.ts';
import { QueueFigures } from '../../../electron/core/relay/queue-figures.ts';
import { snapshotJson } from '../../../electron/core/relay/snapshot-json.ts';
import { encodeSnapshot } from '../../../electron/core/relay/wire.ts';
import type { Snapshot } from '../../../electron/shared/snapshot.ts';
import { FIXTURES, readRaw } from '../../support/fixtures.ts';

const TRANSCRIPTS = ['asterisk-22', 'asterisk-18', 'asterisk-22-live'].flatMap((dir) =>
  readdirSync(`${FIXTURES}/${dir}`)
    .filter((f) => f.endsWith('.ami.raw'))
    .sort()
    .map((f) => `${dir}/${f}`),
);

function messagesOf(name: string): AmiMessage[] {
  const out: AmiMessage[] = [];
  new AmiFramer({ onBanner: () => {}, onMessage: (m) => out.push(m) }).push(readRaw(name));
  return out;
}

let compared = 0;

describe('snapshot JSON: the text JSON.stringify writes', () => {
  it.each(TRANSCRIPTS)('%s', (name) => {
    const technology = name.startsWith('asterisk-18/') ? 'SIP' : 'PJSIP';
    const agents = ['1001', '1002', '1003'].map((extension) => new ReplaySession(agentIdentity({ extension, technology })));
    const figures = new QueueFigures();
    let seq = 0;
    for (const message of messagesOf(name)) {
      if (message.kind === 'event') figures.observe(message);
      for (const agent of agents) {
        agent.message(message);
        const snapshot = figures.onto(agent.snapshot);
        seq++;
        expect(encodeSnapshot(seq, snapshot, 'relay-1')).toBe(JSON.stringify({ v: 1, seq, relay: 'relay-1', snapshot }));
        compared++;
      }
    }
  });

  it('compared thousands of snapshots', () => {
    expect(compared).toBeGreaterThan(3000);
  });

  const base: Snapshot = {
    connection: { status: 'live', error: null, pbx: null, since: 1, stale: false },
    extension: { number: '1001', device: 'PJSIP/1001', state: 'idle', registered: true },
    queues: [
      {
        name: 'support',
        interface: 'PJSIP/1001',
        member: true,
        paused: false,
        pausedReason: '',
        status: '1',
        callsWaiting: 0,
        lastCallAt: null,
      },
    ],
    calls: [],
    history: [],
  };

  it('a part that is a new object says its new text; one left out (undefined) is left out', () => {
    const first = { ...base, afterCallWork: undefined };
    expect(snapshotJson(first)).toBe(JSON.stringify(first));
    const entry = {
      id: '1700.1',
      direction: 'inbound' as const,
      remote: { number: '+34 912', name: 'Zoë "the boss" \\ Ñandú 日本' },
      queue: 'support',
      vars: { CUSTOMER_ID: 'C-1', 'odd"key': 'line\u2028sep' },
      startedAt: 1,
      answeredAt: null,
      endedAt: 2,
      outcome: 'missed' as const,
    };
    const second = { ...first, history: [entry, ...first.history], queues: [{ ...base.queues[0]!, callsWaiting: 3 }] };
    expect(snapshotJson(second)).toBe(JSON.stringify(second));
    expect(snapshotJson(first)).toBe(JSON.stringify(first));
    const third = { ...second, afterCallWork: null, history: [entry, entry] };
    expect(snapshotJson(third)).toBe(JSON.stringify(third));
  });

  it('an item it cannot write is null in an array, as JSON.stringify writes it', () => {
    const odd = { ...base, calls: [undefined, () => 1] } as unknown as Snapshot;
    expect(snapshotJson(odd)).toBe(JSON.stringify(odd));
  });
});
