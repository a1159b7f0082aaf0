/**
 * The agent engine against the real Asterisk transcripts: the snapshots at the moments that matter,
 * the same whatever the chunking (one piece, every byte apart, the real TCP reads).
 */
import { describe, expect, it } from 'vitest';
import { frameAll } from '../../electron/core/ami/framer.ts';
import { agentIdentity } from '../../electron/core/agent/identity.ts';
import { reduce } from '../../electron/core/agent/reduce.ts';
import { ReplaySession } from '../../electron/core/agent/replay.ts';
import { emptyState } from '../../electron/core/agent/state.ts';
import type { CallInfo, Snapshot } from '../../electron/shared/snapshot.ts';
import { allRawFixtures, readRaw } from '../support/fixtures.ts';
import type { Chunking } from './agent-session.ts';
import { replaySnapshots } from './agent-session.ts';

const RESTART = [1, 2, 3, 4].map((n) => `asterisk-22/12-reload-and-restart.conn${n}.ami.raw`);
const LOGIN = ['asterisk-22/02-login-failure-and-permissions.conn1.ami.raw', 'asterisk-22/02-login-failure-and-permissions.conn2.ami.raw'];

/** The index of the first snapshot from `from` on that satisfies `test`; fails the test when none does. */
function moment(snaps: readonly Snapshot[], from: number, what: string, test: (s: Snapshot) => boolean): number {
  for (let i = from; i < snaps.length; i++) if (test(snaps[i]!)) return i;
  throw new Error(`no snapshot after #${from} where ${what}`);
}

const call0 = (s: Snapshot): CallInfo | undefined => s.calls[0];

/** The assertions per transcript: each returns normally or throws. */
const CHECKS: Record<string, { files: string[]; check: (snaps: Snapshot[]) => void }> = {
  'queue call answered (22)': { files: ['asterisk-22/04-queue-call-answered.ami.raw'], check: (s) => queueCallAnswered(s, 'PJSIP/1001-') },
  'queue call answered (18, chan_sip)': {
    files: ['asterisk-18/S04-queue-call-answered.ami.raw'],
    check: (s) => queueCallAnswered(s, 'SIP/1001-'),
  },
  'register, unregister, register (22)': { files: ['asterisk-22/03-agent-register-unregister.ami.raw'], check: registerCycle },
  'register, unregister, register (18)': { files: ['asterisk-18/S03-agent-register-unregister.ami.raw'], check: registerCycle },
  'pause and unpause': { files: ['asterisk-22/07-queue-member-management.ami.raw'], check: pauseCycle },
  'click-to-dial': { files: ['asterisk-22/08-click-to-dial-originate.ami.raw'], check: clickToDial },
  recording: { files: ['asterisk-22/09-mixmonitor-recording.ami.raw'], check: recordingCycle },
  'restart: stale while down, rebuilt after': { files: RESTART, check: restartCycle },
  'busy sync (01b)': { files: ['asterisk-22/01b-initial-sync-busy.ami.raw'], check: busySync },
  'failed login, then a limited user': { files: LOGIN, check: loginCycle },
};

function queueCallAnswered(snaps: Snapshot[], leg: string): void {
  const ringing = moment(snaps, 0, 'the call rings', (s) => call0(s)?.state === 'ringing');
  const ring = call0(snaps[ringing]!)!;
  expect(ring).toMatchObject({
    direction: 'inbound',
    queue: 'support',
    remote: { number: '+15550109000', name: 'PSTN Caller' },
    answeredAt: null,
    recording: 'off',
  });
  expect(ring.vars).toMatchObject({ CUSTOMER_ID: 'C-1042', CUSTOMER_NAME: 'Ada Lovelace' });
  // Someone else's call reaching the agent: never marked as placed by the agent.
  expect(ring.placedByAgent).toBeUndefined();
  // The number the caller dialled, from the caller's channel created before any agent was involved.
  expect(ring.did).toBe('600');
  expect(ring.channel?.startsWith(leg)).toBe(true);
  // Every snapshot of the call: one call (never a duplicate per leg), CUSTOMER_ID never lost.
  for (const s of snaps.slice(ringing)) {
    expect(s.calls.length).toBeLessThanOrEqual(1);
    if (s.calls[0]) expect(s.calls[0].vars.CUSTOMER_ID).toBe('C-1042');
  }
  const up = moment(snaps, ringing, 'the call is up', (s) => call0(s)?.state === 'up');
  expect(call0(snaps[up]!)!.answeredAt).not.toBeNull();
  expect(call0(snaps[up]!)!.id).toBe(ring.id);
  const ended = moment(snaps, up, 'the call ended', (s) => s.calls.length === 0);
  expect(snaps[ended]!.history).toHaveLength(1);
  expect(snaps[ended]!.history[0]).toMatchObject({
    id: ring.id,
    direction: 'inbound',
    queue: 'support',
    remote: { number: '+15550109000' },
  });
  expect(snaps[ended]!.history[0]!.answeredAt).not.toBeNull();
  const last = snaps.at(-1)!;
  expect(last.extension.state).toBe('idle');
  expect(last.calls).toEqual([]);
  expect(last.history).toHaveLength(1);
  expect(last.queues.map((q) => q.name).sort()).toEqual(['sales', 'support']);
}

