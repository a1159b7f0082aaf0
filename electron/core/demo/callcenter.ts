/**
 * The demo call center's state: phones (devices and their hints), queues and members, channels
 * and bridges. It knows how a change ripples into events the way Asterisk reports it (a device
 * that starts ringing gives ExtensionStatus, DeviceStateChange, then QueueMemberStatus for every
 * queue whose member watches that device), but not how a call unfolds: that is scenarios.ts.
 */
import { randomUUID } from 'node:crypto';
import {
  bridgeEvent,
  bridgeMember,
  channelEvent,
  deviceStateChange,
  extensionStatus,
  hangup,
  memberEvent,
  plain,
  type ChannelView,
  type DemoEvent,
  type HintView,
  type MemberView,
} from './events.ts';

export type DeviceState = 'NOT_INUSE' | 'INUSE' | 'BUSY' | 'UNAVAILABLE' | 'RINGING' | 'RINGINUSE' | 'ONHOLD';

const EXTENSION_STATUS: Record<DeviceState, number> = {
  NOT_INUSE: 0,
  INUSE: 1,
  BUSY: 2,
  UNAVAILABLE: 4,
  RINGING: 8,
  RINGINUSE: 9,
  ONHOLD: 16,
};
const MEMBER_STATUS: Record<DeviceState, number> = { NOT_INUSE: 1, INUSE: 2, BUSY: 3, UNAVAILABLE: 5, RINGING: 6, RINGINUSE: 7, ONHOLD: 8 };

export class Channel implements ChannelView {
  state = 0;
  connectedNum = '<unknown>';
  connectedName = '<unknown>';
  accountCode = '';
  priority = 1;
  application = '';
  appData = '';
  readonly vars = new Map<string, string>();
  bridge: Bridge | undefined;
  answeredAt: number | undefined;
  /** The running MixMonitor, if any (Asterisk sends no MixMonitorStop on hangup). */
  recording: { file: string; muted: boolean } | undefined;
  gone = false;

  constructor(
    readonly name: string,
    readonly uniqueid: string,
    public linkedid: string,
    public callerNum: string,
    public callerName: string,
    public context: string,
    public exten: string,
    /** The phone behind a PJSIP channel (`PJSIP/1001`), whose device state the channel drives. */
    readonly endpoint: string | undefined,
    readonly createdAt: number,
  ) {}
}

export class Bridge {
  readonly members: Channel[] = [];
  destroyed = false;
  constructor(readonly id: string) {}
  get view() {
    return { id: this.id, channels: this.members.length };
  }
}

export interface Phone {
  exten: string;
  endpoint: string;
  /** The caller ID the phone's own channels carry (`Agent One`). */
  name: string;
  port: number;
  registered: boolean;
  /** A state forced by the control API (DND, busy elsewhere) until cleared. */
  forced: DeviceState | undefined;
  lastState: DeviceState;
}

export interface Member extends MemberView {
  /** The last state reported for this member, so only changes are sent. */
  reported: number;
}

export interface Queue {
  name: string;
  /** The DID that leads to this queue's IVR, as in the fixture's dialplan (600 support, 601 sales). */
  did: string;
  ivr: string;
  members: Member[];
  completed: number;
  abandoned: number;
  holdTotal: number;
  talkTotal: number;
  availReported: string;
  waitingReported: string;
  /** Strategy rrmemory: where the next search for a free member starts. */
  rrNext: number;
}

export const HINT_CONTEXT = 'ext-local';

export interface CallCenterOptions {
  extension: string;
  secondExtension: string;
  /**
   * A whole call center besides the two phones: this many agents from extension `first` (default
   * 1000) on, each a member of support (PJSIP/N) and sales (Local/N@from-queue/n), as 1001 is.
   */
  agents?: { count: number; first?: number };
  /** How the agents are members: static (queues.conf, as the lab's; default) or dynamic (FreePBX's *45 agents: they may log out). */
  membership?: 'static' | 'dynamic';
  /** More queues besides support and sales, each with every agent as a PJSIP member (a desk in many queues). */
  extraQueues?: readonly string[];
  now: () => number;
  emit: (event: DemoEvent) => void;
}

