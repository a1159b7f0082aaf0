/**
 * Hands each AMI event to the agents it may concern (agent-index.ts), as the relay's engines need
 * it. One thing the index cannot know: a call's first channel (Uniqueid = Linkedid) says the call's
 * DID before any agent is in the call, and each agent remembers it from that event (agent/dids.ts).
 * Rather than give that event to every agent (the cost would grow with the agents), the router
 * keeps it, bounded, and gives it to an agent just before the first event of that call the agent
 * gets; the call's end forgets it. List items (events with an ActionID) reach no one here: each
 * engine reads its own through its list actions.
 */
import type { AmiMessage } from '../ami/message.ts';
import type { AgentIndex } from './agent-index.ts';

const QUEUE_CALLER_EVENTS = new Set(['QueueCallerJoin', 'QueueCallerLeave', 'QueueCallerAbandon']);
/** As agent/dids.ts DIDS_LIMIT: calls whose first channel is kept at once. */
const KEPT_CALLS = 1000;

export class EventRouter<A> {
  private readonly firstChannels = new Map<string, { event: AmiMessage; given: Set<A> }>();
  private readonly candidates = new Set<A>();

  constructor(private readonly index: AgentIndex<A>) {}

  route(event: AmiMessage, deliver: (agent: A, event: AmiMessage) => void): void {
    const candidates = this.candidates;
    candidates.clear();
    this.index.candidates(event, candidates);
    const name = event.name;
    const first = (name === 'Newchannel' || name === 'Hangup') && isFirstChannel(event);
    if (first && name === 'Newchannel') this.keep(event);
    if (candidates.size === 0 && !first) return;
    if (event.raw.includes('\r\nActionID: ')) return;
    if (candidates.size > 0) {
      // A caller joining or leaving a queue goes to all its members and only counts the callers
      // waiting: the DID waits for an event that brings the call to the agent (it is kept till then).
      const linked =
        this.firstChannels.size > 0 && !QUEUE_CALLER_EVENTS.has(name) ? [event.get('Linkedid'), event.get('DestLinkedid')] : [];
      for (const agent of candidates) {
        for (const id of linked) {
          const kept = id === undefined ? undefined : this.firstChannels.get(id);
          if (kept && kept.event !== event && !kept.given.has(agent)) {
            kept.given.add(agent);
            deliver(agent, kept.event);
          }
        }
        if (first && name === 'Newchannel') this.firstChannels.get(event.get('Uniqueid')!)?.given.add(agent);
        deliver(agent, event);
      }
    }
    if (first && name === 'Hangup') this.firstChannels.delete(event.get('Uniqueid')!);
  }

  private keep(event: AmiMessage): void {
    const id = event.get('Uniqueid')!;
    if (this.firstChannels.has(id)) return;
    if (this.firstChannels.size >= KEPT_CALLS) this.firstChannels.delete(this.firstChannels.keys().next().value!);
    this.firstChannels.set(id, { event, given: new Set() });
  }
}

function isFirstChannel(event: AmiMessage): boolean {
  const uid = event.get('Uniqueid');
  return uid !== undefined && uid !== '' && uid === event.get('Linkedid');
}
