/**
 * The relay's routing (agent-index.ts, event-router.ts, queue-figures.ts) against every real
 * transcript: agents 1001, 1002 and 1003 each replay it twice, once fed every message (a direct
 * desk) and once fed only what the relay's router gives them. After every message, the snapshot the
 * relay would publish (the routed engine's, with the relay's queue figures) must be the direct
 * desk's snapshot. The comparison is of the picture after each message rather than of the engine's
 * sequence of changes: a caller joining a queue now reaches an agent's engine only when the call
 * does, so the engine changes at other moments and in other steps, while what a desk can see must
 * not. A miss would be a call, a DID, a pause or a count of callers waiting the desk never shows.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AmiFramer } from '../../../electron/core/ami/framer.ts';
import { AmiMessage } from '../../../electron/core/ami/message.ts';
import { agentIdentity, type AgentIdentity } from '../../../electron/core/agent/identity.ts';
import { ReplaySession } from '../../../electron/core/agent/replay.ts';
import { ingest } from '../../../electron/core/agent/session.ts';
import { AgentIndex } from '../../../electron/core/relay/agent-index.ts';
import { EventRouter } from '../../../electron/core/relay/event-router.ts';
import { QueueFigures } from '../../../electron/core/relay/queue-figures.ts';
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
      return { identity, direct: new ReplaySession(identity), routed: new ReplaySession(identity) };
    });
    type Agent = (typeof agents)[number];
    const index = new AgentIndex<Agent>();
    const router = new EventRouter(index);
    const figures = new QueueFigures();
    for (const a of agents) index.add(a, a.identity);
    // Time is a counter per message received, so compare without it.
    const untimed = (s: object) => JSON.stringify(s).replace(/"(since|startedAt|answeredAt|endedAt|lastCallAt)":\d+/g, '"$1":0');
    let at = 0;
    for (const message of messagesOf(name)) {
      at++;
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
      if (message.kind === 'event') figures.observe(message);
      // Responses (the login) and list items reach a relay's engine through its own actions; events through the router.
      if (message.kind !== 'event' || message.raw.includes('\r\nActionID: ')) for (const a of agents) a.routed.message(message);
      else router.route(message, (a, event) => a.routed.message(event));
      for (const a of agents)
        expect(untimed(figures.onto(a.routed.snapshot)), `agent ${a.identity.extension} after message ${at} (${message.name})`).toBe(
          untimed(a.direct.snapshot),
        );
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

  it('finds an agent whose extension has no digit (values without a digit are skipped only while every name has one)', () => {
    const index = new AgentIndex<string>();
    index.add('1001', agentIdentity({ extension: '1001' }));
    index.add('alice', agentIdentity({ extension: 'alice' }));
    const inUse = AmiMessage.from([
      ['Event', 'DeviceStateChange'],
      ['Device', 'PJSIP/alice'],
      ['State', 'INUSE'],
    ]);
    expect([...index.candidates(inUse)]).toEqual(['alice']);
  });

  it("a caller joining a queue reaches none of its 500 members until the call does: then the call's agent gets its DID and its queue", () => {
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
    route('QueueCallerJoin'); // kept too
    expect(given).toEqual([]);
    route('AgentCalled');
    expect(given).toEqual([
      ['1001', 'Newchannel'],
      ['1001', 'QueueCallerJoin'],
      ['1001', 'AgentCalled'],
    ]);
    given.length = 0;
    route('QueueCallerLeave'); // to the agents the join reached
    expect(given).toEqual([['1001', 'QueueCallerLeave']]);
    expect(index.inQueue('support').size).toBe(500);
  });
});
