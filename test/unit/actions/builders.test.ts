import { describe, expect, it } from 'vitest';
import type { AmiAction } from '../../../electron/core/ami/action.ts';
import { originate } from '../../../electron/core/actions/originate.ts';
import { queueAdd, queueLog, queuePause, queueRemove } from '../../../electron/core/actions/queue.ts';
import { mixMonitor, mixMonitorMute, recordingFile, stopMixMonitor } from '../../../electron/core/actions/recording.ts';
import { atxfer, blindTransfer, hangup, redirect } from '../../../electron/core/actions/call.ts';
import { ActionInputError } from '../../../electron/core/actions/validate.ts';

/** The bytes as the fixtures' actions.txt show them (CRLF shown as LF), with ActionID X. */
const wire = (action: AmiAction) => action.serialize('X').replace(/\r\n/g, '\n');
const lines = (...l: string[]) => [...l, '', ''].join('\n');

function refusal(build: () => unknown): ActionInputError {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(ActionInputError);
    return error as ActionInputError;
  }
  throw new Error('expected a refusal');
}

describe('originate: the click-to-dial a real Asterisk 22 accepted (fixture 08)', () => {
  it('reproduces fixture 08 byte for byte', () => {
    const action = originate({
      channel: 'PJSIP/1001',
      exten: '700',
      callerId: { name: 'Click2Dial', number: '700' },
      variables: { CUSTOMER_ID: 'C-1042', CUSTOMER_NAME: 'Ada Lovelace' },
      account: 'crm-click',
    });
    expect(wire(action)).toBe(
      lines(
        'Action: Originate',
        'ActionID: X',
        'Channel: PJSIP/1001',
        'Context: from-internal',
        'Exten: 700',
        'Priority: 1',
        'CallerID: "Click2Dial" <700>',
        'Timeout: 30000',
        'Async: true',
        'Variable: CUSTOMER_ID=C-1042',
        'Variable: CUSTOMER_NAME=Ada Lovelace',
        'Account: crm-click',
      ),
    );
  });

  it('the smallest form, for a FreePBX Local channel', () => {
    expect(
      wire(originate({ channel: 'Local/1001@originate-skipvm', exten: '0912345678', context: 'from-internal', timeoutMs: 20000 })),
    ).toBe(
      lines(
        'Action: Originate',
        'ActionID: X',
        'Channel: Local/1001@originate-skipvm',
        'Context: from-internal',
        'Exten: 0912345678',
        'Priority: 1',
        'Timeout: 20000',
        'Async: true',
      ),
    );
  });

  it('caller ID with only a number or only a name', () => {
    expect(originate({ channel: 'PJSIP/1001', exten: '700', callerId: { number: '+34912345678' } }).get('CallerID')).toBe('<+34912345678>');
    expect(originate({ channel: 'PJSIP/1001', exten: '700', callerId: { name: 'Ada' } }).get('CallerID')).toBe('"Ada"');
    expect(originate({ channel: 'PJSIP/1001', exten: '700', callerId: {} }).get('CallerID')).toBeUndefined();
  });

  it('escapes what Asterisk would split a Variable on', () => {
    const action = originate({
      channel: 'PJSIP/1001',
      exten: '700',
      variables: { CUSTOMER_NAME: 'Lovelace, Ada', NOTE: 'x,EVIL=1', Q: 'say "hi" \\o/' },
    });
    expect(wire(action)).toContain('Variable: CUSTOMER_NAME=Lovelace\\, Ada\nVariable: NOTE=x\\,EVIL=1\nVariable: Q=say \\"hi\\" \\\\o/\n');
  });

  it('auto-answer: off by default; a header per brand on the PJSIP or SIP leg', () => {
    expect(wire(originate({ channel: 'PJSIP/1001', exten: '700' }))).not.toContain('Variable');
    expect(wire(originate({ channel: 'PJSIP/1001', exten: '700', autoAnswer: 'call-info' }))).toContain(
      'Variable: PJSIP_HEADER(add,Call-Info)=<sip:127.0.0.1>;answer-after=0\n',
    );
    expect(wire(originate({ channel: 'PJSIP/1001', exten: '700', autoAnswer: 'alert-info' }))).toContain(
      'Variable: PJSIP_HEADER(add,Alert-Info)=<http://127.0.0.1>;info=alert-autoanswer;delay=0\n',
    );
    expect(wire(originate({ channel: 'SIP/1001', exten: '700', autoAnswer: 'answer-mode', variables: { A: '1' } }))).toContain(
      'Variable: A=1\nVariable: SIPADDHEADER=Answer-Mode: Auto\n',
    );
    expect(refusal(() => originate({ channel: 'Local/1001@originate-skipvm', exten: '700', autoAnswer: 'call-info' })).message).toMatch(
      /PJSIP\/ or SIP\//,
    );
  });

  it.each([
    [{ channel: '', exten: '700' }, /No channel/],
    [{ channel: '1001', exten: '700' }, /not a channel name/],
    [{ channel: '/PJSIP/.*/', exten: '700' }, /not a channel name/],
    [{ channel: 'PJSIP/1001\r\nAction: Hangup', exten: '700' }, /line break/],
    [{ channel: 'PJSIP/1001', exten: '' }, /No number/],
    [{ channel: 'PJSIP/1001', exten: '700,1' }, /not a number the PBX can dial/],
    [{ channel: 'PJSIP/1001', exten: '9${EVIL}' }, /not a number the PBX can dial/],
    [{ channel: 'PJSIP/1001', exten: '1'.repeat(41) }, /not a number/],
    [{ channel: 'PJSIP/1001', exten: '700', context: 'from internal' }, /not a dialplan context/],
    [{ channel: 'PJSIP/1001', exten: '700', timeoutMs: 1000 }, /from 5000 to 120000/],
    [{ channel: 'PJSIP/1001', exten: '700', timeoutMs: 30000.5 }, /whole number/],
    [{ channel: 'PJSIP/1001', exten: '700', callerId: { name: 'A" <1>' } }, /without quotes/],
    [{ channel: 'PJSIP/1001', exten: '700', callerId: { number: '12a' } }, /digits/],
    [{ channel: 'PJSIP/1001', exten: '700', variables: { 'BAD NAME': 'x' } }, /not a channel variable name/],
    [{ channel: 'PJSIP/1001', exten: '700', variables: { 'PJSIP_HEADER(add,X)': 'x' } }, /not a channel variable name/],
    [{ channel: 'PJSIP/1001', exten: '700', variables: { A: 'x\r\nAction: Hangup' } }, /line break/],
    [{ channel: 'PJSIP/1001', exten: '700', variables: { A: 'x'.repeat(257) } }, /longer than 256/],
    [
      { channel: 'PJSIP/1001', exten: '700', variables: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`V${i}`, '1'])) },
      /At most 20/,
    ],
    [{ channel: 'PJSIP/1001', exten: '700', account: 'crm click' }, /account code/],
    [{ channel: 'PJSIP/1001', exten: '700', autoAnswer: 'yes' as never }, /not one of off/],
  ])('refuses %j', (request, why) => {
    expect(refusal(() => originate(request)).message).toMatch(why);
  });
});

