/**
 * The demo PBX reacts to the app's verbs as Asterisk 22 does (fixtures 07, 08, 09): Originate,
 * QueuePause/QueueAdd/QueueRemove, MixMonitor and friends, Hangup, transfers, QueueLog, and the
 * errors in Asterisk's words. The bytes each client sent are checked through the control API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import { WireClient, fixtureMessages, keys } from './demo-wire.ts';

let pbx: DemoPbx;
beforeAll(async () => {
  pbx = await startDemoPbx({ answerAfterMs: null, otherAnswerAfterMs: 5 });
});
afterAll(() => pbx.close());

const fixture07 = () => fixtureMessages('asterisk-22/07-queue-member-management.ami.raw');

/** The session id of a client: the newest session logged in as `user`. */
function sessionOf(user: string): number {
  return pbx.control
    .sessions()
    .filter((s) => s.username === user && !s.closed)
    .at(-1)!.id;
}

/** Connects a queue call to the agent and returns its id and the agent's channel. */
async function connectedCall(c: WireClient, queue = 'support'): Promise<{ id: string; agent: string; caller: string }> {
  const from = c.messages.length;
  const id = pbx.control.incomingCall({
    queue,
    callerNumber: '+34912345678',
    callerName: 'José Núñez',
    vars: { CUSTOMER_ID: 'C-2001', CUSTOMER_NAME: 'José Núñez' },
  });
  await c.event('AgentCalled', () => true, from);
  pbx.control.answer();
  const connect = await c.event('BridgeEnter', (m) => m.get('Channel')!.startsWith('PJSIP/9000-'), from);
  const agent = c
    .events(from)
    .find((e) => e.name === 'Newchannel' && e.get('Channel')!.startsWith('PJSIP/1001-'))!
    .get('Channel')!;
  return { id, agent, caller: connect.get('Channel')! };
}