export class CallCenter {
  readonly phones = new Map<string, Phone>();
  /** The phones by lower-case endpoint: a 500-agent center looks one up on every device change. */
  private readonly byEndpoint = new Map<string, Phone>();
  readonly queues = new Map<string, Queue>();
  readonly channels = new Map<string, Channel>();
  /** Asterisk's channel-name sequence numbers are per technology. */
  private seq = { PJSIP: 0, Local: 0 };
  private uniqueSeq = 0;
  startedAt: number;
  reloadedAt: number;
  processedCalls = 0;
  private readonly now: () => number;
  readonly emit: (event: DemoEvent) => void;

  constructor(private readonly options: CallCenterOptions) {
    this.now = options.now;
    this.emit = options.emit;
    this.startedAt = this.reloadedAt = options.now();
    this.build();
  }

  get agentExtension(): string {
    return this.options.extension;
  }

  get secondExtension(): string {
    return this.options.secondExtension;
  }

  get agentPhone(): Phone {
    return this.phones.get(this.options.extension)!;
  }

  /** Seconds since the epoch, as LastCall, LoginTime and uniqueids use. */
  seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  nowMs(): number {
    return this.now();
  }

  /** Back to a freshly booted PBX: no channels, queue counters zero, phones not yet registered. */
  reset(): void {
    this.channels.clear();
    this.startedAt = this.reloadedAt = this.now();
    this.build();
    for (const p of this.phones.values()) {
      p.registered = false;
      p.lastState = 'UNAVAILABLE';
    }
    for (const q of this.queues.values()) for (const m of q.members) m.status = m.reported = 5;
  }

  private build(): void {
    const ext = this.options.extension;
    const other = this.options.secondExtension;
    this.phones.clear();
    this.byEndpoint.clear();
    const addPhone = (exten: string, name: string, port: number): void => {
      if (this.phones.has(exten)) return;
      const phone: Phone = { exten, endpoint: `PJSIP/${exten}`, name, port, registered: true, forced: undefined, lastState: 'NOT_INUSE' };
      this.phones.set(exten, phone);
      this.byEndpoint.set(phone.endpoint.toLowerCase(), phone);
    };
    addPhone(ext, 'Agent One', 5071);
    addPhone(other, 'Agent Two', 5072);
    const login = this.seconds();
    const member = (queue: string, agent: string, iface: string, stateInterface: string): Member => ({
      queue,
      name: `Agent ${agent}`,
      iface,
      stateInterface,
      membership: this.options.membership ?? 'static',
      penalty: 0,
      callsTaken: 0,
      lastCall: 0,
      lastPause: 0,
      loginTime: login,
      status: 1,
      paused: false,
      pausedReason: '',
      ringinuse: false,
      reported: 1,
    });
    this.queues.clear();
    const queue = (name: string, did: string, ivr: string): Queue => ({
      name,
      did,
      ivr,
      members: [],
      completed: 0,
      abandoned: 0,
      holdTotal: 0,
      talkTotal: 0,
      availReported: 'NOT_INUSE',
      waitingReported: 'NOT_INUSE',
      rrNext: 0,
    });
    const support = queue('support', '600', 'ivr-support');
    const sales = queue('sales', '601', 'ivr-sales');
    this.queues.set('support', support);
    this.queues.set('sales', sales);
    const agents = [ext];
    const { count = 0, first = 1000 } = this.options.agents ?? {};
    for (let i = 0; i < count; i++) {
      const exten = String(first + i);
      addPhone(exten, `Agent ${exten}`, 5073 + i);
      if (exten !== ext) agents.push(exten);
    }
    const extra = (this.options.extraQueues ?? []).map((name, i) => queue(name, String(610 + i), `ivr-${name}`));
    for (const q of extra) this.queues.set(q.name, q);
    for (const agent of agents) {
      support.members.push(member('support', agent, `PJSIP/${agent}`, `PJSIP/${agent}`));
      sales.members.push(member('sales', agent, `Local/${agent}@from-queue/n`, `hint:${agent}@${HINT_CONTEXT}`));
      for (const q of extra) q.members.push(member(q.name, agent, `PJSIP/${agent}`, `PJSIP/${agent}`));
    }
  }

