/**
 * Issue 17's isolation line: desk 1001's credential can neither read 1002's snapshot nor act on
 * 1002's channel, refused by the NATS server itself. A real nats-server (2.9.10) runs the config that
 * `relay-nats-conf` prints; the desks and the relay connect with the seeds it printed.
 *
 * The "relay" here is a bare NATS client that answers every request it receives, with no check of
 * its own: whatever desk 1001 is refused, nats-server refused (a PermissionViolationError is the
 * client's reading of the server's `-ERR 'Permissions Violation ...'`), and the stand-in shows the
 * forbidden message never reached it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { AuthorizationError, connect, PermissionViolationError, type Msg, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../electron/core/cli.ts';
import { memoryIO } from '../../electron/core/cli/io.ts';
import { natsAuthOptions } from '../../electron/core/relay/nats-auth.ts';
import { deskInboxPrefix, RELAY_INBOX_PREFIX } from '../../electron/core/relay/subjects.ts';
import { NATS_SERVER, startNatsServer, type RunningNatsServer } from '../support/nats-server.ts';

const run = promisify(execFile);

/** The printed config and seeds, as an admin gets them. */
async function printConf(...args: string[]): Promise<{ config: string; seeds: Map<string, string> }> {
  const io = memoryIO();
  expect(await main(['relay-nats-conf', ...args], io)).toBe(0);
  const seeds = new Map(
    io.errors.flatMap((line) => {
      const match = /^(relay|desk-\S+) (SU[A-Z2-7]+)$/.exec(line);
      return match ? [[match[1]!, match[2]!] as const] : [];
    }),
  );
  return { config: io.lines.join('\n') + '\n', seeds };
}

/** Every permission violation the server reports on a connection, and a wait for one. */
function violations(nc: NatsConnection) {
  const seen: PermissionViolationError[] = [];
  const waiters: Array<() => void> = [];
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'error' && status.error instanceof PermissionViolationError) {
        seen.push(status.error);
        waiters.splice(0).forEach((wake) => wake());
      }
    }
  })();
  return {
    seen,
    async next(operation: 'publish' | 'subscription', subject: string): Promise<PermissionViolationError> {
      for (;;) {
        const found = seen.find((e) => e.operation === operation && e.subject === subject);
        if (found) return found;
        await new Promise<void>((wake) => waiters.push(wake));
      }
    },
  };
}

