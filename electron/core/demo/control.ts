/**
 * The demo PBX's controls, for tests and trainers: bring in a call, make the caller hang up,
 * answer or hang up the agent's phone, transfer (blind or attended) from any phone, bring in a
 * call straight to a phone or from 1002 to the busy agent, add 1002 to a ring-all queue, pause
 * "from elsewhere" (as a feature code on the phone would), change a device, restart the PBX,
 * drop or stall connections, and read what each connection sent.
 */
import { AmiMessage } from '../ami/message.ts';
import { plain } from './events.ts';
import type { QueueLogRow } from './actions.ts';
import type { CallCenter, DeviceState } from './callcenter.ts';
import type { CallNotice, IncomingCall, Scenarios } from './scenarios.ts';
import type { InternalCall, OutsideCall } from './direct-calls.ts';
import type { AmiServer } from './server.ts';

export interface SessionInfo {
  id: number;
  username: string | undefined;
  authenticated: boolean;
  closed: boolean;
  /** Bytes received in all (also beyond what is kept for receivedBytes). */
  bytesReceived: number;
  /** Bytes and events the PBX wrote to this client, and the bytes of those its socket has not taken yet. */
  bytesSent: number;
  eventsSent: number;
  bytesQueued: number;
}

export interface RestartOptions {
  /** How long connections are refused (ms). */
  downMs?: number;
  /** How long after coming back the phones register again (ms); until then logins see Unavailable hints. */
  phonesBackAfterMs?: number;
}

export interface ControlDeps {
  cc: CallCenter;
  scenarios: Scenarios;
  server: AmiServer;
  queueLog: QueueLogRow[];
  booting: { value: boolean };
  restartDownMs: number;
  phonesBackAfterMs: number;
}

