/**
 * The CLI's dial, pause, unpause, record, hangup and transfer against the demo PBX over real TCP,
 * with the actions checked in the bytes the PBX received.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPbx, type DemoPbx } from '../../../electron/core/demo/index.ts';
import type { CallNotice } from '../../../electron/core/demo/index.ts';
import { memoryIO } from '../../../electron/core/cli/io.ts';
import { run as dial } from '../../../electron/core/cli/dial.ts';
import { hangup, pause, record, transfer, unpause } from '../../../electron/core/cli/agent-verbs.ts';

let pbx: DemoPbx;
let conn: string[];
const io = () => memoryIO({ AMI_SECRET: 's3cret' });
/** Every action of that name the PBX received since `from` (all sessions). */
const received = (name: string) => pbx.control.receivedActions().filter((a) => a.name === name);

beforeAll(async () => {
  pbx = await startDemoPbx({ answerAfterMs: null, otherAnswerAfterMs: 5 });
  conn = ['--host', '127.0.0.1', '--port', String(pbx.port), '--user', 'agentapp', '--extension', '1001'];
});
afterAll(async () => {
  await pbx.close();
});

/** A queue call ringing the agent, answered: resolves once the agent's leg is up. */
async function answeredCall(): Promise<string> {
  const ringing = new Promise<void>((resolve) => {
    const off = pbx.control.onCall((notice: CallNotice) => {
      if (notice.type === 'ringing') {
        off();
        resolve();
      }
    });
  });
  const id = pbx.control.incomingCall({ queue: 'support', callerNumber: '+15550109000', callerName: 'PSTN Caller' });
  await ringing;
  expect(pbx.control.answer()).toBe(true);
  return id;
}

describe('dial', () => {
  it('--dry-run prints the dial string and the friendly form, nothing else', async () => {
    const out = io();
    expect(await dial(['+34 912 34 56 78', '--country', 'ES', '--prefix', '0', '--dry-run'], out)).toBe(0);
    expect(out.lines).toEqual(['0912345678  +34 912 34 56 78']);
    expect(out.errors).toEqual([]);
  });

  it('--dry-run takes a tel: link', async () => {
    const out = io();
    expect(await dial(['tel:+1-415-555-0123', '--country', 'US', '--prefix', '9', '--dry-run'], out)).toBe(0);
    expect(out.lines).toEqual(['94155550123  +1 415 555 0123']);
  });

  it('a bad number or link: a clear message, exit 2 (input that can never work); no number: exit 2', async () => {
    let out = io();
    expect(await dial(['1-800-FLOWERS', '--country', 'US', '--dry-run'], out)).toBe(2);
    expect(out.errors[0]).toMatch(/^dial: A number with letters cannot be dialled/);
    out = io();
    expect(await dial(['tel:+15550100%0d%0aAction:%20Hangup', '--dry-run'], out)).toBe(2);
    expect(out.errors[0]).toMatch(/encoded line break/);
    out = io();
    expect(await dial(['--dry-run'], out)).toBe(2);
    expect(await dial(['1001', '--bogus'], io())).toBe(2);
  });

  it('rings the agent phone, then calls the number once it answers', async () => {
    const before = received('Originate').length;
    const out = io();
    const done = dial(['1002', '--country', 'ES', ...conn], out);
    await new Promise<void>((resolve) => {
      const off = pbx.control.onCall((n) => {
        if (n.type === 'ringing') {
          off();
          resolve();
        }
      });
    });
    expect(pbx.control.answer()).toBe(true);
    expect(await done).toBe(0);
    expect(out.lines).toEqual(['1002  1002', 'Your phone will ring: answer it to call 1002.', 'Your phone answered: calling 1002.']);
    const sent = received('Originate').slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.raw.replace(/^ActionID: .*\r\n/m, '')).toBe(
      [
        'Action: Originate',
        'Channel: PJSIP/1001',
        'Context: from-internal',
        'Exten: 1002',
        'Priority: 1',
        'CallerID: "1002" <1002>',
        'Timeout: 30000',
        'Async: true',
      ].join('\r\n'),
    );
    pbx.control.agentHangup();
  });

  it('a phone that does not exist: the reason in words, exit 1', async () => {
    const out = io();
    expect(await dial(['700', '--device', 'PJSIP/1999', ...conn], out)).toBe(1);
    expect(out.errors).toEqual([
      'dial: The PBX could not ring your phone: it is not registered, or the device in the settings does not exist.',
    ]);
  });

  it('a wrong secret: exit 1 with the reason', async () => {
    const out = memoryIO({ AMI_SECRET: 'wrong' });
    expect(await dial(['1002', ...conn], out)).toBe(1);
    expect(out.errors[0]).toMatch(/^dial: /);
  });
});

