/**
 * Calls that change hands on the demo PBX, in the event order of the real Asterisk 22 transcripts
 * (../shared/fixtures/asterisk-22-live): a blind transfer (L1 from the Local-member `sales` queue,
 * L4 into the agent) and an attended transfer with its consultation leg (L2 `sales`, L3 `support`,
 * L5 into the agent). A transfer never starts a new Linkedid; the consultation is a
 * `Local/<exten>@<context>-N;1/;2` pair on the transferer's Linkedid.
 */
import {
  attendedTransferEvent,
  blindTransferEvent,
  bridgeMerge,
  channelEvent,
  deviceStateChange,
  dtmfEnd,
  holdEvent,
  localBridge,
  localOptimizationBegin,
  localOptimizationEnd,
  twoSided,
} from './events.ts';
import type { Bridge, CallCenter, Channel, Phone } from './callcenter.ts';
import type { Call, Scenarios } from './scenarios.ts';

/** An attended transfer between the Atxfer and its completion (or the target hanging up). */
export interface Consultation {
  call: Call;
  /** The channel that pressed `*2` (the agent's phone leg, or 1002's in L5). */
  transferer: Channel;
  /** The channel the transferer was bridged with: the customer (L3, L5) or the queue's Local `;2` half (L2). */
  held: Channel;
  heldBridge: Bridge;
  one: Channel;
  two: Channel;
  /** The transferer and the Local `;1` half. */
  consultBridge: Bridge;
  /** The target phone's channel, dialled by the Local `;2` half. */
  target: Channel;
  /** The target and the Local `;2` half, once the target answered. */
  targetBridge: Bridge | undefined;
}

export class Transfers {
  private readonly consultations: Consultation[] = [];
  /** LocalOptimizationBegin/End's `Id`, counting up per PBX run as in L2, L3, L5 (0, 1, 2). */
  private optimizations = 0;

  constructor(
    private readonly cc: CallCenter,
    private readonly sc: Scenarios,
  ) {}

  reset(): void {
    this.consultations.length = 0;
    this.optimizations = 0;
  }

  /** The consultation a channel takes part in (as transferer or target), if any. */
  consultationOf(ch: Channel): Consultation | undefined {
    return this.consultations.find((c) => c.transferer === ch || c.target === ch || c.one === ch || c.two === ch);
  }

  /** Channels an ending call must leave alone: a transferer busy consulting is no longer in that call. */
  isConsulting(ch: Channel): boolean {
    return this.consultations.some((c) => c.transferer === ch);
  }

  all(): readonly Consultation[] {
    return this.consultations;
  }

  // ---- blind (L1, L4) ----

  /**
   * BlindTransfer of `transferer` to `exten@context`: a stray Unhold, the BlindTransfer event, the
   * transferer hangs up at once, and the channel it was bridged with dials the target. With a
   * Local queue member the transferee is the member's `;2` half and the queue never hears of it
   * (AgentComplete `caller` later, L1); with a direct member the queue reports `transfer` at once.
   * Returns the refusal message, or undefined when done.
   */
  blind(transferer: Channel, exten: string, context: string): string | undefined {
    const { cc, sc } = this;
    const call = sc.connectedCallOf(transferer);
    const bridge = transferer.bridge;
    const transferee = bridge?.members.find((c) => c !== transferer);
    if (!call || !bridge || !transferee) return 'Transfer invalid';
    if (call.legs[0] === transferer) return 'Transfer not permitted';
    cc.emit(holdEvent('Unhold', transferer));
    cc.emit(blindTransferEvent(transferer, transferee, bridge.view, context, exten));
    if (call.kind === 'queue' && call.member && transferee === call.legs[0]) sc.agentComplete(call, 'transfer');
    cc.leaveBridge(transferer);
    cc.leaveBridge(transferee);
    sc.drop(transferer, 16);
    call.legs = call.legs.filter((l) => l !== transferer);
    if (transferer.endpoint === cc.agentPhone.endpoint) sc.notify({ type: 'ended', id: call.id, by: 'transfer' });
    transferee.context = context;
    transferee.exten = exten;
    this.dialOnward(call, transferee, exten);
    return undefined;
  }