function registerCycle(snaps: Snapshot[]): void {
  const on = moment(snaps, 0, 'registered', (s) => s.extension.registered === true);
  const off = moment(snaps, on, 'unregistered', (s) => s.extension.registered === false);
  expect(moment(snaps, off, 'unavailable', (s) => s.extension.state === 'unavailable')).toBeGreaterThan(off - 1);
  const again = moment(snaps, off, 'registered again', (s) => s.extension.registered === true);
  moment(snaps, again, 'idle again', (s) => s.extension.state === 'idle');
  expect(snaps.at(-1)!.queues.every((q) => q.status === 'idle')).toBe(true);
}

function pauseCycle(snaps: Snapshot[]): void {
  const q = (s: Snapshot, name: string) => s.queues.find((x) => x.name === name);
  const lunch = moment(
    snaps,
    0,
    'support paused for lunch',
    (s) => q(s, 'support')?.paused === true && q(s, 'support')?.pausedReason === 'Lunch break',
  );
  expect(q(snaps[lunch]!, 'support')!.interface).toBe('PJSIP/1001');
  const back = moment(snaps, lunch, 'support unpaused', (s) => q(s, 'support')?.paused === false);
  const coaching = moment(
    snaps,
    back,
    'sales paused for coaching',
    (s) => q(s, 'sales')?.paused === true && q(s, 'sales')?.pausedReason === 'Coaching',
  );
  expect(q(snaps[coaching]!, 'sales')!.interface).toBe('Local/1001@from-queue/n');
  expect(q(snaps[coaching]!, 'support')!.paused).toBe(false);
  const salesBack = moment(snaps, coaching, 'sales unpaused', (s) => q(s, 'sales')?.paused === false);
  // "All queues" pauses the interface wherever it is a member: here support (sales knows the Local member).
  const all = moment(
    snaps,
    salesBack,
    'paused in all queues',
    (s) => q(s, 'support')?.pausedReason === 'All queues pause' && q(s, 'support')?.paused === true,
  );
  moment(snaps, all, 'unpaused everywhere', (s) => s.queues.every((x) => !x.paused));
  // 1002 joined and left support: never one of 1001's queues or states.
  for (const s of snaps) expect(s.queues.every((x) => x.interface !== 'PJSIP/1002')).toBe(true);
  expect(
    snaps
      .at(-1)!
      .queues.map((x) => x.name)
      .sort(),
  ).toEqual(['sales', 'support']);
}

function clickToDial(snaps: Snapshot[]): void {
  const dialing = moment(snaps, 0, 'a call appears', (s) => s.calls.length > 0);
  expect(call0(snaps[dialing]!)).toMatchObject({
    direction: 'outbound',
    state: 'dialing',
    remote: { number: '700' },
    answeredAt: null,
    placedByAgent: true,
  });
  // The phone rang because the PBX called it: never an inbound ringing call.
  for (const s of snaps) for (const c of s.calls) expect(c.direction === 'inbound' || c.state === 'ringing').toBe(false);
  const up = moment(snaps, dialing, 'the call is up', (s) => call0(s)?.state === 'up');
  expect(call0(snaps[up]!)!.vars.CUSTOMER_ID).toBe('C-1042');
  const ended = moment(snaps, up, 'the call ended', (s) => s.calls.length === 0);
  expect(snaps[ended]!.history[0]).toMatchObject({ direction: 'outbound', remote: { number: '700' }, placedByAgent: true });
  // The failed originate (PJSIP/1999) and the Local/200@loadtest call are not the agent's.
  expect(snaps.at(-1)!.history).toHaveLength(1);
}

