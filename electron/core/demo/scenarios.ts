/**
 * How calls unfold on the demo PBX, step by step, in the event order of the real transcripts:
 * a queue call (fixture 04; the FreePBX Local-channel member for `sales`), an abandon (01b), an
 * Originate (08), hang-ups and transfers. State lives in CallCenter; time comes from timers the
 * caller can cancel, so a test or a trainer decides when a phone answers or a caller hangs up.
 */
import { channelEvent, localBridge, newexten, plain, twoSided, varSet, type Pairs } from './events.ts';
import type { CallCenter, Channel, Member, Phone, Queue } from './callcenter.ts';
import { DirectCalls } from './direct-calls.ts';
import { Transfers } from './transfers.ts';

export interface ScenarioOptions {
  /** The agent's phone answers this long after it starts ringing; null waits for answer(). */
  answerAfterMs: number | null;
  /** The second extension and outside numbers answer this long after ringing. */
  otherAnswerAfterMs: number;
  /** How long a queue member rings before AgentRingNoAnswer (the queue's `timeout`). */
  memberTimeoutMs: number;
  /** How long the queue waits after a no-answer before ringing again (the queue's `retry`). */
  retryMs: number;
  /** ringall (the lab's queues) rings every free member; rrmemory one at a time, taking turns (a large center). */
  strategy?: 'ringall' | 'rrmemory';
  /**
   * The IVR's AGI step for a call that brings no `vars`: asks a FastAGI service (demo/ivr.ts) and
   * resolves with the variables it set. Absent: the call's `vars` are set at once, as before.
   */
  ivr?: (caller: IvrCaller) => Promise<Record<string, string>>;
}

/** The channel the IVR's AGI() runs on, as its environment block tells it. */
export interface IvrCaller {
  channel: string;
  uniqueid: string;
  callerNumber: string;
  callerName: string;
  did: string;
  context: string;
}

export interface IncomingCall {
  queue?: string;
  callerNumber: string;
  callerName?: string;
  /** Channel variables the IVR sets (CUSTOMER_ID, CUSTOMER_NAME, ...). */
  vars?: Record<string, string>;
  /** The caller hangs up after this long if nobody has answered (an abandon). */
  abandonAfterMs?: number;
  /** The caller hangs up this long after being connected. */
  talkMs?: number;
}

export type CallNotice =
  | { type: 'queued'; id: string; queue: string; number: string; name: string; vars: Record<string, string> }
  | { type: 'ringing'; id: string; channel: string }
  | { type: 'answered'; id: string; channel: string }
  | { type: 'abandoned'; id: string; queue: string }
  | { type: 'ended'; id: string; by: 'caller' | 'agent' | 'transfer' | 'pbx' }
  | { type: 'originate-failed'; id: string; channel: string };

interface Attempt {
  call: Call;
  member: Member | undefined;
  phone: Phone;
  /** The member's legs from the queue's side: [phone] or [Local;1, Local;2, phone]. */
  legs: Channel[];
  ringStartedAt: number;
  timers: NodeJS.Timeout[];
}

interface Call {
  id: string;
  /** `direct`: dialled straight to a phone, no queue (asterisk-22-live L4-L6). */
  kind: 'queue' | 'originate' | 'direct';
  queue: Queue | undefined;
  /** The outside party: the caller of a queue call, the dialled party of an Originate. */
  customer: Channel | undefined;
  /** Once connected: every leg from the customer to the agent's phone. */
  legs: Channel[];
  attempts: Attempt[];
  member: Member | undefined;
  /** The member's first leg (PJSIP/1001-... or Local/...;1), AgentComplete's DestChannel even after a transfer. */
  memberChannel?: Channel;
  joinedAt: number;
  originalPosition: number;
  connectedAt: number | undefined;
  talkMs: number | undefined;
  ended: boolean;
  timers: NodeJS.Timeout[];
  /** The Originate that started it, and whether its OriginateResponse went out. */
  request?: OriginateRequest;
  responded?: boolean;
}

export interface OriginateRequest {
  actionId: string | undefined;
  channel: string;
  context: string;
  exten: string;
  application: string;
  data: string;
  callerId: string;
  timeoutMs: number;
  variables: Array<[string, string]>;
  account: string;
}

const TRUNK = 'trunk';
/** The lab PBX's service extensions (../shared/fixtures/asterisk-22/conf/extensions.conf [lab-services]). */
const SERVICE_EXTENSIONS: ReadonlyMap<string, { app: string; data: string }> = new Map([['700', { app: 'Playback', data: 'lab-hello' }]]);

export class Scenarios {
  private readonly calls = new Map<string, Call>();
  private readonly waiting = new Map<string, Call[]>();
  /** Things ringing the agent's phone, oldest first, waiting for an answer. */
  private readonly ringingAgent: Array<{ channel: Channel; answer: () => void }> = [];
  private readonly listeners = new Set<(n: CallNotice) => void>();
  private trunkCalls = 0;
  /** Bumped by reset(): an IVR answer for a call of before the reset is dropped. */
  private generation = 0;
  readonly transfers: Transfers;
  readonly direct: DirectCalls;

  constructor(
    private readonly cc: CallCenter,
    private readonly options: ScenarioOptions,
    private readonly sendOriginateResponse: (actionId: string | undefined, pairs: Pairs) => void,
  ) {
    this.transfers = new Transfers(cc, this);
    this.direct = new DirectCalls(cc, this, this.transfers);
  }

  get otherAnswerAfterMs(): number {
    return this.options.otherAnswerAfterMs;
  }

  /** A call that is not a queue's: ringing until a leg answers (used by direct-calls.ts). */
  newCall(caller: Channel, kind: 'direct'): Call {
    const call: Call = {
      id: caller.linkedid,
      kind,
      queue: undefined,
      customer: caller,
      legs: [],
      attempts: [],
      member: undefined,
      joinedAt: this.cc.nowMs(),
      originalPosition: 0,
      connectedAt: undefined,
      talkMs: undefined,
      ended: false,
      timers: [],
    };
    this.calls.set(call.id, call);
    return call;
  }

