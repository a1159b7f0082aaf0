/**
 * Event builders that mirror the real Asterisk 22 transcripts (../shared/fixtures/asterisk-22):
 * the same event names, the same header order, the same Privilege values. Each builder returns a
 * DemoEvent; the server decides which sessions may read it and writes it out.
 */

export type Pairs = Array<readonly [string, string]>;

/** manager.conf classes, as in `read = system,call,agent`. */
export type EventClass =
  | 'system'
  | 'call'
  | 'log'
  | 'verbose'
  | 'command'
  | 'agent'
  | 'user'
  | 'config'
  | 'dtmf'
  | 'reporting'
  | 'cdr'
  | 'dialplan'
  | 'originate'
  | 'agi'
  | 'cc'
  | 'aoc'
  | 'test'
  | 'security'
  | 'message';

export interface DemoEvent {
  name: string;
  /** The class a reader needs; the Privilege header says `<class>,all`. */
  klass: EventClass;
  /** Headers after `Event:` and `Privilege:`. */
  headers: Pairs;
}

/** The variables manager.conf `channelvars` lists, as in the fixture's manager.conf. */
export const CHANNEL_VARS = ['CUSTOMER_ID', 'CUSTOMER_NAME'] as const;

/** What the events need to know about a channel. */
export interface ChannelView {
  name: string;
  state: number;
  callerNum: string;
  callerName: string;
  connectedNum: string;
  connectedName: string;
  accountCode: string;
  context: string;
  exten: string;
  priority: number;
  uniqueid: string;
  linkedid: string;
  vars: ReadonlyMap<string, string>;
}

const STATE_DESC: Record<number, string> = {
  0: 'Down',
  1: 'Rsrvd',
  2: 'OffHook',
  3: 'Dialing',
  4: 'Ring',
  5: 'Ringing',
  6: 'Up',
  7: 'Busy',
};

export function stateDesc(state: number): string {
  return STATE_DESC[state] ?? 'Unknown';
}

/** The standard channel snapshot headers, with a prefix for Dest..., LocalOne... and so on. */
export function channelPairs(ch: ChannelView, prefix = ''): Pairs {
  const out: Pairs = [
    [`${prefix}Channel`, ch.name],
    [`${prefix}ChannelState`, String(ch.state)],
    [`${prefix}ChannelStateDesc`, stateDesc(ch.state)],
    [`${prefix}CallerIDNum`, ch.callerNum],
    [`${prefix}CallerIDName`, ch.callerName],
    [`${prefix}ConnectedLineNum`, ch.connectedNum],
    [`${prefix}ConnectedLineName`, ch.connectedName],
    [`${prefix}Language`, 'en'],
    [`${prefix}AccountCode`, ch.accountCode],
    [`${prefix}Context`, ch.context],
    [`${prefix}Exten`, ch.exten],
    [`${prefix}Priority`, String(ch.priority)],
    [`${prefix}Uniqueid`, ch.uniqueid],
    [`${prefix}Linkedid`, ch.linkedid],
  ];
  for (const v of CHANNEL_VARS) out.push([`${prefix}ChanVariable`, `${v}=${ch.vars.get(v) ?? ''}`]);
  return out;
}

function ev(name: string, klass: EventClass, headers: Pairs): DemoEvent {
  return { name, klass, headers };
}

/** Newchannel, Newstate, HangupRequest, MusicOnHoldStop, NewConnectedLine...: a channel and nothing else. */
export function channelEvent(name: string, ch: ChannelView, extra: Pairs = [], klass: EventClass = 'call'): DemoEvent {
  return ev(name, klass, [...channelPairs(ch), ...extra]);
}

export function newexten(ch: ChannelView, application: string, appData: string): DemoEvent {
  return channelEvent(
    'Newexten',
    ch,
    [
      ['Extension', ch.exten],
      ['Application', application],
      ['AppData', appData],
    ],
    'dialplan',
  );
}

export function varSet(ch: ChannelView, variable: string, value: string): DemoEvent {
  return channelEvent(
    'VarSet',
    ch,
    [
      ['Variable', variable],
      ['Value', value],
    ],
    'dialplan',
  );
}

/** `techCause` is the SIP code Asterisk adds for a cancelled ring (L6: 487 on the caller, 500 on the called leg). */
export function hangup(ch: ChannelView, cause: number, techCause?: number): DemoEvent {
  const tech: Pairs = techCause === undefined ? [] : [['TechCause', String(techCause)]];
  return channelEvent('Hangup', ch, [['Cause', String(cause)], ['Cause-txt', causeText(cause)], ...tech]);
}