  /** Whether `blind()` would refuse (so the action can answer before the events). */
  refuseBlind(transferer: Channel): string | undefined {
    const call = this.sc.connectedCallOf(transferer);
    if (!call || !transferer.bridge || transferer.bridge.members.length < 2) return 'Transfer invalid';
    if (call.legs[0] === transferer) return 'Transfer not permitted';
    return undefined;
  }

  /** `from` (still in the call) dials `exten`; the answering phone joins the call's legs. */
  private dialOnward(call: Call, from: Channel, exten: string): void {
    const { cc, sc } = this;
    const target = this.targetChannel(call, from, exten);
    const customer = call.legs[0]!;
    cc.emit(channelEvent('Newchannel', target.channel));
    target.channel.connectedNum = from.callerNum;
    target.channel.connectedName = from.callerName;
    cc.emit(channelEvent('NewConnectedLine', target.channel));
    cc.emit(twoSided('DialBegin', 'call', from, target.channel, [['DialString', target.dialString]]));
    setConnected(from, target.channel);
    cc.emit(channelEvent('NewConnectedLine', from));
    if (customer !== from) {
      setConnected(customer, target.channel);
      cc.emit(channelEvent('NewConnectedLine', customer));
    }
    call.legs.push(target.channel);
    this.ringTarget(call, target.phone, target.channel, from, () => {
      cc.emit(twoSided('DialEnd', 'call', from, target.channel, [['DialStatus', 'ANSWER']]));
      const bridge = cc.newBridge();
      cc.enterBridge(target.channel, bridge);
      cc.enterBridge(from, bridge);
      sc.notify({ type: 'answered', id: call.id, channel: target.channel.name });
    });
  }

  private targetChannel(call: Call, from: Channel, exten: string): { channel: Channel; phone: Phone | undefined; dialString: string } {
    const phone = this.cc.phones.get(exten);
    const channel = phone
      ? this.cc.pjsipChannel(phone.exten, call.id, phone.exten, phone.name, 'from-internal', 's')
      : this.cc.pjsipChannel('trunk', call.id, exten, '', 'from-trunk', 's');
    for (const [k, v] of from.vars) channel.vars.set(k, v);
    return { channel, phone, dialString: phone ? phone.exten : `${exten}@trunk` };
  }

  /**
   * Rings the target: the agent's phone waits for its answer (timer or control.answer()); 1002
   * answers at once when the demo says so (`otherAnswerAfterMs: 0`, the lab's auto-answer, no
   * Ringing), else it rings that long first. `answered` runs after the target's Newstate Up.
   */
  ringTarget(call: Call, phone: Phone | undefined, target: Channel, from: Channel, answered: () => void, dialer?: Channel): void {
    const { cc, sc } = this;
    const answer = () => {
      if (target.gone) return;
      sc.dropRinging(target);
      cc.setState(target, 6);
      answered();
    };
    if (phone !== cc.agentPhone && sc.otherAnswerAfterMs === 0) return answer();
    cc.setState(target, 5);
    if (dialer) cc.setState(dialer, 5);
    cc.emit(twoSided('DialState', 'call', from, target, [['DialStatus', 'RINGING']]));
    if (dialer) cc.emit(twoSided('DialState', 'call', undefined, dialer, [['DialStatus', 'RINGING']]));
    if (phone) sc.scheduleAnswer(phone, target, answer, call.timers);
    else call.timers.push(setTimeout(answer, sc.otherAnswerAfterMs));
  }

  // ---- attended (L2, L3, L5) ----