function recordingCycle(snaps: Snapshot[]): void {
  const rec = (s: Snapshot) => call0(s)?.recording;
  const on = moment(snaps, 0, 'recording on', (s) => rec(s) === 'on');
  expect(call0(snaps[on]!)!.state).toBe('up');
  const muted = moment(snaps, on, 'recording muted', (s) => rec(s) === 'muted');
  const unmuted = moment(snaps, muted, 'recording unmuted', (s) => rec(s) === 'on');
  const off = moment(snaps, unmuted, 'recording off', (s) => rec(s) === 'off');
  moment(snaps, off, 'recording on again', (s) => rec(s) === 'on');
  expect(snaps.at(-1)!.calls).toEqual([]);
  expect(snaps.at(-1)!.history).toHaveLength(1);
}

function restartCycle(snaps: Snapshot[]): void {
  const live = moment(
    snaps,
    0,
    'live and complete',
    (s) => s.connection.status === 'live' && s.extension.state === 'idle' && s.queues.length === 2,
  );
  const known = snaps[live]!;
  const down = moment(snaps, live, 'down', (s) => s.connection.status !== 'live');
  // While down: stale, with the last known values kept.
  const stale = snaps[down]!;
  expect(stale.connection).toMatchObject({ status: 'reconnecting', stale: true });
  expect(stale.connection.error).toMatch(/restart/i);
  expect(stale.extension).toEqual(known.extension);
  expect(stale.queues.map((q) => q.name)).toEqual(known.queues.map((q) => q.name));
  // Back: rebuilt from nothing (not patched onto the old values), then true again.
  const back = moment(snaps, down, 'live again', (s) => s.connection.status === 'live');
  expect(snaps[back]!.connection.stale).toBe(false);
  expect(snaps[back]!.queues).toEqual([]);
  expect(snaps[back]!.extension.state).toBe('unknown');
  // The booting PBX's "Status 4, empty Hint" is not the phone's word; the phone is back once qualified.
  const rebuilt = moment(
    snaps,
    back,
    'rebuilt',
    (s) => s.extension.state === 'idle' && s.extension.registered === true && s.queues.length === 2,
  );
  expect(snaps[rebuilt]!.connection.status).toBe('live');
  for (const s of snaps) if (s.connection.status !== 'live') expect(s.connection.stale).toBe(true);
  expect(snaps.at(-1)!.connection.status).toBe('disconnected');
}

function busySync(snaps: Snapshot[]): void {
  const ringing = moment(snaps, 0, 'the queue call rings', (s) => call0(s)?.state === 'ringing');
  expect(call0(snaps[ringing]!)).toMatchObject({ queue: 'support', remote: { number: '+15550109000' }, vars: { CUSTOMER_ID: 'C-1042' } });
  // 1002's call to 700 is not the agent's.
  for (const s of snaps) expect(s.calls.every((c) => c.id === call0(snaps[ringing]!)!.id)).toBe(true);
  const missed = moment(snaps, ringing, 'the caller gave up', (s) => s.calls.length === 0);
  expect(snaps[missed]!.history[0]).toMatchObject({ queue: 'support', answeredAt: null, direction: 'inbound' });
  expect(snaps.at(-1)!.extension.state).toBe('idle');
}

function loginCycle(snaps: Snapshot[]): void {
  const failed = moment(snaps, 0, 'failed', (s) => s.connection.status === 'failed');
  expect(snaps[failed]!.connection.error).toMatch(/refused the login/);
  moment(snaps, failed, 'live as limited', (s) => s.connection.status === 'live');
}