describe('queue actions (fixture 07)', () => {
  it('QueuePause with a reason, as fixture 07 sent it', () => {
    expect(wire(queuePause({ queue: 'support', interface: 'PJSIP/1001', paused: true, reason: 'Lunch break' }))).toBe(
      lines('Action: QueuePause', 'ActionID: X', 'Queue: support', 'Interface: PJSIP/1001', 'Paused: true', 'Reason: Lunch break'),
    );
  });

  it('QueuePause of a Local member without a reason, and in all queues', () => {
    expect(wire(queuePause({ queue: 'sales', interface: 'Local/1001@from-queue/n', paused: false }))).toBe(
      lines('Action: QueuePause', 'ActionID: X', 'Queue: sales', 'Interface: Local/1001@from-queue/n', 'Paused: false'),
    );
    expect(wire(queuePause({ interface: 'PJSIP/1001', paused: true, reason: 'All queues pause' }))).toBe(
      lines('Action: QueuePause', 'ActionID: X', 'Interface: PJSIP/1001', 'Paused: true', 'Reason: All queues pause'),
    );
  });

  it('keeps accents and trims the reason', () => {
    expect(queuePause({ interface: 'PJSIP/1001', paused: true, reason: '  Capacitación  ' }).get('Reason')).toBe('Capacitación');
    expect(queuePause({ interface: 'PJSIP/1001', paused: true, reason: '   ' }).get('Reason')).toBeUndefined();
  });

  it.each([
    [{ interface: 'PJSIP/1001', paused: true, reason: 'Lunch\r\nAction: Hangup' }, /line break/],
    [{ interface: 'PJSIP/1001', paused: true, reason: 'x'.repeat(10_000) }, /longer than 100/],
    [{ interface: 'PJSIP/1001', paused: true, reason: 'x'.repeat(101) }, /longer than 100/],
    [{ interface: 'PJSIP/1001', paused: true, reason: 'a|b' }, /"\|"/],
    [{ interface: 'PJSIP/1001', paused: true, reason: 'tab\there' }, /control character/],
    [{ interface: 'PJSIP/1001', paused: true, reason: 42 as unknown as string }, /must be text/],
    [{ interface: 'PJSIP/1001', queue: 'sup port', paused: true }, /not a queue name/],
    [{ interface: 'PJSIP/1001', queue: '../etc', paused: true }, /not a queue name/],
    [{ interface: 'nobody', paused: true }, /not a queue member interface/],
    [{ interface: '', paused: true }, /No queue member interface/],
  ])('QueuePause refuses %j', (request, why) => {
    expect(refusal(() => queuePause(request)).message).toMatch(why);
  });

  it('a 100-character reason is accepted', () => {
    expect(queuePause({ interface: 'PJSIP/1001', paused: true, reason: 'x'.repeat(100) }).get('Reason')).toHaveLength(100);
  });

  it('QueueLog as fixture 07 sent it, and a PAUSE row under the member name Asterisk uses (its agent column)', () => {
    expect(wire(queueLog({ queue: 'support', event: 'CUSTOM', agent: 'PJSIP/1001', message: 'lab marker' }))).toBe(
      lines('Action: QueueLog', 'ActionID: X', 'Queue: support', 'Event: CUSTOM', 'Interface: PJSIP/1001', 'Message: lab marker'),
    );
    expect(wire(queueLog({ queue: 'sales', event: 'UNPAUSE', agent: 'Agent 1001' }))).toBe(
      lines('Action: QueueLog', 'ActionID: X', 'Queue: sales', 'Event: UNPAUSE', 'Interface: Agent 1001'),
    );
    expect(refusal(() => queueLog({ queue: 'support', event: 'DROP TABLE' as never, agent: 'Agent 1001' })).message).toMatch(/not one of/);
    expect(refusal(() => queueLog({ queue: 'support', event: 'PAUSE', agent: 'Agent 1001', message: 'a|b|c' })).message).toMatch(
      /queue log/,
    );
    expect(refusal(() => queueLog({ queue: 'support', event: 'PAUSE', agent: 'Agent|1001' })).message).toMatch(/"\|"/);
    expect(refusal(() => queueLog({ queue: 'support', event: 'PAUSE', agent: 'Agent 1001\r\nAction: Hangup' })).message).toMatch(
      /line break/,
    );
    expect(refusal(() => queueLog({ queue: 'support', event: 'PAUSE', agent: ' ' })).message).toMatch(/^No member name given/);
  });

  it('QueueAdd as fixture 07 sent it', () => {
    expect(
      wire(
        queueAdd({
          queue: 'support',
          interface: 'PJSIP/1002',
          penalty: 1,
          paused: false,
          memberName: 'Agent 1002',
          stateInterface: 'PJSIP/1002',
        }),
      ),
    ).toBe(
      lines(
        'Action: QueueAdd',
        'ActionID: X',
        'Queue: support',
        'Interface: PJSIP/1002',
        'Penalty: 1',
        'Paused: false',
        'MemberName: Agent 1002',
        'StateInterface: PJSIP/1002',
      ),
    );
    expect(wire(queueAdd({ queue: 'support', interface: 'PJSIP/1002', penalty: 1 }))).toBe(
      lines('Action: QueueAdd', 'ActionID: X', 'Queue: support', 'Interface: PJSIP/1002', 'Penalty: 1'),
    );
    expect(
      queueAdd({ queue: 'sales', interface: 'Local/1001@from-queue/n', stateInterface: 'hint:1001@ext-local' }).get('StateInterface'),
    ).toBe('hint:1001@ext-local');
  });

  it('QueueAdd refuses bad input', () => {
    expect(refusal(() => queueAdd({ queue: 'support', interface: 'PJSIP/1002', penalty: -1 })).message).toMatch(/from 0 to 1000/);
    expect(refusal(() => queueAdd({ queue: 'support', interface: 'PJSIP/1002', memberName: 'A\nB' })).message).toMatch(/line break/);
    expect(refusal(() => queueAdd({ queue: 'support', interface: 'PJSIP/1002', stateInterface: 'hint:1001@ext local' })).message).toMatch(
      /interface/,
    );
    expect(refusal(() => queueAdd({ queue: '', interface: 'PJSIP/1002' })).message).toMatch(/No queue/);
  });

  it('QueueRemove as fixture 07 sent it', () => {
    expect(wire(queueRemove({ queue: 'support', interface: 'PJSIP/1002' }))).toBe(
      lines('Action: QueueRemove', 'ActionID: X', 'Queue: support', 'Interface: PJSIP/1002'),
    );
  });
});