  /**
   * Atxfer on `transferer` (after the action's `Atxfer successfully queued`): the `*2` feature and
   * the digits as DTMFEnd, Hold, music for the held side, then the consultation: a Local pair
   * bridged with the transferer whose `;2` half dials the target.
   */
  attended(transferer: Channel, exten: string, context: string): void {
    const { cc, sc } = this;
    cc.emit(dtmfEnd(transferer, '*'));
    cc.emit(dtmfEnd(transferer, '2'));
    const call = sc.connectedCallOf(transferer);
    const heldBridge = transferer.bridge;
    const held = heldBridge?.members.find((c) => c !== transferer);
    if (!call || !heldBridge || !held || this.consultationOf(transferer)) {
      for (const d of exten) cc.emit(dtmfEnd(transferer, d));
      return;
    }
    cc.emit(holdEvent('Hold', transferer));
    cc.emit(channelEvent('MusicOnHoldStart', held, [['Class', 'default']]));
    if (held.name.startsWith('PJSIP/9000-')) cc.emit(deviceStateChange('PJSIP/9000', 'ONHOLD'));
    for (const d of exten) cc.emit(dtmfEnd(transferer, d));

    const [one, two] = cc.localPair(exten, context, transferer.linkedid);
    for (const l of [one, two]) for (const [k, v] of transferer.vars) l.vars.set(k, v);
    cc.emit(channelEvent('Newchannel', one));
    cc.emit(channelEvent('Newchannel', two));
    setConnected(one, transferer);
    cc.emit(channelEvent('NewConnectedLine', one));
    const consultBridge = cc.newBridge();
    two.callerNum = transferer.callerNum;
    two.callerName = transferer.callerName;
    cc.emit(localBridge(one, two, context, exten));
    cc.enterBridge(one, consultBridge);
    cc.enterBridge(transferer, consultBridge);

    const target = this.targetChannel(call, transferer, exten);
    const p = target.channel;
    cc.emit(channelEvent('Newchannel', p));
    transferer.connectedNum = transferer.connectedName = '<unknown>';
    cc.emit(channelEvent('NewConnectedLine', transferer));
    setConnected(p, transferer);
    cc.emit(channelEvent('NewConnectedLine', p));
    cc.emit(twoSided('DialBegin', 'call', two, p, [['DialString', target.dialString]]));
    setConnected(two, p);
    cc.emit(channelEvent('NewConnectedLine', two));
    setConnected(transferer, p);
    cc.emit(channelEvent('NewConnectedLine', transferer));

    const consultation: Consultation = { call, transferer, held, heldBridge, one, two, consultBridge, target: p, targetBridge: undefined };
    this.consultations.push(consultation);
    this.ringTarget(
      call,
      target.phone,
      p,
      two,
      () => {
        cc.emit(twoSided('DialEnd', 'call', two, p, [['DialStatus', 'ANSWER']]));
        cc.setState(two, 6);
        one.callerNum = p.callerNum;
        one.callerName = p.callerName;
        cc.setState(one, 6);
        const bridge = cc.newBridge();
        cc.emit(twoSided('DialEnd', 'call', undefined, one, [['DialStatus', 'ANSWER']]));
        cc.enterBridge(p, bridge);
        cc.enterBridge(two, bridge);
        consultation.targetBridge = bridge;
        sc.notify({ type: 'answered', id: call.id, channel: p.name });
      },
      one,
    );
  }

  /**
   * A channel of a consultation hangs up. The transferer hanging up completes the transfer once
   * the target answered; the target hanging up ends the consultation and the transferer returns
   * to the held party. False when `ch` is in no consultation.
   */
  hangup(ch: Channel): boolean {
    const c = this.consultationOf(ch);
    if (!c) return false;
    if (ch === c.transferer) {
      if (c.targetBridge && !c.held.gone) this.complete(c);
      else this.abandon(c, true);
    } else this.abandon(c, false);
    return true;
  }

