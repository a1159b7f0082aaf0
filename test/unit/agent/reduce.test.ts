/** The reducer, identity and relevance rules, on real events from the transcripts and hand-made bad ones. */
import { describe, expect, it } from 'vitest';
import { frameAll } from '../../../electron/core/ami/framer.ts';
import { AmiMessage } from '../../../electron/core/ami/message.ts';
import { IdentityError, agentIdentity } from '../../../electron/core/agent/identity.ts';
import { reduce } from '../../../electron/core/agent/reduce.ts';
import { isRelevant } from '../../../electron/core/agent/relevance.ts';
import { ingest } from '../../../electron/core/agent/session.ts';
import type { AgentState } from '../../../electron/core/agent/state.ts';
import { emptyState, onceLogger } from '../../../electron/core/agent/state.ts';
import { generateStream } from '../../bench/stream.ts';
import { allRawFixtures, readRaw } from '../../support/fixtures.ts';

const me = agentIdentity({ extension: '1001' });
const messagesOf = (name: string): AmiMessage[] => frameAll([readRaw(name)]).messages;
const fold = (state: AgentState, messages: readonly AmiMessage[], now = 1): AgentState =>
  messages.reduce((s, m, i) => reduce(s, m, now + i), state);
const Q04 = 'asterisk-22/04-queue-call-answered.ami.raw';
/** The same objects in every part but the DID memory (which any call's first channel may add to). */
const sameButDids = (a: AgentState, b: AgentState): boolean =>
  (Object.keys(b) as Array<keyof AgentState>).every((k) => k === 'dids' || a[k] === b[k]);

describe('identity', () => {
  it('derives the device, hint and member interfaces from the extension', () => {
    expect(me.device).toBe('PJSIP/1001');
    expect(me.hint).toBe('1001@ext-local');
    expect(me.memberInterfaces).toContain('PJSIP/1001');
    expect(me.memberInterfaces).toContain('Local/1001@from-queue/n');
    expect(me.stateInterfaces).toEqual(['PJSIP/1001', 'hint:1001@ext-local']);
    const sip = agentIdentity({ extension: '1001', technology: 'SIP' });
    expect(sip.device).toBe('SIP/1001');
    expect(agentIdentity({ extension: '1001', device: 'SIP/agent-a' }).device).toBe('SIP/agent-a');
    expect(agentIdentity({ extension: '1001', hintContext: 'default' }).hint).toBe('1001@default');
  });

  it('knows its channels, and only its channels', () => {
    for (const name of [
      'PJSIP/1001-0000000a',
      'Local/1001@from-queue-00000001;1',
      'Local/1001@from-queue-00000001;2',
      'pjsip/1001-00000001',
    ])
      expect(me.isMyChannel(name), name).toBe(true);
    for (const name of [
      'PJSIP/1002-0000000a',
      'PJSIP/10010-00000001',
      'PJSIP/1001',
      'SIP/1001-00000001',
      'Local/10012@from-queue-00000001;1',
      'Local/200@loadtest-00000002;1',
      'PJSIP/1001-trunk-00000001',
      '',
      undefined,
    ])
      expect(me.isMyChannel(name), String(name)).toBe(false);
    expect(agentIdentity({ extension: '1001', technology: 'SIP' }).isMyChannel('SIP/1001-00000001')).toBe(true);
    expect(me.isMyDeviceChannel('Local/1001@from-queue-00000001;1')).toBe(false);
    expect(me.isMyInterface('Local/1001@from-queue/n')).toBe(true);
    expect(me.isMyInterface('PJSIP/1002')).toBe(false);
    expect(me.isMyHint('1001', 'ext-local', 'PJSIP/1001')).toBe(true);
    expect(me.isMyHint('1002', 'ext-local', 'PJSIP/1002')).toBe(false);
  });

  it('refuses settings that cannot name an agent, with a clear error', () => {
    expect(() => agentIdentity({ extension: '' })).toThrow(IdentityError);
    expect(() => agentIdentity({ extension: '10 01' })).toThrow(/not a dialplan extension/);
    expect(() => agentIdentity({ extension: '1001\r\nAction: Originate' })).toThrow(IdentityError);
    expect(() => agentIdentity({ extension: '1001', technology: 'H323' as never })).toThrow(/technology/);
    expect(() => agentIdentity({ extension: '1001', device: 'PJSIP 1001' })).toThrow(/device/);
    expect(() => agentIdentity({ extension: '1001', hintContext: 'ext local' })).toThrow(/context/);
  });
});

