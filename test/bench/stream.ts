/**
 * A generated call-center AMI byte stream for the bench: 500 agents (PJSIP/1000..1499, half of the
 * queue calls reaching them through Local/N@from-queue members), many queue calls at once, each
 * with the real event sequence and header sets of asterisk-22/04-queue-call-answered (Newchannel,
 * VarSet, Newexten, AGI, QueueCallerJoin, AgentCalled, DialBegin, Newstate, ExtensionStatus,
 * DeviceStateChange, QueueMemberStatus, AgentConnect, BridgeEnter, AgentComplete, Hangup, with
 * ChanVariable headers). The recorded call is the template: its names and ids are replaced per call.
 *
 * `agentShare` is the share of events that concern agent 1001 (the calls it takes); `nonAsciiShare`
 * the share of callers with non-ASCII names (UTF-8 split across chunks included); the stream is
 * cut into TCP-sized chunks (16..64 KiB) at arbitrary bytes, inside messages and UTF-8 characters.
 * Deterministic: the same options give the same bytes.
 */
import { frameAll } from '../../electron/core/ami/framer.ts';
import { readRaw } from '../support/fixtures.ts';

export const THE_AGENT = '1001';
export const FIRST_AGENT = 1000;

export interface StreamOptions {
  /** Share of events that concern agent 1001, 0..1 (default 0.05). */
  agentShare?: number;
  /** Agents PJSIP/1000 .. PJSIP/(1000+agents-1) (default 500). */
  agents?: number;
  /** Calls in progress at once (default 40; 2 when every call is the agent's). */
  concurrentCalls?: number;
  /**
   * Share of callers whose names are not ASCII (default 0.1: CNAM is ASCII in North America and
   * mostly absent elsewhere; names with é, ü, 日 come from a CRM or phonebook). Such messages
   * decode to two-byte strings, which costs every parser more.
   */
  nonAsciiShare?: number;
  /** Seed of the PRNG (default 1). */
  seed?: number;
  minChunkBytes?: number;
  maxChunkBytes?: number;
}

export interface GeneratedStream {
  chunks: Buffer[];
  /** Messages in the chunks (all are events). */
  events: number;
  /** Events of calls taken by agent 1001. */
  agentEvents: number;
  bytes: number;
}

/** A small deterministic PRNG (mulberry32) so every run sees the same bytes. */
export function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// The template: the recorded queue call, with its names and ids turned into slots.

const TEMPLATE_FIXTURE = 'asterisk-22/04-queue-call-answered.ami.raw';
const SLOT = '\u0000';

/** Recorded value -> slot name. Longer values first, so a channel name wins over its device. */
const RECORDED: Array<[RegExp, string]> = [
  [/PJSIP\/9000-00000003/g, 'callerChannel'],
  [/PJSIP\/1001-00000004/g, 'agentChannel'],
  [/1795661986\.5/g, 'linkedid'],
  [/1795661988\.6/g, 'agentUniqueid'],
  [/4f4f3248-e1ad-4b57-a153-b4cf8f71055d/g, 'bridge'],
  // Not in the recording: the ids throughLocalMember() gives the Local pair.
  [/0000000a/g, 'localSeq'],
  [/1795661988\.7/g, 'local1Uniqueid'],
  [/1795661988\.8/g, 'local2Uniqueid'],
  [/\+15550109000/g, 'callerNum'],
  [/PSTN Caller/g, 'callerName'],
  [/C-1042/g, 'customerId'],
  [/Ada Lovelace/g, 'customerName'],
  [/Agent One/g, 'agentName'],
  [/(?<![0-9])1001(?![0-9])/g, 'agent'],
  [/(?<![a-z])support(?![a-z])/g, 'queue'],
  [/(?<![a-z])sales(?![a-z])/g, 'otherQueue'],
];

type Slots = Record<string, string>;
/** A message as literal text and slot names: even indices are text, odd indices are slot names. */
type Compiled = string[];

function compile(raw: string): Compiled {
  let marked = raw;
  for (const [re, slot] of RECORDED) marked = marked.replace(re, `${SLOT}${slot}${SLOT}`);
  return marked.split(SLOT);
}

function render(message: Compiled, slots: Slots): string {
  let out = message[0]!;
  for (let i = 1; i < message.length; i += 2) out += slots[message[i]!]! + message[i + 1]!;
  return out;
}

/** The messages of the recorded call: from the caller's Newchannel to its last DeviceStateChange. */
function recordedCall(): string[] {
  const raws = frameAll([readRaw(TEMPLATE_FIXTURE)]).messages.map((m) => m.raw);
  const first = raws.findIndex((r) => r.startsWith('Event: Newchannel\r\n'));
  const last = raws.findLastIndex((r) => r.startsWith('Event: DeviceStateChange\r\n'));
  return raws.slice(first, last + 1);
}

