/**
 * The demo PBX is worth something only if the app cannot tell it from a real Asterisk. For the
 * scenarios the transcripts recorded (a queue call, an abandoned call, a click-to-dial, a pause,
 * a recording), the agent engine connected over TCP to the demo PBX must see the same snapshots,
 * in their meaningful fields, as the same engine replaying the real Asterisk 22 transcript.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AmiAction } from '../../electron/core/ami/action.ts';
import { AmiClient } from '../../electron/core/ami/client.ts';
import { agentIdentity } from '../../electron/core/agent/identity.ts';
import { AgentEngine } from '../../electron/core/agent/sync.ts';
import { startDemoPbx, type DemoPbx, type DemoPbxOptions } from '../../electron/core/demo/index.ts';
import type { Snapshot } from '../../electron/shared/snapshot.ts';
import { replaySnapshots } from '../replay/agent-session.ts';

/** The fields of a call an agent sees, without times and channel names. */
function callsMeaning(s: Snapshot): string {
  return JSON.stringify({
    calls: s.calls.map((c) => ({
      direction: c.direction,
      state: c.state,
      remote: c.remote.number,
      queue: c.queue,
      customer: c.vars.CUSTOMER_ID ?? null,
      recording: c.recording,
    })),
    history: s.history.map((h) => ({ direction: h.direction, remote: h.remote.number, queue: h.queue, answered: h.answeredAt !== null })),
  });
}

/** Consecutive duplicates removed: two engines may take different numbers of steps to the same picture. */
function steps(snapshots: Snapshot[], meaning: (s: Snapshot) => string): string[] {
  const out: string[] = [];
  for (const s of snapshots) {
    const m = meaning(s);
    if (out.at(-1) !== m) out.push(m);
  }
  return out;
}

/** Per queue, the pause states it went through, from its first pause on. */
function pauseSteps(snapshots: Snapshot[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of snapshots) {
    for (const q of s.queues) {
      const seen = (out[q.name] ??= []);
      const step = q.paused ? `paused: ${q.pausedReason}` : 'available';
      if (seen.length === 0 && !q.paused) continue;
      if (seen.at(-1) !== step) seen.push(step);
    }
  }
  return out;
}

interface Live {
  pbx: DemoPbx;
  client: AmiClient;
  engine: AgentEngine;
  /** Every snapshot from the first live one on. */
  seen: Snapshot[];
  until(test: (s: Snapshot) => boolean): Promise<void>;
}

let live: Live | null = null;

async function connectLive(options: DemoPbxOptions = {}): Promise<Live> {
  const pbx = await startDemoPbx({ authFailDelayMs: 5, otherAnswerAfterMs: 20, ...options });
  const client = new AmiClient({ host: pbx.host, port: pbx.port, username: 'agentapp', secret: 's3cret', keepaliveIntervalMs: 0 });
  const engine = new AgentEngine({ connection: client, identity: agentIdentity({ extension: '1001' }) });
  const seen: Snapshot[] = [];
  const waiters = new Set<{ test: (s: Snapshot) => boolean; resolve: () => void }>();
  engine.subscribe((s) => {
    if (s.connection.status === 'live') seen.push(s);
    for (const w of waiters) {
      if (!w.test(s)) continue;
      waiters.delete(w);
      w.resolve();
    }
  });
  const until = (test: (s: Snapshot) => boolean) =>
    new Promise<void>((resolve) => (test(engine.snapshot()) ? resolve() : waiters.add({ test, resolve })));
  engine.start();
  await client.connect();
  await until((s) => s.connection.status === 'live' && s.queues.length > 0);
  live = { pbx, client, engine, seen, until };
  return live;
}

afterEach(async () => {
  if (!live) return;
  live.engine.stop();
  await live.client.close();
  await live.pbx.close();
  live = null;
});

const ADA = { callerNumber: '+15550109000', callerName: 'PSTN Caller', vars: { CUSTOMER_ID: 'C-1042', CUSTOMER_NAME: 'Ada Lovelace' } };

