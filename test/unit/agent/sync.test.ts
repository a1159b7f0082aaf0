/**
 * The live engine over real TCP: the real AmiClient against a scripted AMI server on 127.0.0.1 that
 * answers the sync's list actions with the items of the real 01b transcript, with live events
 * interleaved, then drops the connection.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AmiClient } from '../../../electron/core/ami/client.ts';
import { frameAll } from '../../../electron/core/ami/framer.ts';
import type { AmiMessage } from '../../../electron/core/ami/message.ts';
import { agentIdentity } from '../../../electron/core/agent/identity.ts';
import { AgentEngine } from '../../../electron/core/agent/sync.ts';
import type { Snapshot } from '../../../electron/shared/snapshot.ts';
import type { ScriptedConnection } from '../../support/scripted-ami-server.ts';
import { ScriptedAmiServer } from '../../support/scripted-ami-server.ts';
import { readRaw } from '../../support/fixtures.ts';
import { replaySnapshots } from '../../replay/agent-session.ts';

const B = 'asterisk-22/01b-initial-sync-busy.ami.raw';
const messages = frameAll([readRaw(B)]).messages;
const firstListResponse = messages.findIndex((m) => m.get('EventList') === 'start');
/** 01b's live events before its lists: the agent's phone rings with a queue call. */
const liveBefore = messages.slice(0, firstListResponse).filter((m) => m.kind === 'event' && m.name !== 'FullyBooted');
/** And after them: the caller gives up (a missed call). */
const liveAfter = messages.slice(messages.findLastIndex((m) => m.name === 'QueueStatusComplete') + 1).filter((m) => m.kind === 'event');
const itemsOf = (completeName: string, nth = 0): AmiMessage[] => {
  const ends = messages.map((m, i) => [m, i] as const).filter(([m]) => m.name === completeName);
  const end = ends[nth]![1];
  const id = messages[end]!.get('ActionID');
  return messages.slice(0, end + 1).filter((m) => m.kind === 'event' && m.get('ActionID') === id);
};

/** Sends a recorded message with this action's ActionID in place of the recorded one. */
function resend(conn: ScriptedConnection, m: AmiMessage, actionId: string | undefined): void {
  conn.send(m.entries().map(([k, v]) => [k, k.toLowerCase() === 'actionid' ? (actionId ?? v) : v] as const));
}

function answerList(conn: ScriptedConnection, action: AmiMessage, items: AmiMessage[], interleave: AmiMessage[] = []): void {
  const id = action.get('ActionID');
  conn.reply(action, 'Success', { EventList: 'start', Message: 'list will follow' });
  const live = [...interleave];
  for (const item of items) {
    resend(conn, item, id);
    const next = live.shift();
    if (next) conn.raw(next.raw + '\r\n\r\n');
  }
  for (const rest of live) conn.raw(rest.raw + '\r\n\r\n');
}