export class DemoControl {
  private restartTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: ControlDeps) {}

  /** A caller reaches the queue through the IVR; returns the call's id (its Linkedid). */
  incomingCall(call: IncomingCall): string {
    return this.deps.scenarios.incomingCall(call);
  }

  /** The outside party hangs up (an abandon if nobody answered). False if no such call. */
  callerHangup(callId: string): boolean {
    return this.deps.scenarios.callerHangup(callId);
  }

  /** The agent picks up the ringing phone. False when it is not ringing. */
  answer(): boolean {
    return this.deps.scenarios.answer();
  }

  /** The agent hangs up (or declines a ringing call). False when the phone has no call. */
  agentHangup(callId?: string): boolean {
    return this.deps.scenarios.agentHangup(callId);
  }

  // ---- calls that change hands (asterisk-22-live L1-L6) ----

  /**
   * BlindTransfer of a phone's leg (`from`, default the agent's) to `exten`, as the AMI action
   * does (L1, L4). Returns the refusal ('Transfer invalid'...), or undefined when done.
   */
  blindTransfer(options: { exten: string; context?: string; from?: string }): string | undefined {
    const ch = this.liveLeg(options.from ?? this.deps.cc.agentExtension);
    if (!ch) return 'Transfer invalid';
    const refusal = this.deps.scenarios.transfers.refuseBlind(ch);
    if (refusal) return refusal;
    return this.deps.scenarios.transfers.blind(ch, options.exten, options.context ?? 'from-internal');
  }

  /**
   * Atxfer on a phone's leg (default the agent's) to `exten` (L2, L3, L5): Hold, the `*2` DTMF
   * and a Local consultation pair to the target. Complete it with hangupLeg() or agentHangup() of
   * the transferer; the target hanging up (hangupLeg of the target's extension) ends it instead.
   * False when that phone has no connected call.
   */
  attendedTransfer(options: { exten: string; context?: string; from?: string }): boolean {
    const ch = this.liveLeg(options.from ?? this.deps.cc.agentExtension);
    if (!ch || !this.deps.scenarios.connectedCallOf(ch)) return false;
    this.deps.scenarios.transfers.attended(ch, options.exten, options.context ?? 'from-internal');
    return true;
  }

  /**
   * A phone hangs up its leg: the transferer completes an attended transfer, the target ends the
   * consultation, otherwise as the Hangup action on that channel. False when it has no leg.
   */
  hangupLeg(extension: string): boolean {
    const ch = this.liveLeg(extension);
    if (!ch) return false;
    this.deps.scenarios.hangupChannel(ch);
    return true;
  }

  /** An outside caller (9000) dials a phone directly, default 1002, which answers (L4/L5); returns the call's id. */
  outsideCall(call: OutsideCall): string {
    return this.deps.scenarios.direct.outside(call);
  }

  /** One phone calls another, default 1002 calls the agent (L6, also while the agent is busy); returns the call's id. */
  internalCall(call: InternalCall = {}): string {
    return this.deps.scenarios.direct.internal(call);
  }

  /**
   * Adds a phone to a queue as a dynamic member (`PJSIP/<ext>`, name `Agent <ext>`), as QueueAdd
   * does; with the agent also a member, a ringall call rings both and the first to answer takes it.
   */
  addQueueMember(queue: string, extension = this.deps.cc.secondExtension): void {
    const { cc, scenarios } = this.deps;
    const q = cc.queues.get(queue);
    if (!q) throw new Error(`the demo PBX has no queue ${JSON.stringify(queue)} (it has ${[...cc.queues.keys()].join(', ')})`);
    this.phone(extension);
    const iface = `PJSIP/${extension}`;
    if (cc.membersOf(iface, queue).length === 0) cc.addMember(q, iface, `Agent ${extension}`, iface, 0, false, '');
    scenarios.distributeAll();
  }

  /** A phone's channels now: name, state, Linkedid and what it is bridged with, for tests and trainers. */
  legsOf(extension: string): Array<{ channel: string; state: string; linkedid: string; connected: string }> {
    const endpoint = this.phone(extension).endpoint;
    return [...this.deps.cc.channels.values()]
      .filter((c) => c.endpoint === endpoint)
      .map((c) => ({
        channel: c.name,
        state: c.state === 6 ? 'Up' : c.state === 5 ? 'Ringing' : String(c.state),
        linkedid: c.linkedid,
        connected: c.connectedNum,
      }));
  }

  /** The newest live channel of a phone (a consultation's transferer before its held call). */
  private liveLeg(extension: string) {
    const endpoint = this.phone(extension).endpoint;
    const legs = [...this.deps.cc.channels.values()].filter((c) => c.endpoint === endpoint && !c.gone);
    const consulting = legs.find((c) => this.deps.scenarios.transfers.consultationOf(c));
    return consulting ?? legs.find((c) => c.state === 6) ?? legs[legs.length - 1];
  }

  /** Calls in progress, by id. */
  activeCalls(): string[] {
    return this.deps.scenarios.activeCallIds();
  }

  /** Call progress notices (queued, ringing, answered, abandoned, ended). Returns an unsubscribe. */
  onCall(listener: (notice: CallNotice) => void): () => void {
    return this.deps.scenarios.onNotice(listener);
  }

  /**
   * Pause or unpause as if done on the phone (feature code) or by a supervisor: the PBX's own
   * QueueMemberPause events, no AMI action. `queue` omitted means every queue the interface is in.
   */
  pause(options: { paused: boolean; reason?: string; queue?: string; iface?: string }): number {
    const { cc, scenarios } = this.deps;
    const iface = options.iface ?? `PJSIP/${cc.agentExtension}`;
    // The agent as each queue knows it: PJSIP/1001 in one, Local/1001@from-queue/n (state hint:1001@ext-local) in another.
    const queues = [...cc.queues.values()].filter((q) => options.queue === undefined || q.name === options.queue);
    const members = queues.flatMap((q) =>
      q.members.filter((m) => m.stateInterface === iface || m.iface === iface || cc.memberPhone(m)?.endpoint === iface),
    );
    for (const m of members) cc.setPaused(m, options.paused, options.reason ?? '');
    if (!options.paused) scenarios.distributeAll();
    return members.length;
  }

  /** Forces a phone's device state (`BUSY` for DND, `UNAVAILABLE`...); undefined lets the calls decide again. */
  setDeviceState(extension: string, state: DeviceState | undefined): void {
    const phone = this.phone(extension);
    this.deps.cc.forceState(phone, state);
    if (state === undefined) this.deps.scenarios.distributeAll();
  }

  /** The phone registers (fixture 03). */
  register(extension = this.deps.cc.agentExtension): void {
    this.deps.cc.register(this.phone(extension));
    this.deps.scenarios.distributeAll();
  }

  /** The phone unregisters (fixture 03). */
  unregister(extension = this.deps.cc.agentExtension): void {
    this.deps.cc.unregister(this.phone(extension));
  }

  private phone(extension: string) {
    const phone = this.deps.cc.phones.get(extension);
    if (!phone)
      throw new Error(`the demo PBX has no extension ${JSON.stringify(extension)} (it has ${[...this.deps.cc.phones.keys()].join(', ')})`);
    return phone;
  }

  /**
   * Restarts the PBX as `core restart now` does (fixture 12): Shutdown to every session, every
   * socket closed, connections refused for a moment; then logins get Unavailable hints and
   * FullyBooted until the phones register again. Resolves once connections are accepted again.
   */
  async restart(options: RestartOptions = {}): Promise<void> {
    const { cc, scenarios, server, booting } = this.deps;
    server.broadcast(
      plain('Shutdown', 'system', [
        ['Shutdown', 'Cleanly'],
        ['Restart', 'True'],
      ]),
    );
    server.closeSessions('end');
    const port = server.listeningPort;
    await server.stopListening();
    scenarios.reset();
    booting.value = true;
    cc.reset();
    await new Promise((r) => setTimeout(r, options.downMs ?? this.deps.restartDownMs));
    await server.listen(port);
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      booting.value = false;
      for (const p of cc.phones.values()) cc.register(p);
    }, options.phonesBackAfterMs ?? this.deps.phonesBackAfterMs);
  }

  /** A slow PBX: every action is handled, and answered, `ms` after it arrives; 0 is normal speed. */
  slowDown(ms: number): void {
    this.deps.server.actionDelayMs = Math.max(0, ms);
  }

  /** The admin changes a user's AMI secret (manager.conf and a reload): sessions stay, new logins need it. */
  setSecret(username: string, secret: string): void {
    if (!this.deps.server.setSecret(username, secret)) throw new Error(`the demo PBX has no AMI user ${JSON.stringify(username)}`);
  }

  /**
   * List actions that never complete: these `...Complete` events (e.g. `CoreShowChannelsComplete`)
   * are not sent until `withholdListComplete()` is called with none.
   */
  withholdListComplete(...events: string[]): void {
    const withheld = this.deps.server.withheldCompletes;
    withheld.clear();
    for (const event of events) withheld.add(event);
  }

  /** Every socket dropped at once, with no Shutdown (a network failure). */
  dropAll(): void {
    this.deps.server.closeSessions('destroy');
  }

  /** The PBX stops reading from and writing to this session until resume(). */
  stall(sessionId: number): void {
    this.session(sessionId).stall();
  }

  resume(sessionId: number): void {
    this.session(sessionId).resume();
  }

  sessions(): SessionInfo[] {
    return this.deps.server.allSessions().map((s) => ({
      id: s.id,
      username: s.username,
      authenticated: s.authenticated,
      closed: s.closed,
      bytesReceived: s.receivedTotal,
      bytesSent: s.socket.bytesWritten,
      eventsSent: s.eventsSent,
      bytesQueued: s.socket.writableLength,
    }));
  }

  /** The bytes a session received, exactly as sent; all sessions' bytes (in session order) when none is given. */
  receivedBytes(sessionId?: number): Buffer {
    if (sessionId !== undefined) return this.session(sessionId).receivedBytes();
    return Buffer.concat(this.deps.server.allSessions().map((s) => s.receivedBytes()));
  }

  /** What a session (or every session) sent, parsed into actions. */
  receivedActions(sessionId?: number): AmiMessage[] {
    const text = this.receivedBytes(sessionId).toString('utf8').replace(/\r?\n/g, '\r\n');
    return text
      .split('\r\n\r\n')
      .filter((block) => block.trim() !== '')
      .map((block) => new AmiMessage(block.replace(/^(\r\n)+/, '')));
  }

  /** Rows written by the QueueLog action, oldest first. */
  queueLog(): readonly QueueLogRow[] {
    return this.deps.queueLog;
  }

  private session(id: number) {
    const s = this.deps.server.session(id);
    if (!s) throw new Error(`no demo PBX session ${id}`);
    return s;
  }

  /** Cancels what the control API scheduled (used by close()). */
  dispose(): void {
    clearTimeout(this.restartTimer);
  }
}