  /**
   * The transferer hangs up with the target on the line (L2, L3, L5): the consultation bridge
   * merges into the held party's, AttendedTransfer, the transferer's Hangup, then the Local pair
   * optimises itself away. Which side moves is what the transcripts show: with a Local queue
   * member (L2) the held `;2` half moves into the target's bridge; otherwise the target's phone
   * moves into the held party's bridge (L3, L5).
   */
  private complete(c: Consultation): void {
    const { cc, sc } = this;
    const { call, transferer, held, heldBridge, one, two, consultBridge, target } = c;
    const targetBridge = c.targetBridge!;
    const customer = call.legs[0]!;
    this.remove(c);
    cc.leaveBridge(transferer, true);
    cc.emit(bridgeMerge(heldBridge.view, consultBridge.view));
    cc.leaveBridge(one, true);
    cc.enterBridge(one, heldBridge);
    cc.emit(channelEvent('MusicOnHoldStop', held));
    if (held.name.startsWith('PJSIP/9000-')) cc.emit(deviceStateChange('PJSIP/9000', 'INUSE'));
    setConnected(one, customer);
    cc.emit(channelEvent('NewConnectedLine', one));
    if (held !== customer) {
      setConnected(held, target);
      cc.emit(channelEvent('NewConnectedLine', held));
    }
    cc.emit(
      attendedTransferEvent({
        transferer,
        origBridge: { id: heldBridge.id, channels: heldBridge.members.length },
        secondBridge: consultBridge.view,
        transferee: held,
        target: one,
      }),
    );
    if (call.kind === 'queue' && call.member && held === customer) sc.agentComplete(call, 'transfer');
    setConnected(customer, target);
    cc.emit(channelEvent('NewConnectedLine', customer));
    cc.destroyBridge(consultBridge);
    sc.drop(transferer, 16);
    setConnected(target, customer);
    cc.emit(channelEvent('NewConnectedLine', target));
    if (transferer.endpoint === cc.agentPhone.endpoint) sc.notify({ type: 'ended', id: call.id, by: 'transfer' });

    const id = this.optimizations++;
    const localHeld = held.name.startsWith('Local/');
    const [source, dest] = localHeld ? [held, two] : [target, one];
    cc.emit(localOptimizationBegin(one, two, source, dest, id));
    const into = dest.bridge!;
    cc.leaveBridge(source, true);
    cc.leaveBridge(dest, true);
    cc.enterBridge(source, into);
    cc.emit(localOptimizationEnd(one, two, id));
    cc.emit(channelEvent('HangupRequest', two, [['Cause', '16']]));
    sc.drop(one, 16);
    cc.emit(channelEvent('SoftHangupRequest', two, [['Cause', '16']]));
    sc.drop(two, 16);
    for (const b of [heldBridge, targetBridge]) if (b.members.length === 0) cc.destroyBridge(b);
    call.legs = [...call.legs.filter((l) => l !== transferer), target];
  }

  /**
   * The consultation ends without a transfer. The target hung up (or the transferer gave up while
   * it still rang): the consultation's channels go and the transferer rejoins the held party,
   * Unhold and the music stops. No transcript holds this; it follows Asterisk's bridge_basic.c
   * attended-transfer states (target hangup -> rebridge the transferer with the transferee).
   * If the held party is gone too (the customer hung up meanwhile), the transferer hangs up as well.
   */
  private abandon(c: Consultation, transfererLeaves: boolean): void {
    const { cc, sc } = this;
    const { call, transferer, held, heldBridge, one, two, target } = c;
    this.remove(c);
    if (target.state !== 6) {
      cc.emit(twoSided('DialEnd', 'call', two, target, [['DialStatus', 'CANCEL']]));
      sc.dropRinging(target);
    } else cc.emit(channelEvent('HangupRequest', target));
    sc.drop(target, 16);
    cc.emit(channelEvent('HangupRequest', two, [['Cause', '16']]));
    sc.drop(two, 16);
    sc.drop(one, 16);
    call.legs = call.legs.filter((l) => l !== target);
    if (held.gone || !call.legs.includes(transferer) || call.ended) {
      sc.drop(transferer, 16);
      return;
    }
    cc.enterBridge(transferer, heldBridge);
    cc.emit(holdEvent('Unhold', transferer));
    cc.emit(channelEvent('MusicOnHoldStop', held));
    if (held.name.startsWith('PJSIP/9000-')) cc.emit(deviceStateChange('PJSIP/9000', 'INUSE'));
    setConnected(transferer, call.legs[0]!);
    cc.emit(channelEvent('NewConnectedLine', transferer));
    if (transfererLeaves) sc.hangupChannel(transferer);
  }

  /** The customer's call ended while its transferer consulted: the consultation stays on its own. */
  callEnded(call: Call): void {
    for (const c of this.consultations) if (c.call === call) call.legs = call.legs.filter((l) => l !== c.transferer && l !== c.target);
  }

  private remove(c: Consultation): void {
    const i = this.consultations.indexOf(c);
    if (i >= 0) this.consultations.splice(i, 1);
  }
}

/** `ch` now talks to `other`: its ConnectedLine is the other's caller ID. */
function setConnected(ch: Channel, other: Channel): void {
  ch.connectedNum = other.callerNum;
  ch.connectedName = other.callerName;
}