describe('reduce', () => {
  it('returns the same object for events that change nothing', () => {
    const start = emptyState(me);
    const irrelevant = [
      AmiMessage.from([
        ['Event', 'VarSet'],
        ['Channel', 'PJSIP/1001-00000004'],
        ['Variable', 'X'],
        ['Value', '1'],
      ]),
      AmiMessage.from([
        ['Event', 'Banana'],
        ['Channel', 'PJSIP/1001-00000004'],
      ]),
      AmiMessage.from([
        ['Response', 'Success'],
        ['Message', 'Authentication accepted'],
      ]),
      AmiMessage.from([
        ['Event', 'DeviceStateChange'],
        ['Device', 'Queue:support_avail'],
        ['State', 'INUSE'],
      ]),
      AmiMessage.from([
        ['Event', 'Hangup'],
        ['Channel', 'PJSIP/9000-00000003'],
        ['Uniqueid', '1.5'],
        ['Linkedid', '1.5'],
      ]),
      ...messagesOf(Q04).filter((m) =>
        ['VarSet', 'RTCPReceived', 'RTCPSent', 'AGIExecStart', 'SuccessfulAuth', 'FullyBooted'].includes(m.name),
      ),
    ];
    for (const m of irrelevant) expect(reduce(start, m, 5), m.name).toBe(start);
    // Applying the same event twice changes nothing the second time.
    const status = messagesOf(Q04).find((m) => m.name === 'ExtensionStatus')!;
    const once = reduce(start, status, 5);
    expect(once).not.toBe(start);
    expect(reduce(once, status, 6)).toBe(once);
    // And a whole transcript's events for other channels leave a finished state alone (queue
    // caller events aside: they count the callers waiting in every queue).
    const done = fold(start, messagesOf(Q04));
    const others = messagesOf(Q04).filter(
      (x) => x.get('Channel')?.startsWith('PJSIP/9000') && x.name !== 'Hangup' && !x.name.startsWith('QueueCaller'),
    );
    expect(others.length).toBeGreaterThan(20);
    for (const m of others) {
      const next = reduce(done, m, 99);
      // A call's first Newchannel is remembered for its DID (dids.ts), and only that.
      if (m.name === 'Newchannel') expect(sameButDids(next, done), m.name).toBe(true);
      else expect(next, m.name).toBe(done);
    }
  });

  it('never lets events for agent 1002 touch agent 1001', () => {
    // 04 rewritten as 1002's call: every event, real headers, another agent.
    const as1002 = messagesOf(Q04).map((m) => new AmiMessage(m.raw.replaceAll('1001', '1002')));
    const start = emptyState(me);
    // The snapshot is untouched; only the per-queue count of waiting callers (not an agent's) moves.
    const after = fold(start, as1002);
    expect(after.snapshot).toBe(start.snapshot);
    expect(after.legs.size + after.calls.size).toBe(0);
    // 07's 1002 member events (added, penalty, paused, removed) in a state where 1001 is known.
    const q07 = messagesOf('asterisk-22/07-queue-member-management.ami.raw');
    const known = fold(start, q07.slice(0, 10));
    for (const m of q07.filter((x) => x.get('Interface') === 'PJSIP/1002' || x.get('Location') === 'PJSIP/1002'))
      expect(reduce(known, m, 50), m.name).toBe(known);
    // 1002's own call in 01b.
    const b = messagesOf('asterisk-22/01b-initial-sync-busy.ami.raw').filter(
      (m) => (m.get('Channel') ?? m.get('Device') ?? '').includes('1002') || m.get('Exten') === '1002',
    );
    expect(b.length).toBeGreaterThan(5);
    for (const m of b) expect(sameButDids(reduce(known, m, 60), known), m.name).toBe(true);
  });

  it('leaves the state as it was on a field with an unexpected value, and logs it once', () => {
    const warnings: string[] = [];
    const log = onceLogger({ warn: (m) => warnings.push(m) });
    const start = fold(emptyState(me), messagesOf('asterisk-22/03-agent-register-unregister.ami.raw'));
    const bad = [
      AmiMessage.from([
        ['Event', 'ExtensionStatus'],
        ['Exten', '1001'],
        ['Context', 'ext-local'],
        ['Hint', 'PJSIP/1001'],
        ['Status', 'banana'],
      ]),
      AmiMessage.from([
        ['Event', 'QueueMemberStatus'],
        ['Queue', 'support'],
        ['Interface', 'PJSIP/1001'],
        ['Status', 'banana'],
        ['Paused', '1'],
      ]),
      AmiMessage.from([
        ['Event', 'QueueMemberPause'],
        ['Queue', 'support'],
        ['Interface', 'PJSIP/1001'],
        ['Status', '1'],
        ['Paused', 'banana'],
      ]),
      AmiMessage.from([
        ['Event', 'DeviceStateChange'],
        ['Device', 'PJSIP/1001'],
        ['State', 'banana'],
      ]),
      AmiMessage.from([
        ['Event', 'ContactStatus'],
        ['AOR', '1001'],
        ['URI', 'sip:1001@x'],
        ['ContactStatus', 'banana'],
      ]),
      AmiMessage.from([
        ['Event', 'PeerStatus'],
        ['Peer', 'PJSIP/1001'],
        ['PeerStatus', 'banana'],
      ]),
      AmiMessage.from([
        ['Event', 'Newstate'],
        ['Channel', 'PJSIP/1001-00000099'],
        ['Uniqueid', '9.9'],
        ['Linkedid', '9.9'],
        ['ChannelState', 'banana'],
      ]),
    ];
    for (const m of bad) {
      expect(reduce(start, m, 9, log), m.name).toBe(start);
      expect(reduce(start, m, 10, log), m.name).toBe(start);
    }
    expect(warnings).toHaveLength(bad.length);
    expect(warnings[0]).toMatch(/ExtensionStatus: Status "banana"/);
  });

  it('leaves no ghost call when a Hangup comes before its Newchannel', () => {
    const all = messagesOf(Q04);
    const agentHangup = all.find((m) => m.name === 'Hangup' && m.get('Channel')!.startsWith('PJSIP/1001-'))!;
    const rest = all.filter((m) => m !== agentHangup);
    let state = reduce(emptyState(me), agentHangup, 1);
    for (const [i, m] of rest.entries()) {
      state = reduce(state, m, 2 + i);
      expect(state.snapshot.calls, m.name).toEqual([]);
    }
    expect(state.snapshot.history).toEqual([]);
    expect(state.legs.size).toBe(0);
    expect(state.calls.size).toBe(0);
  });

  it('keeps one call per Linkedid through a Local-channel member (the sales queue form)', () => {
    const lid = '1795669999.1';
    const ev = (pairs: Array<[string, string]>) => AmiMessage.from(pairs);
    const chan = (name: string, uid: string, state: string, extra: Array<[string, string]> = []): Array<[string, string]> => [
      ['Channel', name],
      ['ChannelState', state],
      ['CallerIDNum', name.startsWith('PJSIP/1001') ? '1001' : '+15550109000'],
      ['ConnectedLineNum', name.startsWith('PJSIP/1001') ? '+15550109000' : '<unknown>'],
      ['Exten', 's'],
      ['Uniqueid', uid],
      ['Linkedid', lid],
      ['ChanVariable', 'CUSTOMER_ID=C-7'],
      ...extra,
    ];
    const steps = [
      ev([['Event', 'QueueCallerJoin'], ...chan('PJSIP/9000-00000010', lid, '6'), ['Queue', 'sales'], ['Count', '1']]),
      ev([['Event', 'Newchannel'], ...chan('Local/1001@from-queue-00000005;1', '1795669999.2', '0')]),
      ev([['Event', 'Newchannel'], ...chan('Local/1001@from-queue-00000005;2', '1795669999.3', '4')]),
      ev([
        ['Event', 'AgentCalled'],
        ...chan('PJSIP/9000-00000010', lid, '6'),
        ['Queue', 'sales'],
        ['Interface', 'Local/1001@from-queue/n'],
        ['DestChannel', 'Local/1001@from-queue-00000005;1'],
        ['DestChannelState', '0'],
        ['DestUniqueid', '1795669999.2'],
        ['DestLinkedid', lid],
      ]),
      ev([['Event', 'Newchannel'], ...chan('PJSIP/1001-00000020', '1795669999.4', '0')]),
      ev([['Event', 'Newstate'], ...chan('PJSIP/1001-00000020', '1795669999.4', '5')]),
      ev([['Event', 'Newstate'], ...chan('PJSIP/1001-00000020', '1795669999.4', '6')]),
      ev([['Event', 'Hold'], ...chan('PJSIP/1001-00000020', '1795669999.4', '6')]),
      ev([['Event', 'Unhold'], ...chan('PJSIP/1001-00000020', '1795669999.4', '6')]),
      ev([['Event', 'Hangup'], ...chan('Local/1001@from-queue-00000005;2', '1795669999.3', '6')]),
      ev([['Event', 'Hangup'], ...chan('Local/1001@from-queue-00000005;1', '1795669999.2', '6')]),
      ev([['Event', 'Hangup'], ...chan('PJSIP/1001-00000020', '1795669999.4', '6')]),
    ];
    const states: AgentState[] = [];
    steps.reduce((s, m, i) => {
      const next = reduce(s, m, 100 + i);
      states.push(next);
      return next;
    }, emptyState(me));
    const calls = states.map((s) => s.snapshot.calls);
    expect(calls[2]).toEqual([]); // Local legs exist, nothing rings yet
    expect(calls[3]).toHaveLength(1);
    expect(calls[3]![0]).toMatchObject({
      id: lid,
      state: 'ringing',
      queue: 'sales',
      direction: 'inbound',
      remote: { number: '+15550109000' },
      vars: { CUSTOMER_ID: 'C-7' },
    });
    expect(calls[5]![0]).toMatchObject({ id: lid, state: 'ringing', channel: 'PJSIP/1001-00000020' });
    expect(calls[6]![0]).toMatchObject({ state: 'up', answeredAt: 106 });
    expect(calls[7]![0]!.state).toBe('onhold');
    expect(calls[8]![0]!.state).toBe('up');
    for (const c of calls.slice(3, 11)) expect(c).toHaveLength(1);
    const last = states.at(-1)!.snapshot;
    expect(last.calls).toEqual([]);
    expect(last.history).toEqual([expect.objectContaining({ id: lid, queue: 'sales', answeredAt: 106, endedAt: 111 })]);
  });

  it('keeps the history bounded, newest first', () => {
    let state = emptyState(me);
    for (let i = 0; i < 60; i++) {
      const uid = `100.${i}`;
      const lid = `200.${i}`;
      const pairs = (e: string, st: string): Array<[string, string]> => [
        ['Event', e],
        ['Channel', `PJSIP/1001-${String(i).padStart(8, '0')}`],
        ['ChannelState', st],
        ['Uniqueid', uid],
        ['Linkedid', lid],
        ['ConnectedLineNum', `555${i}`],
      ];
      state = reduce(
        reduce(reduce(state, AmiMessage.from(pairs('Newchannel', '0')), i * 10), AmiMessage.from(pairs('Newstate', '5')), i * 10 + 1),
        AmiMessage.from(pairs('Hangup', '5')),
        i * 10 + 2,
      );
    }
    expect(state.snapshot.history).toHaveLength(50);
    expect(state.snapshot.history[0]).toMatchObject({ id: '200.59', answeredAt: null, remote: { number: '55559' } });
    expect(state.snapshot.history[49]!.id).toBe('200.10');
  });
});

