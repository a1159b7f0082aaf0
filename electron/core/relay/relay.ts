/**
 * The relay: one AMI connection for a whole call center, each agent's snapshot and verbs served
 * over core NATS (subjects.ts, wire.ts), so the PBX pays for one manager session, not one per desk.
 *
 * Each agent has its own AgentEngine (agent/sync.ts: the same sync, reduce and stale rules as a
 * direct desk) over a RoutedConnection: actions go to the one client, events come only when the
 * AgentIndex says the event may concern that agent, so an event's cost does not grow with the
 * number of agents (event-router.ts). A queue's callers waiting, which every member shows, are
 * kept once for the queue and put into each member's snapshot as it is published
 * (queue-figures.ts): a caller joining or leaving reaches only the engines of the agents its call
 * reaches. List items (events with an ActionID) reach an engine through its own list actions only:
 * one agent's sync must not feed another's live state. The lists that describe the whole PBX are
 * asked once for all the agents syncing together (shared-lists.ts).
 *
 * The agents are those named at start, those the PBX lists when `discover` is on (discovery.ts:
 * read on every login, so an AMI reconnect learns what changed, and from each QueueMemberAdded),
 * and any a desk asks for; never more than `maxAgents`.
 *
 * Each change is published on the agent's snapshot subject with seq + 1 (once per batch of AMI
 * events read together; a change of callsWaiting alone waits up to `waitingPublishMs`, merged:
 * snapshot-publisher.ts), and only a change: every `heartbeatMs` one small message on RELAY_ALIVE
 * (this relay's instance id and start) tells all the desks at once that it lives (a desk that hears
 * nothing marks its picture stale; one that hears another instance asks for its snapshot again),
 * where republishing 500 snapshots of a few KB each would cost NATS and every desk far more. How a
 * click-to-dial ended, which comes after the verb's answer, goes to the agent's desk as a notice
 * (wire.ts). A verb runs on createAgentVerbs built for the agent named in the subject, with that
 * agent's snapshot: its calls and queues are the only ones it can act on, whatever the body says;
 * listen and whisper (supervision.ts) only for the `supervisors`.
 *
 * The team view (issue 18) is one picture of the PBX's phones and queues for all desks, fed from
 * the same stream and published on its own subject (team-feed.ts); each desk makes its own from it.
 */
import { randomUUID } from 'node:crypto';
import type { NatsConnection, Msg, Subscription } from '@nats-io/transport-node';
import type { AmiMessage } from '../ami/message.ts';
import type { AmiConnection, ClientStatus, ListResult, ActionOptions } from '../ami/types.ts';
import { AmiAction } from '../ami/action.ts';
import { ActionRunner } from '../actions/runner.ts';
import { createAgentVerbs } from '../actions/agent-verbs.ts';
import { agentIdentity, type AgentIdentity, type IdentitySettings } from '../agent/identity.ts';
import { AgentEngine } from '../agent/sync.ts';
import type { Logger } from '../agent/state.ts';
import type { DialRules } from '../dialing/normalize.ts';
import type { CompanionVerbs, VerbResult } from '../../shared/companion.ts';
import { english, phrase, phraseOfError, refusal, refused } from '../../shared/phrases/index.ts';
import type { Snapshot } from '../../shared/snapshot.ts';
import type { SuperviseMode } from '../../shared/bridge.ts';
import { AgentIndex } from './agent-index.ts';
import { agentOfMember, agentsOfLists } from './discovery.ts';
import { EventRouter } from './event-router.ts';
import { QueueFigures } from './queue-figures.ts';
import { SharedLists } from './shared-lists.ts';
import { SnapshotPublisher } from './snapshot-publisher.ts';
import { ALL_GETS, ALL_VERBS, noticeSubject, RELAY_ALIVE, snapshotSubject, SUBJECT_ROOT, TEAM_GET, TEAM_SUBJECT } from './subjects.ts';
import { TeamFeed } from './team-feed.ts';
import { TokenBuckets } from './token-bucket.ts';
import { createSupervision } from './supervision.ts';
import { encodeAlive, encodeNotice, encodeSnapshot, noticeOf, readVerbBody, runVerb, type SupervisorVerbs } from './wire.ts';