describe('agent replay of the real transcripts', () => {
  for (const [title, { files, check }] of Object.entries(CHECKS)) {
    describe(title, () => {
      const whole = replaySnapshots(files, 'whole');
      it('shows the moments that matter', () => check(whole));
      for (const chunking of ['bytes', 'tcp'] as Chunking[]) {
        it(`gives the same snapshots fed ${chunking === 'bytes' ? 'one byte at a time (every boundary)' : 'in the real TCP reads'}`, () => {
          const snaps = replaySnapshots(files, chunking);
          expect(JSON.stringify(snaps)).toBe(JSON.stringify(whole));
          check(snaps);
        });
      }
    });
  }

  it('replays every transcript, whole, byte by byte and in TCP reads, with the same snapshots and no warning', () => {
    for (const name of allRawFixtures()) {
      const warnings: string[] = [];
      const whole = replaySnapshots([name], 'whole', warnings);
      expect(whole.length, name).toBeGreaterThan(1);
      expect(whole.at(-1)!.connection.status === 'disconnected' || whole.at(-1)!.connection.status === 'failed', name).toBe(true);
      // No call is left behind at the end of any transcript.
      expect(whole.at(-1)!.calls, name).toEqual([]);
      expect(JSON.stringify(replaySnapshots([name], 'tcp')), name).toBe(JSON.stringify(whole));
      expect(JSON.stringify(replaySnapshots([name], 'bytes')), name).toBe(JSON.stringify(whole));
      expect(warnings, name).toEqual([]);
    }
  });

  it('every transcript split in two at many byte offsets gives the same snapshots', () => {
    for (const name of allRawFixtures()) {
      const raw = readRaw(name);
      const expected = JSON.stringify(replaySnapshots([name]));
      const step = Math.max(1, Math.floor(raw.length / 40));
      for (let cut = 1; cut < raw.length; cut += step) {
        const snaps: Snapshot[] = [];
        const session = new ReplaySession(
          agentIdentity({ extension: '1001', technology: name.startsWith('asterisk-18/') ? 'SIP' : 'PJSIP' }),
          { onSnapshot: (s) => snaps.push(s) },
        );
        const { banner, messages } = frameAll([raw.subarray(0, cut), raw.subarray(cut)]);
        if (banner) session.connect(banner);
        for (const m of messages) session.message(m);
        session.end(true);
        expect(JSON.stringify(snaps), `${name} cut at ${cut}`).toBe(expected);
      }
    }
  });

  it('a replay gives the same snapshots run after run', () => {
    const files = ['asterisk-22/04-queue-call-answered.ami.raw'];
    expect(JSON.stringify(replaySnapshots(files))).toBe(JSON.stringify(replaySnapshots(files)));
  });
});

describe('01b: the sync with interleaved events', () => {
  const name = 'asterisk-22/01b-initial-sync-busy.ami.raw';
  const { messages } = frameAll([readRaw(name)]);
  const identity = agentIdentity({ extension: '1001' });
  const isListItem = (m: (typeof messages)[number]) => m.kind === 'event' && m.has('ActionID');
  const firstList = messages.findIndex(isListItem);
  const lastList = messages.findLastIndex((m) => m.name === 'CoreShowChannelsComplete');

  it('the list items change nothing the live events already said', () => {
    let state = emptyState(identity);
    for (const m of messages.slice(0, firstList)) state = reduce(state, m, 1);
    const live = state.snapshot;
    expect(live.calls).toHaveLength(1);
    for (const m of messages.slice(firstList, lastList + 1)) state = reduce(state, m, 2);
    expect(state.snapshot).toEqual(live);
  });

  it('the list items alone (a sync on a fresh state) give the same picture as the live events', () => {
    let live = emptyState(identity);
    for (const m of messages.slice(0, firstList)) live = reduce(live, m, 1);
    let synced = emptyState(identity);
    for (const m of messages.slice(firstList, lastList + 1)) if (isListItem(m)) synced = reduce(synced, m, 1);
    const a = live.snapshot;
    const b = synced.snapshot;
    expect(b.extension).toEqual(a.extension);
    const byName = (qs: Snapshot['queues']) => [...qs].sort((x, y) => x.name.localeCompare(y.name));
    expect(byName(b.queues)).toEqual(byName(a.queues).map((q) => ({ ...q, lastCallAt: q.lastCallAt })));
    expect(b.calls.map(({ startedAt: _s, ...c }) => c)).toEqual(a.calls.map(({ startedAt: _s, ...c }) => c));
  });
});
