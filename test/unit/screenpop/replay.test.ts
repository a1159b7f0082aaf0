/**
 * The screen pop on the agent engine's snapshots of the real transcripts: 04 (a queue call) pops
 * once, at ring time, with the IVR's customer id; 08 (click-to-dial) never pops; 04 made to ring
 * the agent twice (a queue retry after a no-answer) still pops once.
 */
import { describe, expect, it } from 'vitest';
import { frameAll } from '../../../electron/core/ami/framer.ts';
import { AmiMessage } from '../../../electron/core/ami/message.ts';
import { agentIdentity } from '../../../electron/core/agent/identity.ts';
import type { Technology } from '../../../electron/core/agent/identity.ts';
import { ReplaySession } from '../../../electron/core/agent/replay.ts';
import type { PopLine } from '../../../electron/core/screenpop/screenpop.ts';
import { createPopLineStream } from '../../../electron/core/screenpop/screenpop.ts';
import type { CallState } from '../../../electron/shared/snapshot.ts';
import { readRaw } from '../../support/fixtures.ts';

const TEMPLATE = 'https://crm.example/c?id={var.CUSTOMER_ID}&n={number}&q={queue}';

type Pop = PopLine & { state: CallState | undefined };

/** Pop lines of a replay, each with the state of its call in the snapshot that made it. */
function replay(
  banner: string | undefined,
  messages: AmiMessage[],
  technology: Technology = 'PJSIP',
): { pops: Pop[]; ringingLegs: Set<string> } {
  const stream = createPopLineStream(TEMPLATE, '1001');
  if (!stream.ok) throw new Error(stream.error);
  const pops: Pop[] = [];
  const ringingLegs = new Set<string>();
  const session = new ReplaySession(agentIdentity({ extension: '1001', technology }), {
    onSnapshot: (snapshot) => {
      for (const call of snapshot.calls) if (call.state === 'ringing') ringingLegs.add(`${call.id} ${call.channel}`);
      for (const line of stream.next(snapshot)) pops.push({ ...line, state: snapshot.calls.find((c) => c.id === line.callId)?.state });
    },
  });
  session.connect(banner);
  for (const message of messages) session.message(message);
  session.end(true);
  return { pops, ringingLegs };
}

function popsOf(banner: string | undefined, messages: AmiMessage[], technology: Technology = 'PJSIP'): Pop[] {
  return replay(banner, messages, technology).pops;
}

function transcript(name: string): { banner?: string; messages: AmiMessage[] } {
  return frameAll([readRaw(name)]);
}

function expectTheQueueCallPop(pops: Pop[], callId: string): void {
  expect(pops).toHaveLength(1);
  const pop = pops[0]!;
  expect(pop.callId).toBe(callId);
  expect(pop.state).toBe('ringing');
  expect(pop.url).toBe('https://crm.example/c?id=C-1042&n=%2B15550109000&q=support');
  expect(Object.fromEntries(new URL(pop.url).searchParams)).toEqual({ id: 'C-1042', n: '+15550109000', q: 'support' });
}

describe('screen pop over replayed transcripts', () => {
  it('04-queue-call-answered (Asterisk 22): one pop, at ring time, with +15550109000, support and C-1042', () => {
    const { banner, messages } = transcript('asterisk-22/04-queue-call-answered.ami.raw');
    expectTheQueueCallPop(popsOf(banner, messages), '1795661986.5');
  });

  it('S04-queue-call-answered (Asterisk 18, chan_sip): one pop at ring time', () => {
    const { banner, messages } = transcript('asterisk-18/S04-queue-call-answered.ami.raw');
    const pops = popsOf(banner, messages, 'SIP');
    expect(pops).toHaveLength(1);
    expect(pops[0]!.state).toBe('ringing');
    expect(new URL(pops[0]!.url).searchParams.get('q')).toBe('support');
  });

  it('08-click-to-dial-originate: no pop', () => {
    const { banner, messages } = transcript('asterisk-22/08-click-to-dial-originate.ami.raw');
    expect(popsOf(banner, messages)).toEqual([]);
  });

  it('04 where the queue rings the agent twice (no answer, then a retry on a new leg): still one pop', () => {
    const { banner, messages } = transcript('asterisk-22/04-queue-call-answered.ami.raw');
    const agentLeg = 'PJSIP/1001-00000004';
    const concerns = (m: AmiMessage) => m.get('Channel') === agentLeg;
    const ringStart = messages.findIndex((m) => m.name === 'Newchannel' && concerns(m));
    const answer = messages.findIndex((m) => m.name === 'Newstate' && concerns(m) && m.get('ChannelStateDesc') === 'Up');
    const hangup = messages.findIndex((m) => m.name === 'Hangup' && concerns(m));
    const callerHangup = messages.findIndex((m) => m.name === 'Hangup' && m.get('Channel') === 'PJSIP/9000-00000003');
    expect(
      [ringStart, answer, hangup, callerHangup].every((i) => i > 0) && ringStart < answer && answer < hangup && hangup < callerHangup,
    ).toBe(true);

    // The retry is the same ring on a new leg of the same call (same Linkedid, new channel and Uniqueid).
    const retryLeg = (m: AmiMessage) =>
      new AmiMessage(m.raw.replaceAll(agentLeg, 'PJSIP/1001-00000005').replaceAll('1795661988.6', '1795661995.7'));
    const firstRingEnds = [...messages.slice(hangup, callerHangup)]; // the agent leg's Hangup and the device going idle
    const synthetic = [...messages.slice(0, answer), ...firstRingEnds, ...messages.slice(ringStart).map(retryLeg)];

    const { pops, ringingLegs } = replay(banner, synthetic);
    expect([...ringingLegs]).toEqual(['1795661986.5 PJSIP/1001-00000004', '1795661986.5 PJSIP/1001-00000005']);
    expectTheQueueCallPop(pops, '1795661986.5');
  });
});
