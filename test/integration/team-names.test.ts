/**
 * Colleagues' names from the PBX (issue 18 item 3), over real TCP: after the team's sync, a colleague
 * nothing names yet is named from its endpoint's caller ID. chan_sip's answer is the real one of the
 * Asterisk 18 transcript S01 (SIPshowpeer 1001); the demo PBX answers PJSIPShowEndpoint as res_pjsip
 * does. A PBX that refuses the action is not asked again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AmiAction } from '../../electron/core/ami/action.ts';
import { AmiClient } from '../../electron/core/ami/client.ts';
import { frameAll } from '../../electron/core/ami/framer.ts';
import { agentIdentity, type Technology } from '../../electron/core/agent/identity.ts';
import { emptySnapshot } from '../../electron/core/agent/state.ts';
import { createCompanion, type CoreCompanion } from '../../electron/core/companion.ts';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import { TeamEngine } from '../../electron/core/team/engine.ts';
import type { Colleague, Snapshot, TeamInfo } from '../../electron/shared/snapshot.ts';
import { readRaw } from '../support/fixtures.ts';
import { ScriptedAmiServer } from '../support/scripted-ami-server.ts';

const S01 = frameAll([readRaw('asterisk-18/S01-initial-sync-idle.ami.raw')]).messages;
/** S01's answer to `SIPshowpeer Peer: 1001`: one Success response with about 70 fields, Callerid among them. */
const showPeer1001 = S01.find((m) => m.kind === 'response' && m.get('ObjectName') === '1001' && m.get('Callerid') !== undefined)!;

const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A team engine at `extension`'s desk over a real AMI client to `port`, its agent picture live with no queues. */
async function teamAt(
  port: number,
  extension: string,
  technology: Technology,
  extensions: string[],
  warn: (message: string) => void = () => {},
): Promise<{ engine: TeamEngine; client: AmiClient }> {
  const client = new AmiClient({
    host: '127.0.0.1',
    port,
    username: 'agentapp',
    secret: 's3cret',
    reconnect: false,
    keepaliveIntervalMs: 0,
  });
  await client.connect();
  closers.push(() => client.close());
  const identity = agentIdentity({ extension, technology });
  const live: Snapshot = { ...emptySnapshot(identity), connection: { ...emptySnapshot(identity).connection, status: 'live' } };
  const agent = { snapshot: () => live, subscribe: () => () => {} };
  const engine = new TeamEngine({ connection: client, identity, extensions, agent, coalesceMs: 0, logger: { warn } });
  closers.push(() => engine.stop());
  engine.start();
  return { engine, client };
}

function untilTeam(engine: TeamEngine, test: (team: TeamInfo) => boolean): Promise<TeamInfo> {
  return new Promise((resolve) => {
    if (test(engine.info())) return resolve(engine.info());
    const off = engine.subscribe((team) => {
      if (!test(team)) return;
      off();
      resolve(team);
    });
  });
}

const nameOf = (team: TeamInfo, extension: string) => team.members.find((m) => m.extension === extension)?.name;

describe('colleagues’ names from the PBX', () => {
  it('chan_sip: a team.extensions colleague is named from the real SIPshowpeer answer (S01), one action per colleague', async () => {
    const server = await ScriptedAmiServer.start();
    closers.push(() => server.close());
    server.on('SIPshowpeer', (action, conn) => {
      if (action.get('Peer') !== '1001') return conn.reply(action, 'Error', { Message: 'Peer 1003 not found.' });
      conn.send(showPeer1001.entries().map(([k, v]) => [k, k === 'ActionID' ? action.get('ActionID')! : v] as const));
    });
    const { engine, client } = await teamAt(server.port, '1002', 'SIP', ['1001', '1003']);
    const team = await untilTeam(engine, (t) => nameOf(t, '1001') === 'Agent One');
    expect(team.members.map((m) => [m.extension, m.name])).toEqual([
      ['1001', 'Agent One'],
      ['1003', ''],
    ]);
    // The engine asks 1003 as soon as 1001's answer is in: before this Ping on the same connection.
    await client.action(AmiAction.build('Ping'));
    expect(server.received('SIPshowpeer').map((a) => a.get('Peer'))).toEqual(['1001', '1003']);
  });

  it('a PBX that refuses the action (Permission denied) is asked once, and the team shows without names', async () => {
    const server = await ScriptedAmiServer.start({ users: { agentapp: { secret: 's3cret', deny: ['PJSIPShowEndpoint'] } } });
    closers.push(() => server.close());
    let refused!: () => void;
    const warned = new Promise<void>((resolve) => (refused = resolve));
    const warn = (message: string) => void (message.includes('names') && refused());
    const { engine, client } = await teamAt(server.port, '1001', 'PJSIP', ['1002', '1003', '1004'], warn);
    await warned;
    // A next ask would leave on the same connection as soon as the refusal arrived: before this Ping.
    await client.action(AmiAction.build('Ping'));
    expect(server.received('PJSIPShowEndpoint').map((a) => a.get('Endpoint'))).toEqual(['1002']);
    expect(engine.info().members.map((m) => m.name)).toEqual(['', '', '']);
  });
});

describe('colleagues’ names on the demo PBX, direct mode', () => {
  let pbx: DemoPbx;
  let agent: CoreCompanion;

  it('a colleague listed only in team.extensions shows its phone’s caller ID name (PJSIPShowEndpoint)', async () => {
    pbx = await startDemoPbx({ answerAfterMs: null });
    closers.push(() => pbx.close());
    agent = await createCompanion({
      pbx: { host: '127.0.0.1', port: pbx.port, username: 'agentapp', extension: '1001' },
      secret: 's3cret',
      client: { keepaliveIntervalMs: 0, backoff: () => 30 },
      team: { extensions: ['1002', '1009'] },
    });
    closers.push(() => agent.close());
    const named = await new Promise<Colleague[]>((resolve) => {
      const check = (s: Snapshot) => {
        const members = s.team?.members ?? [];
        if (members.find((m) => m.extension === '1002')?.name === 'Agent Two') resolve(members);
      };
      check(agent.snapshot());
      agent.subscribe(check);
    });
    // 1009 has no phone on the demo PBX: "Unable to retrieve endpoint", no name, no error.
    expect(named.map((m) => [m.extension, m.name])).toEqual([
      ['1002', 'Agent Two'],
      ['1009', ''],
    ]);
  });
});
