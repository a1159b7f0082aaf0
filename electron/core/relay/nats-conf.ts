/**
 * A ready nats-server (2.9) configuration for relay mode: one NATS user per desk allowed only its own
 * subjects (subjects.ts), one user for the relay, an optional TLS block and an optional 3-node cluster
 * block. `pbx-companion relay --print-nats-conf` prints it (cli/relay-conf.ts), as `doctor` prints
 * manager.conf.
 *
 * Users are nkeys (Ed25519), not bcrypt passwords. Measured on nats-server 2.9.10 here: a bcrypt
 * password of cost 11 (what `nats server passwd` makes) costs the server 116 ms of CPU per connect,
 * so 500 desks reconnecting after a node dies would cost ~58 CPU seconds (the issue's target is all
 * live within 5 s); an nkey costs 1.5 ms. An nkey is also challenge-response: the desk's secret (its
 * seed) never crosses the wire, and this file holds only public keys, so it can leak nothing.
 *
 * No desk gets JetStream ($JS.>, $KV.>), system ($SYS.>) or the shared `_INBOX.>`: the issue's
 * findings on 2.9.10 (per-key KV isolation needs a fragile permission set, STREAM.INFO lists every
 * key, a push consumer can deliver into another desk's subject; a shared inbox lets one desk read
 * another's replies). With an allow list nats-server already refuses everything else; the deny
 * list says so explicitly and holds even if an allow entry is later widened by hand.
 * JetStream is on for the relay's active/standby lease alone (lease.ts): the relay's user may use
 * its lease buckets (create, read, write) and nothing else of JetStream. In a cluster the lease
 * has one bucket per node, placed by server tag, so each node is named by PBXC_NATS_NODE
 * (pbxc-1, pbxc-2, pbxc-3) in its environment: the one file still serves all three.
 */
import { createUser } from '@nats-io/nkeys';
import { EXTENSION } from '../../shared/fields.ts';
import { leaseBuckets } from './lease.ts';
import {
  ALL_GETS,
  ALL_NOTICES,
  ALL_SNAPSHOTS,
  ALL_VERBS,
  RELAY_ALIVE,
  RELAY_INBOX_PREFIX,
  TEAM_GET,
  TEAM_SUBJECT,
  deskInboxPrefix,
  getSubject,
  noticeSubject,
  snapshotSubject,
  subjectToken,
  verbWildcard,
} from './subjects.ts';

export interface Permissions {
  publish: { allow: string[]; deny: string[] };
  subscribe: { allow: string[]; deny: string[] };
  /** The relay answers requests: it may publish once to the reply subject of a request it received. */
  allow_responses?: boolean;
}

/** Subjects no desk may touch: JetStream, KV, the system account, the shared inbox. */
export const DESK_DENIED = ['$JS.>', '$KV.>', '$O.>', '$SYS.>', '_INBOX.>'];

/** What the relays say: the active and the standby to each other, and RELAY_ALIVE, which desks may only hear. */
export const RELAY_PRIVATE = 'pbxc.relay.>';

export function deskPermissions(extension: string): Permissions {
  return {
    publish: { allow: [getSubject(extension), verbWildcard(extension), TEAM_GET], deny: DESK_DENIED },
    // Its own snapshot and notices, the relay's sign of life and the team view (the same for every desk), its own inbox.
    subscribe: {
      allow: [snapshotSubject(extension), noticeSubject(extension), RELAY_ALIVE, TEAM_SUBJECT, `${deskInboxPrefix(extension)}.>`],
      deny: DESK_DENIED,
    },
  };
}

/** The JetStream API calls of the lease (lease.ts) on its own buckets, single-server and cluster ones. */
export const LEASE_SUBJECTS = [
  '$JS.API.INFO',
  ...[...leaseBuckets(undefined), ...leaseBuckets('any')].flatMap(({ name }) => [
    `$JS.API.STREAM.INFO.KV_${name}`,
    `$JS.API.STREAM.CREATE.KV_${name}`,
    `$JS.API.STREAM.MSG.GET.KV_${name}`,
    `$KV.${name}.>`,
  ]),
];

export const RELAY_PERMISSIONS: Permissions = {
  publish: { allow: [ALL_SNAPSHOTS, ALL_NOTICES, TEAM_SUBJECT, RELAY_PRIVATE, ...LEASE_SUBJECTS], deny: ['$SYS.>', '_INBOX.>'] },
  subscribe: { allow: [ALL_GETS, ALL_VERBS, TEAM_GET, `${RELAY_INBOX_PREFIX}.>`, RELAY_PRIVATE], deny: ['$SYS.>', '_INBOX.>'] },
  allow_responses: true,
};

/** A NATS user: the public key goes into the config, the seed only to its owner (a desk's keychain). */
export interface NatsUser {
  name: string;
  publicKey: string;
  seed: string;
}

export type NewUserKey = () => { publicKey: string; seed: string };

/** A fresh nkey user (seed `SU...`, public key `U...`), from the OS's random source. */
export const newUserKey: NewUserKey = () => {
  const pair = createUser();
  return { publicKey: pair.getPublicKey(), seed: new TextDecoder().decode(pair.getSeed()) };
};

export interface TlsFiles {
  certFile: string;
  keyFile: string;
  caFile: string;
}

export interface NatsConfOptions {
  agents: readonly string[];
  tls?: TlsFiles;
  /** The cluster's nodes as host:port (their route port), three of them. */
  cluster?: readonly string[];
}

export interface NatsConf {
  /** The nats-server configuration: public keys only, never a seed. */
  config: string;
  /** The relay's user first, then one per desk (`desk-1001`), in the order of the agents. */
  users: NatsUser[];
}

