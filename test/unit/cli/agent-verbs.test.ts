/**
 * `queue-login QUEUE` and `queue-logout QUEUE` through the CLI's dispatcher, against the demo PBX
 * over real TCP, with the QueueAdd/QueueRemove bytes the PBX received. The demo's agent 1001 is a
 * static member of both queues (queues.conf); 1002 is in none, so it logs in and out itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, usage } from '../../../electron/core/cli.ts';
import { memoryIO } from '../../../electron/core/cli/io.ts';
import { startDemoPbx, type DemoPbx } from '../../../electron/core/demo/index.ts';

let pbx: DemoPbx;
const connection = (extension: string, user = 'agentapp') => [
  '--host',
  '127.0.0.1',
  '--port',
  String(pbx.port),
  '--user',
  user,
  '--extension',
  extension,
];
const secrets: Record<string, string> = { agentapp: 's3cret', limited: 'l1mited' };
/** Every QueueAdd/QueueRemove the PBX received, without the ActionID. */
const membershipActions = () =>
  pbx.control
    .receivedActions()
    .filter((a) => a.name === 'QueueAdd' || a.name === 'QueueRemove')
    .map((a) => a.raw.replace(/^ActionID: .*\r\n/m, ''));

async function cli(argv: string[], user = 'agentapp') {
  const io = memoryIO({ AMI_SECRET: secrets[user]! });
  const code = await main(argv, io);
  return { code, out: io.lines, err: io.errors };
}

beforeAll(async () => {
  pbx = await startDemoPbx({ answerAfterMs: null, otherAnswerAfterMs: 5 });
});
afterAll(async () => {
  await pbx.close();
});

describe('queue-login and queue-logout', () => {
  it('are listed in the usage', () => {
    expect(usage()).toMatch(/queue-login QUEUE/);
    expect(usage()).toMatch(/queue-logout QUEUE/);
  });

  it('logs 1002 in to support (QueueAdd with its name) and out again (QueueRemove)', async () => {
    expect(await cli(['queue-login', 'support', ...connection('1002')])).toEqual({ code: 0, out: ['Logged in to support.'], err: [] });
    expect(await cli(['queue-logout', 'support', ...connection('1002')])).toEqual({ code: 0, out: ['Logged out of support.'], err: [] });
    expect(membershipActions()).toEqual([
      ['Action: QueueAdd', 'Queue: support', 'Interface: PJSIP/1002', 'MemberName: Agent 1002'].join('\r\n'),
      ['Action: QueueRemove', 'Queue: support', 'Interface: PJSIP/1002'].join('\r\n'),
    ]);
  });

  it('answers from the snapshot, sending nothing: already in, or not a member', async () => {
    const before = membershipActions().length;
    expect(await cli(['queue-login', 'support', ...connection('1001')])).toEqual({
      code: 0,
      out: ['You are already logged in to support.'],
      err: [],
    });
    expect(await cli(['queue-logout', 'billing', ...connection('1002')])).toEqual({
      code: 1,
      out: [],
      err: ['queue-logout: You are not a member of queue billing.'],
    });
    expect(membershipActions()).toHaveLength(before);
  });

  it("the PBX's refusals in words: a static member, a queue that does not exist", async () => {
    expect(await cli(['queue-logout', 'sales', ...connection('1001')])).toEqual({
      code: 1,
      out: [],
      err: [
        'queue-logout: You are a permanent member of queue sales (set in queues.conf): you cannot log out from the app; ask your supervisor.',
      ],
    });
    expect(await cli(['queue-login', 'billing', ...connection('1002')])).toEqual({
      code: 1,
      out: [],
      err: ['queue-login: There is no queue billing on the PBX.'],
    });
    expect(membershipActions().slice(-2)).toEqual([
      ['Action: QueueRemove', 'Queue: sales', 'Interface: Local/1001@from-queue/n'].join('\r\n'),
      ['Action: QueueAdd', 'Queue: billing', 'Interface: PJSIP/1002', 'MemberName: Agent 1002'].join('\r\n'),
    ]);
  });

  it('a queue name with a line break or spaces is refused before anything is sent; no queue is a usage error', async () => {
    const before = membershipActions().length;
    const crlf = await cli(['queue-login', 'support\r\nAction: Hangup', ...connection('1002')]);
    expect(crlf).toEqual({ code: 2, out: [], err: ['queue-login: The queue contains a line break or another control character.'] });
    const spaces = await cli(['queue-login', 'sales desk', ...connection('1002')]);
    expect(spaces.err).toEqual(["queue-login: \"sales desk\" is not a queue name (letters, digits, '-', '_' and '.', up to 80)."]);
    expect(membershipActions()).toHaveLength(before);
    expect(pbx.control.receivedActions().filter((a) => a.name === 'Hangup')).toEqual([]);
    expect(await cli(['queue-login', ...connection('1002')])).toEqual({
      code: 2,
      out: [],
      err: ['queue-login: give one queue: queue-login QUEUE'],
    });
    expect((await cli(['queue-logout', 'a', 'b', ...connection('1002')])).code).toBe(2);
  });

  it('the limited user (no "agent" write class) is told what manager.conf needs', async () => {
    expect(await cli(['queue-login', 'support', ...connection('1002', 'limited')], 'limited')).toEqual({
      code: 1,
      out: [],
      err: [
        'queue-login: The PBX did not let the companion log you in to the queue: its AMI user needs "agent" in the write = line of manager.conf (or is not logged in).',
      ],
    });
  });
});