describe('pause and unpause', () => {
  it('pauses in every queue the agent is in, each with its own interface', async () => {
    const before = received('QueuePause').length;
    const out = io();
    expect(await pause(['--reason', 'Lunch', ...conn], out)).toBe(0);
    expect(out.lines).toEqual(['Paused in support, sales (Lunch).']);
    const sent = received('QueuePause').slice(before);
    expect(sent.map((a) => [a.get('Queue'), a.get('Interface'), a.get('Paused'), a.get('Reason')]).sort()).toEqual([
      ['sales', 'Local/1001@from-queue/n', 'true', 'Lunch'],
      ['support', 'PJSIP/1001', 'true', 'Lunch'],
    ]);
  });

  it('unpauses in one queue', async () => {
    const out = io();
    expect(await unpause(['--queue', 'sales', ...conn], out)).toBe(0);
    expect(out.lines).toEqual(['Unpaused in sales.']);
    expect(await unpause(conn, io())).toBe(0);
  });

  it("refuses a queue the agent is not in (the PBX's word: exit 1), a missing reason, a reason too long (input: exit 2)", async () => {
    const before = received('QueuePause').length;
    let out = io();
    expect(await pause(['--reason', 'Lunch', '--queue', 'billing', ...conn], out)).toBe(1);
    expect(out.errors).toEqual(['pause: You are not a member of queue billing.']);
    out = io();
    expect(await pause(conn, out)).toBe(2);
    expect(out.errors[0]).toMatch(/give --reason/);
    out = io();
    expect(await pause(['--reason', 'x'.repeat(10_000), ...conn], out)).toBe(2);
    expect(out.errors).toEqual(['pause: The pause reason is longer than 100 characters.']);
    expect(received('QueuePause').length).toBe(before);
  });

  it('without --host: a usage error', async () => {
    const out = io();
    expect(await pause(['--reason', 'Lunch'], out)).toBe(2);
    expect(out.errors[0]).toMatch(/give --host, --user and --extension/);
  });
});

describe('record, hangup, transfer on the current call', () => {
  it('with no call: a clear message and nothing sent', async () => {
    const out = io();
    expect(await record(['start', ...conn], out)).toBe(1);
    expect(out.errors).toEqual(['record: You have no call to record.']);
    expect(await hangup(conn, io())).toBe(1);
    expect(await record(['pause', ...conn], io())).toBe(2);
    expect(received('MixMonitor')).toHaveLength(0);
  });

  it('records, mutes, unmutes, stops, then hangs up the call', async () => {
    await answeredCall();
    let out = io();
    expect(await record(['start', '--options', 'b', ...conn], out)).toBe(0);
    expect(out.lines).toEqual(['Recording.']);
    const start = received('MixMonitor').at(-1)!;
    expect(start.get('Channel')).toMatch(/^PJSIP\/1001-/);
    expect(start.get('File')).toMatch(/^companion-\d{8}-\d{6}-1001-[0-9.]+\.wav$/);
    expect(start.get('Options')).toBe('b');
    expect(start.get('Command')).toBeUndefined();
    expect(await record(['mute', ...conn], io())).toBe(0);
    expect(received('MixMonitorMute').at(-1)!.get('State')).toBe('1');
    expect(await record(['unmute', ...conn], io())).toBe(0);
    expect(received('MixMonitorMute').at(-1)!.get('State')).toBe('0');
    out = io();
    expect(await record(['stop', ...conn], out)).toBe(0);
    expect(out.lines).toEqual(['Recording stopped.']);
    out = io();
    expect(await record(['stop', ...conn], out)).toBe(1);
    expect(out.errors).toEqual(['record: This call is not being recorded.']);
    out = io();
    expect(await hangup(conn, out)).toBe(0);
    expect(out.lines).toEqual(['Hung up.']);
    expect(received('Hangup').at(-1)!.get('Channel')).toBe(start.get('Channel'));
  });

  it('transfers the call to another extension', async () => {
    await answeredCall();
    const out = io();
    expect(await transfer(['1002', '--country', 'ES', ...conn], out)).toBe(0);
    expect(out.lines).toEqual(['Transferred to 1002.']);
    const sent = received('BlindTransfer').at(-1)!;
    expect([sent.get('Exten'), sent.get('Context')]).toEqual(['1002', 'from-internal']);
    expect(sent.get('Channel')).toMatch(/^PJSIP\/1001-/);
  });

  it('refuses a transfer target that is not a number (exit 2, before connecting)', async () => {
    const out = io();
    expect(await transfer(['sales desk', '--country', 'ES', ...conn], out)).toBe(2);
    expect(out.errors[0]).toMatch(/letters/);
    expect(await transfer(conn, io())).toBe(2);
  });
});
