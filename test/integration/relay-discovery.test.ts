/**
 * The relay learns its agents from the PBX (issue 17 item 1): the demo PBX with a few more agents,
 * a real nats-server, a relay given no agent list. It serves the queues' members and the extensions
 * whose hint is their phone; a member added later (QueueAdd, seen as QueueMemberAdded) is served
 * from then on; after an AMI reconnect it asks the PBX again; it never serves more than maxAgents.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AmiClient } from '../../electron/core/ami/client.ts';
import { AmiAction } from '../../electron/core/ami/action.ts';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import { startRelay, type Relay } from '../../electron/core/relay/relay.ts';
import { RELAY_INBOX_PREFIX, getSubject } from '../../electron/core/relay/subjects.ts';
import { decodeSnapshot } from '../../electron/core/relay/wire.ts';
import { startNatsServer, type NatsServer } from '../support/nats-server.ts';
import { waitUntil } from '../support/wait.ts';

let pbx: DemoPbx;
let nats: NatsServer;
let ami: AmiClient;
let relayNats: NatsConnection;
let relay: Relay;
const warnings: string[] = [];

/** Resolves once `test` holds, checked on each of the relay's answers (never a fixed sleep). */
const eventually = (test: () => boolean, what: string): Promise<void> => waitUntil(test, what);

const sorted = (list: string[]) => [...list].sort();

beforeAll(async () => {
  pbx = await startDemoPbx({ answerAfterMs: null, agents: { count: 3, first: 3000 } });
  nats = await startNatsServer();
  ami = new AmiClient({
    host: '127.0.0.1',
    port: pbx.port,
    username: 'agentapp',
    secret: 's3cret',
    keepaliveIntervalMs: 0,
    backoff: () => 50,
  });
  relayNats = await connect({ servers: nats.url, inboxPrefix: RELAY_INBOX_PREFIX });
  relay = await startRelay({ connection: ami, nats: relayNats, agents: [], discover: true, logger: { warn: (m) => warnings.push(m) } });
  await ami.connect();
}, 30_000);

afterAll(async () => {
  await relay?.stop();
  await relayNats?.close();
  await ami?.close();
  await nats?.stop();
  await pbx?.close();
});

describe('relay: agents learnt from the PBX', () => {
  it("serves the queues' members and the hinted extensions, with no agent list, each with its own picture", async () => {
    await eventually(() => relay.agents().length === 5, 'five agents');
    expect(sorted(relay.agents())).toEqual(['1001', '1002', '3000', '3001', '3002']);
    // 1002 is no queue member here: it is learnt from its hint (PJSIP/1002 in ext-local).
    await eventually(() => relay.snapshot('3001')?.connection.status === 'live', '3001 live');
    expect(relay.snapshot('3001')!.queues.map((q) => [q.name, q.interface])).toEqual([
      ['support', 'PJSIP/3001'],
      ['sales', 'Local/3001@from-queue/n'],
    ]);
    // A desk gets it at once.
    const desk = await connect({ servers: nats.url });
    try {
      const answer = decodeSnapshot((await desk.request(getSubject('3002'), '', { timeout: 5000 })).data);
      expect('snapshot' in answer && answer.snapshot.extension.number).toBe('3002');
    } finally {
      await desk.close();
    }
  });

  it('a member added to a queue later is served from its QueueMemberAdded', async () => {
    expect(relay.agents()).not.toContain('4000');
    const admin = new AmiClient({
      host: '127.0.0.1',
      port: pbx.port,
      username: 'agentapp',
      secret: 's3cret',
      keepaliveIntervalMs: 0,
      reconnect: false,
    });
    try {
      await admin.connect();
      const added = await admin.action(
        AmiAction.build('QueueAdd', { Queue: 'support', Interface: 'PJSIP/4000', MemberName: 'Agent 4000' }),
      );
      expect(added.get('Response')).toBe('Success');
      await eventually(() => relay.agents().includes('4000'), '4000 served');
      await eventually(() => relay.snapshot('4000')?.queues.some((q) => q.name === 'support') === true, "4000's queue");
    } finally {
      await admin.close();
    }
  });

  it('after an AMI reconnect it asks the PBX for its agents again', async () => {
    pbx.control.dropAll();
    await eventually(() => pbx.control.sessions().filter((s) => !s.closed).length === 1 && ami.status === 'connected', 'the relay back');
    const session = pbx.control.sessions().filter((s) => !s.closed)[0]!;
    await eventually(
      () => pbx.control.receivedActions(session.id).some((a) => a.name === 'ExtensionStateList'),
      'ExtensionStateList asked again',
    );
    expect(sorted(relay.agents())).toEqual(['1001', '1002', '3000', '3001', '3002', '4000']);
  });

  it('never serves more than maxAgents, and says so', async () => {
    const own = await connect({ servers: nats.url, inboxPrefix: RELAY_INBOX_PREFIX });
    const said: string[] = [];
    const small = await startRelay({
      connection: ami,
      nats: own,
      agents: ['1001'],
      discover: true,
      maxAgents: 3,
      logger: { warn: (m) => said.push(m) },
    });
    try {
      await eventually(() => said.some((m) => m.includes('more agents than')), 'the warning');
      expect(small.agents()).toHaveLength(3);
      expect(small.agents()).toContain('1001');
    } finally {
      await small.stop();
      await own.close();
    }
  });
});
