/**
 * The real transcripts replayed through the agent engine give the pause and recording states the
 * verbs act on: the memberships a pause targets and the channel a recording verb names are the
 * ones the real Asterisk 22 accepted in fixtures 07 and 09 (their .actions.txt), byte for byte.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AmiAction } from '../../../electron/core/ami/action.ts';
import { currentCall, memberships } from '../../../electron/core/actions/agent-verbs.ts';
import { queuePause } from '../../../electron/core/actions/queue.ts';
import { mixMonitorMute, stopMixMonitor } from '../../../electron/core/actions/recording.ts';
import type { Snapshot } from '../../../electron/shared/snapshot.ts';
import { fixturePath } from '../../support/fixtures.ts';
import { replaySnapshots } from '../../replay/agent-session.ts';

/** The actions a fixture sent, by ActionID, as the text on the wire without the ActionID line. */
function sentActions(name: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const block of readFileSync(fixturePath(name), 'utf8')
    .split(/^### \w+ .*$/m)
    .slice(1)) {
    const lines = block.split('\n').filter((l) => /^[A-Za-z]+: ?/.test(l));
    const id = lines
      .find((l) => l.startsWith('ActionID:'))
      ?.slice('ActionID:'.length)
      .trim();
    if (id) out.set(id, lines.filter((l) => !l.startsWith('ActionID:')).join('\r\n'));
  }
  return out;
}

/** An action as the wire text, without the ActionID (the client adds it). */
const wire = (action: AmiAction) =>
  action
    .serialize('x')
    .replace(/\r\n\r\n$/, '')
    .split('\r\n')
    .filter((line) => line !== 'ActionID: x')
    .join('\r\n');

/** Snapshots whose picture differs from the one before, first first. */
function moments(names: string[], picture: (s: Snapshot) => unknown): Snapshot[] {
  const out: Snapshot[] = [];
  let last = '';
  for (const s of replaySnapshots(names)) {
    const key = JSON.stringify(picture(s));
    if (key !== last) out.push(s);
    last = key;
  }
  return out;
}

describe('fixture 07: pauses as the PBX reports them', () => {
  const sent = sentActions('asterisk-22/07-queue-member-management.actions.txt');
  const pauses = moments(['asterisk-22/07-queue-member-management.ami.raw'], (s) =>
    s.queues.map((q) => [q.name, q.paused, q.pausedReason]),
  ).filter((s) => s.connection.status === 'live' && s.queues.length > 0);

  it('shows each pause with its reason, and the reason the PBX keeps after an unpause', () => {
    expect(pauses.map((s) => Object.fromEntries(s.queues.map((q) => [q.name, [q.paused, q.pausedReason]])))).toEqual([
      { support: [true, 'Lunch break'] },
      { support: [false, 'Back'] },
      { support: [false, 'Back'], sales: [true, 'Coaching'] },
      { support: [false, 'Back'], sales: [false, ''] },
      { support: [true, 'All queues pause'], sales: [false, ''] },
      { support: [false, ''], sales: [false, ''] },
    ]);
  });

  it('the memberships a pause targets are the interfaces each queue knows: the verbs send what Asterisk accepted', () => {
    const both = pauses.find((s) => s.queues.length === 2)!;
    // With the member's name as the PBX reports it (queue_log's agent column).
    expect(memberships(both)).toEqual([
      { queue: 'support', interface: 'PJSIP/1001', memberName: 'Agent 1001' },
      { queue: 'sales', interface: 'Local/1001@from-queue/n', memberName: 'Agent 1001' },
    ]);
    const [support, sales] = memberships(both);
    expect(wire(queuePause({ ...support!, paused: true, reason: 'Lunch break' }))).toBe(sent.get('conn-2'));
    expect(wire(queuePause({ ...support!, paused: false, reason: 'Back' }))).toBe(sent.get('conn-4'));
    expect(wire(queuePause({ ...sales!, paused: true, reason: 'Coaching' }))).toBe(sent.get('conn-5'));
    expect(wire(queuePause({ ...sales!, paused: false }))).toBe(sent.get('conn-7'));
  });
});

describe('fixture 09: recording as the PBX reports it', () => {
  const sent = sentActions('asterisk-22/09-mixmonitor-recording.actions.txt');
  const calls = moments(['asterisk-22/09-mixmonitor-recording.ami.raw'], (s) => s.calls.map((c) => [c.state, c.recording])).filter(
    (s) => s.calls.length > 0,
  );

  it('off, on, muted, on, off, on again (the second MixMonitor runs until the hang-up)', () => {
    expect(calls.filter((s) => s.calls[0]!.state === 'up').map((s) => s.calls[0]!.recording)).toEqual([
      'off',
      'on',
      'muted',
      'on',
      'off',
      'on',
    ]);
  });

  it('the call the recording verbs act on is the leg Asterisk recorded: mute, unmute and stop as sent', () => {
    const recording = calls.find((s) => s.calls[0]!.recording === 'on')!;
    const call = currentCall(recording)!;
    expect(call.channel).toBe('PJSIP/1001-0000000c');
    expect(wire(mixMonitorMute({ channel: call.channel!, mute: true }))).toBe(sent.get('conn-3'));
    expect(wire(mixMonitorMute({ channel: call.channel!, mute: false }))).toBe(sent.get('conn-4'));
    expect(wire(stopMixMonitor({ channel: call.channel! }))).toBe(sent.get('conn-8'));
  });
});