function causeText(cause: number): string {
  if (cause === 16) return 'Normal Clearing';
  if (cause === 26) return 'Answered elsewhere';
  if (cause === 127) return 'Interworking, unspecified';
  if (cause === 17) return 'User busy';
  if (cause === 19) return 'No user responding';
  if (cause === 21) return 'Call Rejected';
  return 'Unknown';
}

/** Caller side and destination side, as Agent* and Dial* events carry them. `from` may be absent (Originate). */
export function twoSided(name: string, klass: EventClass, from: ChannelView | undefined, dest: ChannelView, extra: Pairs): DemoEvent {
  return ev(name, klass, [...(from ? channelPairs(from) : []), ...channelPairs(dest, 'Dest'), ...extra]);
}

export function deviceStateChange(device: string, state: string): DemoEvent {
  return ev('DeviceStateChange', 'call', [
    ['Device', device],
    ['State', state],
  ]);
}

export interface HintView {
  exten: string;
  context: string;
  hint: string;
  status: number;
}

const EXTENSION_STATUS_TEXT: Record<number, string> = {
  [-1]: 'Unknown',
  0: 'Idle',
  1: 'InUse',
  2: 'Busy',
  4: 'Unavailable',
  8: 'Ringing',
  9: 'InUse&Ringing',
  16: 'Hold',
  17: 'InUse&Hold',
};

export function extensionStatusText(status: number): string {
  return EXTENSION_STATUS_TEXT[status] ?? 'Unknown';
}

export function extensionStatus(h: HintView, hintText = h.hint): DemoEvent {
  return ev('ExtensionStatus', 'call', [
    ['Exten', h.exten],
    ['Context', h.context],
    ['Hint', hintText],
    ['Status', String(h.status)],
    ['StatusText', extensionStatusText(h.status)],
  ]);
}

export interface MemberView {
  queue: string;
  name: string;
  iface: string;
  stateInterface: string;
  membership: 'static' | 'dynamic';
  penalty: number;
  callsTaken: number;
  lastCall: number;
  lastPause: number;
  loginTime: number;
  status: number;
  paused: boolean;
  pausedReason: string;
  ringinuse: boolean;
}

/** QueueMemberStatus, QueueMemberPause, QueueMemberAdded, QueueMemberRemoved, QueueMemberPenalty... */
export function memberEvent(name: string, m: MemberView): DemoEvent {
  return ev(name, 'agent', [
    ['Queue', m.queue],
    ['MemberName', m.name],
    ['Interface', m.iface],
    ['StateInterface', m.stateInterface],
    ['Membership', m.membership],
    ['Penalty', String(m.penalty)],
    ['CallsTaken', String(m.callsTaken)],
    ['LastCall', String(m.lastCall)],
    ['LastPause', String(m.lastPause)],
    ['LoginTime', String(m.loginTime)],
    ['InCall', '0'],
    ['Status', String(m.status)],
    ['Paused', m.paused ? '1' : '0'],
    ['PausedReason', m.pausedReason],
    ['Ringinuse', m.ringinuse ? '1' : '0'],
    ['Wrapuptime', '0'],
  ]);
}

/** The QueueMember list item of QueueStatus (Name/Location, no Ringinuse, ActionID last). */
export function queueMemberItem(m: MemberView): Pairs {
  return [
    ['Queue', m.queue],
    ['Name', m.name],
    ['Location', m.iface],
    ['StateInterface', m.stateInterface],
    ['Membership', m.membership],
    ['Penalty', String(m.penalty)],
    ['CallsTaken', String(m.callsTaken)],
    ['LastCall', String(m.lastCall)],
    ['LastPause', String(m.lastPause)],
    ['LoginTime', String(m.loginTime)],
    ['InCall', '0'],
    ['Status', String(m.status)],
    ['Paused', m.paused ? '1' : '0'],
    ['PausedReason', m.pausedReason],
    ['Wrapuptime', '0'],
  ];
}

export interface BridgeView {
  id: string;
  channels: number;
}

/** The bridge snapshot headers; `prefix` gives `ToBridgeUniqueid`, `OrigBridgeUniqueid`... */
export function bridgePairs(b: BridgeView, prefix = ''): Pairs {
  return [
    [`${prefix}BridgeUniqueid`, b.id],
    [`${prefix}BridgeType`, 'basic'],
    [`${prefix}BridgeTechnology`, 'simple_bridge'],
    [`${prefix}BridgeCreator`, '<unknown>'],
    [`${prefix}BridgeName`, '<unknown>'],
    [`${prefix}BridgeNumChannels`, String(b.channels)],
    [`${prefix}BridgeVideoSourceMode`, 'none'],
  ];
}

