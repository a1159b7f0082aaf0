/**
 * The demo PBX as a whole call center (the relay bench's PBX): 500 agents, each a member of both
 * queues, rung one at a time (rrmemory) so a call rings one phone, not 500; the PBX counts what it
 * wrote to each session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import { WireClient } from './demo-wire.ts';

let pbx: DemoPbx;
beforeAll(async () => {
  pbx = await startDemoPbx({
    agents: { count: 500 },
    strategy: 'rrmemory',
    answerAfterMs: null,
    otherAnswerAfterMs: 60_000,
    memberTimeoutMs: 60_000,
  });
});
afterAll(() => pbx.close());

describe('demo PBX: a 500-agent call center', () => {
  it('lists 500 phones and 500 members in each queue', async () => {
    const c = await WireClient.loggedIn(pbx.port);
    const hints = await c.list('ExtensionStateList');
    expect(hints.items.map((m) => m.get('Exten'))).toContain('1499');
    expect(hints.items).toHaveLength(500);
    const queues = await c.list('QueueStatus');
    const members = (queue: string) => queues.items.filter((m) => m.name === 'QueueMember' && m.get('Queue') === queue);
    expect(members('support')).toHaveLength(500);
    expect(members('sales')).toHaveLength(500);
    expect(members('sales').map((m) => m.get('StateInterface'))).toContain('hint:1250@ext-local');
    c.close();
  });

  it('rings one member per call, the next free one each time, and counts what it wrote', async () => {
    const c = await WireClient.loggedIn(pbx.port);
    const from = c.messages.length;
    for (let i = 0; i < 3; i++) pbx.control.incomingCall({ queue: 'support', callerNumber: `+1555000000${i}` });
    await c.waitFor(() => c.events(from).filter((m) => m.name === 'AgentCalled').length === 3, 'three AgentCalled');
    const rung = c
      .events(from)
      .filter((m) => m.name === 'AgentCalled')
      .map((m) => m.get('Interface'));
    expect(new Set(rung).size).toBe(3);
    expect(rung.every((iface) => /^PJSIP\/1[0-4][0-9]{2}$/.test(iface ?? ''))).toBe(true);
    // The newest session is this client's; every event it was sent arrives (list items are not events sent).
    const session = () => pbx.control.sessions().at(-1)!;
    const unsolicited = () => c.events().filter((m) => !m.has('ActionID')).length;
    await c.waitFor(() => unsolicited() === session().eventsSent, 'every event the PBX counted');
    expect(session().eventsSent).toBeGreaterThan(3 * 10);
    expect(session().bytesSent).toBeGreaterThan(session().eventsSent * 100);
    c.close();
  });
});
