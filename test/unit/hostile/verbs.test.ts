/**
 * Every verb of the core, called with hostile values (CR, LF, `%0d%0a`, NUL, 100 KB, U+2028, an AMI
 * action smuggled into a value, and seeded random strings) on a live call, against the demo PBX over
 * TCP. Then the bytes the PBX received are read back: not one CR/LF inside a value, no NUL, no
 * Unicode line separator, no injected `Action:`, no action the hostile values asked for. Every verb
 * answers with a result (never a throw), refusals in a short sentence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompanion, type CoreCompanion } from '../../../electron/core/companion.ts';
import { startDemoPbx, type DemoPbx } from '../../../electron/core/demo/index.ts';
import type { RecordOp } from '../../../electron/shared/companion.ts';
import type { Snapshot } from '../../../electron/shared/snapshot.ts';
import { HOSTILE_VALUES, RANDOM_PER_VERB, prng, randomHostile } from './strings.ts';
import { checkWire } from './wire.ts';

let pbx: DemoPbx;
let agent: CoreCompanion;

function until(test: (s: Snapshot) => boolean): Promise<Snapshot> {
  return new Promise((resolve) => {
    if (test(agent.snapshot())) return resolve(agent.snapshot());
    const stop = agent.subscribe((s) => test(s) && (stop(), resolve(s)));
  });
}

beforeAll(async () => {
  pbx = await startDemoPbx({ answerAfterMs: 5, otherAnswerAfterMs: 5 });
  agent = await createCompanion({
    pbx: { host: pbx.host, port: pbx.port, username: 'agent', extension: '1001' },
    secret: 'demo',
    queueLog: true,
    client: { keepaliveIntervalMs: 0 },
  });
  await until((s) => s.connection.status === 'live' && s.queues.length === 2);
  // A call in progress, so the call verbs reach the code that builds their actions.
  pbx.control.incomingCall({ queue: 'support', callerNumber: '+34912345678', vars: { CUSTOMER_ID: '42' } });
  await until((s) => s.calls.some((c) => c.state === 'up'));
});
afterAll(async () => {
  await agent.close();
  await pbx.close();
});

type Verb = readonly [name: string, call: (value: string) => Promise<unknown>, takesCallId?: boolean];
const verbs = (): Verb[] => [
  ['previewDial', (v) => agent.previewDial(v)],
  ['dial', (v) => agent.dial(v)],
  ['pause (reason)', (v) => agent.pause({ reason: v })],
  ['pause (queue)', (v) => agent.pause({ queue: v, reason: 'Lunch' })],
  ['unpause (queue)', (v) => agent.unpause({ queue: v })],
  ['queueLogin', (v) => agent.queueLogin(v)],
  ['queueLogout', (v) => agent.queueLogout(v)],
  ['transfer (target)', (v) => agent.transfer(v)],
  ['attended transfer (target)', (v) => agent.transfer(v, { attended: true })],
  ['transfer (call id)', (v) => agent.transfer('1002', { callId: v }), true],
  ['record start (call id)', (v) => agent.record('start', v), true],
  ['record (op)', (v) => agent.record(v as RecordOp)],
  ['hangup (call id)', (v) => agent.hangup(v), true],
];

// eslint-disable-next-line no-control-regex
const DANGEROUS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/;
/** Only hostile call ids and record ops reach these verbs: none of their actions may be sent. */
const FORBIDDEN_ACTIONS = new Set(['Hangup', 'MixMonitor', 'StopMixMonitor', 'MixMonitorMute', 'Logoff', 'Command']);
/** The shape every value of these headers must have, whatever the verbs were given. */
const SHAPES: Record<string, RegExp> = {
  Exten: /^\+?[0-9*#]{1,40}$/,
  Channel: /^PJSIP\/1001(-[0-9a-f]{8})?$/,
  // QueueLog's Interface is queue_log's agent column: the member's name, as Asterisk writes its own rows.
  Interface: /^(PJSIP\/1001|Local\/1001@from-queue\/n|Agent 1001)$/,
  Queue: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/,
  Context: /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,78}$/,
};

