/**
 * Hands each AMI event to the agents it may concern (agent-index.ts), as the relay's engines need
 * it. Two kinds of event say something about a call before any agent is in it, and each agent
 * needs them once the call reaches it: the call's first channel (Uniqueid = Linkedid), which says
 * the call's DID (agent/dids.ts), and a caller joining a queue, which says the call's queue
 * (agent/handlers/queues.ts). Rather than give them to every agent (a join went to all 500 members
 * of a queue, so the cost grew with the agents), the router keeps them per call, bounded, and gives
 * them to an agent just before the first event of that call the agent gets. A caller leaving the
 * queue goes to the agents its join reached; the call's end forgets them. The queue's count of
 * callers waiting is the relay's (queue-figures.ts). List items (events with an ActionID) reach no
 * one here: each engine reads its own through its list actions.
 */
import type { AmiMessage } from '../ami/message.ts';
import type { AgentIndex } from './agent-index.ts';

const QUEUE_CALLER_EVENTS = new Set(['QueueCallerJoin', 'QueueCallerLeave', 'QueueCallerAbandon']);
/** As agent/dids.ts DIDS_LIMIT: calls whose first channel and queue joins are kept at once. */
const KEPT_CALLS = 1000;

interface Kept<A> {
  event: AmiMessage;
  /** The agents given it. */
  given: Set<A>;
}

export class EventRouter<A> {
  /** By Linkedid: the call's first channel, then its callers joining queues, in order. */
  private readonly kept = new Map<string, Array<Kept<A>>>();
  private readonly candidates = new Set<A>();

  constructor(private readonly index: AgentIndex<A>) {}

  route(event: AmiMessage, deliver: (agent: A, event: AmiMessage) => void): void {
    const candidates = this.candidates;
    candidates.clear();
    this.index.candidates(event, candidates);
    const name = event.name;
    const first = (name === 'Newchannel' || name === 'Hangup') && isFirstChannel(event);
    // Most events stop here, undecoded.
    if (candidates.size === 0 && !first && !QUEUE_CALLER_EVENTS.has(name)) return;
    if (event.raw.includes('\r\nActionID: ')) return;
    let own: Kept<A> | undefined;
    let join: Kept<A> | undefined;
    if ((first && name === 'Newchannel') || name === 'QueueCallerJoin') own = this.keep(event);
    else if (name === 'QueueCallerLeave' || name === 'QueueCallerAbandon') {
      join = this.joinOf(event);
      if (join) for (const agent of join.given) candidates.add(agent);
    }
    if (candidates.size > 0) {
      const linked = this.kept.size > 0 ? [event.get('Linkedid'), event.get('DestLinkedid')] : [];
      for (const agent of candidates) {
        own?.given.add(agent);
        for (const id of linked) if (id !== undefined) this.giveKept(id, agent, deliver);
        deliver(agent, event);
      }
    }
    if (join && name === 'QueueCallerLeave') this.forget(join);
    if (first && name === 'Hangup') this.kept.delete(event.get('Uniqueid')!);
  }

  /** Gives `agent` what is kept of call `id` and not given to it yet. */
  private giveKept(id: string, agent: A, deliver: (agent: A, event: AmiMessage) => void): void {
    const kept = this.kept.get(id);
    if (!kept) return;
    for (const k of kept) {
      if (k.given.has(agent)) continue;
      k.given.add(agent);
      deliver(agent, k.event);
    }
  }

  private keep(event: AmiMessage): Kept<A> | undefined {
    const id = linkedidOf(event);
    if (id === undefined) return undefined;
    let kept = this.kept.get(id);
    if (!kept) {
      if (this.kept.size >= KEPT_CALLS) this.kept.delete(this.kept.keys().next().value!);
      this.kept.set(id, (kept = []));
    }
    const own = { event, given: new Set<A>() };
    kept.push(own);
    return own;
  }

  /** The kept join of the caller that `event` says leaves (or abandons) a queue. */
  private joinOf(event: AmiMessage): Kept<A> | undefined {
    const id = linkedidOf(event);
    const kept = id === undefined ? undefined : this.kept.get(id);
    if (!kept) return undefined;
    const uid = event.get('Uniqueid');
    const queue = event.get('Queue');
    return kept.find((k) => k.event.name === 'QueueCallerJoin' && k.event.get('Uniqueid') === uid && k.event.get('Queue') === queue);
  }

  /** The caller left the queue: an agent the call reaches later has no use for its join. */
  private forget(join: Kept<A>): void {
    const id = linkedidOf(join.event)!;
    const kept = this.kept.get(id);
    if (!kept) return;
    const rest = kept.filter((k) => k !== join);
    if (rest.length > 0) this.kept.set(id, rest);
    else this.kept.delete(id);
  }
}

function isFirstChannel(event: AmiMessage): boolean {
  const uid = event.get('Uniqueid');
  return uid !== undefined && uid !== '' && uid === event.get('Linkedid');
}

function linkedidOf(event: AmiMessage): string | undefined {
  return event.get('Linkedid') || event.get('Uniqueid') || undefined;
}
