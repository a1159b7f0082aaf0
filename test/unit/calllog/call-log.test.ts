/**
 * The call log against a real CRM endpoint (node:http on loopback): signed records, retries with
 * backoff, refusals kept aside, redirects not followed, the outbox across reopen, and bad input.
 */
import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CallLog,
  CallLogInputError,
  checkCallLogUrl,
  checkNote,
  NOTE_MAX_CHARS,
  Outbox,
  OUTBOX_FILE,
} from '../../../electron/core/calllog/index.ts';
import type { CallLogRecord } from '../../../electron/core/calllog/index.ts';
import type { Phrase } from '../../../electron/shared/phrases/index.ts';
import type { HistoryEntry, Snapshot } from '../../../electron/shared/snapshot.ts';
import { startCallLogReceiver, type CallLogReceiver } from '../../support/call-log-receiver.ts';
import { waitUntil } from '../../support/wait.ts';

const SECRET = 'shared-secret-for-tests';
let dir: string;
let receiver: CallLogReceiver;
const open: CallLog[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'calllog-'));
  receiver = await startCallLogReceiver();
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((log) => log.close()));
  await receiver.close();
  await rm(dir, { recursive: true, force: true });
});

async function start(extra: Partial<Parameters<typeof CallLog.open>[0]> = {}): Promise<{ log: CallLog; notices: Phrase[] }> {
  const notices: Phrase[] = [];
  const log = await CallLog.open({
    url: receiver.url,
    secret: SECRET,
    stateDir: dir,
    agentExtension: '1001',
    backoff: () => 20,
    timeoutMs: 500,
    onNotice: (_text, _level, said) => notices.push(said),
    dispositions: [
      { code: 'sold', label: { en: 'Sold', es: 'Venta' } },
      { code: 'callback', label: { en: 'Call back', es: 'Volver a llamar' } },
    ],
    ...extra,
  });
  open.push(log);
  return { log, notices };
}

function entry(id: string, over: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    id,
    direction: 'inbound',
    remote: { number: '+34912345678', name: 'María José Núñez' },
    queue: 'support',
    vars: { CUSTOMER_ID: 'C-2001', MIXMONITOR_FILENAME: 'q-support-1733400000.12.wav' },
    startedAt: Date.UTC(2026, 11, 5, 10, 0, 0),
    answeredAt: Date.UTC(2026, 11, 5, 10, 0, 5),
    endedAt: Date.UTC(2026, 11, 5, 10, 2, 5),
    outcome: 'answered',
    ...over,
  };
}

function snapshotWith(history: HistoryEntry[]): Snapshot {
  return { history } as unknown as Snapshot;
}

/** Ends calls the way the engine does: a first snapshot, then one with each call in its history. */
function endCalls(log: CallLog, entries: HistoryEntry[]): void {
  log.observe(snapshotWith([]));
  log.observe(snapshotWith(entries));
}

const records = () => receiver.posts.map((post) => JSON.parse(post.body) as CallLogRecord);

