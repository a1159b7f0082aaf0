/**
 * Issue 3: ingest (frame, pre-filter, reduce) of the generated 500-agent stream by agent 1001's
 * engine, side by side with asterisk-manager parsing the same bytes: the stream where about 5% of
 * the events are the agent's (target 20x; the pre-filter skips the rest undecoded) and the one
 * where all are (target 5x). RSS growth across the 1M events: under 5 MB.
 */
import { AmiFramer } from '../../../electron/core/ami/framer.ts';
import { agentIdentity } from '../../../electron/core/agent/identity.ts';
import { ingest } from '../../../electron/core/agent/session.ts';
import { emptyState, type AgentState } from '../../../electron/core/agent/state.ts';
import { replay, sink, type BenchCase, type Consumer } from '../harness.ts';
import { THE_AGENT, generateStream } from '../stream.ts';
import { CYCLE, EVENTS, asteriskManagerSide } from './ami-parse.ts';

/** The agent's engine behind our framer: every event goes through ingest(), as in the app. */
function ingestConsumer(): Consumer & { readonly state: AgentState } {
  let state = emptyState(agentIdentity({ extension: THE_AGENT }));
  let delivered = 0;
  const framer = new AmiFramer(
    {
      onMessage: (m) => {
        delivered++;
        const next = ingest(state, m, Date.now());
        if (next !== state) sink.value++;
        state = next;
      },
    },
    { expectBanner: false },
  );
  return {
    push: (chunk) => framer.push(chunk),
    get delivered() {
      return delivered;
    },
    get state() {
      return state;
    },
  };
}

function ingestCase(agentShare: number, ratio: number): BenchCase {
  const percent = `${Math.round(agentShare * 100)}%`;
  return {
    name: `agent ingest: ${percent} of events are the agent's`,
    ours: {
      label: 'AmiFramer + isRelevant + reduce',
      run: async () => {
        const stream = generateStream(CYCLE, { agentShare });
        const measured = await replay(stream, EVENTS, ingestConsumer, { growth: true });
        measured.figures = { ...measured.figures, 'agent share %': (100 * stream.agentEvents) / stream.events };
        return measured;
      },
    },
    baseline: asteriskManagerSide(agentShare),
    target: { ratioAtLeast: ratio, figureAtMost: { 'RSS growth MB': 5 } },
  };
}

export const cases: BenchCase[] = [ingestCase(0.05, 20), ingestCase(1, 5)];
