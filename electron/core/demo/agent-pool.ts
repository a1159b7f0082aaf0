/**
 * The demo's agent-pool call center (app_agent_pool, as Issabel's call center runs it), behaving as
 * ../shared/fixtures/asterisk-22-agents shows a real Asterisk 22 do:
 *
 *  - queue `callcenter` with members `Local/9001@agents` (state interface `Agent:9001`) and 9002;
 *  - log-in: an Originate into AgentLogin rings the agent's phone; once answered, AgentLogin, the
 *    channel waits in the agents' holding bridge with music, and the member stays unavailable for
 *    a few seconds (`probationMs`) before it turns idle;
 *  - a queue call is connected into the held login call without ringing: AgentCalled on the
 *    member's Local pair, the login channel joins the `;2` leg's bridge, AgentConnect, then the
 *    Local pair optimizes away and the caller's events carry the login call's Linkedid;
 *  - the caller hangs up: AgentComplete (Reason caller), the login channel back on hold, the member idle;
 *  - log-off (AgentLogoff, or the phone hanging up): AgentLogoff, the member unavailable, Hangup.
 *
 * A queue call that finds the agent unavailable or paused waits until it is not.
 */
import type { Bridge, CallCenter, Channel, Member, Queue } from './callcenter.ts';
import { channelEvent, channelPairs, localOptimizationBegin, localOptimizationEnd, memberEvent, twoSided, type Pairs } from './events.ts';
import type { ActionContext, ActionHandler } from './server.ts';

export interface AgentPoolDemoOptions {
  /** The agents of agents.conf, by number; default 9001 "Agent One" and 9002 "Agent Two". */
  agents?: ReadonlyArray<{ number: string; name: string }>;
  /** The Local context running AgentRequest; default `agents` (as the lab's). */
  context?: string;
  /** The phone answers the login call this long after it starts ringing (default 2000 ms). */
  answerAfterMs?: number;
  /** How long the member stays unavailable after AgentLogin (default 4500 ms, as measured). */
  probationMs?: number;
}

export interface PoolCall {
  callerNumber: string;
  callerName?: string;
  /** What the IVR set on the caller's channel (CUSTOMER_ID...). */
  vars?: Record<string, string>;
  /** The caller hangs up this long after being connected; absent: until hangupCaller(). */
  talkMs?: number;
}

interface Agent {
  number: string;
  name: string;
  member: Member;
  login: Channel | null;
  loginAt: number;
  /** A queue call connected into the login call. */
  call: { caller: Channel; bridge: Bridge; connectedAt: number; joinedAt: number } | null;
  logoffAfterCall: boolean;
}

interface Waiting {
  caller: Channel;
  joinedAt: number;
  talkMs: number | undefined;
}

export const POOL_QUEUE = 'callcenter';

export class AgentPoolDemo {
  readonly queue: Queue;
  private readonly agents = new Map<string, Agent>();
  private readonly waiting: Waiting[] = [];
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly context: string;
  private holding: Bridge | null = null;
  private optimizations = 0;

  constructor(
    private readonly cc: CallCenter,
    private readonly options: AgentPoolDemoOptions = {},
  ) {
    this.context = options.context ?? 'agents';
    this.queue = {
      name: POOL_QUEUE,
      did: '602',
      ivr: 'ivr-callcenter',
      members: [],
      completed: 0,
      abandoned: 0,
      holdTotal: 0,
      talkTotal: 0,
      availReported: 'INUSE',
      waitingReported: 'NOT_INUSE',
      rrNext: 0,
    };
    for (const { number, name } of options.agents ?? [
      { number: '9001', name: 'Agent One' },
      { number: '9002', name: 'Agent Two' },
    ]) {
      const member: Member = {
        queue: POOL_QUEUE,
        name,
        iface: `Local/${number}@${this.context}`,
        stateInterface: `Agent:${number}`,
        membership: 'static',
        penalty: 0,
        callsTaken: 0,
        lastCall: 0,
        lastPause: 0,
        loginTime: cc.seconds(),
        status: 5,
        paused: false,
        pausedReason: '',
        ringinuse: false,
        reported: 5,
      };
      this.queue.members.push(member);
      this.agents.set(number, { number, name, member, login: null, loginAt: 0, call: null, logoffAfterCall: false });
    }
    this.install();
  }

