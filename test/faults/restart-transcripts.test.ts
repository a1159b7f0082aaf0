/**
 * Fault suite: the windows of a real Asterisk 22 restart (`core restart now`), replayed from
 * ../shared/fixtures/asterisk-22-live/L7-restart-races.conn* through the scripted AMI server so the
 * real companion meets the real bytes: a Login answered `Asterisk is shutting down` (conn2), a
 * connection reset with no banner (conn6), a close with no banner (Asterisk beyond `authlimit`), a
 * Login left unanswered, a close during the sync, and `Invalid/unknown command` for QueueStatus
 * and DeviceStateList before app_queue is loaded, then FullyBooted (conn3). Each case ends when the
 * companion shows what a fresh companion reads from the booted PBX (conn4).
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoreCompanion } from '../../electron/core/companion.ts';
import type { Snapshot } from '../../electron/shared/snapshot.ts';
import { ScriptedAmiServer, type ScriptedConnection } from '../support/scripted-ami-server.ts';
import { FaultTable, isLive, startAgent, until, view } from './support.ts';
import { answerFrom, recorded, type RecordedConnection } from './transcripts.ts';

const table = new FaultTable('restart-transcripts');
afterAll(() => table.flush());

const shuttingDown = recorded('conn2');
const booting = recorded('conn3');
const booted = recorded('conn4');

/** What one connection plays, in the order connections arrive; the last one repeats. */
type Play = 'reset' | 'fin' | 'shutting-down' | 'silent' | 'drop-in-sync' | 'booting' | 'booted';

let server: ScriptedAmiServer;
let plays: Play[];
const playOf = new Map<ScriptedConnection, Play>();
/** Connections that saw FullyBooted: app_queue is there now. */
const upNow = new Set<ScriptedConnection>();
const agents: CoreCompanion[] = [];

beforeEach(async () => {
  server = await ScriptedAmiServer.start({ users: { agentapp: { secret: 's3cret', fullyBooted: false } } });
  plays = ['booted'];
  playOf.clear();
  upNow.clear();
  server.greet = (conn) => {
    const play = plays.length > 1 ? plays.shift()! : plays[0]!;
    playOf.set(conn, play);
    if (play === 'reset') conn.socket.resetAndDestroy();
    else if (play === 'fin') conn.end();
    return play !== 'reset' && play !== 'fin';
  };
  server.on('Login', (action, conn) => {
    const play = playOf.get(conn);
    if (play === 'silent') return; // the banner, then nothing (seen in a trial right after a restart)
    if (play !== 'shutting-down') return false;
    conn.raw(
      shuttingDown.answers
        .get('login')!
        .map((b) => b.replace(/^ActionID: .*$/m, `ActionID: ${action.get('ActionID')}`))
        .join(''),
    );
    conn.end();
  });
  for (const name of ['QueueStatus', 'DeviceStateList', 'CoreShowChannels', 'ExtensionState', 'ExtensionStateList']) {
    server.on(name, (action, conn) => {
      const play = playOf.get(conn);
      if (play === 'drop-in-sync') return conn.drop();
      const recording: RecordedConnection = play === 'booting' && !upNow.has(conn) ? booting : booted;
      return answerFrom(recording, action, conn);
    });
  }
});
afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.close();
  await server.close();
});

async function agent(syncRetryMs?: number): Promise<CoreCompanion> {
  const a = await startAgent(
    { host: '127.0.0.1', port: server.port },
    { username: 'agentapp', secret: 's3cret', ...(syncRetryMs ? { syncRetryMs } : {}) },
  );
  agents.push(a);
  return a;
}

/** What a fresh companion reads from the booted PBX (conn4). */
async function truth() {
  plays = ['booted'];
  const fresh = await agent();
  return view(await until(fresh, (s) => isLive(s) && s.connection.error === null, 'live truth'));
}

const logins = () => server.received('Login').length;
const trueAndClean = (s: Snapshot) => isLive(s) && s.connection.error === null && s.queues.length === 2;

