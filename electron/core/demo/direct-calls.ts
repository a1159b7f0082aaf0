/**
 * Calls that reach a phone without a queue, as in ../shared/fixtures/asterisk-22-live: an outside
 * caller dialled straight to the colleague's phone 1002 (L4, L5, before 1002 transfers the call
 * to the agent) and the colleague calling the agent while the agent is busy (L6: the second leg
 * rings, `InUse&Ringing`, and a caller who gives up ends it with Cause 127).
 */
import { channelEvent, twoSided } from './events.ts';
import type { CallCenter, Channel } from './callcenter.ts';
import type { Call, Scenarios } from './scenarios.ts';
import type { Transfers } from './transfers.ts';

export interface OutsideCall {
  callerNumber: string;
  callerName?: string;
  /** The phone the caller reaches (default the second extension, 1002). */
  extension?: string;
}

export interface InternalCall {
  /** The calling extension (default the second extension, 1002). */
  from?: string;
  /** The called extension (default the agent's). */
  to?: string;
}

export class DirectCalls {
  constructor(
    private readonly cc: CallCenter,
    private readonly sc: Scenarios,
    private readonly transfers: Transfers,
  ) {}

  /** An outside caller dials `extension` directly (L4/L5's first part); returns the call's id. */
  outside(req: OutsideCall): string {
    const { cc, sc } = this;
    const phone = this.phone(req.extension ?? cc.secondExtension);
    const caller = cc.pjsipChannel('9000', undefined, req.callerNumber, req.callerName ?? '', 'from-external', phone.exten);
    caller.state = 4;
    cc.emit(channelEvent('Newchannel', caller));
    return this.dial(caller, phone.exten, () => {
      cc.setState(caller, 6);
      sc.trunkInUse(+1);
    });
  }

  /** One phone calls another (L6: 1002 calls the busy agent); returns the call's id. */
  internal(req: InternalCall = {}): string {
    const { cc } = this;
    const from = this.phone(req.from ?? cc.secondExtension);
    const to = this.phone(req.to ?? cc.agentExtension);
    const caller = cc.pjsipChannel(from.exten, undefined, from.exten, from.name, 'from-internal', to.exten);
    caller.state = 4;
    cc.emit(channelEvent('Newchannel', caller));
    return this.dial(caller, to.exten, () => cc.setState(caller, 6));
  }

  private dial(caller: Channel, exten: string, callerUp: () => void): string {
    const { cc, sc } = this;
    const phone = this.phone(exten);
    const call = sc.newCall(caller, 'direct');
    const ph = cc.pjsipChannel(phone.exten, call.id, phone.exten, phone.name, 'from-internal', 's');
    cc.emit(channelEvent('Newchannel', ph));
    ph.connectedNum = caller.callerNum;
    ph.connectedName = caller.callerName;
    cc.emit(channelEvent('NewConnectedLine', ph));
    cc.emit(twoSided('DialBegin', 'call', caller, ph, [['DialString', phone.exten]]));
    caller.connectedNum = ph.callerNum;
    caller.connectedName = ph.callerName;
    cc.emit(channelEvent('NewConnectedLine', caller));
    call.attempts.push({ call, member: undefined, phone, legs: [ph], ringStartedAt: cc.nowMs(), timers: [] });
    this.transfers.ringTarget(call, phone, ph, caller, () => {
      call.attempts = [];
      cc.emit(twoSided('DialEnd', 'call', caller, ph, [['DialStatus', 'ANSWER']]));
      callerUp();
      cc.bridgeTogether(ph, caller);
      call.legs = [caller, ph];
      call.connectedAt = cc.nowMs();
      sc.notify({ type: 'answered', id: call.id, channel: ph.name });
    });
    cc.refreshDevice(caller.endpoint);
    sc.notify({ type: 'ringing', id: call.id, channel: ph.name });
    return call.id;
  }

  /** The caller gives up while it rings (L6): Cause 127 on both legs, SIP 487 on the caller's, 500 on the called. */
  cancel(call: Call): void {
    const { cc, sc } = this;
    const caller = call.customer!;
    const ph = call.attempts[0]?.legs[0];
    call.attempts = [];
    cc.emit(
      channelEvent('HangupRequest', caller, [
        ['Cause', '127'],
        ['TechCause', '487'],
      ]),
    );
    if (ph) {
      sc.dropRinging(ph);
      cc.emit(twoSided('DialEnd', 'call', caller, ph, [['DialStatus', 'CANCEL']]));
      sc.drop(ph, 127, 500);
    }
    cc.emit(
      channelEvent('SoftHangupRequest', caller, [
        ['Cause', '16'],
        ['TechCause', '487'],
      ]),
    );
    sc.drop(caller, 127, 487);
    sc.finish(call);
    sc.notify({ type: 'ended', id: call.id, by: 'caller' });
  }

  /** The called phone rejects the ringing call: BUSY for the dialler, both legs gone. */
  decline(call: Call): void {
    const { cc, sc } = this;
    const caller = call.customer!;
    const ph = call.attempts[0]?.legs[0];
    call.attempts = [];
    if (ph) {
      sc.dropRinging(ph);
      cc.emit(twoSided('DialEnd', 'call', caller, ph, [['DialStatus', 'BUSY']]));
      sc.drop(ph, 21);
    }
    sc.drop(caller, 17);
    sc.finish(call);
    sc.notify({ type: 'ended', id: call.id, by: 'agent' });
  }

  private phone(exten: string) {
    const phone = this.cc.phones.get(exten);
    if (!phone) throw new Error(`the demo PBX has no extension ${JSON.stringify(exten)} (it has ${[...this.cc.phones.keys()].join(', ')})`);
    return phone;
  }
}