describe('recording (fixture 09)', () => {
  it('MixMonitor, MixMonitorMute and StopMixMonitor as fixture 09 sent them (without the empty Command)', () => {
    const channel = 'PJSIP/1001-0000000c';
    expect(wire(mixMonitor({ channel, file: '/srv/pbx1/var/spool/asterisk/monitor/lab-1795662076578.wav', options: 'b' }))).toBe(
      lines(
        'Action: MixMonitor',
        'ActionID: X',
        `Channel: ${channel}`,
        'File: /srv/pbx1/var/spool/asterisk/monitor/lab-1795662076578.wav',
        'Options: b',
      ),
    );
    expect(wire(mixMonitor({ channel, file: 'lab-1795662076578-2.wav' }))).toBe(
      lines('Action: MixMonitor', 'ActionID: X', `Channel: ${channel}`, 'File: lab-1795662076578-2.wav'),
    );
    expect(wire(mixMonitorMute({ channel, mute: true }))).toBe(
      lines('Action: MixMonitorMute', 'ActionID: X', `Channel: ${channel}`, 'Direction: both', 'State: 1'),
    );
    expect(wire(mixMonitorMute({ channel, mute: false }))).toBe(
      lines('Action: MixMonitorMute', 'ActionID: X', `Channel: ${channel}`, 'Direction: both', 'State: 0'),
    );
    expect(wire(stopMixMonitor({ channel }))).toBe(lines('Action: StopMixMonitor', 'ActionID: X', `Channel: ${channel}`));
  });

  it('never sets the Command header', () => {
    expect(mixMonitor({ channel: 'PJSIP/1001-0000000c', file: 'a.wav' }).get('Command')).toBeUndefined();
  });

  it('recordingFile fills a template with safe characters only', () => {
    const at = new Date(2026, 10, 26, 3, 1, 16);
    expect(recordingFile('companion/{date}/{extension}-{time}-{uniqueid}.wav', { extension: '1001', uniqueid: '1795662076.20' }, at)).toBe(
      'companion/20261126/1001-030116-1795662076.20.wav',
    );
    expect(recordingFile('{number}-{queue}.wav', { number: '+34 912/../345', queue: 'sales' }, at)).toBe('+34_912_.._345-sales.wav');
    expect(recordingFile('{callid}.wav', { callid: '../../etc/passwd' }, at)).toBe('__.._etc_passwd.wav');
    expect(recordingFile('{queue}.wav', {}, at)).toBe('none.wav');
  });

  it.each([
    ['../secret.wav', /without ".."/],
    ['a/../../b.wav', /without ".."/],
    ['rec.mp3', /ending in .wav/],
    ['rec.wav; rm -rf /', /letters, digits/],
    ['$(reboot).wav', /letters, digits/],
    ['.hidden.wav', /letters, digits/],
    ['x'.repeat(300) + '.wav', /letters, digits/],
  ])('refuses the file %j', (file, why) => {
    expect(refusal(() => mixMonitor({ channel: 'PJSIP/1001-0000000c', file })).message).toMatch(why);
  });

  it('refuses unknown placeholders and unsafe options', () => {
    expect(refusal(() => recordingFile('{secret}.wav', {}, new Date())).message).toMatch(/unknown placeholder/);
    expect(refusal(() => mixMonitor({ channel: 'PJSIP/1001-0000000c', file: 'a.wav', options: 'r(/etc/x)' })).message).toMatch(
      /not allowed/,
    );
    expect(refusal(() => mixMonitor({ channel: 'PJSIP/1001-0000000c', file: 'a.wav', options: 'b,x' })).message).toMatch(/not allowed/);
    expect(mixMonitor({ channel: 'PJSIP/1001-0000000c', file: 'a.wav', options: 'bv(2)W(-1)' }).get('Options')).toBe('bv(2)W(-1)');
  });
});