describe('relevance', () => {
  it("passes the agent's events and drops the rest without changing the outcome", () => {
    const state = emptyState(me);
    const of = (pairs: Array<[string, string]>) => AmiMessage.from(pairs);
    expect(
      isRelevant(
        state,
        of([
          ['Event', 'Newchannel'],
          ['Channel', 'PJSIP/1001-00000001'],
        ]),
      ),
    ).toBe(true);
    expect(
      isRelevant(
        state,
        of([
          ['Event', 'ExtensionStatus'],
          ['Exten', '1001'],
          ['Context', 'ext-local'],
          ['Hint', ''],
          ['Status', '4'],
        ]),
      ),
    ).toBe(true);
    expect(
      isRelevant(
        state,
        of([
          ['Event', 'ContactStatus'],
          ['URI', 'sip:x'],
          ['AOR', '1001'],
        ]),
      ),
    ).toBe(true);
    expect(
      isRelevant(
        state,
        of([
          ['Event', 'Newchannel'],
          ['Channel', 'PJSIP/1002-00000001'],
          ['Exten', '1003'],
        ]),
      ),
    ).toBe(false);
    expect(
      isRelevant(
        state,
        of([
          ['Event', 'VarSet'],
          ['Channel', 'PJSIP/1001-00000001'],
        ]),
      ),
    ).toBe(false);
    expect(
      isRelevant(
        state,
        of([
          ['Response', 'Success'],
          ['Channel', 'PJSIP/1001-00000001'],
        ]),
      ),
    ).toBe(false);
  });

  it("finds the other legs of the agent's calls by their Linkedid (either side), by the Uniqueid where there is none", () => {
    // The agent's leg in a queue call: its Linkedid 1795661986.5 is the call.
    const ringing = fold(emptyState(me), [
      AmiMessage.from([
        ['Event', 'Newchannel'],
        ['Channel', 'PJSIP/1001-00000004'],
        ['ChannelState', '5'],
        ['Uniqueid', '1795661988.6'],
        ['Linkedid', '1795661986.5'],
      ]),
    ]);
    expect(ringing.calls.has('1795661986.5')).toBe(true);
    const of = (pairs: Array<[string, string]>) => AmiMessage.from([['Event', 'Newstate'], ['Channel', 'PJSIP/9000-00000003'], ...pairs]);
    expect(
      isRelevant(
        ringing,
        of([
          ['Uniqueid', '1795661986.5'],
          ['Linkedid', '1795661986.5'],
        ]),
      ),
    ).toBe(true);
    expect(
      isRelevant(
        ringing,
        of([
          ['Uniqueid', '1795661986.9'],
          ['Linkedid', '1795661986.5'],
          ['ChanVariable', 'X=1'],
        ]),
      ),
    ).toBe(true);
    expect(isRelevant(ringing, of([['Uniqueid', '1795661986.5']]))).toBe(true);
    expect(
      isRelevant(
        ringing,
        of([
          ['Uniqueid', '1795661986.5'],
          ['Linkedid', ''],
        ]),
      ),
    ).toBe(true);
    const dial = (pairs: Array<[string, string]>) =>
      AmiMessage.from([
        ['Event', 'DialBegin'],
        ['Channel', 'PJSIP/9000-00000007'],
        ['Uniqueid', '1795661999.1'],
        ['Linkedid', '1795661999.1'],
        ['DestChannel', 'PJSIP/2000-00000008'],
        ...pairs,
      ]);
    expect(
      isRelevant(
        ringing,
        dial([
          ['DestUniqueid', '1795661999.2'],
          ['DestLinkedid', '1795661986.5'],
        ]),
      ),
    ).toBe(true);
    expect(
      isRelevant(
        ringing,
        dial([
          ['DestUniqueid', '1795661999.2'],
          ['DestLinkedid', '1795661999.1'],
        ]),
      ),
    ).toBe(false);
    // Another call whose Linkedid is not the agent's, and events read by the agent's names alone.
    expect(
      isRelevant(
        ringing,
        of([
          ['Uniqueid', '1795661986.7'],
          ['Linkedid', '1795661986.7'],
        ]),
      ),
    ).toBe(false);
    expect(
      isRelevant(
        ringing,
        AmiMessage.from([
          ['Event', 'QueueMemberStatus'],
          ['Queue', 'support'],
          ['Interface', 'PJSIP/2000'],
          ['Linkedid', '1795661986.5'],
        ]),
      ),
    ).toBe(false);
  });

  it('over a generated 500-agent call center (queue calls direct and through Local members), filtering first gives exactly the states reduce alone gives', () => {
    for (const agentShare of [0.05, 0.5]) {
      let filtered = emptyState(me);
      let full = emptyState(me);
      let skipped = 0;
      for (const [i, m] of frameAll(generateStream(20_000, { agentShare, seed: 3 }).chunks).messages.entries()) {
        const shown = [filtered.snapshot, full.snapshot];
        const next = ingest(filtered, m, i);
        if (next === filtered) skipped++;
        filtered = next;
        full = reduce(full, m, i);
        if (filtered.snapshot !== shown[0] || full.snapshot !== shown[1])
          expect(JSON.stringify(filtered.snapshot), `share ${agentShare} #${i} ${m.name}`).toBe(JSON.stringify(full.snapshot));
      }
      expect(full.snapshot.history.length, `share ${agentShare}`).toBeGreaterThan(0);
      expect(skipped, `share ${agentShare}`).toBeGreaterThan(10_000);
    }
  });

  it('over every transcript, filtering first gives exactly the states reduce alone gives', () => {
    for (const name of allRawFixtures()) {
      const identity = agentIdentity({ extension: '1001', technology: name.startsWith('asterisk-18/') ? 'SIP' : 'PJSIP' });
      let filtered = emptyState(identity);
      let full = emptyState(identity);
      let skipped = 0;
      for (const [i, m] of messagesOf(name).entries()) {
        const next = ingest(filtered, m, i);
        if (!isRelevant(filtered, m)) skipped++;
        filtered = next;
        full = reduce(full, m, i);
        expect(JSON.stringify(filtered.snapshot), `${name} #${i} ${m.name}`).toBe(JSON.stringify(full.snapshot));
      }
      expect(skipped, name).toBeGreaterThan(0);
    }
  });
});