  /** Puts the queue into the call center (again after a restart rebuilt it). */
  install(): void {
    if (!this.cc.queues.has(POOL_QUEUE)) this.cc.queues.set(POOL_QUEUE, this.queue);
  }

  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  isLoggedIn(agent: string): boolean {
    return this.agents.get(agent)?.login != null;
  }

  /** The actions app_agent_pool adds (Agents, AgentLogoff) and those it changes (Originate into AgentLogin, a pause, a hangup). */
  handlers(base: Readonly<Record<string, ActionHandler>>): Record<string, ActionHandler> {
    return {
      Agents: (ctx) => this.agentsList(ctx),
      AgentLogoff: (ctx) => {
        const agent = this.agents.get(ctx.header('Agent'));
        if (!agent) return respond(ctx, 'Error', 'No such agent');
        respond(ctx, 'Success', 'Agent logged out');
        if (agent.login && agent.call && /^(yes|true|1|on)$/i.test(ctx.header('Soft'))) agent.logoffAfterCall = true;
        else this.logoff(agent, 'action');
      },
      Originate: (ctx) => {
        if (ctx.header('Application').toLowerCase() !== 'agentlogin') return base.Originate!(ctx);
        const device = ctx.header('Channel');
        const phone = this.cc.phoneByEndpoint(device);
        if (!phone) return respond(ctx, 'Error', 'Originate failed');
        respond(ctx, 'Success', 'Originate successfully queued');
        this.ringLogin(phone.exten, phone.name, (ctx.header('Data') || '').split(',')[0]!.trim(), ctx.actionId);
      },
      QueuePause: (ctx) => {
        base.QueuePause!(ctx);
        this.offerWaiting();
      },
      Redirect: (ctx) => {
        const ch = this.cc.findChannel(ctx.header('Channel'));
        const agent = ch && [...this.agents.values()].find((a) => a.call?.caller === ch);
        if (!agent) return base.Redirect!(ctx);
        respond(ctx, 'Success', 'Redirect successful');
        // The customer goes on to the transfer's target; the agent's login call goes back on hold.
        this.endCall(agent, 'transfer');
      },
      Hangup: (ctx) => {
        const ch = this.cc.findChannel(ctx.header('Channel'));
        const agent = ch && [...this.agents.values()].find((a) => a.call?.caller === ch);
        if (agent) {
          respond(ctx, 'Success', 'Channel Hungup');
          return this.endCall(agent, 'agent');
        }
        const login = ch && [...this.agents.values()].find((a) => a.login === ch);
        if (login) {
          respond(ctx, 'Success', 'Channel Hungup');
          return this.logoff(login, 'hangup');
        }
        base.Hangup!(ctx);
      },
    };
  }

  /** The agent's phone dials the login feature code (`*9001`), as in A4. */
  loginFromPhone(extension: string, agentNumber: string): void {
    const phone = this.cc.phones.get(extension);
    if (!phone) throw new Error(`no phone ${extension}`);
    const ch = this.cc.pjsipChannel(phone.exten, undefined, phone.exten, phone.name, 'from-internal', `*${agentNumber}`);
    this.cc.emit(channelEvent('Newchannel', ch));
    this.cc.setState(ch, 4);
    this.runAgentLogin(ch, agentNumber);
  }

  /** The login call drops (the phone's network goes away): app_agent_pool logs the agent off. */
  dropLogin(agentNumber: string): void {
    const agent = this.agents.get(agentNumber);
    if (agent?.login) this.logoff(agent, 'hangup');
  }

