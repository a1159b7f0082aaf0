/**
 * After-call work through the Companion over real TCP against the demo PBX: the pause after an
 * answered queue call, its countdown in the snapshot, and its end (the timer, the agent's unpause,
 * a pause for something else, a reconnect, a PBX restart), with the QueuePause bytes checked.
 * The timers are the test's own (no waiting, no timed assertions).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../electron/core/ami/clock.ts';
import { createCompanion, type CoreCompanion } from '../../../electron/core/companion.ts';
import { startDemoPbx, type DemoPbx } from '../../../electron/core/demo/index.ts';
import { formatPhrase, type Phrase } from '../../../electron/shared/phrases/index.ts';
import type { Snapshot } from '../../../electron/shared/snapshot.ts';
import { spanishPhrases } from '../../../electron/shared/phrases/es/index.ts';

const ACW = 'After-call work';

/** Timers the test fires by moving the time forward. */
function manualTimers(start: number): Clock & { advance(ms: number): void; pending(): number } {
  let now = start;
  let next = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    setTimeout: (callback, ms) => {
      timers.set(++next, { at: now + ms, callback });
      return next;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
    pending: () => timers.size,
    advance(ms) {
      now += ms;
      for (const [handle, timer] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at > now) continue;
        timers.delete(handle);
        timer.callback();
      }
    },
  };
}

let pbx: DemoPbx;
let core: CoreCompanion;
let timers: ReturnType<typeof manualTimers>;
let notices: string[];
/** The notices' phrases, for a shell that says them in the agent's language. */
let phrases: (Phrase | undefined)[];

/** Resolves with the first snapshot (the current one included) that passes `test`. */
function until(test: (s: Snapshot) => boolean): Promise<Snapshot> {
  return new Promise((resolve) => {
    if (test(core.snapshot())) return resolve(core.snapshot());
    const off = core.subscribe((s) => {
      if (!test(s)) return;
      off();
      resolve(s);
    });
  });
}

const live = (s: Snapshot) => s.connection.status === 'live';
const pausedFor = (s: Snapshot) =>
  Object.fromEntries(s.queues.filter((q) => q.member).map((q) => [q.name, q.paused ? q.pausedReason : null]));
/** [Queue, Interface, Paused, Reason] of every QueuePause the PBX received, in order. */
const pausesOnWire = () =>
  pbx.control
    .receivedActions()
    .filter((a) => a.name === 'QueuePause')
    .map((a) => [a.get('Queue'), a.get('Interface'), a.get('Paused'), a.get('Reason')]);

async function start(seconds = 30, user = { name: 'agentapp', secret: 's3cret' }): Promise<void> {
  pbx = await startDemoPbx({ answerAfterMs: null, otherAnswerAfterMs: 5, restartDownMs: 50, phonesBackAfterMs: 50 });
  timers = manualTimers(Date.now());
  notices = [];
  phrases = [];
  core = await createCompanion({
    pbx: { host: '127.0.0.1', port: pbx.port, username: user.name, extension: '1001' },
    secret: user.secret,
    clock: timers.now,
    afterCallWork: { seconds, timers },
    onNotice: (text, _level, said?: Phrase) => {
      notices.push(text);
      phrases.push(said);
    },
    client: { keepaliveIntervalMs: 0, backoff: () => 20 },
  });
  await until(live);
}

/** A queue call to the agent, answered, then hung up by the agent: resolves with its id once it is in the history. */
async function answeredQueueCall(queue = 'support'): Promise<string> {
  const id = pbx.control.incomingCall({ queue, callerNumber: '+15550109000', callerName: 'PSTN Caller' });
  await until((s) => s.calls.some((c) => c.id === id && c.state === 'ringing'));
  expect(pbx.control.answer()).toBe(true);
  await until((s) => s.calls.some((c) => c.id === id && c.state === 'up'));
  expect(pbx.control.agentHangup()).toBe(true);
  await until((s) => s.history.some((h) => h.id === id));
  return id;
}

beforeEach(() => {
  notices = [];
  phrases = [];
});
afterEach(async () => {
  await core?.close();
  await pbx?.close();
});

