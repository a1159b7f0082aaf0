/**
 * The ActionRunner over real TCP: the project's AmiClient against the demo PBX (a real AMI server
 * on 127.0.0.1), with the actions checked in the bytes the PBX received.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AmiClient } from '../../../electron/core/ami/client.ts';
import { systemClock, type Clock } from '../../../electron/core/ami/clock.ts';
import { startDemoPbx, type DemoPbx } from '../../../electron/core/demo/index.ts';
import { ActionRunner } from '../../../electron/core/actions/runner.ts';
import { setPaused } from '../../../electron/core/actions/pause.ts';
import { queuePause } from '../../../electron/core/actions/queue.ts';

let pbx: DemoPbx;
let client: AmiClient;
let limited: AmiClient;

/** The real timers, with a `now` the test moves: the repeat window without waiting. */
function steppedClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return { ...systemClock, now: () => systemClock.now() + offset, advance: (ms) => (offset += ms) };
}

let session: number;
/** What the main client's session sent, in order (each session keeps its own bytes). */
const sent = (name: string) => pbx.control.receivedActions(session).filter((a) => a.name === name);

beforeAll(async () => {
  pbx = await startDemoPbx({ answerAfterMs: null, otherAnswerAfterMs: 5 });
  client = new AmiClient({ host: '127.0.0.1', port: pbx.port, username: 'agentapp', secret: 's3cret', keepaliveIntervalMs: 0 });
  limited = new AmiClient({ host: '127.0.0.1', port: pbx.port, username: 'limited', secret: 'l1mited', keepaliveIntervalMs: 0 });
  await client.connect();
  session = pbx.control.sessions().find((s) => s.username === 'agentapp')!.id;
  await limited.connect();
});
afterEach(async () => {
  pbx.control.pause({ paused: false });
});
afterAll(async () => {
  await client.close();
  await limited.close();
  await pbx.close();
});

describe('ActionRunner: duplicates', () => {
  it('two pause clicks in a row send one QueuePause and get the same answer', async () => {
    const clock = steppedClock();
    const runner = new ActionRunner(client, { clock });
    const before = sent('QueuePause').length;
    const pause = () => queuePause({ queue: 'support', interface: 'PJSIP/1001', paused: true, reason: 'Lunch' });
    const first = runner.run(pause);
    const second = runner.run(pause);
    expect(second).toBe(first);
    expect(await first).toMatchObject({ ok: true, message: 'Interface paused successfully' });
    // Within the repeat window a finished identical verb is not sent again...
    clock.advance(500);
    expect(await runner.run(pause)).toMatchObject({ ok: true, message: 'Interface paused successfully' });
    expect(sent('QueuePause').length - before).toBe(1);
    // ...after it, it is.
    clock.advance(1000);
    await runner.run(pause);
    expect(sent('QueuePause').length - before).toBe(2);
  });

  it('an action on the same target ends the window: pause, unpause, pause is three actions', async () => {
    const clock = steppedClock();
    const runner = new ActionRunner(client, { clock });
    const before = sent('QueuePause').length;
    const pause = (paused: boolean) => () =>
      queuePause({ queue: 'support', interface: 'PJSIP/1001', paused, reason: paused ? 'Lunch' : undefined });
    expect(await runner.run(pause(true))).toMatchObject({ ok: true, message: 'Interface paused successfully' });
    expect(await runner.run(pause(false))).toMatchObject({ ok: true, message: 'Interface unpaused successfully' });
    clock.advance(100);
    expect(await runner.run(pause(true))).toMatchObject({ ok: true, message: 'Interface paused successfully' });
    expect(
      sent('QueuePause')
        .slice(before)
        .map((a) => a.get('Paused')),
    ).toEqual(['true', 'false', 'true']);
    // Another queue's pause is another target: the repeat window of this one stays.
    await runner.run(() => queuePause({ queue: 'sales', interface: 'Local/1001@from-queue/n', paused: true, reason: 'Lunch' }));
    await runner.run(pause(true));
    expect(sent('QueuePause').length - before).toBe(4);
  });

  it('different verbs are not merged', async () => {
    const runner = new ActionRunner(client);
    const before = sent('QueuePause').length;
    const [a, b] = await Promise.all([
      runner.run(queuePause({ queue: 'support', interface: 'PJSIP/1001', paused: true, reason: 'Lunch' })),
      runner.run(queuePause({ queue: 'support', interface: 'PJSIP/1001', paused: true, reason: 'Training' })),
    ]);
    expect(a.ok && b.ok).toBe(true);
    expect(sent('QueuePause').length - before).toBe(2);
  });

  it('a failure is not kept: trying again acts again', async () => {
    const runner = new ActionRunner(client);
    const before = sent('QueuePause').length;
    const pause = () => queuePause({ queue: 'nosuchqueue', interface: 'PJSIP/1001', paused: true });
    const expected = {
      ok: false,
      error: 'You are not a member of queue nosuchqueue as PJSIP/1001 (or there is no such queue), so the PBX changed nothing.',
    };
    expect(await runner.run(pause)).toMatchObject(expected);
    expect(await runner.run(pause)).toMatchObject(expected);
    expect(sent('QueuePause').length - before).toBe(2);
  });
});