  /** A caller dials the call center's DID: into the queue, connected into the agent's login call when the agent is free. */
  queueCall(request: PoolCall): string {
    const cc = this.cc;
    const caller = cc.pjsipChannel('9000', undefined, request.callerNumber, request.callerName ?? '', 'from-external', this.queue.did);
    cc.emit(channelEvent('Newchannel', caller));
    cc.setState(caller, 6);
    for (const [name, value] of Object.entries(request.vars ?? {})) caller.vars.set(name, value);
    caller.context = this.queue.ivr;
    caller.exten = 's';
    caller.application = 'Queue';
    caller.appData = POOL_QUEUE;
    const count = this.waiting.length + 1;
    cc.emit(
      channelEvent(
        'QueueCallerJoin',
        caller,
        [
          ['Queue', POOL_QUEUE],
          ['Position', String(count)],
          ['Count', String(count)],
        ],
        'agent',
      ),
    );
    cc.emit(channelEvent('MusicOnHoldStart', caller, [['Class', 'default']]));
    this.waiting.push({ caller, joinedAt: cc.nowMs(), talkMs: request.talkMs });
    cc.refreshQueueWaiting(this.queue, this.waiting.length);
    this.offerWaiting();
    return caller.uniqueid;
  }

  /** The caller of the agent's current queue call hangs up. */
  hangupCaller(agentNumber = '9001'): void {
    const agent = this.agents.get(agentNumber);
    if (agent?.call) this.endCall(agent, 'caller');
  }

  // ---- log-in and log-off ----

  private ringLogin(extension: string, name: string, agentNumber: string, actionId: string | undefined): void {
    const cc = this.cc;
    const ch = cc.pjsipChannel(extension, undefined, extension, name, 'from-internal', 's');
    cc.emit(channelEvent('Newchannel', ch));
    cc.setState(ch, 5);
    this.after(this.options.answerAfterMs ?? 2000, () => {
      if (ch.gone) return;
      cc.setState(ch, 6);
      const response: Pairs = [
        ...(actionId === undefined ? [] : ([['ActionID', actionId]] as Pairs)),
        ['Response', 'Success'],
        ['Channel', ch.name],
        ['Application', 'AgentLogin'],
        ['Data', agentNumber],
        ['Reason', '4'],
        ['Uniqueid', ch.uniqueid],
        ['CallerIDNum', '<unknown>'],
        ['CallerIDName', '<unknown>'],
      ];
      cc.emit({ name: 'OriginateResponse', klass: 'call', headers: response });
      this.runAgentLogin(ch, agentNumber);
    });
  }

  /** AgentLogin(N) on the channel: refused (no such agent, already logged in: the channel hangs up) or the agent logged in. */
  private runAgentLogin(ch: Channel, agentNumber: string): void {
    const cc = this.cc;
    const agent = this.agents.get(agentNumber);
    if (!agent || agent.login) {
      cc.removeChannel(ch, 16);
      return;
    }
    agent.login = ch;
    agent.loginAt = cc.nowMs();
    cc.emit(channelEvent('AgentLogin', ch, [['Agent', agent.number]], 'agent'));
    cc.enterBridge(ch, this.holdingBridge());
    cc.emit(channelEvent('MusicOnHoldStart', ch, [['Class', 'default']]));
    this.after(this.options.probationMs ?? 4500, () => {
      if (agent.login !== ch) return;
      this.setMember(agent, 1);
      this.offerWaiting();
    });
  }

  private logoff(agent: Agent, why: 'action' | 'hangup'): void {
    const cc = this.cc;
    const ch = agent.login;
    if (!ch) return;
    if (agent.call) this.endCall(agent, 'agent');
    if (why === 'action') cc.emit(channelEvent('SoftHangupRequest', ch, [['Cause', '32']]));
    else cc.emit(channelEvent('HangupRequest', ch, [['Cause', '16']]));
    cc.emit(channelEvent('MusicOnHoldStop', ch));
    cc.leaveBridge(ch, true);
    const seconds = Math.round((cc.nowMs() - agent.loginAt) / 1000);
    cc.emit(
      channelEvent(
        'AgentLogoff',
        ch,
        [
          ['Agent', agent.number],
          ['Logintime', String(seconds)],
        ],
        'agent',
      ),
    );
    agent.login = null;
    agent.logoffAfterCall = false;
    this.setMember(agent, 5);
    cc.removeChannel(ch, 16);
  }