  onNotice(listener: (n: CallNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(n: CallNotice): void {
    for (const l of this.listeners) l(n);
  }

  /** Forgets every call without events (the PBX restarted). */
  reset(): void {
    for (const call of this.calls.values()) this.clearTimers(call);
    this.calls.clear();
    this.waiting.clear();
    this.ringingAgent.length = 0;
    this.trunkCalls = 0;
    this.generation++;
    this.transfers.reset();
  }

  activeCallIds(): string[] {
    return [...this.calls.keys()];
  }

  /** Queue entries for QueueStatus: the callers waiting in `queue`, in order. */
  waitingIn(queue: string): Array<{ channel: Channel; position: number; waitSeconds: number }> {
    return (this.waiting.get(queue) ?? []).map((c, i) => ({
      channel: c.customer!,
      position: i + 1,
      waitSeconds: Math.floor((this.cc.nowMs() - c.joinedAt) / 1000),
    }));
  }

  private after(call: Call | undefined, ms: number, fn: () => void, bucket?: NodeJS.Timeout[]): void {
    const t = setTimeout(guard(fn), Math.max(0, ms));
    (bucket ?? call?.timers)?.push(t);
  }

  private clearTimers(call: Call): void {
    for (const t of call.timers) clearTimeout(t);
    for (const a of call.attempts) for (const t of a.timers) clearTimeout(t);
  }

  // ---- a caller comes in through the IVR and joins a queue ----

  incomingCall(req: IncomingCall): string {
    const q = this.cc.queues.get(req.queue ?? 'support');
    if (!q) throw new Error(`no queue named ${JSON.stringify(req.queue)} (the demo has ${[...this.cc.queues.keys()].join(', ')})`);
    const cc = this.cc;
    const name = req.callerName ?? '';
    const caller = cc.pjsipChannel('9000', undefined, req.callerNumber, name, 'from-external', q.did);
    caller.state = 4;
    cc.emit(channelEvent('Newchannel', caller));
    cc.emit(newexten(caller, 'NoOp', `Inbound DID ${q.did} -> ${q.name} IVR`));
    caller.priority = 2;
    cc.emit(newexten(caller, 'Goto', `${q.ivr},s,1`));
    caller.context = q.ivr;
    caller.exten = 's';
    caller.priority = 1;
    cc.emit(newexten(caller, 'NoOp', `${q.name === 'support' ? 'Support' : 'Sales'} IVR for "${name}" <${req.callerNumber}>`));
    caller.priority = 2;
    cc.emit(newexten(caller, 'Answer', ''));
    cc.setState(caller, 6);
    this.trunkInUse(+1);
    caller.priority = 4;
    const ivr = this.options.ivr;
    if (req.vars !== undefined || !ivr) {
      cc.emit(newexten(caller, 'AGI', `validate_customer.sh,${req.callerNumber}`));
      this.joinQueue(req, q, caller, req.vars ?? {});
      return caller.linkedid;
    }
    cc.emit(newexten(caller, 'AGI', `agi://127.0.0.1/validate,${req.callerNumber}`));
    const generation = this.generation;
    const asked = {
      channel: caller.name,
      uniqueid: caller.uniqueid,
      callerNumber: req.callerNumber,
      callerName: name,
      did: q.did,
      context: q.ivr,
    };
    void ivr(asked)
      // An AGI that fails leaves the variables unset and the dialplan goes on (AGISTATUS=FAILURE).
      .catch(() => ({}))
      .then((vars) => guard(() => generation === this.generation && this.joinQueue(req, q, caller, vars))());
    return caller.linkedid;
  }

  /** After the IVR's AGI: its variables, their inheritable copies, then Queue(). */
  private joinQueue(req: IncomingCall, q: Queue, caller: Channel, vars: Record<string, string>): void {
    const cc = this.cc;
    const name = req.callerName ?? '';
    for (const [k, v] of Object.entries(vars)) {
      caller.vars.set(k, v);
      cc.emit(varSet(caller, k, v));
    }
    caller.priority = 7;
    for (const [k, v] of Object.entries(vars)) {
      cc.emit(newexten(caller, 'Set', `__${k}=${v}`));
      cc.emit(varSet(caller, `__${k}`, v));
      caller.priority++;
    }
    caller.priority = 9;
    caller.application = 'Queue';
    caller.appData = `${q.name},t,,,120`;
    cc.emit(newexten(caller, 'Queue', caller.appData));

    const call: Call = {
      id: caller.linkedid,
      kind: 'queue',
      queue: q,
      customer: caller,
      legs: [],
      attempts: [],
      member: undefined,
      joinedAt: cc.nowMs(),
      originalPosition: 0,
      connectedAt: undefined,
      talkMs: req.talkMs,
      ended: false,
      timers: [],
    };
    this.calls.set(call.id, call);
    const line = this.waiting.get(q.name) ?? [];
    this.waiting.set(q.name, line);
    line.push(call);
    call.originalPosition = line.length;
    cc.refreshQueueWaiting(q, line.length);
    cc.emit(
      channelEvent(
        'QueueCallerJoin',
        caller,
        [
          ['Queue', q.name],
          ['Position', String(line.length)],
          ['Count', String(line.length)],
        ],
        'agent',
      ),
    );
    cc.emit(channelEvent('MusicOnHoldStart', caller, [['Class', 'default']]));
    this.notify({ type: 'queued', id: call.id, queue: q.name, number: req.callerNumber, name, vars: { ...vars } });
    if (req.abandonAfterMs !== undefined)
      this.after(call, req.abandonAfterMs, () => call.connectedAt === undefined && this.callerHangup(call.id));
    this.distribute(q);
  }

  trunkInUse(delta: number): void {
    const before = this.trunkCalls;
    this.trunkCalls += delta;
    if (before === 0 && this.trunkCalls > 0)
      this.cc.emit(
        plain('DeviceStateChange', 'call', [
          ['Device', 'PJSIP/9000'],
          ['State', 'INUSE'],
        ]),
      );
    if (before > 0 && this.trunkCalls === 0)
      this.cc.emit(
        plain('DeviceStateChange', 'call', [
          ['Device', 'PJSIP/9000'],
          ['State', 'NOT_INUSE'],
        ]),
      );
  }

  /** Rings free members for the callers waiting in every queue. */
  distributeAll(): void {
    for (const q of this.cc.queues.values()) this.distribute(q);
  }

  private distribute(q: Queue): void {
    const rrmemory = this.options.strategy === 'rrmemory';
    for (const call of [...(this.waiting.get(q.name) ?? [])]) {
      if (rrmemory && call.attempts.length > 0) continue;
      for (let i = 0; i < q.members.length; i++) {
        const at = rrmemory ? (q.rrNext + i) % q.members.length : i;
        const m = q.members[at]!;
        if (call.ended || !this.cc.memberAvailable(m)) continue;
        const phone = this.cc.memberPhone(m);
        if (!phone || this.phoneBusyWithAttempt(phone)) continue;
        this.ringMember(call, m, phone);
        if (rrmemory) {
          q.rrNext = (at + 1) % q.members.length;
          break;
        }
      }
    }
  }

  private phoneBusyWithAttempt(phone: Phone): boolean {
    for (const call of this.calls.values()) if (call.attempts.some((a) => a.phone === phone)) return true;
    return false;
  }

  private ringMember(call: Call, m: Member, phone: Phone): void {
    const cc = this.cc;
    const caller = call.customer!;
    const q = call.queue!;
    const who: Pairs = [
      ['Queue', q.name],
      ['Interface', m.iface],
      ['MemberName', m.name],
    ];
    let legs: Channel[];
    if (!m.iface.toLowerCase().startsWith('local/')) {
      const ph = this.phoneLeg(phone, call.id, caller, 'from-internal');
      cc.emit(newexten(ph, 'AppQueue', '(Outgoing Line)'));
      cc.emit(channelEvent('NewConnectedLine', ph));
      this.inherit(caller, ph);
      cc.setState(ph, 5);
      cc.emit(twoSided('AgentCalled', 'agent', caller, ph, who));
      cc.emit(twoSided('DialBegin', 'call', caller, ph, [['DialString', m.iface]]));
      cc.emit(twoSided('DialState', 'call', caller, ph, [['DialStatus', 'RINGING']]));
      legs = [ph];
    } else {
      const exten = /^Local\/([^@]+)@/i.exec(m.iface)?.[1] ?? phone.exten;
      const [one, two] = cc.localPair(exten, 'from-queue', call.id);
      for (const l of [one, two]) {
        l.callerNum = caller.callerNum;
        l.callerName = caller.callerName;
      }
      cc.emit(channelEvent('Newchannel', one));
      cc.emit(channelEvent('Newchannel', two));
      cc.emit(localBridge(one, two, 'from-queue', exten));
      this.inherit(caller, one);
      this.inherit(caller, two);
      one.connectedNum = caller.callerNum;
      one.connectedName = caller.callerName;
      cc.emit(newexten(one, 'AppQueue', '(Outgoing Line)'));
      cc.emit(channelEvent('NewConnectedLine', one));
      cc.emit(twoSided('AgentCalled', 'agent', caller, one, who));
      cc.emit(twoSided('DialBegin', 'call', caller, one, [['DialString', m.iface.replace(/^Local\//i, '')]]));
      cc.emit(newexten(two, 'NoOp', `Queue member leg for ${exten}`));
      two.priority = 2;
      cc.emit(newexten(two, 'Set', '__FROMQ=true'));
      cc.emit(varSet(two, '__FROMQ', 'true'));
      two.priority = 3;
      cc.emit(newexten(two, 'Goto', `ext-local,${exten},1`));
      two.context = 'ext-local';
      two.priority = 1;
      cc.emit(newexten(two, 'NoOp', `Call to agent phone ${exten}`));
      two.priority = 2;
      cc.emit(newexten(two, 'Dial', `${phone.endpoint},30,tT`));
      const ph = this.phoneLeg(phone, call.id, two, 'from-internal');
      cc.emit(channelEvent('NewConnectedLine', ph));
      this.inherit(caller, ph);
      cc.emit(twoSided('DialBegin', 'call', two, ph, [['DialString', phone.exten]]));
      cc.setState(ph, 5);
      cc.emit(twoSided('DialState', 'call', two, ph, [['DialStatus', 'RINGING']]));
      cc.setState(one, 5);
      cc.emit(twoSided('DialState', 'call', caller, one, [['DialStatus', 'RINGING']]));
      legs = [one, two, ph];
    }
    const attempt: Attempt = { call, member: m, phone, legs, ringStartedAt: cc.nowMs(), timers: [] };
    call.attempts.push(attempt);
    this.notify({ type: 'ringing', id: call.id, channel: legs[legs.length - 1]!.name });
    this.scheduleAnswer(phone, legs[legs.length - 1]!, () => this.answerAttempt(attempt), attempt.timers);
    this.after(call, this.options.memberTimeoutMs, () => this.ringNoAnswer(attempt), attempt.timers);
  }

  /** The phone's own channel: `PJSIP/1001-0000000a`, Down, caller ID the phone's, connected the far side. */
  private phoneLeg(phone: Phone, linkedid: string, far: Channel, context: string): Channel {
    const ph = this.cc.pjsipChannel(phone.exten, linkedid, phone.exten, phone.name, context, 's');
    this.cc.emit(channelEvent('Newchannel', ph));
    ph.connectedNum = far.callerNum;
    ph.connectedName = far.callerName;
    ph.application = 'AppQueue';
    ph.appData = '(Outgoing Line)';
    return ph;
  }

  /** `__VAR` inheritance: the new leg gets the caller's variables. */
  private inherit(from: Channel, to: Channel): void {
    for (const [k, v] of from.vars) to.vars.set(k, v);
  }

  scheduleAnswer(phone: Phone, channel: Channel, answer: () => void, bucket: NodeJS.Timeout[]): void {
    if (phone !== this.cc.agentPhone) {
      bucket.push(setTimeout(guard(answer), this.options.otherAnswerAfterMs));
      return;
    }
    const entry = { channel, answer };
    this.ringingAgent.push(entry);
    if (this.options.answerAfterMs !== null)
      bucket.push(
        setTimeout(
          guard(() => this.answerEntry(entry)),
          this.options.answerAfterMs,
        ),
      );
  }

  private answerEntry(entry: { channel: Channel; answer: () => void }): void {
    const i = this.ringingAgent.indexOf(entry);
    if (i < 0) return;
    this.ringingAgent.splice(i, 1);
    if (!entry.channel.gone) entry.answer();
  }

  /** The agent picks up the phone: the oldest ringing call is answered. False when nothing rings. */
  answer(): boolean {
    while (this.ringingAgent.length > 0) {
      const entry = this.ringingAgent[0]!;
      if (entry.channel.gone || entry.channel.state !== 5) {
        this.ringingAgent.shift();
        continue;
      }
      this.answerEntry(entry);
      return true;
    }
    return false;
  }

  dropRinging(channel: Channel): void {
    const i = this.ringingAgent.findIndex((e) => e.channel === channel);
    if (i >= 0) this.ringingAgent.splice(i, 1);
  }

  private answerAttempt(attempt: Attempt): void {
    const { call, legs } = attempt;
    if (call.ended || !call.attempts.includes(attempt)) return;
    const cc = this.cc;
    const caller = call.customer!;
    const q = call.queue!;
    const m = attempt.member!;
    const ph = legs[legs.length - 1]!;
    const first = legs[0]!;
    for (const t of attempt.timers) clearTimeout(t);
    this.dropRinging(ph);
    cc.setState(ph, 6);
    if (legs.length === 1) {
      cc.emit(twoSided('DialEnd', 'call', caller, ph, [['DialStatus', 'ANSWER']]));
    } else {
      const two = legs[1]!;
      cc.emit(twoSided('DialEnd', 'call', two, ph, [['DialStatus', 'ANSWER']]));
      two.connectedNum = ph.callerNum;
      two.connectedName = ph.callerName;
      cc.setState(two, 6);
      cc.bridgeTogether(ph, two);
      cc.setState(first, 6);
      cc.emit(twoSided('DialEnd', 'call', caller, first, [['DialStatus', 'ANSWER']]));
    }
    call.attempts.splice(call.attempts.indexOf(attempt), 1);
    // Ring-all answered by one member: app_queue's try_calling() runs hangupcalls() first (DialEnd
    // CANCEL, then the Hangup; its cause is left unset, 0, as on the cancelled leg of fixture 01b,
    // and is 26 "Answered elsewhere" only with the Queue `C` option the lab's IVRs do not use),
    // then stops the music, leave_queue() (QueueCallerLeave) and AgentConnect.
    for (const other of [...call.attempts]) this.cancelAttempt(other, 'CANCEL');
    caller.connectedNum = ph.callerNum;
    caller.connectedName = ph.callerName;
    first.connectedNum = caller.callerNum;
    first.connectedName = caller.callerName;
    cc.emit(channelEvent('NewConnectedLine', caller));
    cc.emit(channelEvent('MusicOnHoldStop', caller));
    const position = this.leaveQueue(call);
    const now = cc.nowMs();
    cc.emit(
      channelEvent(
        'QueueCallerLeave',
        caller,
        [
          ['Queue', q.name],
          ['Position', String(position)],
          ['Count', String(this.waiting.get(q.name)?.length ?? 0)],
        ],
        'agent',
      ),
    );
    const holdTime = Math.round((now - call.joinedAt) / 1000);
    q.holdTotal += holdTime;
    cc.emit(
      twoSided('AgentConnect', 'agent', caller, first, [
        ['Queue', q.name],
        ['Interface', m.iface],
        ['MemberName', m.name],
        ['HoldTime', String(holdTime)],
        ['RingTime', String(Math.round((now - attempt.ringStartedAt) / 1000))],
      ]),
    );
    cc.bridgeTogether(first, caller);
    call.legs = [caller, ...legs];
    call.member = m;
    call.memberChannel = first;
    call.connectedAt = now;
    this.notify({ type: 'answered', id: call.id, channel: ph.name });
    if (call.talkMs !== undefined) this.after(call, call.talkMs, () => this.callerHangup(call.id));
    this.distributeAll();
  }

  /** Takes the call out of its queue's waiting line; returns the position it had. */
  private leaveQueue(call: Call): number {
    const q = call.queue!;
    const line = this.waiting.get(q.name) ?? [];
    const i = line.indexOf(call);
    if (i >= 0) line.splice(i, 1);
    this.cc.refreshQueueWaiting(q, line.length);
    return i + 1;
  }

  /** A ringing member leg is called off (another member answered, or the caller left). */
  private cancelAttempt(attempt: Attempt, status: 'CANCEL' | 'NOANSWER' | 'BUSY', hangupNow = true): void {
    const { call, legs } = attempt;
    const caller = call.customer!;
    for (const t of attempt.timers) clearTimeout(t);
    const i = call.attempts.indexOf(attempt);
    if (i >= 0) call.attempts.splice(i, 1);
    const ph = legs[legs.length - 1]!;
    this.dropRinging(ph);
    if (legs.length === 1) {
      this.cc.emit(twoSided('DialEnd', 'call', caller, ph, [['DialStatus', status]]));
    } else {
      this.cc.emit(twoSided('DialEnd', 'call', caller, legs[0]!, [['DialStatus', status]]));
      this.cc.emit(twoSided('DialEnd', 'call', legs[1]!, ph, [['DialStatus', status]]));
    }
    if (hangupNow) this.hangupLegs(legs, 0);
  }

  private hangupLegs(legs: Channel[], cause: number): void {
    for (const ch of legs) this.drop(ch, cause);
  }

  /** Hangs a channel up; an outside caller's channel frees the trunk. */
  drop(ch: Channel, cause: number, techCause?: number): void {
    if (ch.gone) return;
    this.cc.removeChannel(ch, cause, techCause);
    if (ch.name.startsWith('PJSIP/9000-')) this.trunkInUse(-1);
  }

  private ringNoAnswer(attempt: Attempt): void {
    const { call } = attempt;
    if (call.ended || !call.attempts.includes(attempt)) return;
    const q = call.queue!;
    const m = attempt.member!;
    this.cc.emit(
      twoSided('AgentRingNoAnswer', 'agent', call.customer!, attempt.legs[0]!, [
        ['Queue', q.name],
        ['Interface', m.iface],
        ['MemberName', m.name],
        ['RingTime', String(Math.round((this.cc.nowMs() - attempt.ringStartedAt) / 1000))],
      ]),
    );
    this.cancelAttempt(attempt, 'NOANSWER');
    this.after(call, this.options.retryMs, () => !call.ended && this.distribute(q));
  }

  // ---- endings ----

  /** The outside party hangs up: an abandon while waiting or ringing, the end of the call once connected. */
  callerHangup(callId: string): boolean {
    const call = this.calls.get(callId);
    if (!call || call.ended) return false;
    if (call.kind === 'direct' && call.connectedAt === undefined) this.direct.cancel(call);
    else if (call.kind === 'queue' && call.connectedAt === undefined) this.abandon(call);
    else if (call.connectedAt !== undefined) this.endConnected(call, 'caller');
    else this.failOriginate(call, 1);
    return true;
  }

  private abandon(call: Call): void {
    const cc = this.cc;
    const caller = call.customer!;
    const q = call.queue!;
    cc.emit(channelEvent('HangupRequest', caller));
    cc.emit(channelEvent('MusicOnHoldStop', caller));
    const attempts = [...call.attempts];
    for (const a of attempts) this.cancelAttempt(a, 'CANCEL', false);
    const line = this.waiting.get(q.name) ?? [];
    const position = line.indexOf(call) + 1;
    q.abandoned++;
    cc.emit(
      channelEvent(
        'QueueCallerAbandon',
        caller,
        [
          ['Queue', q.name],
          ['Position', String(position)],
          ['OriginalPosition', String(call.originalPosition)],
          ['HoldTime', String(Math.round((cc.nowMs() - call.joinedAt) / 1000))],
        ],
        'agent',
      ),
    );
    for (const a of attempts) this.hangupLegs(a.legs, 0);
    this.leaveQueue(call);
    cc.emit(
      channelEvent(
        'QueueCallerLeave',
        caller,
        [
          ['Queue', q.name],
          ['Position', String(position)],
          ['Count', String(line.length)],
        ],
        'agent',
      ),
    );
    cc.emit(channelEvent('SoftHangupRequest', caller, [['Cause', '16']]));
    this.drop(caller, 16);
    this.finish(call);
    this.notify({ type: 'abandoned', id: call.id, queue: q.name });
  }

  /** Ends a connected call; `by` says who hung up (AgentComplete's Reason). */
  private endConnected(call: Call, by: 'caller' | 'agent' | 'transfer', viaAction = false): void {
    const cc = this.cc;
    this.transfers.callEnded(call);
    const customer = call.legs[0]!;
    const phoneSide = call.legs.slice(1);
    const initiator = by === 'caller' || phoneSide.length === 0 ? customer : phoneSide[phoneSide.length - 1]!;
    cc.emit(channelEvent(viaAction ? 'SoftHangupRequest' : 'HangupRequest', initiator, viaAction ? [['Cause', '16']] : []));
    if (call.kind === 'queue' && call.member) this.agentComplete(call, by);
    const order = by === 'caller' ? phoneSide : [...phoneSide].reverse();
    const bridges = [...new Set(call.legs.map((l) => l.bridge).filter((b) => b !== undefined))];
    if (by !== 'caller') bridges.reverse();
    for (const b of bridges) cc.breakBridge(b, by === 'caller' ? customer : initiator);
    if (by === 'caller' && !viaAction) cc.emit(channelEvent('SoftHangupRequest', customer, [['Cause', '16']]));
    this.hangupLegs(order, 16);
    if (by !== 'transfer') {
      this.drop(customer, 16);
      this.finish(call);
      this.notify({ type: 'ended', id: call.id, by });
    }
  }

  agentComplete(call: Call, reason: string): void {
    const q = call.queue!;
    const m = call.member!;
    const customer = call.legs[0]!;
    const talk = Math.round((this.cc.nowMs() - call.connectedAt!) / 1000);
    q.completed++;
    q.talkTotal += talk;
    m.callsTaken++;
    m.lastCall = this.cc.seconds();
    this.cc.emit(
      twoSided('AgentComplete', 'agent', customer, call.memberChannel ?? call.legs[1]!, [
        ['Queue', q.name],
        ['Interface', m.iface],
        ['MemberName', m.name],
        ['HoldTime', String(Math.round((call.connectedAt! - call.joinedAt) / 1000))],
        ['TalkTime', String(talk)],
        ['Reason', reason],
      ]),
    );
    call.member = undefined;
  }

  finish(call: Call): void {
    call.ended = true;
    this.clearTimers(call);
    this.calls.delete(call.id);
    this.cc.processedCalls++;
    this.distributeAll();
  }

  /** The agent hangs up: ends the connected call, or declines the ringing one. */
  agentHangup(callId?: string, viaAction = false): boolean {
    const phone = this.cc.agentPhone;
    // Consulting (or being consulted): hanging up completes or ends the consultation.
    for (const c of this.transfers.all()) {
      const mine = [c.transferer, c.target].find((ch) => ch.endpoint === phone.endpoint && !ch.gone);
      if (mine && (callId === undefined || c.call.id === callId)) return this.transfers.hangup(mine);
    }
    const calls = [...this.calls.values()].filter((c) => (callId === undefined || c.id === callId) && !c.ended);
    const connected = calls.find((c) => c.connectedAt !== undefined && c.legs.some((l) => l.endpoint === phone.endpoint));
    if (connected) {
      this.endConnected(connected, 'agent', viaAction);
      return true;
    }
    for (const c of calls) {
      const attempt = c.attempts.find((a) => a.phone === phone);
      if (attempt) {
        this.declineAttempt(attempt);
        return true;
      }
      if (c.kind === 'originate' && c.connectedAt === undefined) {
        this.failOriginate(c, 1);
        return true;
      }
    }
    return false;
  }

  private declineAttempt(attempt: Attempt): void {
    const { call } = attempt;
    if (call.kind === 'direct') return this.direct.decline(call);
    this.cancelAttempt(attempt, 'BUSY');
    this.after(call, this.options.retryMs, () => !call.ended && this.distribute(call.queue!));
  }

  /** The Hangup action: whichever side `channel` is on. */
  hangupChannel(channel: Channel): void {
    if (this.transfers.hangup(channel)) return;
    for (const call of this.calls.values()) {
      if (call.customer === channel) {
        if (call.connectedAt === undefined && call.kind === 'direct') this.direct.cancel(call);
        else if (call.connectedAt === undefined && call.kind === 'queue') this.abandon(call);
        else if (call.connectedAt !== undefined) this.endConnected(call, 'caller', true);
        else this.failOriginate(call, 1);
        return;
      }
      if (call.legs.includes(channel)) {
        this.endConnected(call, 'agent', true);
        return;
      }
      const attempt = call.attempts.find((a) => a.legs.includes(channel));
      if (attempt) {
        if (call.kind === 'queue') this.declineAttempt(attempt);
        else this.failOriginate(call, 1);
        return;
      }
    }
    this.cc.emit(channelEvent('SoftHangupRequest', channel, [['Cause', '16']]));
    this.drop(channel, 16);
  }

  endAll(): void {
    for (const call of [...this.calls.values()]) {
      if (call.connectedAt !== undefined) this.endConnected(call, 'caller');
      else if (call.kind === 'direct') this.direct.cancel(call);
      else if (call.kind === 'queue') this.abandon(call);
      else this.failOriginate(call, 1);
    }
  }

  // ---- Originate (fixture 08) ----

  /** Validates and queues an Originate; returns an error message for the response, or undefined. */
  originate(req: OriginateRequest): string | undefined {
    if (!req.channel) return 'Channel not specified';
    const slash = req.channel.indexOf('/');
    if (slash <= 0 || slash === req.channel.length - 1) return 'Invalid channel';
    if (!req.exten && !req.application) return 'Exten not specified';
    setTimeout(
      guard(() => this.startOriginate(req)),
      0,
    );
    return undefined;
  }

  private startOriginate(req: OriginateRequest): void {
    const pjsip = /^PJSIP\/([^/@]+)$/i.exec(req.channel);
    const local = /^Local\/([^@/]+)@([^/]+)(\/n)?$/i.exec(req.channel);
    const phone = pjsip ? this.cc.phones.get(pjsip[1]!) : local ? this.cc.phones.get(local[1]!) : undefined;
    if (!phone || !phone.registered) {
      this.sendOriginateResponse(req.actionId, [
        ['Response', 'Failure'],
        ['Channel', req.channel],
        ...this.destinationPairs(req),
        ['Reason', '0'],
        ['Uniqueid', '<unknown>'],
        ['CallerIDNum', '<unknown>'],
        ['CallerIDName', '<unknown>'],
      ]);
      this.notify({ type: 'originate-failed', id: '', channel: req.channel });
      return;
    }
    const cc = this.cc;
    const cid = parseCallerId(req.callerId);
    let legs: Channel[];
    let originated: Channel;
    if (pjsip) {
      const ph = cc.pjsipChannel(phone.exten, undefined, phone.exten, phone.name, 'from-internal', 's');
      legs = [ph];
      originated = ph;
    } else {
      const [one, two] = cc.localPair(local![1]!, local![2]!, undefined);
      legs = [one, two];
      originated = one;
    }
    const call: Call = {
      id: originated.linkedid,
      kind: 'originate',
      queue: undefined,
      customer: undefined,
      legs: [],
      attempts: [],
      member: undefined,
      joinedAt: cc.nowMs(),
      originalPosition: 0,
      connectedAt: undefined,
      talkMs: undefined,
      ended: false,
      timers: [],
      request: req,
      responded: false,
    };
    this.calls.set(call.id, call);
    for (const l of legs) cc.emit(channelEvent('Newchannel', l));
    if (local) cc.emit(localBridge(legs[0]!, legs[1]!, local[2]!, local[1]!));
    cc.emit(newexten(originated, 'AppDial2', '(Outgoing Line)'));
    for (const [k, v] of req.variables) {
      originated.vars.set(k, v);
      cc.emit(varSet(originated, k, v));
    }
    if (req.account) {
      originated.accountCode = req.account;
      cc.emit(channelEvent('NewAccountCode', originated, [['OldAccountCode', '']]));
    }
    if (cid) {
      originated.callerNum = cid.number;
      originated.callerName = cid.name;
      cc.emit(channelEvent('NewCallerid', originated, [['CID-CallingPres', '0 (Presentation Allowed, Not Screened)']]));
      originated.connectedNum = cid.number;
      originated.connectedName = cid.name;
      cc.emit(channelEvent('NewConnectedLine', originated));
    }
    let ph: Channel;
    if (pjsip) {
      ph = originated;
      cc.emit(twoSided('DialBegin', 'call', undefined, ph, [['DialString', phone.exten]]));
      cc.setState(ph, 5);
      cc.emit(twoSided('DialState', 'call', undefined, ph, [['DialStatus', 'RINGING']]));
    } else {
      const two = legs[1]!;
      for (const [k, v] of originated.vars) two.vars.set(k, v);
      cc.emit(twoSided('DialBegin', 'call', undefined, originated, [['DialString', `${local![1]}@${local![2]}`]]));
      cc.emit(newexten(two, 'Dial', `${phone.endpoint},30,tT`));
      ph = cc.pjsipChannel(phone.exten, call.id, phone.exten, phone.name, 'from-internal', 's');
      for (const [k, v] of originated.vars) ph.vars.set(k, v);
      cc.emit(channelEvent('Newchannel', ph));
      ph.connectedNum = originated.callerNum;
      ph.connectedName = originated.callerName;
      cc.emit(channelEvent('NewConnectedLine', ph));
      cc.emit(twoSided('DialBegin', 'call', two, ph, [['DialString', phone.exten]]));
      cc.setState(ph, 5);
      cc.emit(twoSided('DialState', 'call', two, ph, [['DialStatus', 'RINGING']]));
      cc.setState(originated, 5);
      legs.push(ph);
    }
    const attempt: Attempt = { call, member: undefined, phone, legs, ringStartedAt: cc.nowMs(), timers: [] };
    call.attempts.push(attempt);
    this.notify({ type: 'ringing', id: call.id, channel: ph.name });
    this.scheduleAnswer(phone, ph, () => this.originateAnswered(call, attempt, req), attempt.timers);
    this.after(call, req.timeoutMs, () => !call.ended && !call.responded && this.failOriginate(call, 3), attempt.timers);
  }

  private destinationPairs(req: OriginateRequest): Pairs {
    return req.application
      ? [
          ['Application', req.application],
          ['Data', req.data],
        ]
      : [
          ['Context', req.context],
          ['Exten', req.exten],
        ];
  }

  private originateAnswered(call: Call, attempt: Attempt, req: OriginateRequest): void {
    if (call.ended) return;
    const cc = this.cc;
    const legs = attempt.legs;
    const ph = legs[legs.length - 1]!;
    const originated = legs[0]!;
    for (const t of attempt.timers) clearTimeout(t);
    call.attempts = [];
    this.dropRinging(ph);
    cc.setState(ph, 6);
    if (legs.length === 1) {
      cc.emit(twoSided('DialEnd', 'call', undefined, ph, [['DialStatus', 'ANSWER']]));
    } else {
      const two = legs[1]!;
      cc.emit(twoSided('DialEnd', 'call', two, ph, [['DialStatus', 'ANSWER']]));
      cc.setState(two, 6);
      cc.bridgeTogether(ph, two);
      cc.setState(originated, 6);
      cc.emit(twoSided('DialEnd', 'call', undefined, originated, [['DialStatus', 'ANSWER']]));
    }
    const pairs: Pairs = [
      ['Response', 'Success'],
      ['Channel', originated.name],
      ...this.destinationPairs(req),
      ['Reason', '4'],
      ['Uniqueid', originated.uniqueid],
      ['CallerIDNum', originated.callerNum],
      ['CallerIDName', originated.callerName],
    ];
    for (const v of ['CUSTOMER_ID', 'CUSTOMER_NAME'])
      pairs.push([`ChanVariable(${originated.name})`, `${v}=${originated.vars.get(v) ?? ''}`]);
    call.responded = true;
    this.sendOriginateResponse(req.actionId, pairs);
    this.notify({ type: 'answered', id: call.id, channel: ph.name });
    if (!req.application) {
      originated.context = req.context;
      originated.exten = req.exten;
      originated.priority = 1;
    }
    const service = req.application ? { app: req.application, data: req.data } : SERVICE_EXTENSIONS.get(req.exten);
    if (service) {
      // An application, or a service extension that answers by itself: no second leg to dial.
      originated.application = service.app;
      originated.appData = service.data;
      cc.emit(newexten(originated, service.app, service.data));
      call.connectedAt = cc.nowMs();
      call.legs = [...legs];
      return;
    }
    this.dialOut(call, originated, req.exten, legs);
  }

  /**
   * `from` dials `target` (an extension rings that phone, anything else goes out a trunk);
   * `agentSide` lists the legs behind `from`, ending with the agent's phone leg.
   */
  private dialOut(call: Call, from: Channel, target: string, agentSide: Channel[]): void {
    const cc = this.cc;
    const phone = cc.phones.get(target);
    const remote = phone
      ? cc.pjsipChannel(phone.exten, call.id, phone.exten, phone.name, 'from-internal', 's')
      : cc.pjsipChannel(TRUNK, call.id, target, '', 'from-trunk', 's');
    for (const [k, v] of from.vars) remote.vars.set(k, v);
    cc.emit(newexten(from, 'Dial', phone ? `${phone.endpoint},30,tT` : `PJSIP/${target}@${TRUNK},60`));
    cc.emit(channelEvent('Newchannel', remote));
    remote.connectedNum = from.callerNum;
    remote.connectedName = from.callerName;
    cc.emit(channelEvent('NewConnectedLine', remote));
    cc.emit(twoSided('DialBegin', 'call', from, remote, [['DialString', phone ? phone.exten : `${target}@${TRUNK}`]]));
    cc.setState(remote, 5);
    cc.emit(twoSided('DialState', 'call', from, remote, [['DialStatus', 'RINGING']]));
    call.customer = remote;
    const connect = () => {
      if (call.ended || remote.gone) return;
      cc.setState(remote, 6);
      cc.emit(twoSided('DialEnd', 'call', from, remote, [['DialStatus', 'ANSWER']]));
      from.connectedNum = remote.callerNum;
      from.connectedName = remote.callerName;
      cc.emit(channelEvent('NewConnectedLine', from));
      const phoneLeg = agentSide[agentSide.length - 1]!;
      if (phoneLeg !== from) {
        phoneLeg.connectedNum = remote.callerNum;
        phoneLeg.connectedName = remote.callerName;
        cc.emit(channelEvent('NewConnectedLine', phoneLeg));
      }
      cc.bridgeTogether(from, remote);
      call.legs = [remote, ...agentSide];
      call.connectedAt = cc.nowMs();
      this.notify({ type: 'answered', id: call.id, channel: remote.name });
    };
    call.legs = [remote, ...agentSide];
    if (phone) this.scheduleAnswer(phone, remote, connect, call.timers);
    else call.timers.push(setTimeout(guard(connect), this.options.otherAnswerAfterMs));
  }

  private failOriginate(call: Call, reason: number): void {
    const cc = this.cc;
    const request = call.responded ? undefined : call.request;
    const legs = call.attempts[0]?.legs ?? call.legs;
    const originated = legs[0];
    for (const a of call.attempts) {
      for (const t of a.timers) clearTimeout(t);
      const ph = a.legs[a.legs.length - 1]!;
      this.dropRinging(ph);
      cc.emit(twoSided('DialEnd', 'call', undefined, a.legs[0]!, [['DialStatus', reason === 3 ? 'NOANSWER' : 'CANCEL']]));
    }
    call.attempts = [];
    for (const l of [...legs].reverse()) this.drop(l, reason === 3 ? 19 : 16);
    if (request && originated) {
      this.sendOriginateResponse(request.actionId, [
        ['Response', 'Failure'],
        ['Channel', request.channel],
        ...this.destinationPairs(request),
        ['Reason', String(reason)],
        ['Uniqueid', originated.uniqueid],
        ['CallerIDNum', originated.callerNum],
        ['CallerIDName', originated.callerName],
      ]);
    }
    this.finish(call);
    this.notify({ type: 'ended', id: call.id, by: 'agent' });
  }

  // ---- transfers ----

  /** The call `channel` is on, if it is connected. */
  connectedCallOf(channel: Channel): Call | undefined {
    for (const call of this.calls.values()) if (call.connectedAt !== undefined && call.legs.includes(channel)) return call;
    return undefined;
  }

  /**
   * Sends the outside party of a connected call to `target` (BlindTransfer from the agent's
   * leg, or Redirect of the outside leg): the agent's side hangs up, the customer dials on.
   */
  transferCustomer(call: Call, target: string, context: string): void {
    const cc = this.cc;
    const customer = call.legs[0]!;
    this.endConnected(call, 'transfer');
    call.ended = true;
    this.clearTimers(call);
    customer.context = context;
    customer.exten = target;
    customer.priority = 1;
    this.notify({ type: 'ended', id: call.id, by: 'transfer' });
    const onward: Call = {
      ...call,
      kind: 'originate',
      queue: undefined,
      legs: [],
      attempts: [],
      member: undefined,
      connectedAt: undefined,
      timers: [],
      ended: false,
      request: undefined,
      responded: true,
    };
    this.calls.set(onward.id, onward);
    cc.emit(newexten(customer, 'NoOp', `Transfer to ${target}`));
    const phone = cc.phones.get(target);
    if (!phone) {
      this.dialOut(onward, customer, target, [customer]);
      onward.customer = customer;
      return;
    }
    const ph = cc.pjsipChannel(phone.exten, call.id, phone.exten, phone.name, 'from-internal', 's');
    for (const [k, v] of customer.vars) ph.vars.set(k, v);
    cc.emit(newexten(customer, 'Dial', `${phone.endpoint},30,tT`));
    cc.emit(channelEvent('Newchannel', ph));
    ph.connectedNum = customer.callerNum;
    ph.connectedName = customer.callerName;
    cc.emit(channelEvent('NewConnectedLine', ph));
    cc.emit(twoSided('DialBegin', 'call', customer, ph, [['DialString', phone.exten]]));
    cc.setState(ph, 5);
    cc.emit(twoSided('DialState', 'call', customer, ph, [['DialStatus', 'RINGING']]));
    const attempt: Attempt = { call: onward, member: undefined, phone, legs: [ph], ringStartedAt: cc.nowMs(), timers: [] };
    onward.attempts.push(attempt);
    onward.customer = customer;
    this.scheduleAnswer(
      phone,
      ph,
      () => {
        if (onward.ended) return;
        onward.attempts = [];
        cc.setState(ph, 6);
        cc.emit(twoSided('DialEnd', 'call', customer, ph, [['DialStatus', 'ANSWER']]));
        customer.connectedNum = ph.callerNum;
        customer.connectedName = ph.callerName;
        cc.emit(channelEvent('NewConnectedLine', customer));
        cc.bridgeTogether(ph, customer);
        onward.legs = [customer, ph];
        onward.connectedAt = cc.nowMs();
        this.notify({ type: 'answered', id: onward.id, channel: ph.name });
      },
      attempt.timers,
    );
  }

  /** The customer-side and agent-side channels of a connected call (for BlindTransfer's event). */
  sides(call: Call): { customer: Channel; agent: Channel } {
    return { customer: call.legs[0]!, agent: call.legs[call.legs.length - 1]! };
  }
}

/** A timer callback that cannot take the process (and an app running the demo in-process) down. */
function guard(fn: () => void): () => void {
  return () => {
    try {
      fn();
    } catch (error) {
      process.emitWarning(`demo PBX: ${(error as Error).stack ?? String(error)}`);
    }
  };
}

/** `"Click2Dial" <700>` -> { name, number }; a bare number is a number. */
export function parseCallerId(text: string): { name: string; number: string } | undefined {
  if (!text) return undefined;
  const m = /^\s*(?:"([^"]*)"|([^<]*?))\s*<([^>]*)>\s*$/.exec(text);
  if (m) return { name: (m[1] ?? m[2] ?? '').trim(), number: m[3]!.trim() };
  return { name: '', number: text.trim() };
}

export type { Call };
