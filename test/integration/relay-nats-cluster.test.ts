/**
 * The printed config with `--cluster` and `--tls-*` runs a real 3-node nats-server cluster on loopback
 * (127.0.0.1, .2 and .3, one route port, as the file asks): the routes form over mutual TLS, a snapshot
 * the relay publishes on one node reaches its desk on another, and desk 1001 is still refused 1002's
 * snapshot and verbs on every node. A node whose certificate comes from another CA cannot join.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect, PermissionViolationError, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../electron/core/cli.ts';
import { memoryIO } from '../../electron/core/cli/io.ts';
import { natsAuthOptions } from '../../electron/core/relay/nats-auth.ts';
import { deskInboxPrefix, RELAY_INBOX_PREFIX } from '../../electron/core/relay/subjects.ts';
import { startNatsServer, type NatsServer } from '../support/nats-server.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'pbxc-nats-cluster-'));
const file = (name: string) => path.join(dir, name);
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
const HOSTS = ['127.0.0.1', '127.0.0.2', '127.0.0.3'];

/** A CA, and a certificate from it valid for the three loopback nodes as server and as client (routes). */
function makeCerts(ca: string, node: string): void {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', `${ca}.key`, '-out', `${ca}.pem`, '-days', '1', '-subj', `/CN=${ca}`);
  openssl('req', ...ec, '-keyout', `${node}.key`, '-out', `${node}.csr`, '-subj', `/CN=${node}`);
  writeFileSync(
    file(`${node}.ext`),
    `subjectAltName=DNS:localhost,${HOSTS.map((h) => `IP:${h}`).join(',')}\nextendedKeyUsage=serverAuth,clientAuth\n`,
  );
  openssl('x509', '-req', '-in', `${node}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial');
  openssl(
    'x509',
    '-req',
    '-in',
    `${node}.csr`,
    '-CA',
    `${ca}.pem`,
    '-CAkey',
    `${ca}.key`,
    '-out',
    `${node}.pem`,
    '-days',
    '1',
    '-extfile',
    `${node}.ext`,
  );
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('relay-nats-conf --cluster --tls-* on a real 3-node cluster', () => {
  const nodes: NatsServer[] = [];
  const clients: NatsConnection[] = [];
  let seeds: Map<string, string>;
  let config: string;
  let routePort: number;

  const as = async (user: string, node: number, inboxPrefix: string) => {
    const nc = await connect({
      servers: nodes[node]!.url,
      ...natsAuthOptions(seeds.get(user)!),
      inboxPrefix,
      tls: { ca: readFileSync(file('ca.pem'), 'utf8') },
      reconnect: false,
    });
    clients.push(nc);
    return nc;
  };

  /** Publishes until the subscription on another node has it: interest crosses the routes once they are up. */
  async function deliveredAcross(publisher: NatsConnection, subject: string, sub: Subscription): Promise<string> {
    const first = sub[Symbol.asyncIterator]().next();
    let got: string | undefined;
    void first.then((m) => (got = m.value?.string()));
    for (let i = 0; i < 200 && got === undefined; i++) {
      publisher.publish(subject, `snapshot ${i}`);
      await Promise.race([first, new Promise((resolve) => setTimeout(resolve, 50))]);
    }
    return got ?? 'never delivered';
  }

  beforeAll(async () => {
    makeCerts('ca', 'node');
    routePort = await freePort();
    const io = memoryIO();
    const cluster = HOSTS.map((h) => `${h}:${routePort}`).join(',');
    const args = ['--agents', '1001,1002', '--tls-cert', file('node.pem'), '--tls-key', file('node.key'), '--tls-ca', file('ca.pem')];
    expect(await main(['relay-nats-conf', ...args, '--cluster', cluster], io)).toBe(0);
    config = io.lines.join('\n');
    seeds = new Map(io.errors.flatMap((line) => (/^(\S+) (SU\w+)$/.exec(line) ? [[line.split(' ')[0]!, line.split(' ')[1]!]] : [])));
    for (const [i, host] of HOSTS.entries()) {
      const env = { PBXC_NATS_NODE: `pbxc-${i + 1}` };
      nodes.push(await startNatsServer({ config, host, args: ['--cluster', `nats://${host}:${routePort}`], env }));
    }
  });

  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
    await Promise.allSettled(nodes.map((n) => n.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("carries a desk's own snapshot across nodes, and refuses it 1002's on every node", async () => {
    const relay = await as('relay', 2, RELAY_INBOX_PREFIX);
    const desk1001 = await as('desk-1001', 1, deskInboxPrefix('1001'));
    const mine = desk1001.subscribe('pbxc.agent.1001.snapshot');
    await desk1001.flush();
    expect(await deliveredAcross(relay, 'pbxc.agent.1001.snapshot', mine)).toMatch(/^snapshot \d+$/);

    relay.subscribe('pbxc.agent.*.get', {
      callback: (_e, msg) => {
        msg.respond(`answer to ${msg.subject}`);
      },
    });
    await relay.flush();
    for (const node of [0, 1, 2]) {
      const desk = await as('desk-1001', node, deskInboxPrefix('1001'));
      expect(await desk.subscribe('pbxc.agent.1002.snapshot').closed).toBeInstanceOf(PermissionViolationError);
      const refused = await desk.request('pbxc.agent.1002.get', '', { timeout: 5000 }).catch((e: Error) => e.cause);
      expect(refused, `node ${node}`).toBeInstanceOf(PermissionViolationError);
    }
    // The routes are up (the snapshot crossed them): the relay on node 3 answers desk 1001 on node 2.
    expect((await desk1001.request('pbxc.agent.1001.get', '', { timeout: 5000 })).string()).toBe('answer to pbxc.agent.1001.get');
  });

  it('routes are mutual TLS: a node that trusts our CA but shows a certificate from another is not let in', async () => {
    makeCerts('rogue-ca', 'rogue');
    // The attacker knows the CA's public certificate and the config; it has no certificate signed by that CA.
    const rogueConfig = config.replaceAll(file('node.pem'), file('rogue.pem')).replaceAll(file('node.key'), file('rogue.key'));
    // Routes from the rogue's address only: the legitimate nodes may still be settling their own routes (JetStream).
    const created = (log: string) => (log.match(/127\.0\.0\.4:\d+ - rid:\d+ - Route connection created/g) ?? []).length;
    const before = created(nodes[0]!.log());
    const rogue = await startNatsServer({
      config: rogueConfig,
      host: '127.0.0.4',
      args: ['--cluster', `nats://127.0.0.4:${routePort}`],
      env: { PBXC_NATS_NODE: 'rogue' },
    });
    nodes.push(rogue);
    // Node 1 asks for a client certificate from our CA on the route and refuses the rogue (Go's TLS
    // client sends none, having none from the CAs the server names: "client didn't provide a certificate").
    await expect
      .poll(() => /TLS route handshake error: .*(didn't provide a certificate|unknown authority|bad certificate)/.test(nodes[0]!.log()), {
        timeout: 15_000,
      })
      .toBe(true);
    expect(created(nodes[0]!.log())).toBe(before);
  });
});