describe('fault: the windows of a real restart, replayed (L7-restart-races)', () => {
  it('a Login answered "Asterisk is shutting down" (conn2) is retried, never taken for a wrong secret', async () => {
    plays = ['shutting-down', 'shutting-down', 'booted'];
    const statuses: string[] = [];
    const since = Date.now();
    const a = await agent();
    a.subscribe((s) => statuses.push(s.connection.status));
    const live = await until(a, trueAndClean, 'live after the refusals');
    const ms = Date.now() - since;
    expect(statuses).not.toContain('failed');
    expect(logins()).toBe(3);
    expect(view(live)).toEqual(await truth());
    table.add(
      'login refused "Asterisk is shutting down" twice (L7 conn2)',
      ms,
      'true state: retried with backoff, not taken for a wrong secret',
    );
  });

  it('a reset with no banner (conn6) and a close with no banner (authlimit) are retried', async () => {
    plays = ['reset', 'fin', 'fin', 'booted'];
    const since = Date.now();
    const a = await agent();
    const live = await until(a, trueAndClean, 'live after the closes');
    const ms = Date.now() - since;
    expect(logins()).toBe(1);
    expect(view(live)).toEqual(await truth());
    table.add('close before the banner: a reset (L7 conn6), then two FINs (authlimit)', ms, 'true state: each close retried');
  });

  it('a Login left unanswered (the banner, then silence) times out and is retried', async () => {
    plays = ['silent', 'booted'];
    const since = Date.now();
    const a = await agent();
    const live = await until(a, trueAndClean, 'live after the silent login');
    const ms = Date.now() - since;
    expect(logins()).toBe(2);
    expect(view(live)).toEqual(await truth());
    table.add('login left unanswered after the banner', ms, 'true state: the login timed out (1 s here) and was retried');
  });

  it('a close during the sync is retried', async () => {
    plays = ['drop-in-sync', 'booted'];
    const since = Date.now();
    const a = await agent();
    const live = await until(a, trueAndClean, 'live after the close in the sync');
    const ms = Date.now() - since;
    expect(logins()).toBe(2);
    expect(view(live)).toEqual(await truth());
    table.add('close during the sync', ms, 'true state: logged in and synced again');
  });

  it('"Invalid/unknown command" for QueueStatus before app_queue loads (conn3): synced again on FullyBooted', async () => {
    plays = ['booting'];
    // A minute between sync retries: only FullyBooted can bring the queues back within the test.
    const a = await agent(60_000);
    const partial = await until(a, (s) => isLive(s) && s.connection.error !== null, 'the partial sync');
    expect(partial.connection.error).toMatch(/Invalid\/unknown command: QueueStatus/);
    expect(partial.queues).toEqual([]);
    const conn = [...playOf.keys()].find((c) => !c.socket.destroyed)!;
    // The rest of conn3 as recorded: empty-hint ExtensionStatus events, then FullyBooted (Uptime 0).
    for (const block of booting.unsolicited.filter((b) => !b.startsWith('Event: FullyBooted'))) conn.raw(block);
    const since = Date.now();
    upNow.add(conn);
    conn.raw(booting.unsolicited.find((b) => b.startsWith('Event: FullyBooted'))!);
    const live = await until(a, trueAndClean, 'the queues after FullyBooted');
    const ms = Date.now() - since;
    expect(logins()).toBe(1);
    expect(view(live)).toEqual(await truth());
    table.add(
      'QueueStatus "Invalid/unknown command" before app_queue loads (L7 conn3)',
      ms,
      'true state: synced again on FullyBooted, same login (time from FullyBooted)',
    );
  });

  it('without FullyBooted (a user without the system class) the refused lists are asked again with backoff', async () => {
    plays = ['booting'];
    const a = await agent(100);
    await until(a, (s) => isLive(s) && s.connection.error !== null, 'the partial sync');
    const since = Date.now();
    // app_queue finishes loading; this user never gets FullyBooted.
    for (const conn of playOf.keys()) upNow.add(conn);
    const live = await until(a, trueAndClean, 'the queues after the backoff');
    const ms = Date.now() - since;
    expect(logins()).toBe(1);
    expect(view(live)).toEqual(await truth());
    table.add('module not loaded and no FullyBooted', ms, 'true state: the sync asked again after a jittered backoff (base 100 ms here)');
  });
});
