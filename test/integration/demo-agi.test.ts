/**
 * The demo PBX with its IVR on the real AGI path (agiIvr): each caller that brings no variables is
 * validated by our FastAGI service (the validate script, over TCP on loopback, against the demo's
 * CRM of DEMO_CALLERS), and the pop shows what it set; a caller the CRM does not know is
 * CUSTOMER_VALID=0. A call that brings its own variables keeps them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompanion, type CoreCompanion } from '../../electron/core/companion.ts';
import { startDemoPbx, type CallNotice, type DemoPbx } from '../../electron/core/demo/index.ts';
import type { PopDecision } from '../../electron/core/screenpop/screenpop.ts';
import type { Snapshot } from '../../electron/shared/snapshot.ts';

let pbx: DemoPbx;
let core: CoreCompanion;
const pops: PopDecision[] = [];
const notices: CallNotice[] = [];

function until(test: (s: Snapshot) => boolean): Promise<Snapshot> {
  return new Promise((resolve) => {
    if (test(core.snapshot())) return resolve(core.snapshot());
    const stop = core.subscribe((s) => {
      if (!test(s)) return;
      stop();
      resolve(s);
    });
  });
}

beforeAll(async () => {
  pbx = await startDemoPbx({ answerAfterMs: null, agiIvr: true });
  pbx.control.onCall((n) => notices.push(n));
  core = await createCompanion({
    pbx: { host: pbx.host, port: pbx.port, username: 'agent', extension: '1001' },
    secret: 'demo',
    screenPop: { template: 'https://crm.example/c?id={var.CUSTOMER_ID}&name={var.CUSTOMER_NAME}&n={number}' },
    onPop: (pop) => pops.push(pop),
    client: { keepaliveIntervalMs: 0 },
  });
  await until((s) => s.connection.status === 'live' && s.queues.length === 2);
});

afterAll(async () => {
  await core.close();
  await pbx.close();
});

async function ringAndEnd(call: Parameters<DemoPbx['control']['incomingCall']>[0]): Promise<{ vars: Record<string, string>; pop: URL }> {
  const id = pbx.control.incomingCall(call);
  const ringing = await until((s) => s.calls.some((c) => c.id === id && c.state === 'ringing'));
  const vars = ringing.calls.find((c) => c.id === id)!.vars;
  pbx.control.callerHangup(id);
  await until((s) => s.calls.every((c) => c.id !== id));
  const pop = pops.find((p) => p.callId === id)!;
  return { vars, pop: new URL(pop.url!) };
}

describe('the demo IVR through FastAGI', () => {
  it('a customer the CRM knows: the pop carries what the validate script set', async () => {
    const { vars, pop } = await ringAndEnd({ queue: 'support', callerNumber: '+15550109000', callerName: 'PSTN Caller' });
    expect(vars).toMatchObject({ CUSTOMER_ID: 'C-1042', CUSTOMER_NAME: 'Ada Lovelace' });
    expect(pop.searchParams.get('id')).toBe('C-1042');
    expect(pop.searchParams.get('name')).toBe('Ada Lovelace');
    const queued = notices.find((n) => n.type === 'queued' && n.number === '+15550109000');
    expect(queued).toMatchObject({ vars: { CUSTOMER_VALID: '1', CUSTOMER_ID: 'C-1042', CUSTOMER_NAME: 'Ada Lovelace' } });
  });

  it('through the sales queue too, with a UTF-8 name', async () => {
    const { vars } = await ringAndEnd({ queue: 'sales', callerNumber: '+81312345678', callerName: 'Yamada' });
    expect(vars).toMatchObject({ CUSTOMER_ID: 'C-2007', CUSTOMER_NAME: '山田 太郎' });
  });

  it('a caller the CRM does not know: CUSTOMER_VALID=0, no id', async () => {
    const { vars } = await ringAndEnd({ queue: 'support', callerNumber: '+12125550123' });
    expect(vars).toMatchObject({ CUSTOMER_ID: '', CUSTOMER_NAME: '' });
    expect(notices.find((n) => n.type === 'queued' && n.number === '+12125550123')).toMatchObject({ vars: { CUSTOMER_VALID: '0' } });
  });

  it("a call that brings its own variables keeps them (the tests' and trainers' way)", async () => {
    const { vars } = await ringAndEnd({ queue: 'support', callerNumber: '+15550109000', vars: { CUSTOMER_ID: 'C-7' } });
    expect(vars.CUSTOMER_ID).toBe('C-7');
  });
});