  // ---- ids and channels ----

  newUniqueid(): string {
    return `${this.seconds()}.${this.uniqueSeq++}`;
  }

  private nextSeq(tech: 'PJSIP' | 'Local'): string {
    return (this.seq[tech]++).toString(16).padStart(8, '0');
  }

  /** A channel of a phone or a trunk: `PJSIP/1001-0000000a`. */
  pjsipChannel(
    endpointName: string,
    linkedid: string | undefined,
    callerNum: string,
    callerName: string,
    context: string,
    exten: string,
  ): Channel {
    const uniqueid = this.newUniqueid();
    const endpoint = `PJSIP/${endpointName}`;
    const ch = new Channel(
      `${endpoint}-${this.nextSeq('PJSIP')}`,
      uniqueid,
      linkedid ?? uniqueid,
      callerNum,
      callerName,
      context,
      exten,
      this.phoneByEndpoint(endpoint) ? endpoint : undefined,
      this.now(),
    );
    this.channels.set(ch.name, ch);
    return ch;
  }

  /** The two halves of a Local channel: `Local/1001@from-queue-00000001;1` and `;2`. */
  localPair(exten: string, context: string, linkedid: string | undefined): [Channel, Channel] {
    const seq = this.nextSeq('Local');
    const base = `Local/${exten}@${context}-${seq}`;
    const u1 = this.newUniqueid();
    const one = new Channel(`${base};1`, u1, linkedid ?? u1, '<unknown>', '<unknown>', context, exten, undefined, this.now());
    const two = new Channel(`${base};2`, this.newUniqueid(), one.linkedid, '<unknown>', '<unknown>', context, exten, undefined, this.now());
    two.state = 4;
    this.channels.set(one.name, one);
    this.channels.set(two.name, two);
    return [one, two];
  }

  findChannel(name: string): Channel | undefined {
    return this.channels.get(name) ?? [...this.channels.values()].find((c) => c.name.toLowerCase() === name.toLowerCase());
  }

  setState(ch: Channel, state: number): void {
    if (ch.state === state) return;
    ch.state = state;
    if (state === 6 && ch.answeredAt === undefined) ch.answeredAt = this.now();
    this.emit(channelEvent('Newstate', ch));
    this.refreshDevice(ch.endpoint);
  }

  /** Emits Hangup and lets the phone's state follow. */
  removeChannel(ch: Channel, cause: number, techCause?: number): void {
    if (ch.gone) return;
    ch.gone = true;
    if (ch.bridge) this.leaveBridge(ch);
    this.channels.delete(ch.name);
    this.emit(hangup(ch, cause, techCause));
    this.refreshDevice(ch.endpoint);
  }

  // ---- bridges ----

  bridgeTogether(a: Channel, b: Channel): Bridge {
    const bridge = this.newBridge();
    this.enterBridge(a, bridge);
    this.enterBridge(b, bridge);
    return bridge;
  }

  newBridge(): Bridge {
    const bridge = new Bridge(randomUUID());
    this.emit(bridgeEvent('BridgeCreate', bridge.view));
    return bridge;
  }

  /** Joins `bridge`, leaving the channel's current bridge first (as a transfer moves channels). */
  enterBridge(ch: Channel, bridge: Bridge): void {
    if (ch.bridge === bridge) return;
    if (ch.bridge) this.leaveBridge(ch);
    bridge.members.push(ch);
    ch.bridge = bridge;
    this.emit(bridgeMember('BridgeEnter', bridge.view, ch));
  }

  /** Leaves the bridge; the last one out destroys it unless `keepEmpty` (a merge destroys it later). */
  leaveBridge(ch: Channel, keepEmpty = false): void {
    const bridge = ch.bridge;
    if (!bridge) return;
    bridge.members.splice(bridge.members.indexOf(ch), 1);
    ch.bridge = undefined;
    this.emit(bridgeMember('BridgeLeave', bridge.view, ch));
    if (bridge.members.length === 0 && !keepEmpty) this.destroyBridge(bridge);
  }