describe('calls that change hands', () => {
  it("another ring-all member's Local leg, cancelled after the agent answered, is no consultation", () => {
    const messages = messagesOf('asterisk-22-live/L1-sales-blind-transfer.ami.raw');
    const connect = messages.findIndex((m) => m.name === 'AgentConnect');
    let state = fold(emptyState(agentIdentity({ extension: '1001' })), messages.slice(0, connect + 1));
    expect(state.snapshot.calls).toHaveLength(1);
    const lid = state.snapshot.calls[0]!.id;
    // What app_queue sends for the member who lost the race: its dial cancelled, then its hangup.
    const other = `Channel: Local/1002@from-queue-00000009;1\r\nChannelState: 5\r\nUniqueid: 1796468875.90\r\nLinkedid: ${lid}\r\nCallerIDNum: 1002`;
    const injected = frameAll([
      Buffer.from(
        `Asterisk Call Manager/11.0.0\r\nEvent: DialEnd\r\nChannel: PJSIP/9000-00000000\r\nUniqueid: ${lid}\r\nLinkedid: ${lid}\r\nCallerIDNum: +15550109000\r\n` +
          `DestChannel: Local/1002@from-queue-00000009;1\r\nDestChannelState: 5\r\nDestUniqueid: 1796468875.90\r\nDestLinkedid: ${lid}\r\nDialStatus: CANCEL\r\n\r\n` +
          `Event: Hangup\r\n${other}\r\nCause: 0\r\n\r\n`,
      ),
    ]).messages;
    state = fold(state, injected, 10_000);
    expect(state.snapshot.calls.map((c) => c.consultationOf ?? null)).toEqual([null]);
    expect(state.snapshot.history).toEqual([]);
  });
});