const REMOTE_LEG = /^PJSIP\/[A-Za-z0-9_]+-[0-9a-f]{8}$/;

async function expectAnswered(
  verb: string,
  label: string,
  run: () => Promise<unknown>,
  value: string,
  takesCallId: boolean,
): Promise<void> {
  let result: { ok: boolean; error?: string };
  try {
    result = (await run()) as { ok: boolean; error?: string };
  } catch (error) {
    throw new Error(`${verb} threw on ${label}: ${String(error)}`, { cause: error });
  }
  expect(typeof result?.ok, `${verb} ${label}`).toBe('boolean');
  // Surrounding whitespace (a pasted number's trailing newline) may be trimmed; inside, it must be refused.
  const mustRefuse = DANGEROUS.test(value.trim()) || value.length > 1000 || (takesCallId && value.trim() !== '');
  if (mustRefuse) expect(result.ok, `${verb} must refuse ${label}`).toBe(false);
  if (!result.ok) {
    expect(typeof result.error, `${verb} ${label}: an error in words`).toBe('string');
    expect(result.error!.length, `${verb} ${label}: a short error, not an echo`).toBeLessThan(400);
    expect(/[\r\n]/.test(result.error!) || result.error!.includes('\u0000'), `${verb} ${label}: no raw CR, LF or NUL in the error`).toBe(
      false,
    );
  }
}

describe('hostile values through every verb', () => {
  it('the fixed list: each verb answers, dangerous values are refused', async () => {
    for (const [name, call, takesCallId] of verbs()) {
      for (const [label, value] of HOSTILE_VALUES) {
        // An empty call id means "the current call" by contract: not hostile, and it would end the call under test.
        if (takesCallId && value.trim() === '') continue;
        await expectAnswered(name, label, () => call(value), value, takesCallId ?? false);
      }
    }
  });

  it(`seeded random strings (${RANDOM_PER_VERB} per verb): each verb answers, dangerous values are refused`, async () => {
    const random = prng(20_240_601);
    for (const [name, call, takesCallId] of verbs()) {
      for (let i = 0; i < RANDOM_PER_VERB; i++) {
        const value = randomHostile(random);
        if (takesCallId && value.trim() === '') continue;
        await expectAnswered(name, `random #${i} ${JSON.stringify(value.slice(0, 60))}`, () => call(value), value, takesCallId ?? false);
      }
    }
  }, 60_000);

  it('put zero hostile bytes on the wire: no CR/LF in a value, no NUL, no U+2028, no injected Action, no forbidden action', async () => {
    // Every action the companion sent, answered: a Ping after the verbs is answered in order.
    expect(agent.snapshot().connection.status).toBe('live');
    const sessions = pbx.control.sessions().filter((s) => s.username === 'agent');
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.closed).toBe(false);
    const bytes = pbx.control.receivedBytes(sessions[0]!.id);
    expect(bytes.length).toBe(sessions[0]!.bytesReceived); // everything was kept for the check
    const wire = checkWire(bytes);
    expect(wire.problems).toEqual([]);
    const sent = new Set(wire.messages.map((m) => m.action));
    expect([...sent].filter((a) => FORBIDDEN_ACTIONS.has(a))).toEqual([]);
    // A value with a trailing newline is trimmed and may be dialled or transferred to: then only
    // digits, * and # reach Exten, only the agent's own phone and legs are named, queues are names.
    for (const message of wire.messages) {
      for (const [key, value] of message.headers) {
        // A Redirect (the fallback of a refused BlindTransfer) moves the party bridged to the agent's
        // leg, found in CoreShowChannels: a full channel name from the PBX, never a pattern.
        const shape = message.action === 'Redirect' && key === 'Channel' ? REMOTE_LEG : SHAPES[key];
        if (shape) expect(value, `${message.action} ${key}`).toMatch(shape);
      }
    }
    // The fixed injection's payload never appears in any form.
    expect(bytes.includes('Application: System')).toBe(false);
    expect(bytes.includes('rm -rf')).toBe(false);
  });
});
