/**
 * The team view from the command line (issue 18) against the demo PBX over real TCP: `team` prints
 * the colleagues' and the queues' tables once and exits; `watch` carries `team` and `me` in its JSON
 * lines as colleagues' calls go; bad input is refused before anything connects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../electron/core/cli.ts';
import { memoryIO } from '../../electron/core/cli/io.ts';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import type { Snapshot } from '../../electron/shared/snapshot.ts';
import { waitUntil } from '../support/wait.ts';

let pbx: DemoPbx;
beforeAll(async () => {
  pbx = await startDemoPbx({ answerAfterMs: null, otherAnswerAfterMs: 5, agents: { count: 2, first: 1002 } });
});
afterAll(() => pbx.close());

const login = () => ['--host', '127.0.0.1', '--port', String(pbx.port), '--user', 'agentapp', '--extension', '1001'];

describe('pbx-companion team', () => {
  it('prints the colleagues and the queues once, with a caller in 1002’s phone and 1003 paused, and exits 0', async () => {
    pbx.control.pause({ paused: true, reason: 'Lunch', iface: 'PJSIP/1003' });
    const id = pbx.control.outsideCall({ callerNumber: '+15550109000', extension: '1002' });
    try {
      const io = memoryIO({ AMI_SECRET: 's3cret' });
      expect(await main(['team', ...login(), '--colleagues', '1009'], io)).toBe(0);
      expect(io.errors).toEqual([]);
      const rows = io.lines.map((l) => l.split(/ {2,}/));
      expect(io.lines[0]).toBe('Colleagues: 3');
      expect(rows[1]).toEqual(['EXTENSION', 'STATE', 'PAUSED', 'ON CALL', 'NAME', 'QUEUES']);
      expect(rows[2]).toEqual(['1002', 'in use', 'no', expect.stringMatching(/^0:0\d$/), 'Agent 1002', 'sales,support']);
      expect(rows[3]).toEqual(['1003', 'idle', 'yes (Lunch)', '-', 'Agent 1003', 'sales,support']);
      expect(rows[4]).toEqual(['1009', 'unknown', '-', '-', '-', '-']);
      expect(io.lines[6]).toBe('Queues: 2');
      expect(rows[7]).toEqual(['QUEUE', 'WAITING', 'LONGEST', 'ANSWERED', 'ABANDONED', 'SERVICE', 'AVAILABLE', 'PAUSED', 'BUSY']);
      expect(rows[8]).toEqual(['sales', '0', '0:00', '0', '0', '0.0%', '1', '1', '1']);
      expect(io.lines).toHaveLength(10);
      // One line per out() call: the process adds each line's newline; none holds one of its own.
      expect(io.lines.every((l) => !l.includes('\n'))).toBe(true);
    } finally {
      pbx.control.callerHangup(id);
      pbx.control.pause({ paused: false, iface: 'PJSIP/1003' });
    }
  });

  it('refuses bad input before connecting, exit 2', async () => {
    const before = pbx.control.sessions().length;
    for (const bad of [
      ['--colleagues', '1002,10\r\n03'],
      ['--colleagues', '<b>1002</b>'],
      ['--max-members', '0'],
      ['--max-members', '1e9'],
      ['--timeout', '-5'],
      ['extra'],
    ]) {
      const io = memoryIO({ AMI_SECRET: 's3cret' });
      expect(await main(['team', ...login(), ...bad], io), bad.join(' ')).toBe(2);
      expect(io.errors.join('\n')).toMatch(/^team: /);
      expect(io.errors.join('\n')).not.toMatch(/[\r\n]03/);
    }
    expect(pbx.control.sessions()).toHaveLength(before);
  });

  it('--help lists its options', async () => {
    const io = memoryIO();
    expect(await main(['team', '--help'], io)).toBe(0);
    expect(io.lines[0]).toMatch(/^usage: pbx-companion team --host H --user U --extension 1001 \[--colleagues 1002,1003\]/);
    expect(io.lines.join('\n')).toContain('--max-members N');
  });
});

describe('pbx-companion watch', () => {
  it('carries the team and the agent’s figures in its JSON lines as a colleague’s call goes', async () => {
    const stop = new AbortController();
    const io = memoryIO({ AMI_SECRET: 's3cret' }, stop.signal);
    const running = main(['watch', ...login(), '--colleagues', '1009'], io);
    const snapshots = () => io.lines.map((l) => JSON.parse(l) as { type: string; snapshot: Snapshot }).map((l) => l.snapshot);
    const lamp = (s: Snapshot) => s.team?.members.find((m) => m.extension === '1002')?.state;
    await waitUntil(() => snapshots().some((s) => lamp(s) === 'idle'), 'the watcher to show 1002 idle');
    const id = pbx.control.outsideCall({ callerNumber: '+15550109000', extension: '1002' });
    await waitUntil(() => snapshots().some((s) => lamp(s) === 'inuse'), 'the watcher to show 1002 in use');
    pbx.control.callerHangup(id);
    await waitUntil(() => snapshots().at(-1) !== undefined && lamp(snapshots().at(-1)!) === 'idle', 'the watcher to show 1002 idle again');
    stop.abort();
    expect(await running).toBe(0);
    const last = snapshots().at(-1)!;
    expect(last.team!.members.map((m) => m.extension)).toEqual(['1002', '1003', '1009']);
    expect(last.me).toEqual({ callsTaken: 0, talkSeconds: 0, pausedSeconds: {}, lastCallAt: null });
  });
});