/**
 * The same call when the queue member is `Local/N@from-queue/n`: the queue dials a Local pair,
 * whose `;2` half dials the phone. The caller-side Agent and Dial events name the `;1` half.
 */
function throughLocalMember(call: string[]): string[] {
  const agentChan = 'PJSIP/1001-00000004';
  const local1 = 'Local/1001@from-queue-0000000a;1';
  const local2 = 'Local/1001@from-queue-0000000a;2';
  const asLocal = (raw: string, chan: string, uid: string): string =>
    raw
      .replaceAll(agentChan, chan)
      .replaceAll('1795661988.6', uid)
      .replace('Context: from-internal', 'Context: from-queue')
      .replace('Exten: s\r\n', 'Exten: 1001\r\n');
  const out: string[] = [];
  for (const raw of call) {
    const isAgentNewchannel = raw.startsWith('Event: Newchannel\r\n') && raw.includes(`Channel: ${agentChan}\r\n`);
    const isAgentHangup = raw.startsWith('Event: Hangup\r\n') && raw.includes(`Channel: ${agentChan}\r\n`);
    if (isAgentNewchannel) {
      out.push(asLocal(raw, local1, '1795661988.7'), asLocal(raw, local2, '1795661988.8'));
      out.push(
        `Event: LocalBridge\r\nPrivilege: call,all\r\n${localBridgeSide('LocalOne', asLocal(raw, local1, '1795661988.7'))}${localBridgeSide('LocalTwo', asLocal(raw, local2, '1795661988.8'))}Context: from-queue\r\nExten: 1001\r\nLocalOptimization: Yes`,
      );
    }
    if (raw.includes(`DestChannel: ${agentChan}\r\n`)) {
      // The queue's view names the Local member; the `;2` half then dials the phone itself.
      out.push(
        raw
          .replaceAll(`DestChannel: ${agentChan}`, `DestChannel: ${local1}`)
          .replaceAll('DestUniqueid: 1795661988.6', 'DestUniqueid: 1795661988.7')
          .replace('Interface: PJSIP/1001\r\n', 'Interface: Local/1001@from-queue/n\r\n')
          .replace('DialString: PJSIP/1001', 'DialString: Local/1001@from-queue/n'),
      );
      if (/^Event: Dial(Begin|End)\r\n/.test(raw)) {
        out.push(
          raw
            .replaceAll('PJSIP/9000-00000003', local2)
            .replace('Uniqueid: 1795661986.5\r\n', 'Uniqueid: 1795661988.8\r\n')
            .replace('DialString: PJSIP/1001', 'DialString: 1001'),
        );
      }
      continue;
    }
    out.push(raw);
    if (isAgentHangup) out.push(asLocal(raw, local2, '1795661988.8'), asLocal(raw, local1, '1795661988.7'));
  }
  return out;
}

/** A LocalBridge's `LocalOne...`/`LocalTwo...` channel headers, from a channel event. */
function localBridgeSide(side: string, channelEvent: string): string {
  let out = '';
  for (const line of channelEvent.split('\r\n').slice(2)) {
    if (line.startsWith('ChanVariable')) continue;
    out += `${side}${line}\r\n`;
  }
  return out;
}

let templates: { direct: Compiled[]; local: Compiled[] } | undefined;
function callTemplates(): { direct: Compiled[]; local: Compiled[] } {
  if (!templates) {
    const call = recordedCall();
    templates = { direct: call.map(compile), local: throughLocalMember(call).map(compile) };
  }
  return templates;
}

// ---------------------------------------------------------------------------------------------
// Calls in progress, interleaved.

const FIRST_NAMES = ['Ada', 'Mia', 'Chen', 'Nadia', 'Olu', 'Ana', 'Yuki', 'John', 'Maria', 'Ahmed'];
const LAST_NAMES = ['Lovelace', 'Kowalski', 'Smith', 'Okafor', 'Silva', 'Dubois', 'Andersen', 'Garcia'];
const NON_ASCII_FIRST_NAMES = ['Zoë', 'José', 'Björn', 'Łukasz', 'Tomás', 'Chloé'];
const NON_ASCII_LAST_NAMES = ['Müller', 'Ñúñez', '王', 'Søndergård', 'Dvořák'];
const QUEUES = ['support', 'sales', 'billing', 'retention'];

interface ActiveCall {
  messages: Compiled[];
  next: number;
  slots: Slots;
  mine: boolean;
}

/** An endless source of interleaved call events. */
export class CallCenter {
  private readonly rand: () => number;
  private readonly agentShare: number;
  private readonly agents: number;
  private readonly concurrent: number;
  private readonly nonAsciiShare: number;
  private readonly active: ActiveCall[] = [];
  private seq = 0x100;
  private epoch = 1795670000;
  private starting = true;