/** The agents' list checked: dialplan extensions that can be subject tokens, no repeats. Throws a sentence. */
export function checkAgents(agents: readonly string[]): void {
  if (agents.length === 0) throw new Error('no agents: give --agents 1001,1002,...');
  const seen = new Set<string>();
  for (const agent of agents) {
    if (!EXTENSION.test(agent)) throw new Error(`"${agent}" is not a dialplan extension`);
    subjectToken(agent);
    deskInboxPrefix(agent);
    if (seen.has(agent)) throw new Error(`agent ${agent} is listed twice`);
    seen.add(agent);
  }
}

/** The cluster nodes checked: exactly three host:port, one route port for all (one file serves every node). */
export function checkCluster(nodes: readonly string[]): number {
  if (nodes.length !== 3) throw new Error(`a cluster has 3 nodes (host:port each), got ${nodes.length}`);
  const ports = nodes.map((node) => {
    const match = /^([A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/.exec(node);
    const port = Number(match?.[2]);
    if (!match || !(port >= 1 && port <= 65535)) throw new Error(`cluster node "${node}" is not host:port`);
    return port;
  });
  if (new Set(ports).size !== 1) {
    throw new Error('the cluster nodes must share one route port (one file serves all three; override one with nats-server --cluster)');
  }
  return ports[0]!;
}

/** A nats-server string: double quoted. Every value we write comes from checked input, never with a quote. */
function quoted(text: string): string {
  if (/["\\\r\n]/.test(text)) throw new Error(`cannot write ${JSON.stringify(text)} into a nats-server config`);
  return `"${text}"`;
}

function list(items: readonly string[]): string {
  return `[${items.map(quoted).join(', ')}]`;
}

function userBlock(user: NatsUser, permissions: Permissions): string[] {
  return [
    `    # ${user.name}`,
    '    {',
    `      nkey: ${quoted(user.publicKey)}`,
    '      permissions: {',
    `        publish: { allow: ${list(permissions.publish.allow)}, deny: ${list(permissions.publish.deny)} }`,
    `        subscribe: { allow: ${list(permissions.subscribe.allow)}, deny: ${list(permissions.subscribe.deny)} }`,
    ...(permissions.allow_responses ? ['        allow_responses: true'] : []),
    '      }',
    '    }',
  ];
}

function tlsBlock(indent: string, tls: TlsFiles, verify: boolean): string[] {
  return [
    `${indent}tls {`,
    `${indent}  cert_file: ${quoted(tls.certFile)}`,
    `${indent}  key_file: ${quoted(tls.keyFile)}`,
    `${indent}  ca_file: ${quoted(tls.caFile)}`,
    ...(verify ? [`${indent}  verify: true`] : []),
    `${indent}  timeout: 2`,
    `${indent}}`,
  ];
}

export function buildNatsConf(options: NatsConfOptions, newKey: NewUserKey = newUserKey): NatsConf {
  checkAgents(options.agents);
  const routePort = options.cluster ? checkCluster(options.cluster) : undefined;
  const relay: NatsUser = { name: 'relay', ...newKey() };
  const desks = options.agents.map((agent): NatsUser => ({ name: `desk-${agent}`, ...newKey() }));

  const lines = [
    '# nats-server 2.9 configuration for PBX Companion relay mode, printed by `pbx-companion relay --print-nats-conf`.',
    `# Agents: ${options.agents.join(', ')}. Users are nkeys: this file holds public keys only;`,
    "# each seed was printed once, separately, for the relay's and each desk's keychain.",
    "# JetStream holds the relays' active/standby lease only: the relay's user may use its lease buckets,",
    '# desks get no $JS/$KV permission at all (docs/relay-security.md).',
    'listen: "0.0.0.0:4222"',
    ...(options.cluster
      ? [
          '# Each node is named in its environment: PBXC_NATS_NODE=pbxc-1 (pbxc-2, pbxc-3 on the others).',
          'server_name: $PBXC_NATS_NODE',
          'server_tags: [$PBXC_NATS_NODE]',
        ]
      : []),
    'jetstream {',
    '  store_dir: "/var/lib/nats-server"',
    '  max_memory_store: 64MB',
    '  max_file_store: 256MB',
    '}',
    '',
  ];
  if (options.tls)
    lines.push('# Clients (desks, relay): TLS with this certificate; they authenticate by nkey.', ...tlsBlock('', options.tls, false), '');
  lines.push(
    'authorization {',
    '  users = [',
    ...userBlock(relay, RELAY_PERMISSIONS),
    ...desks.flatMap((desk, i) => userBlock(desk, deskPermissions(options.agents[i]!))),
    '  ]',
    '}',
  );
  if (options.cluster) {
    lines.push(
      '',
      '# The same file on all three nodes; a node skips the route to itself.',
      ...(options.tls
        ? ['# Routes: mutual TLS, a node proves itself with a certificate from the same CA.']
        : [
            '# WARNING: routes are not authenticated without TLS (--tls-cert/--tls-key/--tls-ca): anything that',
            '# reaches the route port joins the cluster and sees every message. Firewall it to the three nodes.',
          ]),
      'cluster {',
      '  name: "pbxc"',
      `  listen: "0.0.0.0:${routePort}"`,
      ...(options.tls ? tlsBlock('  ', options.tls, true) : []),
      `  routes = ${list(options.cluster.map((node) => `nats-route://${node}`))}`,
      '}',
    );
  }
  return { config: lines.join('\n') + '\n', users: [relay, ...desks] };
}