  // ---- queue calls ----

  private offerWaiting(): void {
    for (const agent of this.agents.values()) {
      const next = this.waiting[0];
      if (!next) return;
      const m = agent.member;
      if (!agent.login || agent.call || m.paused || m.status !== 1) continue;
      this.waiting.shift();
      this.connect(agent, next);
    }
  }

  private connect(agent: Agent, waiting: Waiting): void {
    const cc = this.cc;
    const { caller } = waiting;
    const login = agent.login!;
    const m = agent.member;
    const [one, two] = cc.localPair(agent.number, this.context, caller.linkedid);
    for (const leg of [one, two]) {
      leg.callerNum = caller.callerNum;
      leg.callerName = caller.callerName;
      for (const [k, v] of caller.vars) leg.vars.set(k, v);
    }
    cc.emit(channelEvent('Newchannel', one));
    cc.emit(channelEvent('Newchannel', two));
    one.connectedNum = caller.callerNum;
    one.connectedName = caller.callerName;
    cc.emit(channelEvent('NewConnectedLine', one));
    const who: Pairs = [
      ['Queue', POOL_QUEUE],
      ['Interface', m.iface],
      ['MemberName', m.name],
    ];
    cc.emit(twoSided('AgentCalled', 'agent', caller, one, who));
    cc.emit(twoSided('DialBegin', 'call', caller, one, [['DialString', m.iface.replace(/^Local\//, '')]]));
    // AgentRequest on the ;2 leg: the held login channel leaves the holding bridge for the ;2 leg's.
    login.connectedNum = caller.callerNum;
    login.connectedName = caller.callerName;
    cc.emit(channelEvent('NewConnectedLine', login));
    this.setMember(agent, 2);
    cc.emit(channelEvent('MusicOnHoldStop', login));
    const agentSide = cc.newBridge();
    cc.enterBridge(two, agentSide);
    cc.enterBridge(login, agentSide);
    two.linkedid = login.linkedid;
    cc.setState(one, 6);
    cc.emit(twoSided('DialEnd', 'call', caller, one, [['DialStatus', 'ANSWER']]));
    cc.emit(channelEvent('MusicOnHoldStop', caller));
    const index = this.waiting.length;
    cc.emit(
      channelEvent(
        'QueueCallerLeave',
        caller,
        [
          ['Queue', POOL_QUEUE],
          ['Position', '1'],
          ['Count', String(index)],
        ],
        'agent',
      ),
    );
    cc.refreshQueueWaiting(this.queue, this.waiting.length);
    const now = cc.nowMs();
    const hold = Math.round((now - waiting.joinedAt) / 1000);
    this.queue.holdTotal += hold;
    cc.emit(twoSided('AgentConnect', 'agent', caller, one, [...who, ['HoldTime', String(hold)], ['RingTime', '0']]));
    const customerSide = cc.bridgeTogether(one, caller);
    // The Local pair optimizes away: the login channel takes ;1's place beside the caller, whose
    // events carry the login call's Linkedid from now on.
    const id = this.optimizations++;
    cc.emit(localOptimizationBegin(one, two, login, one, id));
    caller.linkedid = login.linkedid;
    cc.leaveBridge(login);
    cc.leaveBridge(one);
    cc.enterBridge(login, customerSide);
    cc.emit(localOptimizationEnd(one, two, id));
    cc.removeChannel(one, 16);
    cc.removeChannel(two, 16);
    agent.call = { caller, bridge: customerSide, connectedAt: now, joinedAt: waiting.joinedAt };
    if (waiting.talkMs !== undefined) this.after(waiting.talkMs, () => agent.call?.caller === caller && this.endCall(agent, 'caller'));
  }

  /** The customer's call ends (the caller or the agent hung up, or the agent transferred it): the login call goes back on hold. */
  private endCall(agent: Agent, reason: 'caller' | 'agent' | 'transfer'): void {
    const cc = this.cc;
    const call = agent.call;
    const login = agent.login;
    if (!call || !login) return;
    agent.call = null;
    const { caller } = call;
    const m = agent.member;
    const talk = Math.round((cc.nowMs() - call.connectedAt) / 1000);
    this.queue.completed++;
    this.queue.talkTotal += talk;
    m.callsTaken++;
    m.lastCall = cc.seconds();
    if (reason !== 'transfer') cc.emit(channelEvent('HangupRequest', reason === 'caller' ? caller : login, [['Cause', '16']]));
    cc.emit(
      twoSided('AgentComplete', 'agent', caller, login, [
        ['Queue', POOL_QUEUE],
        ['Interface', m.iface],
        ['MemberName', m.name],
        ['HoldTime', String(Math.round((call.connectedAt - call.joinedAt) / 1000))],
        ['TalkTime', String(talk)],
        ['Reason', reason],
      ]),
    );
    cc.breakBridge(call.bridge, caller);
    login.connectedNum = '<unknown>';
    login.connectedName = '<unknown>';
    cc.emit(channelEvent('NewConnectedLine', login));
    cc.enterBridge(login, this.holdingBridge());
    cc.emit(channelEvent('MusicOnHoldStart', login, [['Class', 'default']]));
    this.setMember(agent, 1);
    cc.removeChannel(caller, 16);
    if (agent.logoffAfterCall) this.logoff(agent, 'action');
    else this.offerWaiting();
  }

  // ---- lists and helpers ----

  private agentsList(ctx: ActionContext): void {
    const id: Pairs = ctx.actionId === undefined ? [] : [['ActionID', ctx.actionId]];
    ctx.session.respond(ctx.actionId, 'Success', [
      ['EventList', 'start'],
      ['Message', 'Agents will follow'],
    ]);
    for (const agent of this.agents.values()) {
      const head: Pairs = [
        ['Event', 'Agents'],
        ['Agent', agent.number],
        ['Name', agent.name],
      ];
      const login = agent.login;
      if (!login) {
        ctx.session.sendPairs([...head, ['Status', 'AGENT_LOGGEDOFF'], ...id]);
        continue;
      }
      const talking: Pairs = agent.call
        ? [
            ['TalkingToChan', agent.call.caller.name],
            ['CallStarted', String(Math.floor(agent.call.connectedAt / 1000))],
          ]
        : [];
      const status = agent.call ? 'AGENT_ONCALL' : 'AGENT_IDLE';
      const loggedIn: Pairs = [['LoggedInTime', String(Math.floor(agent.loginAt / 1000))]];
      ctx.session.sendPairs([...head, ['Status', status], ...talking, ...loggedIn, ...channelPairs(login), ...id]);
    }
    ctx.session.sendPairs([['Event', 'AgentsComplete'], ...id, ['EventList', 'Complete'], ['ListItems', String(this.agents.size)]]);
  }

  /** The agents' holding bridge: one for every login, as in the transcripts. */
  private holdingBridge(): Bridge {
    if (!this.holding || this.holding.destroyed) this.holding = this.cc.newBridge();
    return this.holding;
  }

  private setMember(agent: Agent, status: number): void {
    const m = agent.member;
    m.status = status;
    if (m.reported === status) return;
    m.reported = status;
    this.cc.emit(memberEvent('QueueMemberStatus', m));
    this.cc.refreshQueueAvail(this.queue);
  }

  private after(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    timer.unref?.();
    this.timers.add(timer);
  }
}

function respond(ctx: ActionContext, response: 'Success' | 'Error', message: string): void {
  ctx.session.respond(ctx.actionId, response, [['Message', message]]);
}