describe('call control (fixture 08 Hangup, transfers)', () => {
  it('Hangup as fixture 08 sent it', () => {
    expect(wire(hangup({ channel: 'PJSIP/1001-0000000a' }))).toBe(
      lines('Action: Hangup', 'ActionID: X', 'Channel: PJSIP/1001-0000000a', 'Cause: 16'),
    );
  });

  it('never sends a Hangup pattern (a /regex/ hangs up every matching call)', () => {
    expect(refusal(() => hangup({ channel: '/PJSIP/.*/' })).message).toMatch(/not a channel name/);
    expect(refusal(() => hangup({ channel: '' })).message).toMatch(/No channel/);
  });

  it('BlindTransfer, Redirect and Atxfer', () => {
    expect(wire(blindTransfer({ channel: 'PJSIP/1001-0000000a', exten: '1002' }))).toBe(
      lines('Action: BlindTransfer', 'ActionID: X', 'Channel: PJSIP/1001-0000000a', 'Exten: 1002', 'Context: from-internal'),
    );
    expect(wire(redirect({ channel: 'PJSIP/9000-00000009', exten: '0912345678', context: 'from-internal' }))).toBe(
      lines(
        'Action: Redirect',
        'ActionID: X',
        'Channel: PJSIP/9000-00000009',
        'Exten: 0912345678',
        'Context: from-internal',
        'Priority: 1',
      ),
    );
    expect(wire(atxfer({ channel: 'Local/1001@from-queue-00000001;2', exten: '1002', context: 'ext-local' }))).toBe(
      lines('Action: Atxfer', 'ActionID: X', 'Channel: Local/1001@from-queue-00000001;2', 'Exten: 1002', 'Context: ext-local'),
    );
  });

  it('transfers refuse a target that is not a number', () => {
    expect(refusal(() => blindTransfer({ channel: 'PJSIP/1001-0000000a', exten: 's' })).message).toMatch(/not a number/);
    expect(refusal(() => redirect({ channel: 'PJSIP/1001-0000000a', exten: '1002', context: 'a b' })).message).toMatch(/context/);
    expect(refusal(() => atxfer({ channel: 'PJSIP/1001-0000000a', exten: '1002\r\nAction: Hangup' })).message).toMatch(/line break/);
  });
});