describe('ActionRunner: refusals never reach the PBX', () => {
  it('a reason with CR/LF or 10,000 characters is refused in words, nothing sent', async () => {
    const runner = new ActionRunner(client);
    const before = pbx.control.receivedBytes(session).length;
    expect(await runner.run(() => queuePause({ interface: 'PJSIP/1001', paused: true, reason: 'x\r\nAction: Hangup' }))).toMatchObject({
      ok: false,
      error: 'The pause reason contains a line break or another control character.',
    });
    expect(await runner.run(() => queuePause({ interface: 'PJSIP/1001', paused: true, reason: 'x'.repeat(10_000) }))).toMatchObject({
      ok: false,
      error: 'The pause reason is longer than 100 characters.',
    });
    expect(pbx.control.receivedBytes(session).length).toBe(before);
  });

  it('the limited user is told which manager.conf class is missing', async () => {
    const runner = new ActionRunner(limited);
    expect(await runner.run(queuePause({ queue: 'support', interface: 'PJSIP/1001', paused: true, reason: 'Lunch' }))).toMatchObject({
      ok: false,
      error:
        'The PBX did not let the companion change your pause: its AMI user needs "agent" in the write = line of manager.conf (or is not logged in).',
    });
  });

  it('a closed connection answers in words', async () => {
    const closed = new AmiClient({ host: '127.0.0.1', port: pbx.port, username: 'agentapp', secret: 's3cret', keepaliveIntervalMs: 0 });
    const result = await new ActionRunner(closed).run(queuePause({ interface: 'PJSIP/1001', paused: true }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^Not connected to the PBX, so it could not change your pause/);
  });
});

describe('setPaused: one QueuePause per membership, each with its own interface', () => {
  const memberships = [
    { queue: 'support', interface: 'PJSIP/1001' },
    { queue: 'sales', interface: 'Local/1001@from-queue/n' },
  ];

  it('pauses in all queues with the reason, and writes queue_log rows when asked, under the member name Asterisk uses', async () => {
    const runner = new ActionRunner(client);
    const before = sent('QueuePause').length;
    const logBefore = pbx.control.queueLog().length;
    const named = memberships.map((m) => ({ ...m, memberName: 'Agent 1001' }));
    expect(await setPaused(runner, named, { paused: true, reason: 'Lunch', queueLog: true })).toMatchObject({
      ok: true,
      message: 'Paused in support, sales (Lunch).',
    });
    const pauses = sent('QueuePause').slice(before);
    expect(pauses.map((a) => [a.get('Queue'), a.get('Interface'), a.get('Paused'), a.get('Reason')])).toEqual([
      ['support', 'PJSIP/1001', 'true', 'Lunch'],
      ['sales', 'Local/1001@from-queue/n', 'true', 'Lunch'],
    ]);
    expect(
      pbx.control
        .queueLog()
        .slice(logBefore)
        .map((r) => [r.queue, r.event, r.agent, r.data])
        .sort(),
    ).toEqual([
      // The PBX's own row and the app's, one agent for a wallboard.
      ['sales', 'PAUSE', 'Agent 1001', 'Lunch'],
      ['sales', 'PAUSE', 'Agent 1001', 'Lunch'],
      ['support', 'PAUSE', 'Agent 1001', 'Lunch'],
      ['support', 'PAUSE', 'Agent 1001', 'Lunch'],
    ]);
  });

  it('unpauses in one queue only', async () => {
    const runner = new ActionRunner(client);
    const before = sent('QueuePause').length;
    expect(await setPaused(runner, memberships, { paused: false, queue: 'sales' })).toMatchObject({
      ok: true,
      message: 'Unpaused in sales.',
    });
    expect(
      sent('QueuePause')
        .slice(before)
        .map((a) => a.get('Queue')),
    ).toEqual(['sales']);
  });

  it('a queue the agent is not in, or a bad reason: a clear message and nothing sent', async () => {
    const runner = new ActionRunner(client);
    const before = sent('QueuePause').length;
    expect(await setPaused(runner, memberships, { paused: true, queue: 'billing', reason: 'Lunch' })).toMatchObject({
      ok: false,
      error: 'You are not a member of queue billing.',
    });
    expect(await setPaused(runner, [], { paused: true, reason: 'Lunch' })).toMatchObject({
      ok: false,
      error: 'You are not a member of any queue.',
    });
    expect(await setPaused(runner, memberships, { paused: true, reason: 'a|b' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/cannot contain "\|"/),
    });
    expect(sent('QueuePause').length).toBe(before);
  });

  it('when the PBX refuses one queue, says which and what happened in the other', async () => {
    const runner = new ActionRunner(client);
    const result = await setPaused(runner, [...memberships.slice(0, 1), { queue: 'support', interface: 'PJSIP/9999' }], {
      paused: true,
      reason: 'Break',
    });
    expect(result).toMatchObject({
      ok: false,
      error:
        'You are not a member of queue support as PJSIP/9999 (or there is no such queue), so the PBX changed nothing. Paused in support.',
    });
  });
});

describe('ActionRunner.originate: click-to-dial and its outcome', () => {
  it('queues the call, then reports the phone answered; a double click rings once', async () => {
    const runner = new ActionRunner(client);
    const before = sent('Originate').length;
    const request = { channel: 'PJSIP/1001', exten: '1002', callerId: { name: '1002', number: '1002' } };
    // The agent's phone answers only once it rings (the demo waits for control.answer()).
    const ringing = new Promise<void>((resolve) => {
      const off = client.onEvent((e) => {
        if (e.name === 'Newstate' && e.get('ChannelStateDesc') === 'Ringing' && e.get('Channel')?.startsWith('PJSIP/1001-')) {
          off();
          resolve();
        }
      });
    });
    const dial = runner.originate(request);
    expect(runner.originate(request)).toBe(dial);
    expect(await dial.queued).toMatchObject({ ok: true, message: 'Your phone will ring: answer it to call 1002.' });
    await ringing;
    expect(pbx.control.answer()).toBe(true);
    expect(await dial.outcome).toMatchObject({ ok: true, message: 'Your phone answered: calling 1002.' });
    const wire = sent('Originate').slice(before);
    expect(wire).toHaveLength(1);
    expect(wire[0]!.raw.replace(/^ActionID: .*\r\n/m, '')).toBe(
      [
        'Action: Originate',
        'Channel: PJSIP/1001',
        'Context: from-internal',
        'Exten: 1002',
        'Priority: 1',
        'CallerID: "1002" <1002>',
        'Timeout: 30000',
        'Async: true',
      ].join('\r\n'),
    );
    pbx.control.agentHangup();
  });

  it("a phone that does not exist: the PBX's Reason 0 in words", async () => {
    const dial = new ActionRunner(client).originate({ channel: 'PJSIP/1999', exten: '700' });
    expect(await dial.queued).toMatchObject({ ok: true });
    expect(await dial.outcome).toMatchObject({
      ok: false,
      error: 'The PBX could not ring your phone: it is not registered, or the device in the settings does not exist.',
    });
  });

  it('a refused request answers both promises and sends nothing', async () => {
    const before = sent('Originate').length;
    const dial = new ActionRunner(client).originate({ channel: 'PJSIP/1001', exten: '1-800-FLOWERS' });
    expect(await dial.queued).toMatchObject({
      ok: false,
      error: '"1-800-FLOWERS" is not a number the PBX can dial (digits, * and #, up to 40).',
    });
    expect(await dial.outcome).toEqual(await dial.queued);
    expect(sent('Originate').length).toBe(before);
  });

  it('the limited user may originate (write = originate)', async () => {
    const dial = new ActionRunner(limited).originate({ channel: 'PJSIP/1999', exten: '700' });
    expect(await dial.queued).toMatchObject({ ok: true });
    expect((await dial.outcome).ok).toBe(false);
  });
});