export function bridgeEvent(name: 'BridgeCreate' | 'BridgeDestroy', b: BridgeView): DemoEvent {
  return ev(name, 'call', bridgePairs(b));
}

export function bridgeMember(name: 'BridgeEnter' | 'BridgeLeave', b: BridgeView, ch: ChannelView): DemoEvent {
  return ev(name, 'call', [...bridgePairs(b), ...channelPairs(ch)]);
}

export function localBridge(one: ChannelView, two: ChannelView, context: string, exten: string): DemoEvent {
  return ev('LocalBridge', 'call', [
    ...channelPairs(one, 'LocalOne'),
    ...channelPairs(two, 'LocalTwo'),
    ['Context', context],
    ['Exten', exten],
    ['LocalOptimization', 'No'],
  ]);
}

/** Hold and Unhold: the channel that asked for it (asterisk-22-live L1-L5). */
export function holdEvent(name: 'Hold' | 'Unhold', ch: ChannelView): DemoEvent {
  return channelEvent(name, ch);
}

/** The atxfer feature's DTMF as Asterisk reports it (L2/L3/L5): DTMFEnd only, duration 0. */
export function dtmfEnd(ch: ChannelView, digit: string): DemoEvent {
  return channelEvent(
    'DTMFEnd',
    ch,
    [
      ['Digit', digit],
      ['DurationMs', '0'],
      ['Direction', 'Received'],
    ],
    'dtmf',
  );
}

/** BlindTransfer (L1, L4): transferer, transferee, then the transferer's bridge. */
export function blindTransferEvent(
  transferer: ChannelView,
  transferee: ChannelView,
  bridge: BridgeView,
  context: string,
  exten: string,
): DemoEvent {
  return ev('BlindTransfer', 'call', [
    ['Result', 'Success'],
    ...channelPairs(transferer, 'Transferer'),
    ...channelPairs(transferee, 'Transferee'),
    ...bridgePairs(bridge),
    ['IsExternal', 'Yes'],
    ['Context', context],
    ['Extension', exten],
  ]);
}

export interface AttendedTransferView {
  transferer: ChannelView;
  origBridge: BridgeView;
  secondBridge: BridgeView;
  transferee: ChannelView;
  target: ChannelView;
}

/** AttendedTransfer (L2, L3, L5): one transferer on both sides, DestType Bridge. */
export function attendedTransferEvent(v: AttendedTransferView): DemoEvent {
  return ev('AttendedTransfer', 'call', [
    ['Result', 'Success'],
    ...channelPairs(v.transferer, 'OrigTransferer'),
    ...bridgePairs(v.origBridge, 'Orig'),
    ...channelPairs(v.transferer, 'SecondTransferer'),
    ...bridgePairs(v.secondBridge, 'Second'),
    ...channelPairs(v.transferee, 'Transferee'),
    ...channelPairs(v.target, 'TransferTarget'),
    ['IsExternal', 'No'],
    ['DestType', 'Bridge'],
    ['DestBridgeUniqueid', v.origBridge.id],
  ]);
}

export function bridgeMerge(to: BridgeView, from: BridgeView): DemoEvent {
  return ev('BridgeMerge', 'call', [...bridgePairs(to, 'To'), ...bridgePairs(from, 'From')]);
}

/** LocalOptimizationBegin: `source` takes the place of the Local half `dest` in its bridge. */
export function localOptimizationBegin(one: ChannelView, two: ChannelView, source: ChannelView, dest: ChannelView, id: number): DemoEvent {
  return ev('LocalOptimizationBegin', 'call', [
    ...channelPairs(one, 'LocalOne'),
    ...channelPairs(two, 'LocalTwo'),
    ...channelPairs(source, 'Source'),
    ['DestUniqueId', dest.uniqueid],
    ['Id', String(id)],
  ]);
}

export function localOptimizationEnd(one: ChannelView, two: ChannelView, id: number): DemoEvent {
  return ev('LocalOptimizationEnd', 'call', [
    ...channelPairs(one, 'LocalOne'),
    ...channelPairs(two, 'LocalTwo'),
    ['Success', 'No'],
    ['Id', String(id)],
  ]);
}

export function plain(name: string, klass: EventClass, headers: Pairs): DemoEvent {
  return ev(name, klass, headers);
}

/** `Key: Value` CRLF lines and the blank line that ends a message. */
export function formatMessage(pairs: Pairs): string {
  let out = '';
  for (const [k, v] of pairs) out += `${k}: ${v}\r\n`;
  return out + '\r\n';
}

export function formatEvent(e: DemoEvent): string {
  return formatMessage([['Event', e.name], ['Privilege', `${e.klass},all`], ...e.headers]);
}