  destroyBridge(bridge: Bridge): void {
    if (bridge.destroyed) return;
    bridge.destroyed = true;
    this.emit(bridgeEvent('BridgeDestroy', bridge.view));
  }

  /** Both members leave (the first given first) and the bridge is destroyed. */
  breakBridge(bridge: Bridge | undefined, first?: Channel): void {
    if (!bridge) return;
    const order = [...bridge.members].sort((a, b) => (a === first ? -1 : b === first ? 1 : 0));
    for (const ch of order) this.leaveBridge(ch);
  }

  // ---- phones, hints and queue members ----

  phoneByEndpoint(endpoint: string): Phone | undefined {
    return this.byEndpoint.get(endpoint.toLowerCase());
  }

  /** What a phone's channels make of its device state, unless unregistered or forced. */
  deviceState(phone: Phone): DeviceState {
    if (!phone.registered) return 'UNAVAILABLE';
    if (phone.forced) return phone.forced;
    let ringing = false;
    let up = false;
    for (const ch of this.channels.values()) {
      if (ch.endpoint !== phone.endpoint) continue;
      if (ch.state === 6) up = true;
      else if (ch.state === 5) ringing = true;
      else up = up || ch.state !== 0;
    }
    if (up && ringing) return 'RINGINUSE';
    if (up) return 'INUSE';
    if (ringing) return 'RINGING';
    return 'NOT_INUSE';
  }

  hint(phone: Phone): HintView {
    return { exten: phone.exten, context: HINT_CONTEXT, hint: phone.endpoint, status: EXTENSION_STATUS[phone.lastState] };
  }

  /** The phone a member's state interface watches (`PJSIP/1001` or `hint:1001@ext-local`). */
  memberPhone(m: Member): Phone | undefined {
    const si = m.stateInterface;
    const hint = /^hint:([^@]+)@/i.exec(si);
    if (hint) return this.phones.get(hint[1]!);
    return this.phoneByEndpoint(si) ?? this.phoneByEndpoint(m.iface);
  }

  memberAvailable(m: Member): boolean {
    return !m.paused && m.status === 1;
  }

  /** Re-reads a phone's state and reports what changed, in Asterisk's order. */
  refreshDevice(endpoint: string | undefined): void {
    if (!endpoint) return;
    const phone = this.phoneByEndpoint(endpoint);
    if (!phone) return;
    const state = this.deviceState(phone);
    if (state === phone.lastState) return;
    phone.lastState = state;
    this.emit(extensionStatus(this.hint(phone)));
    this.emit(deviceStateChange(phone.endpoint, state));
    for (const q of this.queues.values()) {
      for (const m of q.members) {
        if (this.memberPhone(m) !== phone) continue;
        m.status = MEMBER_STATUS[state];
        if (m.status === m.reported) continue;
        m.reported = m.status;
        this.emit(memberEvent('QueueMemberStatus', m));
        this.refreshQueueAvail(q);
      }
    }
  }

  /** `Queue:support_avail`: NOT_INUSE while some member could take a call. */
  refreshQueueAvail(q: Queue): void {
    const state = q.members.some((m) => this.memberAvailable(m)) ? 'NOT_INUSE' : 'INUSE';
    if (state === q.availReported) return;
    q.availReported = state;
    this.emit(deviceStateChange(`Queue:${q.name}_avail`, state));
  }

  /** `Queue:support`: RINGING while callers wait. */
  refreshQueueWaiting(q: Queue, waiting: number): void {
    const state = waiting > 0 ? 'RINGING' : 'NOT_INUSE';
    if (state === q.waitingReported) return;
    q.waitingReported = state;
    this.emit(deviceStateChange(`Queue:${q.name}`, state));
  }

