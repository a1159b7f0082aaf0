/**
 * Issue 19's "Done when" on the demo PBX, over TCP, through the real core, to a real CRM endpoint
 * (node:http on loopback): a queue call ends and its record arrives signed with the right fields;
 * the saved disposition arrives as version 2 and ends after-call work early (or holds it, when
 * required, past its time until saved); the CRM down for three calls, then up: all three arrive,
 * once each by key.
 */
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../electron/core/ami/clock.ts';
import type { CallLogRecord } from '../../electron/core/calllog/index.ts';
import { createCompanion, type CoreCompanion } from '../../electron/core/companion.ts';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import type { Snapshot } from '../../electron/shared/snapshot.ts';
import { startCallLogReceiver, type CallLogReceiver } from '../support/call-log-receiver.ts';

const SECRET = 'crm-shared-secret';
const ACW = 'After-call work';

/** Timers the test fires by moving the time forward. */
function manualTimers(start: number): Clock & { advance(ms: number): void } {
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
let receiver: CallLogReceiver;
let dir: string;
let timers: ReturnType<typeof manualTimers>;

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

const pausedFor = (s: Snapshot) =>
  Object.fromEntries(s.queues.filter((q) => q.member).map((q) => [q.name, q.paused ? q.pausedReason : null]));

async function start(options: { required?: boolean; afterCallWork?: boolean } = {}): Promise<void> {
  pbx = await startDemoPbx({ answerAfterMs: null });
  receiver = await startCallLogReceiver();
  dir = await mkdtemp(join(tmpdir(), 'calllog-demo-'));
  timers = manualTimers(Date.now());
  core = await createCompanion({
    pbx: { host: pbx.host, port: pbx.port, username: 'agent', extension: '1001' },
    secret: 'demo',
    afterCallWork: options.afterCallWork === false ? null : { seconds: 30, timers },
    callLog: {
      url: receiver.url,
      secret: SECRET,
      stateDir: dir,
      backoff: () => 30,
      dispositions: [
        { code: 'sold', label: { en: 'Sold', es: 'Venta' } },
        { code: 'callback', label: { en: 'Call back', es: 'Volver a llamar' } },
      ],
      required: options.required,
    },
    client: { keepaliveIntervalMs: 0 },
  });
  await until((s) => s.connection.status === 'live' && s.queues.length === 2);
}

afterEach(async () => {
  await core?.close();
  await pbx?.close();
  await receiver?.close();
  await rm(dir, { recursive: true, force: true });
});

/** A queue call answered here and hung up by the caller: resolves with its id once it ended. */
async function queueCall(vars: Record<string, string> = { CUSTOMER_ID: 'C-2001' }): Promise<string> {
  const id = pbx.control.incomingCall({ queue: 'support', callerNumber: '+34912345678', callerName: 'María José Núñez', vars });
  await until((s) => s.calls.some((c) => c.id === id && c.state === 'ringing'));
  expect(pbx.control.answer()).toBe(true);
  await until((s) => s.calls.some((c) => c.id === id && c.state === 'up'));
  pbx.control.callerHangup(id);
  await until((s) => s.history.some((h) => h.id === id));
  return id;
}

const bodies = () => receiver.posts.map((p) => JSON.parse(p.body) as CallLogRecord);

describe('call log from the demo PBX', () => {
  beforeEach(() => start());

  it('a call ends: its record arrives, signed, with the call as the agent saw it; the disposition ends after-call work', async () => {
    const id = await queueCall();
    await receiver.until(1);
    const [post] = receiver.posts;
    expect(post!.headers['x-companion-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(post!.body).digest('hex')}`);
    expect(post!.headers['idempotency-key']).toBe(`${id}:1`);
    const ended = core.snapshot().history.find((h) => h.id === id)!;
    expect(ended.vars.CUSTOMER_ID).toBe('C-2001');
    expect(bodies()[0]).toEqual({
      schema: 1,
      event: 'ended',
      callId: id,
      version: 1,
      direction: 'inbound',
      remote: { number: '+34912345678', name: 'María José Núñez' },
      queue: 'support',
      vars: ended.vars,
      rangAt: new Date(ended.startedAt).toISOString(),
      answeredAt: new Date(ended.answeredAt!).toISOString(),
      endedAt: new Date(ended.endedAt).toISOString(),
      talkSeconds: Math.round((ended.endedAt - ended.answeredAt!) / 1000),
      outcome: 'answered',
      answeredBy: null,
      transferredTo: null,
      recording: null,
      disposition: null,
      note: null,
      agent: { extension: '1001' },
    });

    const paused = await until((s) => pausedFor(s).support === ACW);
    expect(paused.afterCallWork?.callId).toBe(id);
    expect(await core.setDisposition(id, 'sold', 'Gold plan, renews in May')).toMatchObject({
      ok: true,
      message: 'Disposition saved: sold.',
    });
    await receiver.until(2);
    expect(receiver.posts[1]!.headers['idempotency-key']).toBe(`${id}:2`);
    expect(bodies()[1]).toMatchObject({
      event: 'disposition',
      version: 2,
      disposition: { code: 'sold', label: 'Sold' },
      note: 'Gold plan, renews in May',
    });
    // Saved long before the 30 s were up: the agent is back in the queues now.
    const back = await until((s) => pausedFor(s).support === null && pausedFor(s).sales === null);
    expect(back.afterCallWork).toBeNull();
    expect(back.callLog).toMatchObject({ saved: { [id]: 'sold' }, required: false });
  });
});

describe('call log without after-call work', () => {
  beforeEach(() => start({ afterCallWork: false }));

  it('the CRM down for three calls, then up: all three arrive, once each by key, in order', async () => {
    await receiver.down();
    const ids: string[] = [];
    for (const customer of ['C-1', 'C-2', 'C-3']) ids.push(await queueCall({ CUSTOMER_ID: customer }));
    await until((s) => s.callLog?.waiting === 3);
    await receiver.up();
    await receiver.until(3);
    await until((s) => s.callLog?.waiting === 0);
    expect(receiver.posts.map((p) => p.headers['idempotency-key'])).toEqual(ids.map((id) => `${id}:1`));
    expect(bodies().map((r) => r.vars.CUSTOMER_ID)).toEqual(['C-1', 'C-2', 'C-3']);
  });
});

describe('a required disposition', () => {
  beforeEach(() => start({ required: true }));

  it('holds after-call work past its time until the disposition is saved', async () => {
    const id = await queueCall();
    await until((s) => pausedFor(s).support === ACW);
    timers.advance(30_000);
    const waiting = core.snapshot();
    expect(waiting.afterCallWork).toMatchObject({ callId: id, waitingForDisposition: true });
    expect(pausedFor(waiting).support).toBe(ACW);
    expect((await core.setDisposition(id, 'nope')).ok).toBe(false);
    expect(core.snapshot().afterCallWork).not.toBeNull();
    expect((await core.setDisposition(id, 'callback')).ok).toBe(true);
    await until((s) => s.afterCallWork === null && pausedFor(s).support === null);
  });
});
