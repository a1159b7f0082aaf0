/**
 * The relay's routing (agent-index.ts, event-router.ts) against every real transcript: agents 1001,
 * 1002 and 1003 each replay it twice, once fed every message (a direct desk) and once fed only what
 * the relay's router gives them; the snapshots must be the same, change for change. A miss would be
 * a call, a DID or a pause the desk never shows.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AmiFramer } from '../../../electron/core/ami/framer.ts';
import type { AmiMessage } from '../../../electron/core/ami/message.ts';
import { agentIdentity, type AgentIdentity } from '../../../electron/core/agent/identity.ts';
import { ReplaySession } from '../../../electron/core/agent/replay.ts';
import { ingest } from '../../../electron/core/agent/session.ts';
import { AgentIndex } from '../../../electron/core/relay/agent-index.ts';
import { EventRouter } from '../../../electron/core/relay/event-router.ts';
import { FIXTURES, readRaw } from '../../support/fixtures.ts';

const TRANSCRIPTS = ['asterisk-22', 'asterisk-18', 'asterisk-22-live'].flatMap((dir) =>
  readdirSync(`${FIXTURES}/${dir}`)
    .filter((f) => f.endsWith('.ami.raw'))
    .sort()
    .map((f) => `${dir}/${f}`),
);

function messagesOf(name: string): AmiMessage[] {
  const out: AmiMessage[] = [];
  const framer = new AmiFramer({ onBanner: () => {}, onMessage: (m) => out.push(m) });
  framer.push(readRaw(name));
  return out;
}

/** Events that changed an agent, across all transcripts (the check must have checked something). */
let checked = 0;

describe('AgentIndex and EventRouter: each agent sees what a direct desk sees', () => {
  it.each(TRANSCRIPTS)('%s', (name) => {
    const technology = name.startsWith('asterisk-18/') ? 'SIP' : 'PJSIP';
    const agents = ['1001', '1002', '1003'].map((extension) => {
      const identity: AgentIdentity = agentIdentity({ extension, technology });
      const seen = { direct: [] as string[], routed: [] as string[] };
      return {
        identity,
        seen,
        direct: new ReplaySession(identity, { onSnapshot: (s) => seen.direct.push(JSON.stringify(s)) }),
        routed: new ReplaySession(identity, { onSnapshot: (s) => seen.routed.push(JSON.stringify(s)) }),
      };
    });
    type Agent = (typeof agents)[number];
    const index = new AgentIndex<Agent>();
    const router = new EventRouter(index);
    for (const a of agents) index.add(a, a.identity);
    for (const message of messagesOf(name)) {
      for (const a of agents) {
        index.setCalls(a, a.routed.agentState.calls.keys());
        index.setQueues(
          a,
          a.routed.snapshot.queues.map((q) => q.name),
        );
      }
      for (const a of agents) {
        const state = a.direct.agentState;
        if (message.kind === 'event' && ingest(state, message, 1) !== state) checked++;
        a.direct.message(message);
      }
      // Responses (the login) and list items reach a relay's engine through its own actions; events through the router.
      if (message.kind !== 'event' || message.raw.includes('\r\nActionID: ')) for (const a of agents) a.routed.message(message);
      else router.route(message, (a, event) => a.routed.message(event));
    }
    for (const a of agents) {
      a.direct.end(true);
      a.routed.end(true);
      // Time is a counter per message received, so compare without it.
      const untimed = (list: string[]) => list.map((s) => s.replace(/"(since|startedAt|answeredAt|endedAt|lastCallAt)":\d+/g, '"$1":0'));
      expect(untimed(a.seen.routed), `agent ${a.identity.extension}`).toEqual(untimed(a.seen.direct));
    }
  });

  it('checked hundreds of changes in all', () => {
    expect(checked).toBeGreaterThan(300);
  });

  it('routes by lookups: an event of one agent is not offered to 500 others', () => {
    const index = new AgentIndex<string>();
    for (let i = 0; i < 500; i++) index.add(String(2000 + i), agentIdentity({ extension: String(2000 + i) }));
    index.add('1001', agentIdentity({ extension: '1001' }));
    const [ringing] = messagesOf('asterisk-22/04-queue-call-answered.ami.raw').filter(
      (m) => m.name === 'Newstate' && m.get('Channel')?.startsWith('PJSIP/1001-'),
    );
    expect([...index.candidates(ringing!)]).toEqual(['1001']);
  });

  it("a caller joining a queue reaches its 500 members without its DID: the DID waits for the call's agent", () => {
    const index = new AgentIndex<string>();
    for (const extension of ['1001', ...Array.from({ length: 499 }, (_, i) => String(2000 + i))]) {
      index.add(extension, agentIdentity({ extension }));
      index.setQueues(extension, ['support']);
    }
    const router = new EventRouter(index);
    const messages = messagesOf('asterisk-22/04-queue-call-answered.ami.raw').filter((m) => m.kind === 'event');
    const given: Array<[string, string]> = [];
    const route = (name: string) =>
      router.route(
        messages.find((m) => m.name === name)!,
        (agent, event) => given.push([agent, event.name]),
      );
    route('Newchannel'); // the caller's channel, the call's first: kept, given to no one yet
    route('QueueCallerJoin');
    expect(given).toHaveLength(500);
    expect(given.every(([, event]) => event === 'QueueCallerJoin')).toBe(true);
    given.length = 0;
    route('AgentCalled');
    expect(given).toEqual([
      ['1001', 'Newchannel'],
      ['1001', 'AgentCalled'],
    ]);
  });
});
