/**
 * Issue 18, the team view's cost.
 * - Bytes: what desk 1001 receives of the generated 500-agent stream through the doctor's event
 *   filter (Asterisk's own rules, test/support/event-filter.ts), before the team view (without the
 *   ExtensionStatus line it added) and after; the unfiltered stream for scale.
 * - Ingest: the same stream through a TeamModel with 1,000 colleagues (the 500 agents of the
 *   stream's queues and 500 more listed), reading the team after every change as the engine does:
 *   an event that changes one colleague copies the members array once, any other event nothing.
 */
import { AmiFramer } from '../../../electron/core/ami/framer.ts';
import { AmiMessage } from '../../../electron/core/ami/message.ts';
import { stanza } from '../../../electron/core/doctor/manager-conf.ts';
import { TeamModel } from '../../../electron/core/team/model.ts';
import { isSent, parseEventFilters, parseReadClasses } from '../../support/event-filter.ts';
import { replay, sink, type BenchCase, type Consumer } from '../harness.ts';
import { FIRST_AGENT, THE_AGENT, generateStream } from '../stream.ts';
import { CYCLE, EVENTS } from './ami-parse.ts';

const KB = 1024;

/** Bytes of the events (as received, with their CRLF CRLF) that a session with this stanza receives. */
function bytesThrough(messages: readonly AmiMessage[], text: string | null): number {
  const read = text === null ? ['all'] : parseReadClasses(text);
  const filters = text === null ? [] : parseEventFilters(text);
  let bytes = 0;
  for (const m of messages) if (m.kind === 'event' && isSent(m, read, filters)) bytes += m.byteLength + 4;
  return bytes;
}

const bytesCase: BenchCase = {
  name: "team: bytes desk 1001 receives of the 500-agent stream through the doctor's filter",
  ours: {
    label: "doctor's filter with the team view",
    run: async () => {
      const stream = generateStream(CYCLE, { agentShare: 0.05 });
      const messages: AmiMessage[] = [];
      const framer = new AmiFramer({ onMessage: (m) => messages.push(m) }, { expectBanner: false });
      for (const chunk of stream.chunks) framer.push(chunk);
      const after = stanza('pbx-companion-1001', THE_AGENT, '22.10.1');
      // The stanza as it was before the team view: without the ExtensionStatus line it added.
      const before = after
        .split('\n')
        .filter((line) => !line.includes('name(ExtensionStatus)'))
        .join('\n');
      const started = process.cpuUsage();
      const all = bytesThrough(messages, null);
      const was = bytesThrough(messages, before);
      const now = bytesThrough(messages, after);
      const cpu = process.cpuUsage(started);
      return {
        seconds: (cpu.user + cpu.system) / 1e6,
        figures: {
          events: stream.events,
          'unfiltered KB': all / KB,
          'before KB': was / KB,
          'after KB': now / KB,
          'after % of unfiltered': (100 * now) / all,
          'after / before': now / was,
        },
      };
    },
  },
  target: { figureAtMost: { 'after % of unfiltered': 40 } },
};

/** The team model behind our framer: every event applied, the team read after each change. */
function teamConsumer(): Consumer {
  // 500 more than the agents, less the agent itself.
  const extras = Array.from({ length: 501 }, (_, i) => String(FIRST_AGENT + 500 + i));
  const team = new TeamModel({ extension: THE_AGENT, hintContext: 'ext-local', extensions: extras, maxMembers: 1000 });
  team.setMyQueues(['support', 'sales', 'billing', 'retention']);
  // The 500 agents as members of the agent's queues (the sync's QueueStatus would list them).
  for (let i = 0; i < 500; i++) {
    const iface = `PJSIP/${FIRST_AGENT + i}`;
    const item: Array<[string, string]> = [
      ['Event', 'QueueMember'],
      ['Queue', 'support'],
      ['Name', `Agent ${FIRST_AGENT + i}`],
      ['Location', iface],
      ['StateInterface', iface],
      ['Status', '1'],
      ['Paused', '0'],
    ];
    team.apply(AmiMessage.from(item), 0);
  }
  let now = 0;
  let delivered = 0;
  let shown = team.info(0);
  const framer = new AmiFramer(
    {
      onMessage: (m) => {
        delivered++;
        if (!team.apply(m, ++now)) return;
        const next = team.info(now);
        if (next !== shown) sink.value++;
        shown = next;
      },
    },
    { expectBanner: false },
  );
  if (shown.members.length !== 1000) throw new Error(`the team lists ${shown.members.length} colleagues, not 1000`);
  return {
    push: (chunk) => framer.push(chunk),
    get delivered() {
      return delivered;
    },
  };
}

const ingestCase: BenchCase = {
  name: 'team: model ingest of the 500-agent stream, 1,000 colleagues',
  ours: {
    label: 'AmiFramer + TeamModel.apply + info on change',
    run: async () => {
      const stream = generateStream(CYCLE, { agentShare: 0.05 });
      const measured = await replay(stream, EVENTS, teamConsumer, { growth: true });
      const ms = (measured.seconds ?? 0) * 1000;
      measured.figures = { ...measured.figures, 'us per event': (1000 * ms) / (measured.events ?? 1) };
      return measured;
    },
  },
  target: { rateAtLeast: 100_000, figureAtMost: { 'heap growth MB': 2 } },
};

export const cases: BenchCase[] = [bytesCase, ingestCase];
