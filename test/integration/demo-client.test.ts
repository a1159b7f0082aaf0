/**
 * The project's own AMI client against the demo PBX: MD5 login, a list action, an Originate with
 * its OriginateResponse, and a reconnect after the PBX restarts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmiAction } from '../../electron/core/ami/action.ts';
import { AmiClient } from '../../electron/core/ami/client.ts';
import type { AmiMessage } from '../../electron/core/ami/message.ts';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';

let pbx: DemoPbx;
let client: AmiClient;
const events: AmiMessage[] = [];

function nextEvent(match: (e: AmiMessage) => boolean): Promise<AmiMessage> {
  const seen = events.find(match);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve) => {
    const off = client.onEvent((e) => {
      if (match(e)) {
        off();
        resolve(e);
      }
    });
  });
}

beforeAll(async () => {
  pbx = await startDemoPbx({ answerAfterMs: 5, otherAnswerAfterMs: 5 });
  client = new AmiClient({ host: '127.0.0.1', port: pbx.port, username: 'agent', secret: 'demo', authType: 'md5', keepaliveIntervalMs: 0 });
  client.onEvent((e) => events.push(e));
  await client.connect();
});
afterAll(async () => {
  await client.close();
  await pbx.close();
});

describe('demo PBX with the AmiClient', () => {
  it('lists the queues and originates a call that is answered', async () => {
    const list = await client.listAction(AmiAction.build('QueueStatus'));
    expect(list.items.filter((i) => i.name === 'QueueMember').map((i) => i.get('Location'))).toEqual([
      'PJSIP/1001',
      'Local/1001@from-queue/n',
    ]);
    const response = await client.action(
      AmiAction.build('Originate', { Channel: 'PJSIP/1001', Context: 'from-internal', Exten: '1002', Priority: 1, Async: 'true' }),
    );
    expect(response.get('Message')).toBe('Originate successfully queued');
    const id = response.get('ActionID');
    const done = await nextEvent((e) => e.name === 'OriginateResponse' && e.get('ActionID') === id);
    expect(done.get('Reason')).toBe('4');
    const bridged = await nextEvent((e) => e.name === 'BridgeEnter' && (e.get('Channel') ?? '').startsWith('PJSIP/1002-'));
    expect(bridged.get('Linkedid')).toBe(done.get('Uniqueid'));
    expect(pbx.control.agentHangup()).toBe(true);
    await nextEvent((e) => e.name === 'Hangup' && e.get('Channel') === done.get('Channel'));
  });

  it('reconnects after a restart and is told the PBX booted', async () => {
    const relogged = new Promise<void>((resolve) => {
      const off = client.onLogin(() => {
        off();
        resolve();
      });
    });
    events.length = 0;
    await pbx.control.restart({ downMs: 100, phonesBackAfterMs: 50 });
    await relogged;
    await nextEvent((e) => e.name === 'FullyBooted');
    expect(events.some((e) => e.name === 'Shutdown')).toBe(true);
    const ping = await client.action(AmiAction.build('Ping'));
    expect(ping.get('Ping')).toBe('Pong');
  });
});