  /** Every member of `iface` in `queue` (or in every queue when none is named). */
  membersOf(iface: string, queue?: string): Member[] {
    const out: Member[] = [];
    for (const q of this.queues.values()) {
      if (queue !== undefined && q.name !== queue) continue;
      for (const m of q.members) if (m.iface.toLowerCase() === iface.toLowerCase()) out.push(m);
    }
    return out;
  }

  /** Pause or unpause, with the events of fixture 07. */
  setPaused(m: Member, paused: boolean, reason: string): void {
    const q = this.queues.get(m.queue)!;
    m.paused = paused;
    m.pausedReason = reason;
    if (paused) m.lastPause = this.seconds();
    this.emit(deviceStateChange(`Queue:${q.name}_pause_${m.iface}`, paused ? 'INUSE' : 'NOT_INUSE'));
    this.refreshQueueAvail(q);
    this.emit(memberEvent('QueueMemberPause', m));
  }

  addMember(q: Queue, iface: string, name: string, stateInterface: string, penalty: number, paused: boolean, reason: string): Member {
    const m: Member = {
      queue: q.name,
      name,
      iface,
      stateInterface,
      membership: 'dynamic',
      penalty,
      callsTaken: 0,
      lastCall: 0,
      lastPause: 0,
      loginTime: this.seconds(),
      status: 1,
      paused,
      pausedReason: paused ? reason : '',
      ringinuse: false,
      reported: 1,
    };
    const phone = this.memberPhone(m);
    if (phone) m.status = m.reported = MEMBER_STATUS[this.deviceState(phone)];
    q.members.push(m);
    this.emit(deviceStateChange(`Queue:${q.name}_pause_${iface}`, paused ? 'INUSE' : 'NOT_INUSE'));
    this.emit(memberEvent('QueueMemberAdded', m));
    this.refreshQueueAvail(q);
    return m;
  }

  removeMember(m: Member): void {
    const q = this.queues.get(m.queue)!;
    q.members.splice(q.members.indexOf(m), 1);
    this.emit(memberEvent('QueueMemberRemoved', m));
    this.emit(deviceStateChange(`Queue:${q.name}_pause_${m.iface}`, 'NOT_INUSE'));
    this.refreshQueueAvail(q);
  }

  // ---- registration (fixture 03) ----

  register(phone: Phone): void {
    if (phone.registered) return;
    const uri = `sip:${phone.exten}@127.0.0.1:${phone.port};ob`;
    phone.registered = true;
    this.emit(
      plain('ContactStatus', 'system', [
        ['URI', uri],
        ['ContactStatus', 'NonQualified'],
        ['AOR', phone.exten],
        ['EndpointName', phone.exten],
        ['RoundtripUsec', '0'],
      ]),
    );
    this.emit(
      plain('PeerStatus', 'system', [
        ['ChannelType', 'PJSIP'],
        ['Peer', phone.endpoint],
        ['PeerStatus', 'Reachable'],
      ]),
    );
    this.emit(
      plain('ContactStatus', 'system', [
        ['URI', uri],
        ['ContactStatus', 'Reachable'],
        ['AOR', phone.exten],
        ['EndpointName', phone.exten],
        ['RoundtripUsec', '412'],
      ]),
    );
    this.refreshDevice(phone.endpoint);
  }

  unregister(phone: Phone): void {
    if (!phone.registered) return;
    phone.registered = false;
    this.emit(
      plain('PeerStatus', 'system', [
        ['ChannelType', 'PJSIP'],
        ['Peer', phone.endpoint],
        ['PeerStatus', 'Unreachable'],
      ]),
    );
    this.emit(
      plain('ContactStatus', 'system', [
        ['URI', `sip:${phone.exten}@127.0.0.1:${phone.port};ob`],
        ['ContactStatus', 'Removed'],
        ['AOR', phone.exten],
        ['EndpointName', phone.exten],
        ['RoundtripUsec', '0'],
      ]),
    );
    this.refreshDevice(phone.endpoint);
  }

  forceState(phone: Phone, state: DeviceState | undefined): void {
    phone.forced = state;
    this.refreshDevice(phone.endpoint);
  }
}
