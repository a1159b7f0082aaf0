/**
 * `doctor --relay` (issue 17): a desk in relay mode checks the NATS side, against a real
 * nats-server whose users have the permissions relay-nats-conf gives (deskPermissions), and the demo
 * PBX behind a relay. Each failure is said in words: a server down, a credential refused, a config
 * from before the notices and the sign of life, no relay running; all ok once the relay runs.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AmiClient } from '../../electron/core/ami/client.ts';
import { main } from '../../electron/core/cli.ts';
import { memoryIO } from '../../electron/core/cli/io.ts';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import { deskPermissions, RELAY_PERMISSIONS, type Permissions } from '../../electron/core/relay/nats-conf.ts';
import { startRelay, type Relay } from '../../electron/core/relay/relay.ts';
import { RELAY_INBOX_PREFIX } from '../../electron/core/relay/subjects.ts';
import { startNatsServer, type NatsServer } from '../support/nats-server.ts';

const list = (items: string[]) => `[${items.map((i) => JSON.stringify(i)).join(', ')}]`;
const permissions = (p: Permissions) =>
  `{ publish: { allow: ${list(p.publish.allow)}, deny: ${list(p.publish.deny)} }, subscribe: { allow: ${list(p.subscribe.allow)}, deny: ${list(p.subscribe.deny)} }${p.allow_responses ? ', allow_responses: true' : ''} }`;
/** A desk user as an older printed config had it: no notices, no sign of life, no team view. */
const before = deskPermissions('1001');
before.subscribe.allow = before.subscribe.allow.filter((s) => !s.endsWith('.notice') && s !== 'pbxc.relay.alive' && s !== 'pbxc.team');

const USERS = `authorization {
  users = [
    { user: relay, password: relay-pw, permissions: ${permissions(RELAY_PERMISSIONS)} }
    { user: desk-1001, password: pw1001, permissions: ${permissions(deskPermissions('1001'))} }
    { user: old-1001, password: old-pw, permissions: ${permissions(before)} }
  ]
}`;

let pbx: DemoPbx;
let nats: NatsServer;
let deadUrl: string;

async function doctor(env: Record<string, string>, ...servers: string[]) {
  const io = memoryIO(env);
  const code = await main(['doctor', '--relay', servers.join(','), '--extension', '1001', '--timeout', '2000'], io);
  return { code, out: io.lines.join('\n'), err: io.errors.join('\n') };
}

const DESK = { NATS_USER: 'desk-1001', NATS_PASSWORD: 'pw1001' };

beforeAll(async () => {
  pbx = await startDemoPbx({ answerAfterMs: null });
  nats = await startNatsServer({ config: USERS });
  // A loopback port nothing listens on.
  const free = net.createServer();
  await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
  deadUrl = `nats://127.0.0.1:${(free.address() as net.AddressInfo).port}`;
  await new Promise<void>((resolve) => free.close(() => resolve()));
}, 30_000);

afterAll(async () => {
  await nats?.stop();
  await pbx?.close();
});

describe('doctor --relay', () => {
  it('names a server that cannot be reached, and still checks the one that can', async () => {
    const { code, out } = await doctor(DESK, deadUrl, nats.url);
    expect(code).toBe(1);
    expect(out).toContain(`FAIL     ${deadUrl}`);
    expect(out).toMatch(/cannot be reached .*is nats-server running there/);
    expect(out).toContain(`ok       ${nats.url}`);
    expect(out).toMatch(/reachable; desk-1001's credential accepted/);
  });

  it('says the credential was refused', async () => {
    const { code, out } = await doctor({ NATS_USER: 'desk-1001', NATS_PASSWORD: 'wrong' }, nats.url);
    expect(code).toBe(1);
    expect(out).toMatch(/FAIL +nats:\/\/\S+ +refused the credential of desk-1001/);
    expect(out).not.toMatch(/^ok/m);
  });

  it('with no relay running: the subjects are allowed, and no relay answers', async () => {
    const { code, out } = await doctor(DESK, nats.url);
    expect(code).toBe(1);
    expect(out).toMatch(/ok +subscriptions +desk-1001 may hear its snapshot/);
    expect(out).toMatch(
      /FAIL +relay +no relay answered for 1001 \((timed out|no one answers on that subject)\): is pbx-companion relay running/,
    );
    expect(out).toMatch(/FAIL +verbs +no relay answered/);
  });

  describe('with the relay running', () => {
    let ami: AmiClient;
    let relayNats: NatsConnection;
    let relay: Relay;
    beforeAll(async () => {
      ami = new AmiClient({ host: '127.0.0.1', port: pbx.port, username: 'agentapp', secret: 's3cret', keepaliveIntervalMs: 0 });
      relayNats = await connect({ servers: nats.url, user: 'relay', pass: 'relay-pw', inboxPrefix: RELAY_INBOX_PREFIX });
      relay = await startRelay({ connection: ami, nats: relayNats, agents: ['1001'] });
      await ami.connect();
    });
    afterAll(async () => {
      await relay?.stop();
      await relayNats?.close();
      await ami?.close();
    });

    it('every check passes, and nothing is done on the PBX', async () => {
      const { code, out } = await doctor(DESK, nats.url);
      expect(out).toMatch(/ok +relay +the relay serves 1001; its PBX connection is (live|syncing|connecting)/);
      expect(out).toMatch(/ok +verbs +the relay answers 1001's verbs/);
      expect(out).toContain('All needed checks passed.');
      expect(code).toBe(0);
      const acted = pbx.control.receivedActions().filter((a) => ['Originate', 'QueuePause', 'Hangup'].includes(a.name));
      expect(acted).toEqual([]);
    });

    it('a desk user from an older config: the subjects it may not hear are named', async () => {
      const { code, out } = await doctor({ NATS_USER: 'old-1001', NATS_PASSWORD: 'old-pw' }, nats.url);
      expect(code).toBe(1);
      expect(out).toMatch(
        /FAIL +subscriptions +the NATS server does not let old-1001 subscribe to pbxc\.agent\.1001\.notice, pbxc\.relay\.alive, pbxc\.team: give it the permissions relay --print-nats-conf prints/,
      );
      expect(out).toMatch(/ok +relay +the relay serves 1001/);
    });
  });

  it.each([
    [['--extension', '1001'], '--relay'],
    [['--relay', 'http://x:1', '--extension', '1001'], 'is not a NATS URL'],
    [['--relay', 'nats://127.0.0.1:4222'], 'give --extension'],
    [['--relay', 'nats://127.0.0.1:4222', '--extension', '5.1'], 'cannot be a NATS subject token'],
  ])('%j is refused before anything connects: %s', async (args, said) => {
    const io = memoryIO({});
    const relayArgs = args.includes('--relay') ? args : ['--relay', '', ...args];
    expect(await main(['doctor', ...relayArgs], io)).toBe(2);
    expect(io.errors.join('\n')).toContain(said);
    expect(io.lines).toEqual([]);
  });
});