async function until(engine: AgentEngine, what: string, test: (s: Snapshot) => boolean): Promise<Snapshot> {
  if (test(engine.snapshot())) return engine.snapshot();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`never: ${what}; last ${JSON.stringify(engine.snapshot().connection)}`)), 5000);
    const off = engine.subscribe((s) => {
      if (!test(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

const strip = (s: Snapshot) => ({
  extension: s.extension,
  queues: [...s.queues].sort((a, b) => a.name.localeCompare(b.name)),
  calls: s.calls.map(({ startedAt: _s, answeredAt: _a, ...c }) => c),
});

describe('AgentEngine over a real AMI connection', () => {
  let server: ScriptedAmiServer | null = null;
  let client: AmiClient | null = null;
  afterEach(async () => {
    await client?.close();
    await server?.close();
  });

  it('syncs with live events interleaved into the same picture as the live events, goes stale on a drop, rebuilds on reconnect', async () => {
    let logins = 0;
    server = await ScriptedAmiServer.start();
    server
      .on('QueueStatus', (action, conn) => {
        // Live events arrive while the first list runs (only on the first login).
        const member = action.get('Member');
        const items = itemsOf('QueueStatusComplete').filter((m) => m.name !== 'QueueMember' || m.get('Location') === member);
        answerList(conn, action, [...items.slice(0, -1)], member === 'PJSIP/1001' && logins === 1 ? liveBefore : []);
        resend(conn, items.at(-1)!, action.get('ActionID'));
      })
      .on('ExtensionState', (action, conn) => {
        const status = logins === 1 ? '8' : '0';
        conn.reply(action, 'Success', {
          Message: 'Extension Status',
          Exten: '1001',
          Context: 'ext-local',
          Hint: 'PJSIP/1001',
          Status: status,
          StatusText: status === '8' ? 'Ringing' : 'Idle',
        });
      })
      .on('DeviceStateList', (action, conn) => {
        const items = itemsOf('DeviceStateListComplete');
        answerList(conn, action, items.slice(0, -1));
        resend(conn, items.at(-1)!, action.get('ActionID'));
      })
      .on('CoreShowChannels', (action, conn) => {
        const items =
          logins === 1
            ? itemsOf('CoreShowChannelsComplete')
            : itemsOf('CoreShowChannelsComplete').filter((m) => m.name !== 'CoreShowChannel');
        answerList(conn, action, items.slice(0, -1));
        resend(conn, items.at(-1)!, action.get('ActionID'));
      });
    client = new AmiClient({
      host: '127.0.0.1',
      port: server.port,
      username: 'agentapp',
      secret: 's3cret',
      keepaliveIntervalMs: 0,
      backoff: () => 20,
      actionTimeoutMs: 3000,
    });
    client.onLogin(() => logins++);
    const engine = new AgentEngine({ connection: client, identity: agentIdentity({ extension: '1001' }) });
    const seen: Snapshot[] = [];
    engine.subscribe((s) => seen.push(s));
    engine.start();
    expect(engine.snapshot().connection.stale).toBe(true);
    await client.connect();

    const live = await until(engine, 'live after the sync', (s) => s.connection.status === 'live');
    expect(seen.some((s) => s.connection.status === 'syncing' && s.connection.stale)).toBe(true);
    // Never live before the lists completed: no snapshot in between shows a half-built state as live.
    expect(seen.filter((s) => s.connection.status === 'live')).toHaveLength(1);
    // The same picture as 01b's live events replayed (the reference), whatever the interleaving.
    const reference = replaySnapshots([B]).find(
      (s) => s.calls[0]?.state === 'ringing' && s.queues.length === 2 && s.extension.registered !== null,
    )!;
    expect(strip(live)).toEqual(strip(reference));
    expect(live.calls[0]).toMatchObject({
      state: 'ringing',
      queue: 'support',
      remote: { number: '+15550109000' },
      vars: { CUSTOMER_ID: 'C-1042' },
    });
    expect(live.connection.error).toBeNull();

    // Live events after the sync: the caller gives up.
    const conn = await server.loggedIn();
    for (const m of liveAfter) conn.raw(m.raw + '\r\n\r\n');
    const missed = await until(engine, 'the missed call in history', (s) => s.calls.length === 0 && s.history.length === 1);
    expect(missed.history[0]).toMatchObject({ queue: 'support', answeredAt: null });

    // The connection drops: stale, last values kept.
    const known = engine.snapshot();
    conn.drop();
    const down = await until(engine, 'stale while down', (s) => s.connection.status !== 'live');
    expect(down.connection.stale).toBe(true);
    expect(down.queues).toEqual(known.queues);
    expect(down.history).toEqual(known.history);

    // Reconnected: rebuilt from the lists (no call any more, idle), the history kept.
    const again = await until(engine, 'live again', (s) => s.connection.status === 'live');
    expect(logins).toBe(2);
    expect(again.connection.stale).toBe(false);
    expect(again.extension.state).toBe('idle');
    expect(again.calls).toEqual([]);
    expect(again.history).toEqual(known.history);
    engine.stop();
    expect(engine.snapshot().connection.status).toBe('disconnected');
  });

  /**
   * A login mid-call: the caller's Newchannel (the DID) was never seen, and CoreShowChannel shows the
   * caller at `s` in the IVR. The sync asks Status for the call's first channel, whose DNID is the DID.
   */
  async function syncMidCall(deny: string[]): Promise<{ live: Snapshot; statusAsked: string[] }> {
    const statusAsked: string[] = [];
    server = await ScriptedAmiServer.start({ users: { agentapp: { secret: 's3cret', deny } } });
    server
      .on('QueueStatus', (action, conn) => {
        const items = itemsOf('QueueStatusComplete').filter((m) => m.name !== 'QueueMember' || m.get('Location') === action.get('Member'));
        answerList(conn, action, items.slice(0, -1));
        resend(conn, items.at(-1)!, action.get('ActionID'));
      })
      .on('ExtensionState', (action, conn) => {
        conn.reply(action, 'Success', {
          Message: 'Extension Status',
          Exten: '1001',
          Context: 'ext-local',
          Hint: 'PJSIP/1001',
          Status: '8',
          StatusText: 'Ringing',
        });
      })
      .on('DeviceStateList', (action, conn) => {
        const items = itemsOf('DeviceStateListComplete');
        answerList(conn, action, items.slice(0, -1));
        resend(conn, items.at(-1)!, action.get('ActionID'));
      })
      .on('CoreShowChannels', (action, conn) => {
        const items = itemsOf('CoreShowChannelsComplete');
        answerList(conn, action, items.slice(0, -1));
        resend(conn, items.at(-1)!, action.get('ActionID'));
      })
      .on('Status', (action, conn) => {
        const channel = action.get('Channel') ?? '';
        statusAsked.push(channel);
        // 01b's own Status list, narrowed to the channel asked for, as Asterisk answers `Status` with `Channel:`.
        const items = itemsOf('StatusComplete');
        answerList(
          conn,
          action,
          items.filter((m) => m.name === 'Status' && m.get('Channel') === channel),
        );
        resend(conn, items.at(-1)!, action.get('ActionID'));
      });
    client = new AmiClient({
      host: '127.0.0.1',
      port: server.port,
      username: 'agentapp',
      secret: 's3cret',
      keepaliveIntervalMs: 0,
      backoff: () => 20,
      actionTimeoutMs: 3000,
    });
    const engine = new AgentEngine({ connection: client, identity: agentIdentity({ extension: '1001' }) });
    engine.start();
    await client.connect();
    const live = await until(engine, 'live after the sync', (s) => s.connection.status === 'live');
    engine.stop();
    return { live, statusAsked };
  }

  it('logged in mid-call: the DID is the DNID of the call’s first channel, asked by Status', async () => {
    const { live, statusAsked } = await syncMidCall([]);
    expect(statusAsked).toEqual(['PJSIP/9000-00000001']);
    expect(live.calls).toHaveLength(1);
    expect(live.calls[0]).toMatchObject({ id: '1795661950.1', state: 'ringing', did: '600', remote: { number: '+15550109000' } });
    expect(live.connection.error).toBeNull();
  });

  it('logged in mid-call without the right to Status: no DID (never the `s` CoreShowChannel shows), and no sync problem', async () => {
    const { live, statusAsked } = await syncMidCall(['Status']);
    expect(statusAsked).toEqual([]);
    expect(live.calls[0]).toMatchObject({ id: '1795661950.1', state: 'ringing', did: null });
    expect(live.connection.error).toBeNull();
  });

  it('says failed, in words, when the login is refused', async () => {
    server = await ScriptedAmiServer.start();
    client = new AmiClient({
      host: '127.0.0.1',
      port: server.port,
      username: 'agentapp',
      secret: 'wrong',
      keepaliveIntervalMs: 0,
      backoff: () => 20,
    });
    const engine = new AgentEngine({ connection: client, identity: agentIdentity({ extension: '1001' }) });
    engine.start();
    await client.connect().catch(() => {});
    const failed = await until(engine, 'failed', (s) => s.connection.status === 'failed');
    expect(failed.connection.error).toBeTruthy();
    expect(failed.connection.stale).toBe(true);
    engine.stop();
  });
});
