/**
 * The ARI reducer, folded over the real WebSocket events of fixture 13-ari-stasis (9000 calls 800
 * -> Stasis(labapp); the app originates PJSIP/1001, 1001 answers, both are bridged, then hung up).
 */
import { describe, expect, it } from 'vitest';
import { agentIdentity } from '../../../electron/core/agent/identity.ts';
import { emptyAriState, reduceAri, type AriAgentState, type AriInput } from '../../../electron/core/ari/agent.ts';
import type { AriChannel, AriEvent } from '../../../electron/core/ari/types.ts';
import type { Snapshot } from '../../../electron/shared/snapshot.ts';
import { readAriFixture, recordedEvents } from '../../support/ari-server.ts';

const identity = agentIdentity({ extension: '1001' });
const events = recordedEvents() as unknown as AriEvent[];
const NOW = 1_800_000_000_000;

function fold(inputs: AriInput[], start: AriAgentState = emptyAriState(identity)): { state: AriAgentState; snapshots: Snapshot[] } {
  let state = start;
  const snapshots: Snapshot[] = [];
  for (const input of inputs) {
    const next = reduceAri(state, input, NOW);
    if (next.snapshot !== state.snapshot) snapshots.push(next.snapshot);
    state = next;
  }
  return { state, snapshots };
}

const asEvents = (list: AriEvent[]): AriInput[] => list.map((event) => ({ kind: 'event', event }));
/** The agent leg as GET /ari/channels listed it mid-call (recorded). */
const recordedChannels = (): AriChannel[] =>
  readAriFixture().filter((l) => l.kind === 'rest-response' && l.path === '/ari/channels')[2]!.body as AriChannel[];
const agentLeg = (): AriChannel => structuredClone(events.find((e) => e.type === 'ChannelStateChange')!.channel!);

describe('ARI reducer: the recorded call', () => {
  it('shows the agent leg ringing, answered, then with the caller as the far end, then in the history', () => {
    const { state, snapshots } = fold(asEvents(events));
    const calls = snapshots.map((s) => s.calls.map((c) => `${c.state} ${c.remote.number} ${c.remote.name}`).join());
    expect(calls).toEqual(['ringing 800 ARI', 'up 800 ARI', 'up +15550109000 PSTN Caller', '']);
    const up = snapshots[2]!.calls[0]!;
    expect(up).toEqual({
      id: '1795662202.137',
      channel: 'PJSIP/1001-0000001d',
      direction: 'inbound',
      state: 'up',
      remote: { number: '+15550109000', name: 'PSTN Caller' },
      queue: null,
      vars: {},
      recording: 'off',
      startedAt: Date.parse('2026-11-26T03:03:22.188Z'),
      answeredAt: Date.parse('2026-11-26T03:03:23.903Z'),
      uniqueid: '1795662202.137',
      did: null,
    });
    expect(state.snapshot.history).toEqual([
      {
        id: '1795662202.137',
        direction: 'inbound',
        remote: { number: '+15550109000', name: 'PSTN Caller' },
        queue: null,
        vars: {},
        startedAt: Date.parse('2026-11-26T03:03:22.188Z'),
        answeredAt: Date.parse('2026-11-26T03:03:23.903Z'),
        endedAt: Date.parse('2026-11-26T03:03:27.613Z'),
        outcome: 'answered',
      },
    ]);
    // Without DeviceStateChanged the extension's state follows the calls.
    expect(snapshots.map((s) => s.extension.state)).toEqual(['ringing', 'inuse', 'inuse', 'unknown']);
    expect(state.snapshot.queues).toEqual([]);
  });

  it('is pure: the same events give the same snapshots', () => {
    expect(fold(asEvents(events)).snapshots).toEqual(fold(asEvents(events)).snapshots);
  });

  it("skips events for channels that are not the agent's, and malformed ones, returning the same state", () => {
    const start = emptyAriState(identity);
    const caller = events.filter((e) => e.channel?.name.startsWith('PJSIP/9000'));
    expect(caller.length).toBeGreaterThan(5);
    const junk: AriEvent[] = [
      { type: 'ChannelStateChange' },
      { type: 'ChannelStateChange', channel: null as never },
      { type: 'ChannelStateChange', channel: { id: 42, name: 'PJSIP/1001-1' } as never },
      { type: 'Dial', peer: 'PJSIP/1001' as never },
      { type: 'DeviceStateChanged', device_state: { name: 'PJSIP/1002', state: 'RINGING' } },
      { type: 'EndpointStateChange', endpoint: { technology: 'PJSIP', resource: '1002', state: 'offline', channel_ids: [] } },
      { type: 'RecordingStarted', recording: { name: 'x', format: 'wav', state: 'recording', target_uri: 'channel:nope' } },
      { type: 'NoSuchEvent', whatever: [1, 2, 3] },
    ];
    let state = start;
    for (const event of [...caller, ...junk]) state = reduceAri(state, { kind: 'event', event }, NOW);
    expect(state.snapshot).toBe(start.snapshot);
  });

  it('makes no ghost call from events that arrive after ChannelDestroyed', () => {
    const { state } = fold(asEvents(events));
    const late = events.filter((e) => e.channel?.id === '1795662202.137' && e.type === 'ChannelStateChange');
    const after = fold(asEvents(late), state).state;
    expect(after.snapshot.calls).toEqual([]);
    expect(after.snapshot).toBe(state.snapshot);
  });
});

