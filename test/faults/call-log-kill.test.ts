/**
 * Issue 19's "never lost": `watch --call-log-url --state-dir` as a real child process, killed with
 * SIGKILL while the CRM holds its POST unanswered (the record written, the send under way, a second
 * record waiting behind it). A new watch on the same folder sends both: nothing lost, and the one
 * sent twice carries the same key and the same bytes, so the CRM de-duplicates it. Then the
 * `disposition` verb sends version 2 of a call from that outbox, and refuses bad input before asking anyone.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../electron/core/cli.ts';
import { memoryIO } from '../../electron/core/cli/io.ts';
import { OUTBOX_FILE } from '../../electron/core/calllog/index.ts';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import type { Snapshot } from '../../electron/shared/snapshot.ts';
import { startCallLogReceiver, type CallLogReceiver } from '../support/call-log-receiver.ts';
import { waitUntil } from '../support/wait.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECRET = 'crm-secret';

let pbx: DemoPbx;
let receiver: CallLogReceiver;
let dir: string;
const children: ChildProcessWithoutNullStreams[] = [];

beforeEach(async () => {
  pbx = await startDemoPbx({ answerAfterMs: null });
  receiver = await startCallLogReceiver();
  dir = await mkdtemp(path.join(tmpdir(), 'calllog-kill-'));
});

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await receiver.close();
  await pbx.close();
  await rm(dir, { recursive: true, force: true });
});

/** `watch` on the demo PBX with the call log; resolves once its snapshot is live. */
async function watch(): Promise<ChildProcessWithoutNullStreams> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'electron/core/cli.ts'), 'watch', '--port', String(pbx.port), '--extension', '1001'].concat([
      '--call-log-url',
      receiver.url,
      '--state-dir',
      dir,
    ]),
    { cwd: ROOT, env: { ...process.env, CALL_LOG_SECRET: SECRET, AMI_SECRET: '' } },
  );
  children.push(child);
  const errors: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => errors.push(line));
  await new Promise<void>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`watch exited ${code}: ${errors.join(' | ')}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const snapshot = (JSON.parse(line) as { snapshot?: Snapshot }).snapshot;
      if (snapshot?.connection.status === 'live' && snapshot.queues.length === 2) resolve();
    });
  });
  return child;
}

/** A queue call answered and hung up by the caller. */
async function queueCall(customer: string): Promise<string> {
  const id = pbx.control.incomingCall({
    queue: 'support',
    callerNumber: '+15550109000',
    callerName: 'Ada',
    vars: { CUSTOMER_ID: customer },
  });
  await until(() => pbx.control.answer());
  pbx.control.callerHangup(id);
  return id;
}

async function outboxHas(key: string): Promise<boolean> {
  return (await readFile(path.join(dir, OUTBOX_FILE), 'utf8').catch(() => '')).includes(`"key":"${key}"`);
}

describe('call log across a kill -9', () => {
  it('loses nothing, and what it sends twice the CRM can de-duplicate by its key', async () => {
    receiver.answer = () => 'hang';
    const first = await watch();
    const a = await queueCall('C-1');
    await receiver.until(1);
    const b = await queueCall('C-2');
    // The second record is on disk, waiting behind the first one's unanswered POST.
    await untilAsync(() => outboxHas(`${b}:1`));
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));

    const answered: string[] = [];
    receiver.answer = (post) => {
      answered.push(String(post.headers['idempotency-key']));
      return { status: 200 };
    };
    await watch();
    await receiver.until(3);
    expect(receiver.posts.map((p) => p.headers['idempotency-key'])).toEqual([`${a}:1`, `${a}:1`, `${b}:1`]);
    expect(answered).toEqual([`${a}:1`, `${b}:1`]);
    expect(receiver.posts[0]!.body).toBe(receiver.posts[1]!.body);
    for (const post of receiver.posts)
      expect(post.headers['x-companion-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(post.body).digest('hex')}`);
    expect(receiver.posts.map((p) => (JSON.parse(p.body) as { vars: { CUSTOMER_ID: string } }).vars.CUSTOMER_ID)).toEqual([
      'C-1',
      'C-1',
      'C-2',
    ]);

    // The disposition verb: version 2 of call a, from the same outbox.
    for (const child of children.splice(0)) child.kill('SIGKILL');
    const args = ['disposition', '--call', a, '--code', 'sold', '--note', 'Wants gold', '--call-log-url', receiver.url, '--state-dir', dir];
    const io = memoryIO({ CALL_LOG_SECRET: SECRET });
    expect(await main(args, io)).toBe(0);
    expect(io.lines.at(-1)).toBe('Sent to the CRM.');
    const update = receiver.posts.at(-1)!;
    expect(update.headers['idempotency-key']).toBe(`${a}:2`);
    expect(JSON.parse(update.body)).toMatchObject({
      callId: a,
      version: 2,
      disposition: { code: 'sold' },
      note: 'Wants gold',
      vars: { CUSTOMER_ID: 'C-1' },
    });
  });
});

describe('disposition input', () => {
  it('is checked before the CRM is asked', async () => {
    const base = ['--call-log-url', receiver.url, '--state-dir', dir];
    const cases: Array<[string[], Record<string, string>, RegExp]> = [
      [['--code', 'sold', ...base], { CALL_LOG_SECRET: SECRET }, /give --call LINKEDID and --code CODE/],
      [['--call', '1.2', '--code', 'so ld', ...base], { CALL_LOG_SECRET: SECRET }, /disposition code is letters/],
      [['--call', '1.2\r\n', '--code', 'sold', ...base], { CALL_LOG_SECRET: SECRET }, /call id/],
      [['--call', '1.2', '--code', 'sold', '--note', 'x'.repeat(100 * 1024), ...base], { CALL_LOG_SECRET: SECRET }, /note is too long/],
      [['--call', '1.2', '--code', 'sold', ...base], {}, /CALL_LOG_SECRET/],
      [
        ['--call', '1.2', '--code', 'sold', '--call-log-url', 'http://crm.example/calls', '--state-dir', dir],
        { CALL_LOG_SECRET: SECRET },
        /https/,
      ],
      [
        ['--call', '1.2', '--code', 'sold', '--call-log-url', 'https://u:p@crm.example/', '--state-dir', dir],
        { CALL_LOG_SECRET: SECRET },
        /user name or password/,
      ],
      [['--call', '1.2', '--code', 'sold', '--call-log-url', receiver.url], { CALL_LOG_SECRET: SECRET }, /--state-dir/],
      [['--call', '1.2', '--code', 'sold', ...base], { CALL_LOG_SECRET: SECRET }, /not in the call log/],
    ];
    for (const [args, env, said] of cases) {
      const io = memoryIO(env);
      expect(await main(['disposition', ...args], io), args.join(' ')).toBe(2);
      expect(io.errors.join('\n')).toMatch(said);
    }
    expect(receiver.posts).toEqual([]);
  });
});

async function until(test: () => boolean): Promise<void> {
  return untilAsync(async () => test());
}

const untilAsync = (test: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> => waitUntil(test, 'the condition', timeoutMs);
