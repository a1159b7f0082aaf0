/**
 * Relay mode end to end: the demo PBX, a real nats-server (test/support/nats-server.ts), one relay
 * (one AMI session) and two desks, 1001 and 1002, each a DeskCompanion with its own NATS user.
 * What a desk shows is its own agent's; a verb acts only on its own agent; a relay stopped or an
 * AMI drop leaves the last picture on show marked stale, then live again.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AmiClient } from '../../electron/core/ami/client.ts';
import { createCompanion } from '../../electron/core/companion.ts';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import { createDeskCompanion, type DeskCompanion } from '../../electron/core/relay/desk-companion.ts';
import { startRelay, type Relay } from '../../electron/core/relay/relay.ts';
import { RELAY_INBOX_PREFIX, deskInboxPrefix, verbSubject } from '../../electron/core/relay/subjects.ts';
import { decodeSnapshot } from '../../electron/core/relay/wire.ts';
import type { Companion, VerbResult } from '../../electron/shared/companion.ts';
import type { Snapshot, TeamInfo } from '../../electron/shared/snapshot.ts';
import { startNatsServer, type NatsServer } from '../support/nats-server.ts';

const USERS = `authorization {
  users = [
    { user: relay, password: relay-pw }
    { user: desk1001, password: pw1001 }
    { user: desk1002, password: pw1002 }
    { user: mute, password: mute-pw, permissions: { subscribe: { deny: ">" } } }
  ]
}`;

let pbx: DemoPbx;
let nats: NatsServer;
let ami: AmiClient;
let relayNats: NatsConnection;
let relay: Relay;
let desk1001: DeskCompanion;
let desk1002: DeskCompanion;

async function startTheRelay(): Promise<Relay> {
  relayNats = await connect({ servers: nats.url, user: 'relay', pass: 'relay-pw', inboxPrefix: RELAY_INBOX_PREFIX });
  return startRelay({ connection: ami, nats: relayNats, agents: ['1001', '1002'], heartbeatMs: 200, dialRules: { defaultCountry: 'ES' } });
}

function desk(extension: string): Promise<DeskCompanion> {
  return createDeskCompanion({
    servers: [nats.url],
    user: `desk${extension}`,
    credential: `pw${extension}`,
    identity: { extension },
    staleAfterMs: 1000,
    reconnectTimeWaitMs: 100,
  });
}

/** Resolves with the first snapshot (the current one included) that passes `test`. */
function until(core: Companion, test: (s: Snapshot) => boolean, what = 'a snapshot'): Promise<Snapshot> {
  return new Promise((resolve, reject) => {
    if (test(core.snapshot())) return resolve(core.snapshot());
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}; last: ${JSON.stringify(core.snapshot().connection)}`));
    }, 10_000);
    const off = core.subscribe((s) => {
      if (!test(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

const live = (s: Snapshot) => s.connection.status === 'live' && !s.connection.stale;

beforeAll(async () => {
  pbx = await startDemoPbx({ answerAfterMs: null, otherAnswerAfterMs: 5 });
  nats = await startNatsServer({ config: USERS });
  ami = new AmiClient({
    host: '127.0.0.1',
    port: pbx.port,
    username: 'agentapp',
    secret: 's3cret',
    keepaliveIntervalMs: 0,
    backoff: () => 50,
  });
  relay = await startTheRelay();
  await ami.connect();
  desk1001 = await desk('1001');
  desk1002 = await desk('1002');
  await until(desk1001, live, '1001 live');
  await until(desk1002, live, '1002 live');
}, 30_000);

afterAll(async () => {
  await desk1001?.close();
  await desk1002?.close();
  await relay?.stop();
  await relayNats?.close();
  await ami?.close();
  await nats?.stop();
  await pbx?.close();
});

describe('relay: two desks through one AMI session', () => {
  it('uses one AMI session for both desks, and asks the whole-PBX lists once for both', () => {
    const open = pbx.control.sessions().filter((s) => !s.closed);
    expect(open).toHaveLength(1);
    const asked = (name: string) => pbx.control.receivedActions(open[0]!.id).filter((a) => a.name === name).length;
    expect(asked('DeviceStateList')).toBe(1);
    expect(asked('CoreShowChannels')).toBe(1);
    expect(asked('QueueStatus')).toBe(1); // not 6: per agent, PJSIP/EXT and its two Local forms
  });

  it("each desk's picture is the one a direct desk shows (queues, phone, calls)", async () => {
    for (const extension of ['1001', '1002']) {
      const direct = await createCompanion({
        pbx: { host: '127.0.0.1', port: pbx.port, username: 'agentapp', extension },
        secret: 's3cret',
        client: { keepaliveIntervalMs: 0, reconnect: false },
      });
      try {
        const shown = await until(direct, live, `direct ${extension} live`);
        const relayed = (extension === '1001' ? desk1001 : desk1002).snapshot();
        const picture = (s: Snapshot) => ({ extension: s.extension, queues: s.queues, calls: s.calls });
        expect(picture(relayed)).toEqual(picture(shown));
        if (extension === '1001') expect(relayed.queues.length).toBeGreaterThan(1);
      } finally {
        await direct.close();
      }
    }
  });

  it("a queue call ringing at 1001 shows on 1001's desk, not on 1002's", async () => {
    const id = pbx.control.incomingCall({ queue: 'support', callerNumber: '+34911234567', vars: { CUSTOMER_ID: 'C-7' } });
    const shown = await until(desk1001, (s) => s.calls.some((c) => c.id === id && c.state === 'ringing'), 'the call ringing');
    expect(shown.calls[0]!.remote.number).toBe('+34911234567');
    expect(shown.calls[0]!.vars.CUSTOMER_ID).toBe('C-7');
    expect(desk1002.snapshot().calls).toEqual([]);
    expect(relay.snapshot('1002')!.calls).toEqual([]);
    pbx.control.callerHangup(id);
    await until(desk1001, (s) => s.calls.length === 0, 'the call gone');
  });

  it("a pause from desk 1001 reaches the PBX as 1001's QueuePause", async () => {
    const before = pbx.control.receivedActions().filter((a) => a.name === 'QueuePause').length;
    const result = await desk1001.pause({ reason: 'Lunch' });
    expect(result.ok).toBe(true);
    const pauses = pbx.control
      .receivedActions()
      .filter((a) => a.name === 'QueuePause')
      .slice(before);
    expect(pauses.length).toBeGreaterThan(0);
    for (const p of pauses) expect(p.get('Interface')).toMatch(/^(PJSIP\/1001|Local\/1001@from-queue\/n)$/);
    await until(desk1001, (s) => s.queues.some((q) => q.paused && q.pausedReason === 'Lunch'), '1001 paused');
    expect(desk1002.snapshot().queues.some((q) => q.paused)).toBe(false);
    expect((await desk1001.unpause({})).ok).toBe(true);
    await until(desk1001, (s) => s.queues.every((q) => !q.paused), '1001 unpaused');
  });

  it("a caller waiting in 1001's queue, which the call never reaches (1001 paused), shows in its callsWaiting and leaves it", async () => {
    expect((await desk1001.pause({ reason: 'Meeting' })).ok).toBe(true);
    await until(desk1001, (s) => s.queues.every((q) => q.paused), '1001 paused');
    const waiting = (s: Snapshot) => s.queues.find((q) => q.name === 'support')?.callsWaiting;
    const id = pbx.control.incomingCall({ queue: 'support', callerNumber: '+34911230000' });
    await until(desk1001, (s) => waiting(s) === 1, 'one caller waiting');
    expect(desk1001.snapshot().calls).toEqual([]);
    pbx.control.callerHangup(id);
    await until(desk1001, (s) => waiting(s) === 0, 'no caller waiting');
    expect((await desk1001.unpause({})).ok).toBe(true);
    await until(desk1001, (s) => s.queues.every((q) => !q.paused), '1001 unpaused');
  });

  it("desk 1001 cannot act on 1002's call, whatever the body names", async () => {
    const id = pbx.control.outsideCall({ callerNumber: '+34915550000' });
    const call = await until(desk1002, (s) => s.calls.some((c) => c.id === id && c.state === 'up'), "1002's call up");
    const theirs = call.calls.find((c) => c.id === id)!;
    const hangups = () => pbx.control.receivedActions().filter((a) => a.name === 'Hangup').length;
    const before = hangups();
    // By the call's id: not one of 1001's calls.
    const byId = await desk1001.hangup(id);
    expect(byId).toMatchObject({ ok: false });
    // By naming 1002's channel in the body: a field no verb takes, refused unread.
    const raw = await request(verbSubject('1001', 'hangup'), JSON.stringify({ channel: theirs.channel, callId: id }));
    expect(raw).toMatchObject({ ok: false });
    expect((raw as { error: string }).error).toMatch(/refused the request/);
    expect(hangups()).toBe(before);
    expect(desk1002.snapshot().calls.some((c) => c.id === id)).toBe(true);
    pbx.control.callerHangup(id);
    await until(desk1002, (s) => s.calls.length === 0, "1002's call gone");
  });

  it('serves an agent a desk asks for (not in --agents), and refuses a name that is no extension', async () => {
    const reply = await requestText('pbxc.agent.1003.get', '');
    expect(JSON.parse(reply)).toMatchObject({ v: 1, seq: expect.any(Number), snapshot: { extension: { number: '1003' } } });
    expect(relay.agents()).toContain('1003');
    expect(JSON.parse(await requestText('pbxc.agent.1%00.get', ''))).toMatchObject({
      v: 1,
      error: expect.stringMatching(/not a dialplan extension/),
    });
    expect(relay.agents()).toEqual(['1001', '1002', '1003']);
  });

  it('refuses unknown verbs, malformed and oversized bodies, and a flooding desk, in words', async () => {
    expect(await request(verbSubject('1001', 'originate'), '{}')).toMatchObject({ ok: false, error: expect.stringMatching(/not a verb/) });
    expect(await request(verbSubject('1001', 'pause'), '{not json')).toMatchObject({ ok: false, error: expect.stringMatching(/not JSON/) });
    expect(await request(verbSubject('1001', 'pause'), JSON.stringify({ reason: 'x'.repeat(17 * 1024) }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/larger than 16384 bytes/),
    });
    const flood = await Promise.all(Array.from({ length: 40 }, () => request(verbSubject('1002', 'unpause'), '{}')));
    expect(flood.filter((r) => !r.ok && /Too many requests/.test(r.error)).length).toBeGreaterThan(0);
    // The flood was 1002's: 1001 still acts.
    expect((await desk1001.unpause({})).ok).toBe(true);
  });

  it("the heartbeat is one small relay-wide message; an agent's snapshot goes out only when it changes", async () => {
    const watcher = await connect({ servers: nats.url, user: 'relay', pass: 'relay-pw' });
    try {
      const published: string[] = [];
      const snapshots = watcher.subscribe('pbxc.agent.*.snapshot', {
        callback: (_e, msg) => void published.push(`${msg.subject} ${JSON.stringify(decodeSnapshot(msg.data))}`),
      });
      const alive = watcher.subscribe('pbxc.relay.alive', { max: 5 });
      const heard: string[] = [];
      for await (const msg of alive) heard.push(msg.string());
      snapshots.unsubscribe();
      // Five heartbeats (200 ms apart here): the same small message, and no snapshot sent twice.
      expect(new Set(heard).size).toBe(1);
      expect(heard[0]!.length).toBeLessThan(120);
      expect(JSON.parse(heard[0]!)).toMatchObject({ v: 1, relay: expect.any(String), startedAt: expect.any(Number) });
      expect(new Set(published).size).toBe(published.length);
      expect(published.length).toBeLessThan(5);
    } finally {
      await watcher.close();
    }
  });

  it("a relay stopped leaves the desk's last snapshot shown stale; restarted, live again", async () => {
    const id = pbx.control.incomingCall({ queue: 'support', callerNumber: '+34911000111' });
    await until(desk1001, (s) => s.calls.some((c) => c.id === id), 'the call');
    await relay.stop();
    await relayNats.close();
    const stale = await until(desk1001, (s) => s.connection.stale, '1001 stale');
    expect(stale.connection.status).toBe('reconnecting');
    expect(stale.calls.map((c) => c.id)).toContain(id);
    relay = await startTheRelay();
    const back = await until(desk1001, live, '1001 live again');
    expect(back.calls.map((c) => c.id)).toContain(id);
    pbx.control.callerHangup(id);
    await until(desk1001, (s) => s.calls.length === 0, 'the call gone');
  });

  it('a relay killed without a word: the desk sees its silence, stale, then live when it is back', async () => {
    // No word to the desks: the NATS connection just goes, as when the process dies.
    const dead = relay;
    await relayNats.close();
    const stale = await until(desk1002, (s) => s.connection.stale, '1002 stale');
    expect(stale.connection.error).toMatch(/relay/);
    await dead.stop();
    relay = await startTheRelay();
    await until(desk1002, live, '1002 live again');
    await until(desk1001, live, '1001 live again');
  });

  it("the relay's AMI connection dropped: desks stale, then live", async () => {
    pbx.control.dropAll();
    // Stale for the PBX's sake (the relay's word), not the relay's.
    const pbxLost = (s: Snapshot) =>
      s.connection.stale && s.connection.status === 'reconnecting' && !/relay/.test(s.connection.error ?? '');
    await until(desk1001, pbxLost, '1001 stale');
    await until(desk1002, pbxLost, '1002 stale');
    await until(desk1001, live, '1001 live');
    await until(desk1002, live, '1002 live');
    const session = pbx.control.sessions().filter((s) => !s.closed);
    expect(session).toHaveLength(1);
    expect(pbx.control.receivedActions(session[0]!.id).filter((a) => a.name === 'CoreShowChannels')).toHaveLength(1);
  });

  it('a NATS server restart: the desk is stale while it is down, then fetches the snapshot again', async () => {
    const stale = until(desk1001, (s) => s.connection.stale, '1001 stale while NATS is down');
    await nats.restart();
    expect((await stale).calls).toEqual(desk1001.snapshot().calls);
    await until(desk1001, live, '1001 live after the NATS restart');
    expect(desk1001.snapshot().extension.number).toBe('1001');
  });
});

describe('relay and watch --relay as child processes (the command line)', () => {
  it('watch --relay prints the same JSON lines as a direct watch, the team view and a ringing call included', async () => {
    const watch = cli(['watch', '--relay', nats.url, '--extension', '1001', '--colleagues', '1009'], {
      NATS_USER: 'desk1001',
      NATS_PASSWORD: 'pw1001',
    });
    try {
      const first = await watch.line((l) => l.type === 'snapshot' && l.snapshot.connection.status === 'live' && l.snapshot.team);
      expect(first).toMatchObject({ type: 'snapshot', seq: expect.any(Number), snapshot: { extension: { number: '1001' } } });
      // The relay's one team view, made this desk's: its queues' members and its --colleagues, itself left out.
      const team = first.snapshot.team as TeamInfo;
      expect(team.members.map((m) => m.extension)).toContain('1009');
      expect(team.members.map((m) => m.extension)).not.toContain('1001');
      expect(team.queues.map((q) => q.name)).toContain('support');
      expect(first.snapshot.me).toMatchObject({ callsTaken: expect.any(Number) });
      const id = pbx.control.incomingCall({ queue: 'support', callerNumber: '+34911222333' });
      const ringing = await watch.line((l) => l.snapshot?.calls.some((c: { id: string }) => c.id === id));
      expect(ringing.seq).toBeGreaterThan(first.seq);
      pbx.control.callerHangup(id);
      await watch.line((l) => l.snapshot?.calls.length === 0);
    } finally {
      expect(await watch.stop()).toBe(0);
    }
  });

  it('relay as a child process serves a desk, and stops on SIGTERM telling it so', async () => {
    // One relay at a time: two would both answer and publish (a standby must stay silent, issue 17 item 6).
    await relay.stop();
    const child = cli(
      [
        'relay',
        '--host',
        '127.0.0.1',
        '--port',
        String(pbx.port),
        '--user',
        'agentapp',
        '--agents',
        '1001',
        '--nats',
        nats.url,
        '--heartbeat',
        '200',
        // This server has no JetStream: one relay alone (relay-lease.test.ts runs two with the lease).
        '--no-lease',
      ],
      { AMI_SECRET: 's3cret', NATS_USER: 'relay', NATS_PASSWORD: 'relay-pw' },
    );
    try {
      await child.errLine(/serving 1 agent/);
      const watch = cli(['watch', '--relay', nats.url, '--extension', '1001'], { NATS_USER: 'desk1001', NATS_PASSWORD: 'pw1001' });
      try {
        await watch.line((l) => l.snapshot?.connection.status === 'live' && !l.snapshot.connection.stale);
        const id = pbx.control.incomingCall({ queue: 'support', callerNumber: '+34911444555' });
        await watch.line((l) => l.snapshot?.calls.some((c: { id: string }) => c.id === id));
        child.process.kill('SIGTERM');
        const stale = await watch.line((l) => l.snapshot?.connection.stale === true);
        expect(stale.snapshot.connection.error).toMatch(/relay stopped/);
        expect(stale.snapshot.calls.map((c: { id: string }) => c.id)).toContain(id);
        pbx.control.callerHangup(id);
      } finally {
        await watch.stop();
      }
      expect(await child.exit()).toBe(0);
    } finally {
      await child.stop();
    }
  });

  it('a relay whose NATS user may not subscribe is refused at start, in words', async () => {
    const child = cli(
      [
        'relay',
        '--host',
        '127.0.0.1',
        '--port',
        String(pbx.port),
        '--user',
        'agentapp',
        '--agents',
        '1001',
        '--nats',
        nats.url,
        '--no-lease',
      ],
      {
        AMI_SECRET: 's3cret',
        NATS_USER: 'mute',
        NATS_PASSWORD: 'mute-pw',
      },
    );
    expect(await child.exit()).toBe(1);
    expect(child.stderr()).toMatch(/does not let the relay serve desks/);
  });
});

const ROOT = path.resolve(import.meta.dirname, '../..');

/** `pbx-companion ARGS` as a child process with `env` added, its JSON lines and stderr read as they come. */
function cli(args: string[], env: Record<string, string>) {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'electron/core/cli.ts'), ...args],
    {
      cwd: ROOT,
      env: { ...process.env, AMI_SECRET: '', NATS_PASSWORD: '', ...env },
    },
  );
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const lines: any[] = [];
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((w) => w());
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    let nl;
    while ((nl = out.indexOf('\n')) >= 0) {
      lines.push(JSON.parse(out.slice(0, nl)));
      out = out.slice(nl + 1);
    }
    wake();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
    wake();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = <T>(find: () => T | undefined, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found === undefined) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; stderr: ${err}`));
      }, 15_000);
      waiters.add(check);
      check();
    });
  let from = 0;
  return {
    process: child,
    stderr: () => err,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    line: (test: (line: any) => boolean) =>
      waitFor(() => {
        const at = lines.findIndex((l, i) => i >= from && test(l));
        if (at < 0) return undefined;
        from = at + 1;
        return lines[at];
      }, 'a JSON line'),
    errLine: (pattern: RegExp) => waitFor(() => (pattern.test(err) ? err : undefined), `stderr ${pattern}`),
    exit: () => exited,
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}

/** A raw request on a subject as desk 1001 (its own NATS user and inbox): the answer's text. */
async function requestText(subject: string, body: string): Promise<string> {
  const nc = await connect({ servers: nats.url, user: 'desk1001', pass: 'pw1001', inboxPrefix: deskInboxPrefix('1001') });
  try {
    return (await nc.request(subject, body, { timeout: 5000 })).string();
  } finally {
    await nc.close();
  }
}

async function request(subject: string, body: string): Promise<VerbResult> {
  return JSON.parse(await requestText(subject, body)) as VerbResult;
}