describe('call log to the CRM', () => {
  it('POSTs the ended call, signed with HMAC-SHA256 of the body and keyed by Linkedid and version', async () => {
    const { log } = await start();
    endCalls(log, [entry('1733400000.12')]);
    await receiver.until(1);
    const [post] = receiver.posts;
    expect(post!.headers['idempotency-key']).toBe('1733400000.12:1');
    expect(post!.headers['content-type']).toBe('application/json; charset=utf-8');
    const expected = `sha256=${createHmac('sha256', SECRET).update(post!.body).digest('hex')}`;
    expect(post!.headers['x-companion-signature']).toBe(expected);
    expect(records()[0]).toEqual({
      schema: 1,
      event: 'ended',
      callId: '1733400000.12',
      version: 1,
      direction: 'inbound',
      remote: { number: '+34912345678', name: 'María José Núñez' },
      queue: 'support',
      vars: { CUSTOMER_ID: 'C-2001', MIXMONITOR_FILENAME: 'q-support-1733400000.12.wav' },
      rangAt: '2026-12-05T10:00:00.000Z',
      answeredAt: '2026-12-05T10:00:05.000Z',
      endedAt: '2026-12-05T10:02:05.000Z',
      talkSeconds: 120,
      outcome: 'answered',
      answeredBy: null,
      transferredTo: null,
      recording: 'q-support-1733400000.12.wav',
      disposition: null,
      note: null,
      agent: { extension: '1001' },
    });
    await log.sender.drained();
    expect(log.outbox.pending()).toEqual([]);
  });

  it('sends the disposition as version 2 with the label and the note stored as text', async () => {
    const { log } = await start();
    endCalls(log, [entry('1733400000.12')]);
    await receiver.until(1);
    const result = await log.dispose('1733400000.12', 'sold', 'Wants \x1b[31mthe gold plan\r\nCall at 5\u0000');
    expect(result.ok).toBe(true);
    await receiver.until(2);
    expect(receiver.posts[1]!.headers['idempotency-key']).toBe('1733400000.12:2');
    expect(records()[1]).toMatchObject({
      event: 'disposition',
      version: 2,
      disposition: { code: 'sold', label: 'Sold' },
      note: 'Wants [31mthe gold plan\nCall at 5',
    });
  });

  it('two saves at once take versions 2 and 3: one key never carries two bodies', async () => {
    const { log } = await start();
    endCalls(log, [entry('1733400000.12')]);
    const [first, second] = await Promise.all([log.dispose('1733400000.12', 'sold'), log.dispose('1733400000.12', 'callback')]);
    expect([first.ok && first.record.version, second.ok && second.record.version]).toEqual([2, 3]);
    await receiver.until(3);
    expect(receiver.posts.map((p) => p.headers['idempotency-key'])).toEqual(['1733400000.12:1', '1733400000.12:2', '1733400000.12:3']);
  });

  it('refuses bad dispositions before writing anything', async () => {
    const { log } = await start();
    endCalls(log, [entry('1733400000.12')]);
    await receiver.until(1);
    const codes = async (...args: [string, string, string?]) => {
      const result = await log.dispose(...args);
      return result.ok ? 'ok' : result.phrase.code;
    };
    await log.sender.drained();
    expect(await codes('1733400000.12', 'lunch')).toBe('calllog.unknown-code');
    expect(await codes('1733400000.12', '')).toBe('calllog.no-code');
    expect(await codes('1733400000.12', 'sold\r\nEvent: x')).toBe('calllog.bad-code');
    expect(await codes('1733400000.99', 'sold')).toBe('calllog.no-such-call');
    expect(await codes('1733400000.12\n', 'sold')).toBe('calllog.bad-call');
    expect(await codes('1733400000.12', 'sold', 'x'.repeat(100 * 1024))).toBe('calllog.note-too-long');
    expect(log.outbox.pending()).toEqual([]);
    expect(receiver.posts).toHaveLength(1);
  });

  it('retries a CRM that answers 500, 429, 408 or hangs, until it answers 2xx; garbage with 200 is taken', async () => {
    const answers: ReturnType<CallLogReceiver['answer']>[] = [
      { status: 500 },
      { status: 429 },
      'hang',
      { status: 408 },
      { status: 200, body: '<html>??' },
    ];
    receiver.answer = () => answers.shift() ?? { status: 200 };
    const { log, notices } = await start();
    endCalls(log, [entry('1733400000.12')]);
    await receiver.until(5);
    await log.sender.drained();
    expect(new Set(receiver.posts.map((p) => p.headers['idempotency-key']))).toEqual(new Set(['1733400000.12:1']));
    expect(new Set(receiver.posts.map((p) => p.body)).size).toBe(1);
    expect(notices).toEqual([]);
  });

  it('keeps a 4xx refusal aside with its answer, tells the agent, and goes on with the next record', async () => {
    receiver.answer = (post) => (post.body.includes('"callId":"1"') ? { status: 422, body: '{"error":"unknown queue"}' } : { status: 201 });
    const { log, notices } = await start();
    endCalls(log, [entry('2'), entry('1', { endedAt: entry('1').endedAt - 1 })]);
    await receiver.until(2);
    await log.sender.drained();
    expect(receiver.posts.map((p) => p.headers['idempotency-key'])).toEqual(['1:1', '2:1']);
    expect(log.outbox.aside()).toEqual([{ key: '1:1', status: 422, answer: '{"error":"unknown queue"}' }]);
    expect(notices.map((n) => n.code)).toEqual(['calllog.rejected']);
  });

  it('does not follow a redirect to another host', async () => {
    const elsewhere = await startCallLogReceiver();
    try {
      receiver.answer = () => ({ status: 307, location: elsewhere.url });
      const { log, notices } = await start();
      endCalls(log, [entry('1733400000.12')]);
      await receiver.until(1);
      await log.sender.drained();
      expect(elsewhere.posts).toEqual([]);
      expect(notices.map((n) => n.code)).toEqual(['calllog.redirected']);
      expect(log.outbox.aside()[0]).toMatchObject({ key: '1733400000.12:1', status: 307 });
    } finally {
      await elsewhere.close();
    }
  });

  it('keeps what waits across a restart, and a torn last line loses only itself', async () => {
    await receiver.down();
    const first = await start();
    endCalls(first.log, [entry('b', { endedAt: 3 }), entry('a', { endedAt: 2 })]);
    await until(() => first.log.outbox.pending().length === 2);
    await first.log.close();
    open.splice(0);
    await writeFile(join(dir, OUTBOX_FILE), (await readFile(join(dir, OUTBOX_FILE), 'utf8')) + '{"t":"put","key":"c:1","bo');
    await receiver.up();
    const second = await start();
    await receiver.until(2);
    await second.log.sender.drained();
    expect(receiver.posts.map((p) => p.headers['idempotency-key'])).toEqual(['a:1', 'b:1']);
    // A line written after the torn one is read whole.
    expect((await second.log.dispose('a', 'callback')).ok).toBe(true);
    await receiver.until(3);
    await second.log.sender.drained();
    await second.log.close();
    open.splice(0);
    const reopened = await Outbox.open(join(dir, OUTBOX_FILE));
    // Every "done" was read back whole: nothing would be sent again.
    expect(reopened.pending()).toEqual([]);
    expect(reopened.latest('a')).toMatchObject({ version: 2, disposition: { code: 'callback' } });
    expect(reopened.latest('c')).toBeNull();
    await reopened.close();
  });

  it('is bounded: a full outbox refuses the next record with a notice, the others still go', async () => {
    await receiver.down();
    const { log, notices } = await start({ outbox: { maxPending: 2 } });
    endCalls(log, [entry('c', { endedAt: 3 }), entry('b', { endedAt: 2 }), entry('a', { endedAt: 1 })]);
    await until(() => notices.length === 1);
    expect(notices[0]!.code).toBe('calllog.full');
    expect(log.outbox.pending().map((p) => p.key)).toEqual(['a:1', 'b:1']);
  });

  it('says so when the outbox cannot be written, and the call goes on', async () => {
    const { log, notices } = await start();
    // The file handle gone behind its back: every write fails as a full disk would.
    await (log.outbox as unknown as { handle: { close(): Promise<void> } }).handle.close();
    endCalls(log, [entry('1733400000.12')]);
    await until(() => notices.length === 1);
    expect(notices[0]).toMatchObject({ code: 'calllog.disk', params: { call: '1733400000.12' } });
    open.splice(0);
  });

  it('compacts the file without losing what waits or the recent calls', async () => {
    await receiver.down();
    const { log } = await start({ outbox: { compactBytes: 4000 } });
    const many = Array.from({ length: 12 }, (_, i) => entry(`call-${i}`, { endedAt: 100 + i }));
    endCalls(log, many);
    await until(() => log.outbox.pending().length === 12);
    await receiver.up();
    await receiver.until(12);
    await log.sender.drained();
    expect((await readFile(join(dir, OUTBOX_FILE), 'utf8')).length).toBeLessThan(20_000);
    expect(log.outbox.latest('call-0')?.version).toBe(1);
    expect(new Set(receiver.posts.map((p) => p.headers['idempotency-key'])).size).toBe(12);
  });
});