const QUEUE_STATUS = AmiAction.build('QueueStatus');
const EXTENSION_STATES = AmiAction.build('ExtensionStateList');

export interface RelayOptions {
  /** The one AMI connection (an AmiClient): the relay neither connects nor closes it. */
  connection: AmiConnection;
  /** Connected with the relay's own user and inbox prefix (RELAY_INBOX_PREFIX). */
  nats: NatsConnection;
  /** Agents served from the start; others are added when a desk asks for their snapshot. */
  agents: readonly string[];
  /**
   * Also serve the agents the PBX has (discovery.ts): its queues' members and the extensions whose
   * hint is their phone, read on every login and on FullyBooted, and each member added later.
   */
  discover?: boolean;
  /** How the agents' names are derived (technology, contexts), the same for all. */
  identity?: Omit<IdentitySettings, 'extension' | 'device'>;
  dialRules?: DialRules;
  originateContext?: string;
  queueLog?: boolean;
  recordingTemplate?: string;
  clock?: () => number;
  /** The relay says it lives on RELAY_ALIVE this often. Default 5000 ms. */
  heartbeatMs?: number;
  /** A snapshot change of callsWaiting alone is published at most this late (snapshot-publisher.ts). Default 250 ms. */
  waitingPublishMs?: number;
  /** The team view's changes within this long are published together (team-feed.ts). Default 250 ms. */
  teamCoalesceMs?: number;
  /** Requests per desk: `burst` at once, `perSecond` after. Default 20 and 5. */
  rate?: { burst: number; perSecond: number; now?: () => number };
  /** The desks that may listen and whisper (supervision.ts); any other is refused in words. */
  supervisors?: readonly string[];
  /** At most this many agents (those asked for on demand included). Default 5000. */
  maxAgents?: number;
  logger?: Logger;
}

export interface RelayStats {
  /** AMI events received, and deliveries to an agent's engine (an event for two agents counts twice). */
  events: number;
  delivered: number;
  /** Whole-PBX lists asked of the PBX, and answered from one already asked (shared-lists.ts). */
  lists: { asked: number; shared: number };
}

export interface Relay {
  /** The agents served now. */
  agents(): string[];
  snapshot(extension: string): Snapshot | undefined;
  stats(): RelayStats;
  /** Tells every desk the relay is going (their pictures go stale at once), then stops serving. */
  stop(): Promise<void>;
}