describe('demo PBX: verbs', () => {
  it('Originate rings the agent, answers, dials out and sends OriginateResponse with the same ActionID (fixture 08)', async () => {
    const c = await WireClient.loggedIn(pbx.port);
    const from = c.messages.length;
    const r = await c.action(
      'Originate',
      {
        Channel: 'PJSIP/1001',
        Context: 'from-internal',
        Exten: '+15550100',
        Priority: 1,
        CallerID: '"Click2Dial" <700>',
        Timeout: 30000,
        Async: 'true',
        Variable: ['CUSTOMER_ID=C-1042', 'CUSTOMER_NAME=Ada Lovelace'],
        Account: 'crm-click',
      },
      'conn-2',
    );
    expect(r.raw).toBe('Response: Success\r\nActionID: conn-2\r\nMessage: Originate successfully queued');
    const ringing = await c.event(
      'Newstate',
      (m) => m.get('ChannelStateDesc') === 'Ringing' && m.get('Channel')!.startsWith('PJSIP/1001-'),
      from,
    );
    expect(ringing.variables()).toEqual({ CUSTOMER_ID: 'C-1042', CUSTOMER_NAME: 'Ada Lovelace' });
    expect(ringing.get('AccountCode')).toBe('crm-click');
    expect(pbx.control.answer()).toBe(true);
    const resp = await c.event('OriginateResponse', () => true, from);
    const real = fixtureMessages('asterisk-22/08-click-to-dial-originate.ami.raw').find((m) => m.name === 'OriginateResponse')!;
    const named = (m: typeof resp) => keys(m).map((k) => k.replace(/\(.*\)$/, '(CHANNEL)'));
    expect(named(resp)).toEqual(named(real));
    expect(resp.get('ActionID')).toBe('conn-2');
    expect(resp.get('Response')).toBe('Success');
    expect(resp.get('Reason')).toBe('4');
    expect(resp.get('Channel')).toBe(ringing.get('Channel'));
    expect(resp.variables()).toEqual({ CUSTOMER_ID: 'C-1042', CUSTOMER_NAME: 'Ada Lovelace' });
    // The destination answers; the agent's leg learns who it talks to.
    const line = await c.event(
      'NewConnectedLine',
      (m) => m.get('Channel') === ringing.get('Channel') && m.get('ConnectedLineNum') === '+15550100',
      from,
    );
    expect(line.get('Linkedid')).toBe(ringing.get('Uniqueid'));
    await c.event('BridgeEnter', (m) => m.get('Channel') === ringing.get('Channel'), from);
    const hangup = await c.action('Hangup', { Channel: ringing.get('Channel')!, Cause: 16 }, 'conn-3');
    expect(hangup.raw).toBe('Response: Success\r\nActionID: conn-3\r\nMessage: Channel Hungup');
    await c.event('Hangup', (m) => m.get('Channel') === ringing.get('Channel'), from);
    const sent = pbx.control.receivedActions(sessionOf('agentapp')).find((a) => a.get('ActionID') === 'conn-2')!;
    expect(sent.getAll('Variable')).toEqual(['CUSTOMER_ID=C-1042', 'CUSTOMER_NAME=Ada Lovelace']);
    c.close();
  });

  it('Originate to an endpoint that does not exist fails with Reason 0; a bad channel is refused at once', async () => {
    const c = await WireClient.loggedIn(pbx.port);
    const r = await c.action(
      'Originate',
      { Channel: 'PJSIP/1999', Context: 'from-internal', Exten: '700', Priority: 1, Async: 'true' },
      'conn-4',
    );
    expect(r.get('Message')).toBe('Originate successfully queued');
    const resp = await c.event('OriginateResponse', (m) => m.get('ActionID') === 'conn-4');
    const real = fixtureMessages('asterisk-22/08-click-to-dial-originate.ami.raw').filter((m) => m.name === 'OriginateResponse')[1]!;
    expect(resp.raw.replace(/^Privilege.*$/m, '')).toBe(real.raw.replace(/^Privilege.*$/m, ''));
    expect((await c.action('Originate', { Channel: 'nonsense', Exten: '1' })).get('Message')).toBe('Invalid channel');
    expect((await c.action('Originate', { Exten: '1' })).get('Message')).toBe('Channel not specified');
    c.close();
  });

  it('QueuePause with a reason: the bytes on the wire, the answer and the events of fixture 07', async () => {
    const c = await WireClient.loggedIn(pbx.port);
    const real = fixture07();
    const from = c.messages.length;
    const r = await c.action('QueuePause', { Queue: 'support', Interface: 'PJSIP/1001', Paused: 'true', Reason: 'Lunch break' }, 'conn-2');
    expect(r.raw).toBe(real.find((m) => m.get('ActionID') === 'conn-2')!.raw);
    const ev = await c.event('QueueMemberPause', () => true, from);
    expect(keys(ev)).toEqual(keys(real.find((m) => m.name === 'QueueMemberPause')!));
    expect(ev.get('Paused')).toBe('1');
    expect(ev.get('PausedReason')).toBe('Lunch break');
    const bytes = pbx.control.receivedBytes(sessionOf('agentapp')).toString('utf8');
    expect(bytes).toContain(
      'Action: QueuePause\r\nActionID: conn-2\r\nQueue: support\r\nInterface: PJSIP/1001\r\nPaused: true\r\nReason: Lunch break\r\n\r\n',
    );
    const un = await c.action('QueuePause', { Queue: 'support', Interface: 'PJSIP/1001', Paused: 'false', Reason: 'Back' }, 'conn-4');
    expect(un.get('Message')).toBe('Interface unpaused successfully');
    const back = await c.event('QueueMemberPause', (m) => m.get('Paused') === '0', from);
    expect(back.get('PausedReason')).toBe('Back');
    c.close();
  });

  it('QueuePause without Queue pauses every queue the interface is in; unknown ones are refused as in fixture 07', async () => {
    const c = await WireClient.loggedIn(pbx.port);
    const real = fixture07();
    const from = c.messages.length;
    await c.action('QueueAdd', { Queue: 'sales', Interface: 'PJSIP/1001', MemberName: 'Agent 1001', StateInterface: 'PJSIP/1001' });
    await c.action('QueuePause', { Interface: 'PJSIP/1001', Paused: 'true', Reason: 'All queues pause' });
    await c.event('QueueMemberPause', (m) => m.get('Queue') === 'support', from);
    await c.event('QueueMemberPause', (m) => m.get('Queue') === 'sales' && m.get('Interface') === 'PJSIP/1001', from);
    await c.action('QueuePause', { Interface: 'PJSIP/1001', Paused: 'false' });
    await c.action('QueueRemove', { Queue: 'sales', Interface: 'PJSIP/1001' });
    const noQueue = await c.action('QueuePause', { Queue: 'nosuchqueue', Interface: 'PJSIP/1001', Paused: 'true' }, 'conn-19');
    expect(noQueue.raw).toBe(real.find((m) => m.get('ActionID') === 'conn-19')!.raw);
    const noIface = await c.action('QueuePause', { Queue: 'support', Interface: 'PJSIP/9999', Paused: 'true' }, 'conn-20');
    expect(noIface.raw).toBe(real.find((m) => m.get('ActionID') === 'conn-20')!.raw);
    c.close();
  });

  it('QueueAdd and QueueRemove, with Already there and Not there (fixture 07)', async () => {
    const c = await WireClient.loggedIn(pbx.port);
    const real = fixture07();
    const from = c.messages.length;
    const add = await c.action(
      'QueueAdd',
      { Queue: 'support', Interface: 'PJSIP/1002', Penalty: 1, Paused: 'false', MemberName: 'Agent 1002', StateInterface: 'PJSIP/1002' },
      'conn-10',
    );
    expect(add.raw).toBe(real.find((m) => m.get('ActionID') === 'conn-10')!.raw);
    const added = await c.event('QueueMemberAdded', () => true, from);
    expect(keys(added)).toEqual(keys(real.find((m) => m.name === 'QueueMemberAdded')!));
    expect(added.get('Membership')).toBe('dynamic');
    expect((await c.action('QueueAdd', { Queue: 'support', Interface: 'PJSIP/1002', Penalty: 1 }, 'conn-11')).raw).toBe(
      real.find((m) => m.get('ActionID') === 'conn-11')!.raw,
    );
    expect((await c.action('QueueRemove', { Queue: 'support', Interface: 'PJSIP/1002' }, 'conn-17')).raw).toBe(
      real.find((m) => m.get('ActionID') === 'conn-17')!.raw,
    );
    const removed = await c.event('QueueMemberRemoved', () => true, from);
    expect(removed.get('Interface')).toBe('PJSIP/1002');
    expect((await c.action('QueueRemove', { Queue: 'support', Interface: 'PJSIP/1002' }, 'conn-18')).raw).toBe(
      real.find((m) => m.get('ActionID') === 'conn-18')!.raw,
    );
    c.close();
  });

  it('QueueLog writes a row a wallboard would read', async () => {
    const c = await WireClient.loggedIn(pbx.port);
    const r = await c.action('QueueLog', { Queue: 'support', Event: 'PAUSE', Interface: 'PJSIP/1001', Message: 'Lunch' }, 'conn-21');
    expect(r.raw).toBe('Response: Success\r\nActionID: conn-21\r\nMessage: Event added successfully');
    expect(pbx.control.queueLog().at(-1)).toMatchObject({ queue: 'support', event: 'PAUSE', agent: 'PJSIP/1001', data: 'Lunch' });
    expect((await c.action('QueueLog', { Queue: 'support' })).get('Message')).toBe("Need 'Event' and 'Queue' parameters.");
    c.close();
  });

  it('a pause made elsewhere arrives as QueueMemberPause with its reason', async () => {
    const c = await WireClient.loggedIn(pbx.port);
    const from = c.messages.length;
    expect(pbx.control.pause({ paused: true, reason: 'Training' })).toBe(2);
    const support = await c.event('QueueMemberPause', (m) => m.get('Queue') === 'support', from);
    const sales = await c.event('QueueMemberPause', (m) => m.get('Queue') === 'sales', from);
    expect([support.get('PausedReason'), sales.get('PausedReason')]).toEqual(['Training', 'Training']);
    expect(sales.get('Interface')).toBe('Local/1001@from-queue/n');
    pbx.control.pause({ paused: false });
    const status = await c.list('QueueStatus');
    expect(status.items.filter((i) => i.name === 'QueueMember' && i.get('Paused') === '1')).toEqual([]);
    c.close();
  });

  it('MixMonitor, MixMonitorMute and StopMixMonitor on the live agent channel (fixture 09), and their errors', async () => {
    const c = await WireClient.loggedIn(pbx.port);
    const real = fixtureMessages('asterisk-22/09-mixmonitor-recording.ami.raw');
    const { id, agent } = await connectedCall(c);
    const from = c.messages.length;
    const start = await c.action('MixMonitor', { Channel: agent, File: '/tmp/demo-1.wav', Options: 'b' }, 'conn-2');
    expect(start.raw).toBe('Response: Success\r\nActionID: conn-2');
    const started = await c.event('MixMonitorStart', () => true, from);
    expect(keys(started)).toEqual(keys(real.find((m) => m.name === 'MixMonitorStart')!));
    expect(started.get('Channel')).toBe(agent);
    await c.action('MixMonitorMute', { Channel: agent, Direction: 'both', State: 1 });
    const muted = await c.event('MixMonitorMute', () => true, from);
    expect([muted.get('Direction'), muted.get('State')]).toEqual(['both', '1']);
    const file = await c.action('Getvar', { Channel: agent, Variable: 'MIXMONITOR_FILENAME' });
    expect(file.get('Value')).toBe('/tmp/demo-1.wav');
    expect((await c.action('StopMixMonitor', { Channel: agent })).get('Response')).toBe('Success');
    await c.event('MixMonitorStop', () => true, from);
    expect((await c.action('StopMixMonitor', { Channel: agent })).get('Message')).toBe('Could not stop monitoring channel');
    expect((await c.action('MixMonitor', { Channel: 'PJSIP/1001-99999999', File: '/tmp/x.wav' })).get('Message')).toBe('No such channel');
    expect((await c.action('MixMonitorMute', { Channel: 'PJSIP/1001-99999999', Direction: 'both', State: 1 })).get('Message')).toBe(
      'No such channel',
    );
    expect((await c.action('StopMixMonitor', { Channel: 'PJSIP/1001-99999999' })).get('Message')).toBe('No such channel');
    expect((await c.action('PauseMonitor', { Channel: agent }, 'conn-5')).raw).toBe(real.find((m) => m.get('ActionID') === 'conn-5')!.raw);
    pbx.control.callerHangup(id);
    await c.event('Hangup', (m) => m.get('Uniqueid') === id, from);
    expect(
      c
        .events(from)
        .some(
          (e) => e.name === 'MixMonitorStop' && c.events(from).indexOf(e) > c.events(from).findIndex((x) => x.name === 'AgentComplete'),
        ),
    ).toBe(false);
    c.close();
  });

  it('Hangup of the agent leg ends the queue call with AgentComplete Reason agent; an unknown channel is No such channel', async () => {
    const c = await WireClient.loggedIn(pbx.port);
    const { id, agent } = await connectedCall(c);
    const from = c.messages.length;
    expect((await c.action('Hangup', { Channel: agent })).get('Message')).toBe('Channel Hungup');
    expect((await c.event('AgentComplete', () => true, from)).get('Reason')).toBe('agent');
    await c.event('Hangup', (m) => m.get('Uniqueid') === id, from);
    expect((await c.action('Hangup', { Channel: agent })).get('Message')).toBe('No such channel');
    c.close();
  });

  it('BlindTransfer of the agent leg sends the caller to 1002, which answers; Redirect of the caller does the same', async () => {
    const c = await WireClient.loggedIn(pbx.port);
    for (const verb of ['BlindTransfer', 'Redirect'] as const) {
      const { id, agent, caller } = await connectedCall(c);
      const from = c.messages.length;
      const r =
        verb === 'BlindTransfer'
          ? await c.action(verb, { Channel: agent, Exten: '1002', Context: 'from-internal' })
          : await c.action(verb, { Channel: caller, Exten: '1002', Context: 'from-internal', Priority: 1 });
      expect(r.get('Message')).toBe(verb === 'BlindTransfer' ? 'Transfer succeeded' : 'Redirect successful');
      expect((await c.event('AgentComplete', () => true, from)).get('Reason')).toBe('transfer');
      await c.event('Hangup', (m) => m.get('Channel') === agent, from);
      const enter = await c.event('BridgeEnter', (m) => m.get('Channel')!.startsWith('PJSIP/1002-'), from);
      expect(enter.get('Linkedid')).toBe(id);
      pbx.control.callerHangup(id);
      await c.event('Hangup', (m) => m.get('Uniqueid') === id, from);
    }
    expect((await c.action('BlindTransfer', { Channel: 'PJSIP/1001-99999999', Exten: '1002' })).get('Message')).toBe(
      'Channel specified does not exist',
    );
    expect((await c.action('Redirect', { Channel: 'PJSIP/1001-99999999', Exten: '1002' })).get('Message')).toBe(
      'Channel does not exist: PJSIP/1001-99999999',
    );
    c.close();
  });
});
