/**
 * The list and status actions a client's initial sync runs (fixture 01, 01b) come back from the
 * demo PBX with the same shapes: `EventList: start`, items carrying the ActionID, a `...Complete`
 * event with ListItems, and the same header names in the same order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AmiMessage } from '../../electron/core/ami/message.ts';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import { WireClient, fixtureMessages, keys } from './demo-wire.ts';

let pbx: DemoPbx;
beforeAll(async () => {
  pbx = await startDemoPbx({ answerAfterMs: null });
});
afterAll(() => pbx.close());

const idle = () => fixtureMessages('asterisk-22/01-initial-sync-idle.ami.raw');
const busy = () => fixtureMessages('asterisk-22/01b-initial-sync-busy.ami.raw');

function sameShape(mine: AmiMessage, real: AmiMessage | undefined): void {
  expect(real, mine.name).toBeDefined();
  expect(keys(mine), mine.name).toEqual(keys(real!));
}

describe('demo PBX: initial-sync actions', () => {
  it('answers CoreSettings, CoreStatus, Getvar and ExtensionState with the headers of fixture 01', async () => {
    const c = await WireClient.loggedIn(pbx.port);
    const real = idle();
    const byId = (id: string) => real.find((m) => m.kind === 'response' && m.get('ActionID') === id);
    const settings = await c.action('CoreSettings', {}, 'conn-3');
    sameShape(settings, byId('conn-3'));
    expect(settings.get('AMIversion')).toBe('11.0.0');
    expect(settings.get('AsteriskVersion')).toMatch(/^22\./);
    sameShape(await c.action('CoreStatus', {}, 'conn-4'), byId('conn-4'));
    sameShape(await c.action('Getvar', { Variable: 'ASTERISK_VERSION_NUM' }, 'conn-15'), byId('conn-15'));
    const state = await c.action('ExtensionState', { Exten: '1001', Context: 'ext-local' });
    expect([state.get('Hint'), state.get('Status'), state.get('StatusText')]).toEqual(['PJSIP/1001', '0', 'Idle']);
    c.close();
  });

  it('lists queues, members, hints and devices as fixture 01 does on an idle PBX', async () => {
    const c = await WireClient.loggedIn(pbx.port);
    const real = idle().filter((m) => m.kind === 'event');
    const queue = await c.list('QueueStatus');
    expect(queue.response.get('Message')).toBe('Queue status will follow');
    expect(queue.items.map((i) => `${i.name} ${i.get('Queue')} ${i.get('Location') ?? ''}`)).toEqual([
      'QueueParams support ',
      'QueueMember support PJSIP/1001',
      'QueueParams sales ',
      'QueueMember sales Local/1001@from-queue/n',
    ]);
    for (const item of queue.items)
      sameShape(
        item,
        real.find((m) => m.name === item.name),
      );
    sameShape(
      queue.complete,
      real.find((m) => m.name === 'QueueStatusComplete'),
    );
    expect(queue.complete.get('ListItems')).toBe('4');
    expect(queue.items[3]!.get('StateInterface')).toBe('hint:1001@ext-local');
    expect(queue.items[3]!.get('Name')).toBe('Agent 1001');

    const summary = await c.list('QueueSummary');
    for (const item of summary.items)
      sameShape(
        item,
        real.find((m) => m.name === 'QueueSummary'),
      );
    const hints = await c.list('ExtensionStateList');
    expect(hints.items.map((h) => [h.get('Exten'), h.get('Context'), h.get('Hint'), h.get('Status')])).toEqual([
      ['1001', 'ext-local', 'PJSIP/1001', '0'],
      ['1002', 'ext-local', 'PJSIP/1002', '0'],
    ]);
    for (const item of hints.items)
      sameShape(
        item,
        real.find((m) => m.name === 'ExtensionStatus' && m.has('ActionID')),
      );
    sameShape(
      hints.complete,
      real.find((m) => m.name === 'ExtensionStateListComplete'),
    );
    const devices = await c.list('DeviceStateList');
    expect(devices.items.find((d) => d.get('Device') === 'PJSIP/1001')!.get('State')).toBe('NOT_INUSE');
    sameShape(
      devices.items[0]!,
      real.find((m) => m.name === 'DeviceStateChange' && m.has('ActionID')),
    );
    const endpoints = await c.list('PJSIPShowEndpoints');
    expect(endpoints.items.map((e) => e.get('ObjectName'))).toEqual(['1001', '1002']);
    const channels = await c.list('CoreShowChannels');
    expect(channels.items).toEqual([]);
    sameShape(
      channels.complete,
      real.find((m) => m.name === 'CoreShowChannelsComplete'),
    );
    const status = await c.list('Status');
    sameShape(
      status.complete,
      real.find((m) => m.name === 'StatusComplete'),
    );
    c.close();
  });

  it('lists a live call as fixture 01b does: Status, CoreShowChannel and QueueEntry items', async () => {
    const c = await WireClient.loggedIn(pbx.port);
    const real = busy().filter((m) => m.kind === 'event');
    const id = pbx.control.incomingCall({
      queue: 'support',
      callerNumber: '+15550109000',
      callerName: 'PSTN Caller',
      vars: { CUSTOMER_ID: 'C-1042', CUSTOMER_NAME: 'Ada Lovelace' },
    });
    await c.event('AgentCalled');
    const queue = await c.list('QueueStatus', { Queue: 'support' });
    const entry = queue.items.find((i) => i.name === 'QueueEntry')!;
    sameShape(
      entry,
      real.find((m) => m.name === 'QueueEntry'),
    );
    expect(entry.get('CallerIDNum')).toBe('+15550109000');
    expect(queue.items.find((i) => i.name === 'QueueMember')!.get('Status')).toBe('6');
    const status = await c.list('Status');
    expect(status.items.map((s) => s.get('ChannelStateDesc'))).toEqual(['Up', 'Ringing']);
    for (const item of status.items)
      sameShape(
        item,
        real.find((m) => m.name === 'Status'),
      );
    expect(status.items[1]!.get('Linkedid')).toBe(id);
    expect(status.items[1]!.variables()).toEqual({ CUSTOMER_ID: 'C-1042', CUSTOMER_NAME: 'Ada Lovelace' });
    expect(status.complete.get('Items')).toBe('2');
    const channels = await c.list('CoreShowChannels');
    for (const item of channels.items)
      sameShape(
        item,
        real.find((m) => m.name === 'CoreShowChannel'),
      );
    expect(channels.items.map((i) => i.get('Application'))).toEqual(['Queue', 'AppQueue']);
    pbx.control.callerHangup(id);
    await c.event('QueueCallerAbandon');
    c.close();
  });
});