describe('the agent engine sees the demo PBX as it sees a real Asterisk 22', () => {
  it('a queue call that rings, is answered and ends (04-queue-call-answered)', async () => {
    const expected = steps(replaySnapshots(['asterisk-22/04-queue-call-answered.ami.raw']), callsMeaning);
    const { pbx, seen, until } = await connectLive({ answerAfterMs: null });
    const id = pbx.control.incomingCall({ queue: 'support', ...ADA });
    await until((s) => s.calls.some((c) => c.state === 'ringing' && c.vars.CUSTOMER_ID === 'C-1042'));
    pbx.control.answer();
    await until((s) => s.calls.some((c) => c.state === 'up'));
    pbx.control.callerHangup(id);
    await until((s) => s.calls.length === 0 && s.history.length === 1);
    expect(steps(seen, callsMeaning)).toEqual(expected);
    expect(expected).toHaveLength(4); // nothing, ringing, up, ended: the comparison is not vacuous
  });

  it('a queue call the caller abandons while the agent rings (the abandon in 01b-initial-sync-busy)', async () => {
    const replayed = replaySnapshots(['asterisk-22/01b-initial-sync-busy.ami.raw']);
    const missed = replayed.at(-1)!.history.find((h) => h.queue === 'support');
    expect(missed).toMatchObject({ direction: 'inbound', remote: { number: '+15550109000' }, answeredAt: null });

    const { pbx, until, engine } = await connectLive({ answerAfterMs: null });
    const id = pbx.control.incomingCall({ queue: 'support', ...ADA });
    await until((s) => s.calls.some((c) => c.state === 'ringing'));
    pbx.control.callerHangup(id);
    await until((s) => s.calls.length === 0 && s.history.length === 1);
    const entry = engine.snapshot().history[0]!;
    expect({ direction: entry.direction, remote: entry.remote.number, queue: entry.queue, answered: entry.answeredAt !== null }).toEqual({
      direction: missed!.direction,
      remote: missed!.remote.number,
      queue: missed!.queue,
      answered: false,
    });
  });

  it('a click-to-dial: the agent phone rings first, then the number (08-click-to-dial-originate)', async () => {
    // The transcript's first call: Originate PJSIP/1001 -> from-internal,700, answered, hung up by an action.
    const replayed = replaySnapshots(['asterisk-22/08-click-to-dial-originate.ami.raw']);
    const firstEnd = replayed.findIndex((s) => s.history.length > 0);
    const expected = steps(replayed.slice(0, firstEnd + 1), callsMeaning);

    const { client, until, seen } = await connectLive({ answerAfterMs: 20 });
    await client.action(
      AmiAction.build('Originate', {
        Channel: 'PJSIP/1001',
        Context: 'from-internal',
        Exten: '700',
        Priority: 1,
        CallerID: '"Click2Dial" <700>',
        Async: true,
        Timeout: 30000,
        Variable: ['CUSTOMER_ID=C-1042', 'CUSTOMER_NAME=Ada Lovelace'],
      }),
    );
    await until((s) => s.calls.some((c) => c.state === 'up'));
    const channel = live!.engine.snapshot().calls[0]!.channel!;
    await client.action(AmiAction.build('Hangup', { Channel: channel }));
    await until((s) => s.calls.length === 0 && s.history.length === 1);
    expect(steps(seen, callsMeaning)).toEqual(expected);
    expect(expected.some((m) => m.includes('"direction":"outbound"'))).toBe(true);
  });

  it('pauses per queue, for all queues and back, with their reasons (07-queue-member-management)', async () => {
    const expected = pauseSteps(replaySnapshots(['asterisk-22/07-queue-member-management.ami.raw']));
    const { client, seen, until } = await connectLive();
    const pause = (fields: Record<string, string>) => client.action(AmiAction.build('QueuePause', fields));
    // The transcript's actions, in its order (07-queue-member-management.actions.txt).
    await pause({ Queue: 'support', Interface: 'PJSIP/1001', Paused: 'true', Reason: 'Lunch break' });
    await pause({ Queue: 'support', Interface: 'PJSIP/1001', Paused: 'false', Reason: 'Back' });
    await pause({ Queue: 'sales', Interface: 'Local/1001@from-queue/n', Paused: 'true', Reason: 'Coaching' });
    await pause({ Queue: 'sales', Interface: 'Local/1001@from-queue/n', Paused: 'false' });
    await pause({ Interface: 'PJSIP/1001', Paused: 'true', Reason: 'All queues pause' });
    await pause({ Interface: 'PJSIP/1001', Paused: 'false' });
    await until((s) => s.queues.every((q) => !q.paused) && pauseSteps(seen).support?.length === 4);
    expect(pauseSteps(seen)).toEqual(expected);
    expect(expected.support).toEqual(['paused: Lunch break', 'available', 'paused: All queues pause', 'available']);
  });

  it('records, mutes, unmutes and stops a call (09-mixmonitor-recording)', async () => {
    const replayed = replaySnapshots(['asterisk-22/09-mixmonitor-recording.ami.raw']);
    const recordingSteps = (list: Snapshot[]) => steps(list, (s) => s.calls.map((c) => c.recording).join(',')).filter((x) => x !== '');
    const expected = recordingSteps(replayed);

    const { pbx, client, until, seen } = await connectLive({ answerAfterMs: 20 });
    pbx.control.incomingCall({ queue: 'support', ...ADA });
    await until((s) => s.calls.some((c) => c.state === 'up'));
    const channel = live!.engine.snapshot().calls[0]!.channel!;
    await client.action(AmiAction.build('MixMonitor', { Channel: channel, File: 'demo-1.wav' }));
    await until((s) => s.calls[0]?.recording === 'on');
    await client.action(AmiAction.build('MixMonitorMute', { Channel: channel, Direction: 'both', State: 1 }));
    await until((s) => s.calls[0]?.recording === 'muted');
    await client.action(AmiAction.build('MixMonitorMute', { Channel: channel, Direction: 'both', State: 0 }));
    await until((s) => s.calls[0]?.recording === 'on' && seen.some((x) => x.calls[0]?.recording === 'muted'));
    await client.action(AmiAction.build('StopMixMonitor', { Channel: channel }));
    await until((s) => s.calls[0]?.recording === 'off' && seen.filter((x) => x.calls[0]?.recording === 'on').length > 0);
    // The transcript then starts a second recording and hangs up: compare the first start..stop.
    const upToStop = expected.slice(0, expected.indexOf('off', 1) + 1);
    expect(recordingSteps(seen)).toEqual(upToStop);
    expect(upToStop).toEqual(['off', 'on', 'muted', 'on', 'off']);
  });
});
