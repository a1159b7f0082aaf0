import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AmiAction, AmiFieldError } from '../../../electron/core/ami/action.ts';
import { AmiConnectionError, AmiResponseError, AmiTimeoutError } from '../../../electron/core/ami/errors.ts';
import { AmiFramer } from '../../../electron/core/ami/framer.ts';
import type { AmiMessage } from '../../../electron/core/ami/message.ts';
import { explainAmiError, explainFailure, explainOriginateFailure } from '../../../electron/core/actions/errors.ts';
import { ActionInputError } from '../../../electron/core/actions/validate.ts';
import { fixturePath, readRaw } from '../../support/fixtures.ts';

/** The actions a scenario sent (its .actions.txt), rebuilt as AmiActions, by ActionID. */
function sentActions(name: string): Map<string, AmiAction> {
  const text = readFileSync(fixturePath(name), 'utf8');
  const out = new Map<string, AmiAction>();
  for (const block of text.split(/^### SENT/m).slice(1)) {
    const headers = block
      .split('\n')
      .slice(1)
      .filter((l) => /^[A-Za-z]+: ?/.test(l))
      .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()] as const);
    const name = headers.find(([k]) => k === 'Action')![1];
    const id = headers.find(([k]) => k === 'ActionID')![1];
    out.set(id, AmiAction.build(name, Object.fromEntries(headers.filter(([k]) => k !== 'Action' && k !== 'ActionID'))));
  }
  return out;
}

/** Every message of a transcript, in order. */
function messages(raw: string): AmiMessage[] {
  const out: AmiMessage[] = [];
  const framer = new AmiFramer({ onBanner: () => {}, onMessage: (m) => out.push(m) });
  framer.push(readRaw(raw));
  return out;
}

/** What the agent would read for each `Response: Error` of a transcript, by ActionID. */
function explained(actionsFile: string, raw: string): Record<string, string> {
  const sent = sentActions(actionsFile);
  const out: Record<string, string> = {};
  for (const m of messages(raw)) {
    if (m.kind !== 'response' || m.name !== 'Error') continue;
    const id = m.get('ActionID')!;
    out[`${id} ${sent.get(id)!.name}`] = explainAmiError(sent.get(id)!, m.get('Message')!);
  }
  return out;
}

