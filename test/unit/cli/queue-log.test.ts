/**
 * queue_log and pauses, as Asterisk 22 writes them: app_queue logs a PAUSE/UNPAUSE row, with the
 * reason and under the member's name (`Agent 1001`), for every QueuePause (the demo PBX does the
 * same). So the app's own rows are off unless asked (--queue-log, settings pbx.queueLog), and when
 * on they carry the same member name, never the interface; `unpause` without a queue touches only
 * the queues where the agent is paused. The member name comes from the PBX's own bytes (fixture 07).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../electron/core/cli.ts';
import { memoryIO } from '../../../electron/core/cli/io.ts';
import { startDemoPbx, type DemoPbx } from '../../../electron/core/demo/index.ts';
import type { Snapshot } from '../../../electron/shared/snapshot.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../../../../shared/fixtures/asterisk-22/07-queue-member-management.ami.raw');

let pbx: DemoPbx;
let conn: string[];
beforeAll(async () => {
  pbx = await startDemoPbx({ answerAfterMs: null });
  conn = ['--host', '127.0.0.1', '--port', String(pbx.port), '--user', 'agentapp', '--extension', '1001'];
});
afterAll(async () => {
  await pbx.close();
});

async function cli(argv: string[]) {
  const io = memoryIO({ AMI_SECRET: 's3cret' });
  const code = await main(argv, io);
  return { code, out: io.lines, err: io.errors };
}

/** What happened on the PBX during `act`: the queue_log rows and the actions that wrote or paused. */
async function during(act: () => Promise<unknown>) {
  const rows = pbx.control.queueLog().length;
  const actions = pbx.control.receivedActions().length;
  await act();
  return {
    rows: pbx.control
      .queueLog()
      .slice(rows)
      .map((r) => [r.queue, r.event, r.agent, r.data])
      .sort(),
    sent: pbx.control
      .receivedActions()
      .slice(actions)
      .filter((a) => a.name === 'QueuePause' || a.name === 'QueueLog')
      .map((a) => [a.name, a.get('Queue'), a.get('Interface')])
      .sort(),
  };
}

describe('queue_log rows', () => {
  it("the snapshot knows each queue's member name, from the PBX's QueueStatus and QueueMemberPause bytes", async () => {
    const io = memoryIO();
    expect(await main(['replay', FIXTURE, '--extension', '1001'], io)).toBe(0);
    const last = JSON.parse(io.lines.at(-1)!) as { snapshot: Snapshot };
    expect(last.snapshot.queues.map((q) => [q.name, q.interface, q.memberName])).toEqual([
      ['support', 'PJSIP/1001', 'Agent 1001'],
      ['sales', 'Local/1001@from-queue/n', 'Agent 1001'],
    ]);
  });

  it('by default only the PBX writes them: one row per queue, under the member name', async () => {
    const paused = await during(async () => expect(await cli(['pause', '--reason', 'Lunch', ...conn])).toMatchObject({ code: 0 }));
    expect(paused.sent.filter(([name]) => name === 'QueueLog')).toEqual([]);
    expect(paused.rows).toEqual([
      ['sales', 'PAUSE', 'Agent 1001', 'Lunch'],
      ['support', 'PAUSE', 'Agent 1001', 'Lunch'],
    ]);
  });

  it('unpause without a queue touches only the queues where the agent is paused; none paused: said, nothing sent', async () => {
    expect(await cli(['unpause', '--queue', 'sales', ...conn])).toEqual({ code: 0, out: ['Unpaused in sales.'], err: [] });
    const rest = await during(async () =>
      expect(await cli(['unpause', ...conn])).toEqual({ code: 0, out: ['Unpaused in support.'], err: [] }),
    );
    expect(rest.sent).toEqual([['QueuePause', 'support', 'PJSIP/1001']]);
    expect(rest.rows).toEqual([['support', 'UNPAUSE', 'Agent 1001', '']]);
    const none = await during(async () =>
      expect(await cli(['unpause', ...conn])).toEqual({ code: 0, out: ['You are not paused in any queue.'], err: [] }),
    );
    expect(none).toEqual({ rows: [], sent: [] });
  });

  it("--queue-log (for a PBX that does not log pauses) adds the app's row under the same member name, not the interface", async () => {
    const paused = await during(async () =>
      expect(await cli(['pause', '--reason', 'Break', '--queue', 'sales', '--queue-log', ...conn])).toMatchObject({ code: 0 }),
    );
    expect(paused.sent).toEqual([
      ['QueueLog', 'sales', 'Agent 1001'],
      ['QueuePause', 'sales', 'Local/1001@from-queue/n'],
    ]);
    expect(paused.rows).toEqual([
      ['sales', 'PAUSE', 'Agent 1001', 'Break'],
      ['sales', 'PAUSE', 'Agent 1001', 'Break'],
    ]);
    const back = await during(async () => expect(await cli(['unpause', '--queue-log', ...conn])).toMatchObject({ code: 0 }));
    expect(back.rows).toEqual([
      ['sales', 'UNPAUSE', 'Agent 1001', ''],
      ['sales', 'UNPAUSE', 'Agent 1001', ''],
    ]);
  });
});