  constructor(options: StreamOptions = {}) {
    this.rand = mulberry32(options.seed ?? 1);
    this.agentShare = options.agentShare ?? 0.05;
    this.agents = options.agents ?? 500;
    this.concurrent = options.concurrentCalls ?? (this.agentShare >= 1 ? 2 : 40);
    this.nonAsciiShare = options.nonAsciiShare ?? 0.1;
    if (this.agents < 2 || this.agents > 9000) throw new Error('agents must be 2..9000');
  }

  /** Stops starting new calls: the calls in progress end, then `next()` returns undefined. */
  drain(): void {
    this.starting = false;
  }

  /** The next event's text (without its CRLF CRLF), whether it concerns agent 1001, and its call's Linkedid. */
  next(): { text: string; mine: boolean; linkedid: string } | undefined {
    if (this.starting) while (this.active.length < this.concurrent) this.active.push(this.newCall());
    if (this.active.length === 0) return undefined;
    const i = Math.floor(this.rand() * this.active.length);
    const call = this.active[i]!;
    const text = render(call.messages[call.next++]!, call.slots);
    if (call.next === call.messages.length) {
      this.active[i] = this.active[this.active.length - 1]!;
      this.active.pop();
    }
    return { text, mine: call.mine, linkedid: call.slots['linkedid']! };
  }

  private newCall(): ActiveCall {
    const r = this.rand;
    const mine = r() < this.agentShare;
    let agent = THE_AGENT;
    while (!mine && agent === THE_AGENT) agent = String(FIRST_AGENT + Math.floor(r() * this.agents));
    const q = Math.floor(r() * QUEUES.length);
    const viaLocal = r() < 0.5;
    const t = this.epoch++;
    const hex = (n: number): string => n.toString(16).padStart(8, '0');
    const callerSeq = this.seq++;
    const agentSeq = this.seq++;
    const localSeq = this.seq++;
    const nonAscii = r() < this.nonAsciiShare;
    const firstNames = nonAscii ? NON_ASCII_FIRST_NAMES : FIRST_NAMES;
    const lastNames = nonAscii ? NON_ASCII_LAST_NAMES : LAST_NAMES;
    const slots: Slots = {
      callerChannel: `PJSIP/9000-${hex(callerSeq)}`,
      agentChannel: `PJSIP/${agent}-${hex(agentSeq)}`,
      linkedid: `${t}.${callerSeq}`,
      agentUniqueid: `${t}.${agentSeq}`,
      local1Uniqueid: `${t}.${localSeq}1`,
      local2Uniqueid: `${t}.${localSeq}2`,
      localSeq: hex(localSeq),
      bridge: `${hex(Math.floor(r() * 2 ** 32))}-e1ad-4b57-a153-${hex(callerSeq)}${hex(agentSeq).slice(4)}`,
      callerNum: `+1555${String(Math.floor(r() * 1e7)).padStart(7, '0')}`,
      callerName: `${firstNames[Math.floor(r() * firstNames.length)]} ${lastNames[Math.floor(r() * lastNames.length)]}`,
      customerId: `C-${1000 + Math.floor(r() * 90000)}`,
      customerName: `${lastNames[Math.floor(r() * lastNames.length)]} GmbH`,
      agentName: `Agent ${agent}`,
      agent,
      queue: QUEUES[q]!,
      otherQueue: QUEUES[(q + 1) % QUEUES.length]!,
    };
    const t0 = callTemplates();
    return { messages: viaLocal ? t0.local : t0.direct, next: 0, slots, mine };
  }
}

/**
 * About `events` events (the calls in progress at the end are finished, so a few more), as
 * TCP-sized chunks. Every call that starts in the stream also ends in it, so the stream can be
 * replayed back to back.
 */
export function generateStream(events: number, options: StreamOptions = {}): GeneratedStream {
  const center = new CallCenter(options);
  const rand = mulberry32((options.seed ?? 1) ^ 0x5eed);
  const minChunk = options.minChunkBytes ?? 16 * 1024;
  const maxChunk = options.maxChunkBytes ?? 64 * 1024;
  const texts: string[] = [];
  let count = 0;
  let mine = 0;
  for (;;) {
    if (count === events) center.drain();
    const e = center.next();
    if (!e) break;
    texts.push(e.text, '\r\n\r\n');
    count++;
    if (e.mine) mine++;
  }
  const all = Buffer.from(texts.join(''));
  const chunks: Buffer[] = [];
  for (let at = 0; at < all.length;) {
    const n = minChunk + Math.floor(rand() * (maxChunk - minChunk + 1));
    chunks.push(all.subarray(at, at + n));
    at += n;
  }
  return { chunks, events: count, agentEvents: mine, bytes: all.length };
}
