/**
 * The relay's index against every real transcript: whenever an event changes an agent's state
 * (what the agent's own pre-filter and reducer decide, agent/session.ts ingest), the index must
 * have named that agent for it; a miss would be a call or a pause the desk never shows. Agents
 * 1001, 1002 and 1003 watch every transcript at once, each from its own replay.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AmiFramer } from '../../../electron/core/ami/framer.ts';
import type { AmiMessage } from '../../../electron/core/ami/message.ts';
import { agentIdentity, type AgentIdentity } from '../../../electron/core/agent/identity.ts';
import { ReplaySession } from '../../../electron/core/agent/replay.ts';
import { ingest } from '../../../electron/core/agent/session.ts';
import { AgentIndex } from '../../../electron/core/relay/agent-index.ts';
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

describe('AgentIndex: no event that changes an agent is routed elsewhere', () => {
  it.each(TRANSCRIPTS)('%s', (name) => {
    const technology = name.startsWith('asterisk-18/') ? 'SIP' : 'PJSIP';
    const agents = ['1001', '1002', '1003'].map((extension) => {
      const identity: AgentIdentity = agentIdentity({ extension, technology });
      return { identity, session: new ReplaySession(identity) };
    });
    const index = new AgentIndex<(typeof agents)[number]>();
    for (const a of agents) index.add(a, a.identity);
    for (const message of messagesOf(name)) {
      for (const a of agents) {
        index.setCalls(a, a.session.agentState.calls.keys());
        index.setQueues(
          a,
          a.session.snapshot.queues.map((q) => q.name),
        );
      }
      // List items reach the relay's engines through their own list actions, never through the index.
      const routed = message.kind === 'event' && !message.raw.includes('\r\nActionID: ');
      if (routed) {
        const named = index.candidates(message);
        for (const a of agents) {
          const state = a.session.agentState;
          if (ingest(state, message, 1) !== state) {
            checked++;
            expect(named.has(a), `${message.name} changes ${a.identity.extension} but was not routed to it:\n${message.raw}`).toBe(true);
          }
        }
      }
      for (const a of agents) a.session.message(message);
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
});