describe('after-call work', () => {
  it('pauses every queue with the reason after an answered queue call, then unpauses when the time is up', async () => {
    await start(30);
    expect(core.snapshot().afterCallWork).toBeNull();
    const t0 = timers.now();
    const callId = await answeredQueueCall();
    expect(core.snapshot().afterCallWork).toEqual({ reason: ACW, endsAt: t0 + 30_000, callId });
    // The pause shown is the PBX's word (QueueMemberPause), not what was asked.
    const paused = await until((s) => pausedFor(s).support === ACW && pausedFor(s).sales === ACW);
    expect(paused.afterCallWork).toEqual({ reason: ACW, endsAt: t0 + 30_000, callId });
    expect(pausesOnWire()).toEqual([
      ['support', 'PJSIP/1001', 'true', ACW],
      ['sales', 'Local/1001@from-queue/n', 'true', ACW],
    ]);

    timers.advance(29_999);
    expect(core.snapshot().afterCallWork).not.toBeNull();
    timers.advance(1);
    expect(core.snapshot().afterCallWork).toBeNull();
    const back = await until((s) => pausedFor(s).support === null && pausedFor(s).sales === null);
    expect(back.afterCallWork).toBeNull();
    expect(pausesOnWire().slice(2)).toEqual([
      ['support', 'PJSIP/1001', 'false', undefined],
      ['sales', 'Local/1001@from-queue/n', 'false', undefined],
    ]);
    expect(timers.pending()).toBe(0);
    expect(notices).toEqual([]);
  });

  it('the agent ends it early by unpausing: the countdown goes, the timer sends nothing', async () => {
    await start(30);
    await answeredQueueCall();
    await until((s) => pausedFor(s).support === ACW && pausedFor(s).sales === ACW);
    expect(await core.unpause({})).toMatchObject({ ok: true, message: 'Unpaused in support, sales.' });
    const done = await until((s) => s.afterCallWork === null);
    expect(pausedFor(done)).toEqual({ support: null, sales: null });
    expect(timers.pending()).toBe(0);
    const sent = pausesOnWire().length;
    timers.advance(60_000);
    expect(pausesOnWire()).toHaveLength(sent);
  });

  it('a pause for something else during ACW is kept: ACW ends and never unpauses it', async () => {
    await start(30);
    await answeredQueueCall();
    await until((s) => pausedFor(s).support === ACW && pausedFor(s).sales === ACW);
    expect(await core.pause({ reason: 'Lunch' })).toMatchObject({ ok: true, message: 'Paused in support, sales (Lunch).' });
    const lunch = await until((s) => s.afterCallWork === null);
    expect(pausedFor(lunch)).toEqual({ support: 'Lunch', sales: 'Lunch' });
    const sent = pausesOnWire().length;
    timers.advance(60_000);
    expect(pausesOnWire()).toHaveLength(sent);
    expect(pausedFor(core.snapshot())).toEqual({ support: 'Lunch', sales: 'Lunch' });
  });

  it('a queue re-paused for something else keeps that pause; the others are unpaused at the end', async () => {
    await start(30);
    await answeredQueueCall();
    await until((s) => pausedFor(s).support === ACW && pausedFor(s).sales === ACW);
    // A supervisor (or the phone's feature code) pauses the agent in sales for coaching.
    pbx.control.pause({ paused: true, queue: 'sales', reason: 'Coaching' });
    await until((s) => pausedFor(s).sales === 'Coaching');
    expect(core.snapshot().afterCallWork).not.toBeNull();
    const sent = pausesOnWire().length;
    timers.advance(30_000);
    const end = await until((s) => pausedFor(s).support === null);
    expect(pausedFor(end)).toEqual({ support: null, sales: 'Coaching' });
    expect(pausesOnWire().slice(sent)).toEqual([['support', 'PJSIP/1001', 'false', undefined]]);
  });

  it('a queue already paused when the call ends keeps its pause and reason', async () => {
    await start(30);
    pbx.control.pause({ paused: true, queue: 'sales', reason: 'Training' });
    await until((s) => pausedFor(s).sales === 'Training');
    await answeredQueueCall();
    await until((s) => pausedFor(s).support === ACW);
    expect(pausesOnWire()).toEqual([['support', 'PJSIP/1001', 'true', ACW]]);
    timers.advance(30_000);
    const end = await until((s) => pausedFor(s).support === null);
    expect(pausedFor(end)).toEqual({ support: null, sales: 'Training' });
  });

  it('a queue call the agent did not answer starts nothing', async () => {
    await start(30);
    const id = pbx.control.incomingCall({ queue: 'support', callerNumber: '+15550109000' });
    await until((s) => s.calls.some((c) => c.id === id && c.state === 'ringing'));
    expect(pbx.control.callerHangup(id)).toBe(true);
    await until((s) => s.history.some((h) => h.id === id && h.answeredAt === null));
    expect(core.snapshot().afterCallWork).toBeNull();
    expect(pausesOnWire()).toEqual([]);
    expect(timers.pending()).toBe(0);
  });

  it('a dropped connection drops the timer; back live, the pause still there is timed for what is left', async () => {
    await start(30);
    const t0 = timers.now();
    const callId = await answeredQueueCall();
    await until((s) => pausedFor(s).support === ACW && pausedFor(s).sales === ACW);
    timers.advance(10_000);
    pbx.control.dropAll();
    await until((s) => !live(s));
    expect(timers.pending()).toBe(0);
    // The countdown stays on show (the pause is still on the PBX); nothing fires while down.
    expect(core.snapshot().afterCallWork).toEqual({ reason: ACW, endsAt: t0 + 30_000, callId });
    timers.advance(5_000);
    const back = await until((s) => live(s) && pausedFor(s).support === ACW);
    expect(back.afterCallWork).toEqual({ reason: ACW, endsAt: t0 + 30_000, callId });
    expect(timers.pending()).toBe(1);
    const sent = pausesOnWire().length;
    timers.advance(14_999);
    expect(pausesOnWire()).toHaveLength(sent);
    timers.advance(1);
    await until((s) => pausedFor(s).support === null && pausedFor(s).sales === null);
    expect(
      pausesOnWire()
        .slice(sent)
        .map((p) => p[2]),
    ).toEqual(['false', 'false']);
  });

  it('time up while disconnected: unpaused as soon as the connection is live again', async () => {
    await start(30);
    await answeredQueueCall();
    await until((s) => pausedFor(s).support === ACW && pausedFor(s).sales === ACW);
    pbx.control.dropAll();
    await until((s) => !live(s));
    timers.advance(31_000);
    const back = await until((s) => live(s) && pausedFor(s).support === null && pausedFor(s).sales === null);
    expect(back.afterCallWork).toBeNull();
    expect(timers.pending()).toBe(0);
  });

  it('a PBX restart clears the pause: ACW ends on the new connection and nothing is sent there', async () => {
    await start(30);
    await answeredQueueCall();
    await until((s) => pausedFor(s).support === ACW && pausedFor(s).sales === ACW);
    const sent = pausesOnWire().length;
    await pbx.control.restart();
    const back = await until((s) => live(s) && s.afterCallWork === null);
    expect(pausedFor(back)).toEqual({ support: null, sales: null });
    expect(timers.pending()).toBe(0);
    timers.advance(60_000);
    expect(pausesOnWire()).toHaveLength(sent);
  });

  it('a PBX that refuses the pause (user limited): the agent is told, no countdown is left', async () => {
    await start(30, { name: 'limited', secret: 'l1mited' });
    await answeredQueueCall();
    await until((s) => s.afterCallWork === null && notices.length > 0);
    expect(notices).toEqual([
      'After-call work did not start everywhere: The PBX did not let the companion change your pause: its AMI user needs "agent" in the write = line of manager.conf (or is not logged in).',
    ]);
    expect(phrases.map((said) => said && formatPhrase(said, spanishPhrases))).toEqual([
      'El tiempo tras la llamada no empezó en todas las colas: La centralita no permitió a la aplicación cambiar tu pausa: su usuario AMI necesita "agent" en la línea write = de manager.conf (o no ha iniciado sesión).',
    ]);
    expect(timers.pending()).toBe(0);
  });
});