describe('explainAmiError over the real PBX replies', () => {
  it('fixture 02: the limited user (write = call,originate) is told which class is missing', () => {
    const words = explained(
      'asterisk-22/02-login-failure-and-permissions.actions.txt',
      'asterisk-22/02-login-failure-and-permissions.conn2.ami.raw',
    );
    expect(Object.keys(words)).toEqual(['c2-3 Command', 'c2-4 QueuePause', 'c2-5 Reload', 'c2-6 CoreShowChannels', 'c2-9 NoSuchAction']);
    expect(words['c2-4 QueuePause']).toBe(
      'The PBX did not let the companion change your pause: its AMI user needs "agent" in the write = line of manager.conf (or is not logged in).',
    );
    expect(words['c2-6 CoreShowChannels']).toBe(
      'The PBX did not let the companion read your calls: its AMI user needs "reporting" in the write = line of manager.conf (or is not logged in).',
    );
    expect(words['c2-3 Command']).toMatch(/needs "command"/);
    expect(words['c2-5 Reload']).toMatch(/needs "config"/);
    expect(words['c2-9 NoSuchAction']).toBe(
      'This PBX does not know the action NoSuchAction (an older Asterisk, or a module that is not loaded).',
    );
  });

  it('fixture 02: a wrong secret', () => {
    const words = explained(
      'asterisk-22/02-login-failure-and-permissions.actions.txt',
      'asterisk-22/02-login-failure-and-permissions.conn1.ami.raw',
    );
    expect(words['c1-3 Login']).toBe('The PBX refused the AMI user name or secret.');
    expect(words['c1-1 Ping']).toMatch(/lacks the permission for Ping/);
  });

  it('fixture 07: membership errors name the queue and the interface', () => {
    const words = explained('asterisk-22/07-queue-member-management.actions.txt', 'asterisk-22/07-queue-member-management.ami.raw');
    expect(words).toEqual({
      'conn-11 QueueAdd': 'You are already logged in to queue support.',
      'conn-18 QueueRemove': 'You are not logged in to queue support.',
      'conn-19 QueuePause':
        'You are not a member of queue nosuchqueue as PJSIP/1001 (or there is no such queue), so the PBX changed nothing.',
      'conn-20 QueuePause': 'You are not a member of queue support as PJSIP/9999 (or there is no such queue), so the PBX changed nothing.',
    });
  });

  it('fixture 09: PauseMonitor is gone since Asterisk 21', () => {
    const words = explained('asterisk-22/09-mixmonitor-recording.actions.txt', 'asterisk-22/09-mixmonitor-recording.ami.raw');
    expect(Object.keys(words)).toEqual(['conn-5 PauseMonitor', 'conn-6 UnpauseMonitor']);
    expect(words['conn-5 PauseMonitor']).toMatch(
      /no longer has Monitor\/PauseMonitor \(removed in Asterisk 21\): recording uses MixMonitor/,
    );
  });

  it('fixture 08: the OriginateResponse of a device that does not exist (Reason 0)', () => {
    const failure = messages('asterisk-22/08-click-to-dial-originate.ami.raw').find(
      (m) => m.name === 'OriginateResponse' && m.get('Response') === 'Failure',
    )!;
    expect(failure.get('Channel')).toBe('PJSIP/1999');
    expect(explainOriginateFailure(failure.get('Reason'))).toBe(
      'The PBX could not ring your phone: it is not registered, or the device in the settings does not exist.',
    );
  });

  // Asterisk 22's wording for the rest (app_queue.c, manager.c, app_mixmonitor.c, bridge transfer results).
  it.each([
    ['Hangup', 'No such channel', 'The call has already ended.'],
    ['BlindTransfer', 'Channel specified does not exist', 'The call has already ended.'],
    ['Redirect', 'Channel does not exist: PJSIP/1001-0000000a', 'The call has already ended.'],
    ['MixMonitor', 'No such channel', 'The call has already ended.'],
    [
      'BlindTransfer',
      'Transfer not permitted',
      'The PBX does not allow transferring this call (the queue or dialplan did not grant transfer rights, e.g. the Queue t option).',
    ],
    ['BlindTransfer', 'Transfer invalid', 'This call cannot be transferred: it is not connected to anyone yet.'],
    [
      'Atxfer',
      'No attended transfer feature code found',
      'Attended transfer is not set up on this PBX: features.conf needs an atxfer code (atxfer => *2).',
    ],
    ['MixMonitorMute', 'Cannot set mute flag', 'This call is not being recorded, so there is nothing to mute.'],
    ['StopMixMonitor', 'Could not stop monitoring channel', 'This call is not being recorded.'],
    [
      'MixMonitor',
      'Permission denied',
      'The PBX did not let the companion start recording: its AMI user needs "system" in the write = line of manager.conf (or is not logged in).',
    ],
    [
      'Originate',
      'Permission denied',
      'The PBX did not let the companion place the call: its AMI user needs "originate" in the write = line of manager.conf (or is not logged in).',
    ],
    [
      'MixMonitor',
      'Invalid/unknown command: MixMonitor. Use Action: ListCommands to show available commands.',
      'This PBX cannot record calls through AMI: the app_mixmonitor module is not loaded.',
    ],
    [
      'QueueRemove',
      'Member not dynamic',
      'You are a permanent member of that queue (set in queues.conf): you cannot log out from the app; ask your supervisor.',
    ],
    ['Hangup', "Need 'Channel'", 'The companion sent the PBX an incomplete request to hang up ("Need \'Channel\'"): please report this.'],
    ['Hangup', 'Something new', 'The PBX could not hang up: Something new.'],
    ['Hangup', '', 'The PBX could not hang up and gave no reason.'],
  ])('%s answered %j', (action, pbx, words) => {
    expect(explainAmiError(action, pbx)).toBe(words);
  });

  it('QueueRemove of a static member names the queue when the action is given', () => {
    expect(explainAmiError(AmiAction.build('QueueRemove', { Queue: 'sales', Interface: 'PJSIP/1001' }), 'Member not dynamic')).toMatch(
      /permanent member of queue sales/,
    );
    expect(
      explainAmiError(
        AmiAction.build('QueueAdd', { Queue: 'nope', Interface: 'PJSIP/1001' }),
        'Unable to add interface to queue: No such queue',
      ),
    ).toBe('There is no queue nope on the PBX.');
  });

  it('a pause in all queues when the agent is in none', () => {
    expect(explainAmiError(AmiAction.build('QueuePause', { Interface: 'PJSIP/1001', Paused: true }), 'Interface not found')).toBe(
      'You are not a member of any queue as PJSIP/1001, so the PBX changed nothing.',
    );
  });
});

describe('explainOriginateFailure', () => {
  it.each([
    ['1', /hung up/],
    ['3', /rang but was not answered/],
    ['5', /busy/],
    ['8', /could not be reached/],
    [undefined, /reason unknown/],
    ['42', /reason 42/],
  ])('Reason %s', (reason, words) => {
    expect(explainOriginateFailure(reason)).toMatch(words);
  });
});

describe('explainFailure: every kind of error in one sentence', () => {
  const pause = AmiAction.build('QueuePause', { Queue: 'support', Interface: 'PJSIP/1001', Paused: true });
  it.each([
    [new ActionInputError('Reason', 'The pause reason is longer than 100 characters.'), 'The pause reason is longer than 100 characters.'],
    [
      new AmiFieldError('Reason', 'contains a line break (CR/LF), which would inject AMI headers'),
      /^That cannot be sent to the PBX: AMI field "Reason" contains a line break/,
    ],
    [
      new AmiResponseError(
        'QueuePause',
        messages('asterisk-22/02-login-failure-and-permissions.conn2.ami.raw').find((m) => m.get('ActionID') === 'c2-4')!,
      ),
      /needs "agent"/,
    ],
    [
      new AmiTimeoutError('QueuePause', 10000),
      'The PBX did not answer in time, so it is not known whether it could change your pause. Check before trying again.',
    ],
    [
      new AmiConnectionError('the connection closed'),
      'Not connected to the PBX, so it could not change your pause. (the connection closed)',
    ],
    [new Error('boom'), 'Could not change your pause: boom'],
    ['a string', 'Could not change your pause: a string'],
  ])('%s', (error, words) => {
    if (typeof words === 'string') expect(explainFailure(pause, error)).toBe(words);
    else expect(explainFailure(pause, error)).toMatch(words);
  });
});
