import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LifecycleDecision, PopDecision } from '../../../electron/core/screenpop/screenpop.ts';
import { createPopLineStream, createScreenPop, popLinesFromSnapshots } from '../../../electron/core/screenpop/screenpop.ts';
import { compileTemplate } from '../../../electron/core/screenpop/template.ts';
import { answered, queueCall, snapshot } from './calls.ts';

const TEMPLATE = 'https://crm.example/c?id={var.CUSTOMER_ID}&n={number}&q={queue}';
const ringing = queueCall();
const up = answered(ringing);
const idle = snapshot([]);

// A caller lookup on loopback: /caller answers at once, /hang never does.
let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.startsWith('/caller')) res.end(JSON.stringify({ account: 'ACME & Co', name: 'Ada' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function recorder() {
  const events: Array<PopDecision | LifecycleDecision> = [];
  const logs: string[] = [];
  return {
    events,
    logs,
    open: (d: PopDecision) => events.push(d),
    lifecycle: (d: LifecycleDecision) => events.push(d),
    log: (m: string) => logs.push(m),
  };
}

describe('createScreenPop', () => {
  it('opens one pop for a queue call, with its URL, through re-ring, answer and hang-up', async () => {
    const r = recorder();
    const pop = createScreenPop({ template: TEMPLATE, extension: '1001', open: r.open, lifecycle: r.lifecycle });
    for (const s of [idle, snapshot([ringing]), idle, snapshot([{ ...ringing, channel: 'PJSIP/1001-00000007' }]), snapshot([up]), idle]) {
      await pop.onSnapshot(s);
    }
    const url = 'https://crm.example/c?id=C-1042&n=%2B15550109000&q=support';
    expect(r.events.map((e) => [e.type, e.callId, 'url' in e ? e.url : undefined])).toEqual([
      ['pop', ringing.id, url],
      ['close', ringing.id, undefined],
      ['reopen', ringing.id, url],
    ]);
    expect(r.events[0]).toMatchObject({ call: ringing, lookup: null });
  });

  it('enriches the pop with the caller lookup', async () => {
    const r = recorder();
    const pop = createScreenPop({
      template: 'https://crm.example/c?a={lookup.account}&n={number}',
      lookup: { url: `${base}/caller?n={number}` },
      open: r.open,
    });
    await pop.onSnapshot(snapshot([ringing]));
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({
      type: 'pop',
      url: 'https://crm.example/c?a=ACME%20%26%20Co&n=%2B15550109000',
      lookup: { account: 'ACME & Co', name: 'Ada' },
    });
  });

  it('still pops, with empty lookup fields, when the lookup never answers; the close comes after the pop', async () => {
    const r = recorder();
    const pop = createScreenPop({
      template: 'https://crm.example/c?a={lookup.account}&n={number}',
      lookup: { url: `${base}/hang?n={number}`, timeoutMs: 100 },
      open: r.open,
      lifecycle: r.lifecycle,
    });
    const first = pop.onSnapshot(snapshot([ringing]));
    const second = pop.onSnapshot(idle);
    await Promise.all([first, second]);
    expect(r.events.map((e) => e.type)).toEqual(['pop', 'close']);
    expect(r.events[0]).toMatchObject({ url: 'https://crm.example/c?a=&n=%2B15550109000', lookup: null });
  });

  it('skips the lookup for a call without a number', async () => {
    const r = recorder();
    const pop = createScreenPop({ template: TEMPLATE, lookup: { url: `${base}/hang?n={number}`, timeoutMs: 60_000 }, open: r.open });
    await pop.onSnapshot(snapshot([queueCall({ remote: { number: '<unknown>', name: '' } })]));
    expect(r.events).toMatchObject([{ type: 'pop', url: 'https://crm.example/c?id=C-1042&n=&q=support', lookup: null }]);
  });

  it('pops with no URL, and says why in the log, when the rendered URL is refused', async () => {
    const r = recorder();
    const template = compileTemplate(TEMPLATE, { maxLength: 80 });
    if (!template.ok) throw new Error(template.error);
    const pop = createScreenPop({ template: template.template, open: r.open, log: r.log });
    await pop.onSnapshot(snapshot([queueCall({ vars: { CUSTOMER_ID: 'C'.repeat(200) } })]));
    expect(r.events).toMatchObject([{ type: 'pop', url: null, error: 'The URL would be longer than 80 characters.' }]);
    expect(r.logs).toEqual([`screen pop refused for call ${ringing.id}: The URL would be longer than 80 characters.`]);
  });

  it('refuses an invalid template or lookup URL when created', () => {
    expect(() => createScreenPop({ template: 'https://crm.example/?x={nope}', open: () => undefined })).toThrow(
      /^Screen pop URL: Unknown placeholder \{nope\}/,
    );
    expect(() => createScreenPop({ template: 'javascript:alert({number})', open: () => undefined })).toThrow(
      'Screen pop URL: The scheme "javascript:" is not allowed; allowed: http:, https:.',
    );
    expect(() => createScreenPop({ template: TEMPLATE, lookup: { url: 'https://crm.example/?n={name}' }, open: () => undefined })).toThrow(
      /^Caller lookup URL: /,
    );
  });

  it('survives a callback that throws, and logs it', async () => {
    const r = recorder();
    const other = queueCall({ id: 'other-1' });
    let calls = 0;
    const pop = createScreenPop({
      template: TEMPLATE,
      open: () => {
        calls++;
        throw new Error('window gone');
      },
      lifecycle: () => {
        throw new Error('notification gone');
      },
      log: r.log,
    });
    await pop.onSnapshot(snapshot([ringing]));
    await pop.onSnapshot(snapshot([other]));
    expect(calls).toBe(2);
    expect(r.logs).toEqual([
      'screen pop: the open callback failed: window gone',
      'screen pop: the open callback failed: window gone',
      'screen pop: the lifecycle callback failed: notification gone',
    ]);
  });

  it('follows the trigger options: nothing for click-to-dial, on answer when asked', async () => {
    const r = recorder();
    const pop = createScreenPop({ template: TEMPLATE, trigger: { when: 'answer' }, open: r.open });
    const clickToDial = queueCall({ id: 'c2d', direction: 'outbound', queue: null });
    for (const s of [snapshot([clickToDial]), snapshot([{ ...clickToDial, state: 'dialing' }]), snapshot([answered(clickToDial), ringing])])
      await pop.onSnapshot(s);
    expect(r.events).toEqual([]);
    await pop.onSnapshot(snapshot([up]));
    expect(r.events.map((e) => e.callId)).toEqual([ringing.id]);
  });
});

describe('pop lines for the CLI', () => {
  it('gives one line for the queue call, whatever the snapshots in between', () => {
    const lines = popLinesFromSnapshots([idle, snapshot([ringing]), idle, snapshot([ringing]), snapshot([up]), idle], TEMPLATE, '1001');
    expect(lines).toEqual([{ type: 'pop', callId: '1795661986.5', url: 'https://crm.example/c?id=C-1042&n=%2B15550109000&q=support' }]);
    expect(JSON.stringify(lines[0])).toBe(
      '{"type":"pop","callId":"1795661986.5","url":"https://crm.example/c?id=C-1042&n=%2B15550109000&q=support"}',
    );
  });

  it('gives none for a click-to-dial', () => {
    const clickToDial = queueCall({ id: 'c2d', direction: 'outbound', queue: null });
    expect(
      popLinesFromSnapshots(
        [snapshot([clickToDial]), snapshot([{ ...clickToDial, state: 'dialing' }]), snapshot([answered(clickToDial)])],
        TEMPLATE,
        '1001',
      ),
    ).toEqual([]);
  });

  it('fills {extension} with the given one and formats numbers as asked', () => {
    const lines = popLinesFromSnapshots([snapshot([ringing])], 'https://crm.example/{extension}?n={number}', '1001', {
      numberFormat: 'digits',
    });
    expect(lines.map((l) => l.url)).toEqual(['https://crm.example/1001?n=15550109000']);
  });

  it('throws a clear error for an invalid template', () => {
    expect(() => popLinesFromSnapshots([], 'https://crm.example/?x={var.}', '1001')).toThrow(/^--pop-url: Unknown placeholder \{var\.\}/);
    expect(createPopLineStream('ftp://x/{number}', '1001')).toEqual({
      ok: false,
      error: 'The scheme "ftp:" is not allowed; allowed: http:, https:.',
      phrase: { code: 'pop.template.scheme-not-allowed', params: { scheme: 'ftp', allowed: 'http:, https:' } },
    });
  });

  it('streams, and tells about a refused URL instead of printing it', () => {
    const refused: string[] = [];
    const stream = createPopLineStream('https://crm.example/p/{var.CUSTOMER_ID}', '1001', {
      onRefused: (id, reason) => refused.push(`${id}: ${reason}`),
    });
    if (!stream.ok) throw new Error(stream.error);
    expect(stream.next(snapshot([queueCall({ vars: { CUSTOMER_ID: 'x'.repeat(40_000) } })]))).toEqual([]);
    expect(refused).toEqual(['1795661986.5: The URL would be longer than 32768 characters.']);
    expect(stream.next(snapshot([queueCall({ id: 'b' })]))).toEqual([{ type: 'pop', callId: 'b', url: 'https://crm.example/p/C-1042' }]);
  });
});