describe('call-log input', () => {
  it('accepts https anywhere and http only on loopback; refuses credentials and control characters', () => {
    const code = (url: string) => {
      const checked = checkCallLogUrl(url);
      return checked.ok ? 'ok' : checked.phrase.code;
    };
    expect(code('https://crm.example/api/calls')).toBe('ok');
    expect(code('http://127.0.0.1:8080/calls')).toBe('ok');
    expect(code('http://localhost/calls')).toBe('ok');
    expect(code('http://crm.example/calls')).toBe('calllog.url-scheme');
    expect(code('ftp://crm.example/calls')).toBe('calllog.url-scheme');
    expect(code('https://user:pass@crm.example/calls')).toBe('calllog.url-credentials');
    expect(code('https://crm.example/calls\r\nX: y')).toBe('calllog.url-control');
    expect(code('not a url')).toBe('calllog.url-invalid');
    expect(code('')).toBe('calllog.url-empty');
  });

  it('bounds the note and keeps it as text', () => {
    expect(checkNote('  \r\n ')).toEqual({ ok: true, note: null });
    expect(checkNote('a\tb\r\nc\u2028d')).toEqual({ ok: true, note: 'a\tb\ncd' });
    expect(checkNote('x'.repeat(NOTE_MAX_CHARS)).ok).toBe(true);
    expect(checkNote('x'.repeat(NOTE_MAX_CHARS + 1)).ok).toBe(false);
  });

  it('refuses to open without a secret or with a URL carrying credentials', async () => {
    await expect(start({ secret: '' })).rejects.toBeInstanceOf(CallLogInputError);
    await expect(start({ url: 'https://u:p@crm.example/' })).rejects.toThrow(/user name or password/);
  });
});

const until = (test: () => boolean, timeoutMs = 5000): Promise<void> => waitUntil(test, 'the condition', timeoutMs);