describe('ARI reducer: endpoint and device state', () => {
  it('registered from EndpointStateChange and the synced endpoint; the state from DeviceStateChanged once one arrives', () => {
    const online = { technology: 'PJSIP', resource: '1001', state: 'online', channel_ids: [] };
    const { snapshots } = fold([
      { kind: 'sync', endpoint: online, channels: [] },
      { kind: 'event', event: { type: 'EndpointStateChange', endpoint: { ...online, state: 'offline' } } },
      { kind: 'event', event: { type: 'EndpointStateChange', endpoint: online } },
      { kind: 'event', event: { type: 'DeviceStateChanged', device_state: { name: 'PJSIP/1001', state: 'RINGING' } } },
      { kind: 'event', event: { type: 'DeviceStateChanged', device_state: { name: 'PJSIP/1001', state: 'ONHOLD' } } },
      { kind: 'event', event: { type: 'DeviceStateChanged', device_state: { name: 'pjsip/1001', state: 'NOT_INUSE' } } },
    ]);
    expect(snapshots.map((s) => `${s.extension.registered} ${s.extension.state}`)).toEqual([
      'true idle',
      'false unavailable',
      'true idle',
      'true ringing',
      'true onhold',
      'true idle',
    ]);
  });
});

describe('ARI reducer: resync after a (re)connect', () => {
  it('a call already up when the app connects shows at once; one gone while disconnected goes to the history', () => {
    const endpoint = { technology: 'PJSIP', resource: '1001', state: 'online', channel_ids: ['1795662202.137'] };
    const { state, snapshots } = fold([
      { kind: 'sync', endpoint, channels: recordedChannels() },
      { kind: 'connection', status: 'live', error: null, asteriskVersion: '22.10.1' },
      { kind: 'sync', endpoint: { ...endpoint, channel_ids: [] }, channels: [] },
    ]);
    const first = snapshots[0]!.calls;
    expect(first.map((c) => [c.id, c.channel, c.state, c.remote.number])).toEqual([
      ['1795662202.137', 'PJSIP/1001-0000001d', 'up', '+15550109000'],
    ]);
    expect(first[0]!.startedAt).toBe(Date.parse('2026-11-26T03:03:22.188Z'));
    expect(snapshots[1]!.connection).toMatchObject({
      status: 'live',
      error: null,
      pbx: { asteriskVersion: '22.10.1', amiVersion: null },
      stale: false,
      since: NOW,
    });
    expect(state.snapshot.calls).toEqual([]);
    expect(state.snapshot.history.map((h) => [h.id, h.endedAt])).toEqual([['1795662202.137', NOW]]);
  });
});