/** An AmiConnection for one agent's engine: actions to the shared client, events as the index routes them. */
class RoutedConnection implements AmiConnection {
  private readonly listeners = new Set<(event: AmiMessage) => void>();
  /** When the engine's current sync began (SharedLists.mark). */
  since = 0;
  constructor(
    private readonly inner: AmiConnection,
    private readonly lists: SharedLists,
  ) {}
  get status(): ClientStatus {
    return this.inner.status;
  }
  get amiVersion(): string | null {
    return this.inner.amiVersion;
  }
  action(action: AmiAction, options?: ActionOptions): Promise<AmiMessage> {
    return this.inner.action(action, options);
  }
  listAction(action: AmiAction, options?: ActionOptions): Promise<ListResult> {
    return this.lists.listAction(action, this.since, options);
  }
  onEvent(listener: (event: AmiMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  onStatus(listener: (status: ClientStatus, error: Error | null) => void): () => void {
    return this.inner.onStatus(listener);
  }
  onLogin(listener: (response: AmiMessage) => void): () => void {
    return this.inner.onLogin(listener);
  }
  deliver(event: AmiMessage): void {
    for (const listener of this.listeners) listener(event);
  }
}

interface Agent {
  identity: AgentIdentity;
  link: RoutedConnection;
  engine: AgentEngine;
  verbs: CompanionVerbs & SupervisorVerbs;
  /** The seq of the last snapshot published (or answered). */
  seq: number;
  /** What the index last learnt (compared by identity: the engine copies on change). */
  calls: ReadonlyMap<string, unknown> | null;
  queues: Snapshot['queues'] | null;
  off: () => void;
}

export async function startRelay(options: RelayOptions): Promise<Relay> {
  const { connection, nats } = options;
  const clock = options.clock ?? Date.now;
  const logger = options.logger ?? { warn: () => {} };
  const maxAgents = options.maxAgents ?? 5000;
  const buckets = new TokenBuckets({ burst: options.rate?.burst ?? 20, perSecond: options.rate?.perSecond ?? 5, now: options.rate?.now });
  const agents = new Map<string, Agent>();
  const index = new AgentIndex<Agent>();
  const stats = { events: 0, delivered: 0 };
  const lists = new SharedLists(connection);
  const figures = new QueueFigures();
  /** The agent's snapshot as desks see it: its engine's, with the queues' figures. */
  const shownOf = (agent: Agent): Snapshot => figures.onto(agent.engine.snapshot());
  /** This run of the relay: a desk whose snapshot came from another asks again. */
  const instance = randomUUID();
  const startedAt = clock();
  const supervision = createSupervision({
    connection,
    supervisors: options.supervisors ?? [],
    identity: options.identity,
    snapshotOf: (extension) => agents.get(extension)?.engine.snapshot(),
  });

  /** Publishes, or drops the message when NATS is closed (the CLI ends the relay on that; desks see silence). */
  const publish = (subject: string, data: string): void => {
    try {
      nats.publish(subject, data);
    } catch (error) {
      logger.warn(`relay: not published on ${subject}: ${(error as Error).message}`);
    }
  };

  const publisher = new SnapshotPublisher<Agent>({
    waitMs: options.waitingPublishMs ?? 250,
    current: shownOf,
    send: (agent, snapshot) => {
      publish(snapshotSubject(agent.identity.extension), encodeSnapshot(++agent.seq, snapshot, instance));
    },
  });

  const reindex = (agent: Agent): void => {
    const calls = agent.engine.trackedCalls();
    if (calls !== agent.calls) index.setCalls(agent, calls.keys());
    agent.calls = calls;
    const queues = agent.engine.snapshot().queues;
    if (queues !== agent.queues)
      index.setQueues(
        agent,
        queues.map((q) => q.name),
      );
    agent.queues = queues;
  };

  const add = (extension: string): Agent => {
    const identity = agentIdentity({ ...options.identity, extension });
    // The subject token must be the extension as written (subjectToken refuses dots and wildcards).
    snapshotSubject(identity.extension);
    const link = new RoutedConnection(connection, lists);
    const engine = new AgentEngine({ connection: link, identity, clock, logger, onSyncStart: () => (link.since = lists.mark()) });
    const agentVerbs = createAgentVerbs({
      connection,
      runner: new ActionRunner(connection),
      identity,
      snapshot: () => engine.snapshot(),
      dialRules: options.dialRules ?? { defaultCountry: 'US' },
      context: options.originateContext,
      queueLog: options.queueLog,
      recordingTemplate: options.recordingTemplate,
      // How a click-to-dial ended comes after the verb's answer: the desk hears it as a notice.
      onDialOutcome: (result) => publish(noticeSubject(identity.extension), encodeNotice(noticeOf(result))),
      now: clock,
    });
    const verbs = {
      ...agentVerbs,
      supervise: (target: string, mode: SuperviseMode) => supervision.supervise(identity.extension, target, mode),
      stopSupervising: () => supervision.stop(identity.extension),
    };
    const agent: Agent = { identity, link, engine, verbs, seq: 1, calls: null, queues: null, off: () => {} };
    publisher.start(agent, shownOf(agent));
    agent.off = engine.subscribe((snapshot) => {
      publisher.changed(agent, figures.onto(snapshot));
      reindex(agent);
    });
    agents.set(identity.extension, agent);
    index.add(agent, identity);
    engine.start();
    reindex(agent);
    return agent;
  };

  for (const extension of options.agents) if (!agents.has(extension)) add(extension);

  let warnedFull = false;
  /** Set by stop(): a discovery still running then serves no one. */
  let stopped = false;
  /** Serves an agent the PBX named, while there is room (a desk's `get` says it when there is none). */
  const serveFound = (extension: string): void => {
    if (stopped || agents.has(extension)) return;
    if (agents.size >= maxAgents) {
      if (!warnedFull)
        logger.warn(`relay: the PBX has more agents than --max-agents (${maxAgents}); ${extension} and later ones are not served`);
      warnedFull = true;
      return;
    }
    try {
      add(extension);
    } catch (error) {
      logger.warn(`relay: agent ${extension} not served: ${(error as Error).message}`);
    }
  };
  // One discovery at a time; a login or FullyBooted during one runs it once more after.
  let discovering: Promise<void> | null = null;
  let discoverAgain = false;
  const discover = (): void => {
    if (!options.discover) return;
    if (discovering) return void (discoverAgain = true);
    discovering = (async () => {
      const since = lists.mark();
      const answers = await Promise.allSettled([lists.listAction(QUEUE_STATUS, since), connection.listAction(EXTENSION_STATES)]);
      const before = agents.size;
      for (const answer of answers) {
        if (answer.status === 'fulfilled')
          for (const extension of agentsOfLists(answer.value.items, options.identity)) serveFound(extension);
        else logger.warn(`relay: could not list the PBX's agents: ${String(answer.reason)}`);
      }
      if (agents.size > before) logger.warn(`relay: learnt ${agents.size - before} agent(s) from the PBX; serving ${agents.size}`);
    })().finally(() => {
      discovering = null;
      if (discoverAgain) {
        discoverAgain = false;
        discover();
      }
    });
  };
  const offLogin = connection.onLogin(() => discover());
  if (connection.status === 'connected') discover();

  const team = new TeamFeed({
    connection,
    lists,
    // The phones' hint context, as every agent's identity derives it.
    hintContext: agentIdentity({ ...options.identity, extension: '0' }).hintContext,
    instance,
    publish: (data) => publish(TEAM_SUBJECT, data),
    coalesceMs: options.teamCoalesceMs,
    clock,
    logger,
  });
  team.start();

  const router = new EventRouter(index);
  const deliver = (agent: Agent, event: AmiMessage): void => {
    stats.delivered++;
    agent.link.deliver(event);
    reindex(agent);
  };
  // A new session's lists say the figures again; until then each engine's own stand.
  const offStatus = connection.onStatus(() => figures.clear());
  const offEvents = connection.onEvent((event) => {
    stats.events++;
    const queue = figures.observe(event);
    if (queue !== null) for (const agent of index.inQueue(queue)) publisher.waitingChanged(agent);
    router.route(event, deliver);
    if (!options.discover) return;
    // A restarted PBX lists its hints only once booted; a member added later is an agent from now on.
    if (event.name === 'FullyBooted') discover();
    else if (event.name === 'QueueMemberAdded') {
      const extension = agentOfMember(event, options.identity);
      if (extension) serveFound(extension);
    }
  });

  /** `pbxc.agent.EXT.get` -> EXT; `pbxc.agent.EXT.verb.NAME` -> EXT, NAME. */
  const parse = (subject: string): { extension: string; rest: string[] } | null => {
    if (!subject.startsWith(SUBJECT_ROOT + '.')) return null;
    const [extension, ...rest] = subject.slice(SUBJECT_ROOT.length + 1).split('.');
    return extension ? { extension, rest } : null;
  };

  const onGet = (msg: Msg): void => {
    const target = parse(msg.subject);
    if (!target) return;
    let agent = agents.get(target.extension);
    if (!agent) {
      if (agents.size >= maxAgents)
        return void msg.respond(JSON.stringify({ v: 1, error: `the relay serves at most ${maxAgents} agents` }));
      try {
        agent = add(target.extension);
      } catch (error) {
        return void msg.respond(JSON.stringify({ v: 1, error: english(phraseOfError(error)) }));
      }
    }
    publisher.flush(agent);
    // Encoded again rather than kept: a get is rare, and publishing must not hold 500 messages for it.
    msg.respond(encodeSnapshot(agent.seq, publisher.lastShown(agent)!, instance));
  };

  const onVerb = async (msg: Msg): Promise<void> => {
    const target = parse(msg.subject);
    if (!target || !msg.reply) return;
    const answer = (result: VerbResult) => msg.respond(JSON.stringify(result));
    const agent = agents.get(target.extension);
    if (!agent) return void answer(refused('relay.unknown-agent', { extension: target.extension.slice(0, 40) }));
    if (!buckets.take(target.extension)) return void answer(refused('relay.rate-limited'));
    const name = target.rest.length === 2 && target.rest[0] === 'verb' ? target.rest[1]! : target.rest.join('.');
    const request = readVerbBody(name, msg.data);
    if ('ok' in request) return void answer(request);
    try {
      answer(await runVerb(agent.verbs, request.verb, request.body));
    } catch (error) {
      logger.warn(`relay: ${target.extension} ${name}: ${String(error)}`);
      answer(refusal(phrase('relay.bad-request', { why: english(phraseOfError(error)) })));
    }
  };

  // A server that refuses the relay's subscriptions says so (a -ERR) before it answers the flush's PING.
  const refusedSubscriptions: string[] = [];
  const serve = (subject: string, handle: (msg: Msg) => void): Subscription =>
    nats.subscribe(subject, {
      callback: (error, msg) => {
        if (!error) return handle(msg);
        refusedSubscriptions.push(`${subject}: ${error.message}`);
        logger.warn(`relay: ${subject}: ${error.message}`);
      },
    });
  const subscriptions: Subscription[] = [
    serve(ALL_GETS, onGet),
    serve(ALL_VERBS, (msg) => void onVerb(msg)),
    // Not required: a NATS config printed before the team view came still serves the snapshots.
    nats.subscribe(TEAM_GET, {
      callback: (error, msg) => {
        if (!error) return void msg.respond(team.whole());
        logger.warn(`relay: no team view for the desks (${error.message}): print the NATS config again (relay --print-nats-conf)`);
      },
    }),
  ];
  await nats.flush();
  if (refusedSubscriptions.length > 0) {
    team.stop();
    offEvents();
    offStatus();
    offLogin();
    lists.close();
    publisher.close();
    for (const agent of agents.values()) agent.engine.stop();
    throw new Error(
      `the NATS server does not let the relay serve desks (${refusedSubscriptions.join('; ')}): give the relay's user the permissions that relay --print-nats-conf prints`,
    );
  }

  const alive = encodeAlive({ relay: instance, startedAt });
  publish(RELAY_ALIVE, alive);
  const heartbeat = setInterval(() => publish(RELAY_ALIVE, alive), options.heartbeatMs ?? 5000);
  heartbeat.unref?.();

  return {
    agents: () => [...agents.keys()],
    snapshot: (extension) => {
      const agent = agents.get(extension);
      return agent && shownOf(agent);
    },
    stats: () => ({ ...stats, lists: { ...lists.counts } }),
    async stop() {
      stopped = true;
      clearInterval(heartbeat);
      publisher.close();
      team.stop();
      offEvents();
      offStatus();
      offLogin();
      lists.close();
      for (const s of subscriptions) s.unsubscribe();
      const said = phrase('relay.stopped');
      for (const agent of agents.values()) {
        agent.off();
        const shown = shownOf(agent);
        const connection = { ...shown.connection, status: 'reconnecting' as const, stale: true, error: english(said), errorPhrase: said };
        publish(snapshotSubject(agent.identity.extension), encodeSnapshot(++agent.seq, { ...shown, connection }, instance));
        agent.engine.stop();
        index.remove(agent);
      }
      agents.clear();
      await nats.flush().catch(() => {});
    },
  };
}