describe('relay-nats-conf on a real nats-server', () => {
  let dir: string;
  let server: RunningNatsServer;
  let seeds: Map<string, string>;
  let relay: NatsConnection;
  let desk1001: NatsConnection;
  let desk1002: NatsConnection;
  let relayViolations: ReturnType<typeof violations>;
  let desk1001Violations: ReturnType<typeof violations>;
  /** Every request the stand-in relay received, by subject. */
  const received: string[] = [];

  const asDesk = (extension: string, seed = seeds.get(`desk-${extension}`)!) =>
    connect({ servers: server.url, ...natsAuthOptions(seed), inboxPrefix: deskInboxPrefix(extension), reconnect: false });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pbxc-nats-conf-'));
    const printed = await printConf('--agents', '1001,1002');
    seeds = printed.seeds;
    server = await startNatsServer(printed.config);
    // The printed file listens on 0.0.0.0:4222; the test server on loopback only.
    expect(server.log()).toContain(`Listening for client connections on 127.0.0.1:${server.port}`);
    relay = await connect({
      servers: server.url,
      ...natsAuthOptions(seeds.get('relay')!),
      inboxPrefix: RELAY_INBOX_PREFIX,
      reconnect: false,
    });
    relayViolations = violations(relay);
    const answer = (_error: Error | null, msg: Msg) => {
      received.push(msg.subject);
      msg.respond(`answer to ${msg.subject}`);
    };
    relay.subscribe('pbxc.agent.*.get', { callback: answer });
    relay.subscribe('pbxc.agent.*.verb.>', { callback: answer });
    relay.subscribe('pbxc.team.get', { callback: answer });
    await relay.flush();
    desk1001 = await asDesk('1001');
    desk1001Violations = violations(desk1001);
    desk1002 = await asDesk('1002');
  });

  afterAll(async () => {
    await Promise.allSettled([relay?.close(), desk1001?.close(), desk1002?.close()]);
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a seed for the relay and each desk, and no seed into the config', async () => {
    const { config, seeds } = await printConf('--agents', '1001,1002');
    expect([...seeds.keys()]).toEqual(['relay', 'desk-1001', 'desk-1002']);
    for (const seed of seeds.values()) expect(config).not.toContain(seed);
    expect(config).not.toMatch(/SU[A-Z2-7]{50,}/);
    expect(config).not.toMatch(/password/);
    // Nobody is allowed the shared inbox or the system account; no desk JetStream; the relay only its lease buckets.
    const allows = [...config.matchAll(/allow: \[([^\]]*)\]/g)].map((m) => m[1]!);
    expect(allows).toHaveLength(6);
    for (const allow of allows) expect(allow).not.toMatch(/"_INBOX\.|\$SYS/);
    for (const allow of allows.slice(2)) expect(allow).not.toMatch(/\$JS|\$KV/);
    const relayJetStream = allows[0]!.split(', ').filter((s) => /\$JS|\$KV/.test(s));
    for (const subject of relayJetStream)
      expect(subject).toMatch(
        /^"(\$JS\.API\.INFO|\$JS\.API\.STREAM\.(INFO|CREATE|MSG\.GET)\.KV_pbxc_lease(_\d)?|\$KV\.pbxc_lease(_\d)?\.>)"$/,
      );
  });

  it.each([
    ['plain', []],
    ['TLS and a 3-node cluster', ['--tls', '--cluster', 'nats-a.example:6222,nats-b.example:6222,127.0.0.1:6222']],
  ])('the printed config (%s) is valid for nats-server -t', async (_name, extra) => {
    const args = ['--agents', '1001,1002,2001'];
    if (extra.includes('--tls')) {
      const cert = path.join(dir, 'nats.pem');
      const key = path.join(dir, 'nats.key');
      await run(
        'openssl',
        ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'].concat([
          '-keyout',
          key,
          '-out',
          cert,
          '-days',
          '1',
          '-subj',
          '/CN=nats.example',
        ]),
      );
      args.push('--tls-cert', cert, '--tls-key', key, '--tls-ca', cert, ...extra.filter((a) => a !== '--tls'));
    }
    const { config } = await printConf(...args);
    const file = path.join(dir, `conf-${extra.length}.conf`);
    writeFileSync(file, config);
    // execFile rejects on a non-zero exit: this resolves only when nats-server exits 0.
    // A cluster node's name (and lease tag) comes from its environment.
    const { stderr } = await run(NATS_SERVER, ['-t', '-c', file], { env: { ...process.env, PBXC_NATS_NODE: 'pbxc-1' } });
    expect(stderr).toContain('is valid');
  });

  it("desk 1001 cannot subscribe to 1002's snapshot, another inbox, or anything beyond its own", async () => {
    for (const subject of [
      'pbxc.agent.1002.snapshot',
      'pbxc.agent.1002.notice',
      'pbxc.agent.*.snapshot',
      'pbxc.agent.*.notice',
      'pbxc.agent.>',
      '>',
      '_INBOX.>',
      '_INBOX_1002.>',
      `${RELAY_INBOX_PREFIX}.>`,
      'pbxc.agent.1002.get',
      '$JS.API.>',
      '$SYS.>',
      'pbxc.relay.>',
      // Other desks' requests for the team view (and their inboxes).
      'pbxc.team.get',
      'pbxc.team.>',
    ]) {
      const sub = desk1001.subscribe(subject);
      const error = await sub.closed;
      expect(error, subject).toBeInstanceOf(PermissionViolationError);
      expect(error as PermissionViolationError).toMatchObject({ operation: 'subscription', subject });
    }
  });

  it("1002's snapshot reaches desk 1002 and never desk 1001", async () => {
    const mine = desk1001.subscribe('pbxc.agent.1001.snapshot');
    const theirs = desk1002.subscribe('pbxc.agent.1002.snapshot');
    const stolen = desk1001.subscribe('pbxc.agent.1002.snapshot');
    await Promise.all([desk1001.flush(), desk1002.flush()]);
    relay.publish('pbxc.agent.1002.snapshot', 'secret of 1002');
    relay.publish('pbxc.agent.1001.snapshot', 'snapshot of 1001');
    expect((await theirs[Symbol.asyncIterator]().next()).value?.string()).toBe('secret of 1002');
    // Same publisher, in order: once 1001's own arrives, 1002's would have arrived before it.
    expect((await mine[Symbol.asyncIterator]().next()).value?.string()).toBe('snapshot of 1001');
    expect(await stolen.closed).toBeInstanceOf(PermissionViolationError);
    expect(stolen.getReceived()).toBe(0);
    mine.unsubscribe();
    theirs.unsubscribe();
  });

  it("desk 1001 cannot request 1002's snapshot or verbs, fake a snapshot or a reply, or reach JetStream", async () => {
    for (const subject of ['pbxc.agent.1002.get', 'pbxc.agent.1002.verb.hangup', 'pbxc.agent.1002.verb.dial']) {
      const error = await desk1001.request(subject, '{}', { timeout: 5000 }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.cause, subject).toBeInstanceOf(PermissionViolationError);
      expect(error?.cause).toMatchObject({ operation: 'publish', subject });
    }
    for (const subject of [
      'pbxc.agent.1002.snapshot',
      'pbxc.agent.1001.snapshot',
      '_INBOX_1002.fake.reply',
      '$JS.API.INFO',
      '$JS.API.STREAM.LIST',
      'pbxc.relay.lease',
    ]) {
      desk1001.publish(subject, 'forged');
      expect(await desk1001Violations.next('publish', subject)).toBeInstanceOf(PermissionViolationError);
    }
    // The stand-in relay answers everything, and saw none of it: after desk 1001's own request
    // (later on the same connection) it has seen 1001's subjects only.
    expect((await desk1001.request('pbxc.agent.1001.get', '', { timeout: 5000 })).string()).toBe('answer to pbxc.agent.1001.get');
    expect(received.filter((s) => !s.startsWith('pbxc.agent.1001.'))).toEqual([]);
  });

  it('desk 1001 gets its own snapshot and runs its own verbs, with replies on its own inbox', async () => {
    const get = await desk1001.request('pbxc.agent.1001.get', '', { timeout: 5000 });
    expect(get.string()).toBe('answer to pbxc.agent.1001.get');
    const verb = await desk1001.request('pbxc.agent.1001.verb.pause', '{"reason":"lunch"}', { timeout: 5000 });
    expect(verb.string()).toBe('answer to pbxc.agent.1001.verb.pause');
    expect(received).toContain('pbxc.agent.1001.verb.pause');
  });

  it("desk 1001's credential with the shared _INBOX prefix cannot even receive its own replies", async () => {
    const shared = await connect({ servers: server.url, ...natsAuthOptions(seeds.get('desk-1001')!), reconnect: false });
    try {
      const error = await shared.request('pbxc.agent.1001.get', '', { timeout: 5000 }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.cause ?? error).toBeInstanceOf(PermissionViolationError);
    } finally {
      await shared.close();
    }
  });

  it("desk 1001 hears its own notices and the relay's sign of life, never 1002's notices, and can fake neither", async () => {
    const mine = desk1001.subscribe('pbxc.agent.1001.notice', { max: 1 });
    const alive = desk1001.subscribe('pbxc.relay.alive', { max: 1 });
    const theirs = desk1001.subscribe('pbxc.agent.1002.notice');
    await desk1001.flush();
    relay.publish('pbxc.relay.alive', 'the relay lives');
    relay.publish('pbxc.agent.1002.notice', 'news for 1002');
    relay.publish('pbxc.agent.1001.notice', 'news for 1001');
    expect((await alive[Symbol.asyncIterator]().next()).value?.string()).toBe('the relay lives');
    expect((await mine[Symbol.asyncIterator]().next()).value?.string()).toBe('news for 1001');
    expect(await theirs.closed).toBeInstanceOf(PermissionViolationError);
    expect(theirs.getReceived()).toBe(0);
    for (const subject of ['pbxc.relay.alive', 'pbxc.agent.1001.notice', 'pbxc.agent.1002.notice']) {
      desk1001.publish(subject, 'fake');
      expect(await desk1001Violations.next('publish', subject), subject).toBeInstanceOf(PermissionViolationError);
    }
  });

  it('every desk hears the team view and asks for it, none can fake it, and it opens no other desk’s snapshot', async () => {
    const heard = [desk1001, desk1002].map((desk) => desk.subscribe('pbxc.team', { max: 1 }));
    await Promise.all([desk1001.flush(), desk1002.flush()]);
    relay.publish('pbxc.team', 'the team');
    for (const sub of heard) expect((await sub[Symbol.asyncIterator]().next()).value?.string()).toBe('the team');
    expect((await desk1001.request('pbxc.team.get', '', { timeout: 5000 })).string()).toBe('answer to pbxc.team.get');
    desk1001.publish('pbxc.team', 'forged team');
    expect(await desk1001Violations.next('publish', 'pbxc.team')).toBeInstanceOf(PermissionViolationError);
    // Still nothing of 1002's own.
    const stolen = desk1001.subscribe('pbxc.agent.1002.snapshot');
    expect(await stolen.closed).toBeInstanceOf(PermissionViolationError);
  });

  it('the relay publishes every snapshot and answers every desk, but reads no desk inbox', async () => {
    const snapshot = desk1002.subscribe('pbxc.agent.1002.snapshot', { max: 1 });
    await desk1002.flush();
    relay.publish('pbxc.agent.1002.snapshot', 'from the relay');
    expect((await snapshot[Symbol.asyncIterator]().next()).value?.string()).toBe('from the relay');
    expect((await desk1002.request('pbxc.agent.1002.verb.hangup', '{}', { timeout: 5000 })).string()).toBe(
      'answer to pbxc.agent.1002.verb.hangup',
    );
    for (const subject of ['_INBOX_1001.>', '_INBOX.>', '$SYS.>']) {
      expect(await relay.subscribe(subject).closed, subject).toBeInstanceOf(PermissionViolationError);
    }
    relay.publish('_INBOX_1001.unasked', 'not a reply to anything');
    expect(await relayViolations.next('publish', '_INBOX_1001.unasked')).toBeInstanceOf(PermissionViolationError);
  });

  it('no credential, or a seed the config does not know, is refused', async () => {
    await expect(connect({ servers: server.url, reconnect: false })).rejects.toBeInstanceOf(AuthorizationError);
    const other = await printConf('--agents', '1001');
    await expect(asDesk('1001', other.seeds.get('desk-1001')!)).rejects.toBeInstanceOf(AuthorizationError);
  });
});