describe('ARI reducer: click-to-dial and variables', () => {
  it('an originated call is outbound and dialling until its Dial is answered', () => {
    const leg = agentLeg();
    const down = { ...leg, state: 'Down' };
    const ringing = { ...leg, state: 'Ringing' };
    const up = { ...leg, state: 'Up' };
    const { snapshots } = fold([
      { kind: 'originated', channel: down, number: '0912345678' },
      { kind: 'event', event: { type: 'ChannelStateChange', timestamp: '2026-11-26T03:03:22.190+0000', channel: ringing } },
      { kind: 'event', event: { type: 'ChannelStateChange', timestamp: '2026-11-26T03:03:23.903+0000', channel: up } },
      {
        kind: 'event',
        event: {
          type: 'Dial',
          timestamp: '2026-11-26T03:03:24.000+0000',
          dialstatus: '',
          caller: up,
          peer: { ...leg, id: '1795662203.138', name: 'PJSIP/trunk-0000001e' },
        },
      },
      {
        kind: 'event',
        event: {
          type: 'Dial',
          timestamp: '2026-11-26T03:03:30.000+0000',
          dialstatus: 'ANSWER',
          caller: up,
          peer: { ...leg, id: '1795662203.138', name: 'PJSIP/trunk-0000001e' },
        },
      },
    ]);
    expect(snapshots.map((s) => s.calls.map((c) => `${c.direction} ${c.state} ${c.remote.number}`).join())).toEqual([
      'outbound dialing 0912345678',
      'outbound dialing 800', // the connected line the PBX set on the leg (ARI <800> in the recording)
      'outbound up 800',
    ]);
    expect(snapshots.at(-1)!.calls[0]!.answeredAt).toBe(Date.parse('2026-11-26T03:03:30.000Z'));
  });

  it("keeps ari.conf channelvars and the named ChannelVarset variables, not Asterisk's own", () => {
    const leg = { ...agentLeg(), channelvars: { CUSTOMER_ID: 'C-1042', CUSTOMER_NAME: '' } };
    const start = emptyAriState(identity, { variables: ['QUEUE_REASON'] });
    const varset = (variable: string, value: string): AriInput => ({
      kind: 'event',
      event: { type: 'ChannelVarset', variable, value, channel: leg },
    });
    const { state } = fold(
      [
        { kind: 'event', event: { type: 'ChannelStateChange', channel: leg } },
        varset('BRIDGEPEER', 'PJSIP/9000-0000001c'),
        varset('CUSTOMER_NAME', 'Ada Lovelace'),
        varset('QUEUE_REASON', 'vip'),
        varset('CUSTOMER_ID', ''),
        varset('RTPAUDIOQOS', 'ssrc=1'),
      ],
      start,
    );
    expect(state.snapshot.calls[0]!.vars).toEqual({ CUSTOMER_ID: 'C-1042', CUSTOMER_NAME: 'Ada Lovelace', QUEUE_REASON: 'vip' });
  });

  it('recording: on from RecordingStarted, muted when the companion says, off when it finishes', () => {
    const leg = agentLeg();
    const recording = { name: 'r1', format: 'wav', state: 'recording', target_uri: `channel:${leg.id}` };
    const { snapshots } = fold([
      { kind: 'event', event: { type: 'ChannelStateChange', channel: { ...leg, state: 'Up' } } },
      { kind: 'event', event: { type: 'RecordingStarted', recording } },
      { kind: 'recording', channelId: leg.id, recording: 'muted' },
      { kind: 'event', event: { type: 'RecordingFinished', recording: { ...recording, state: 'done' } } },
    ]);
    expect(snapshots.map((s) => s.calls[0]!.recording)).toEqual(['off', 'on', 'muted', 'off']);
  });
});
