/**
 * `relay-nats-conf`: input is checked before any key is made (nothing on stdout, no seed on stderr,
 * exit 2 with a sentence), and the config gives each desk exactly its own subjects. The config's
 * behaviour on a real nats-server is test/integration/relay-nats-permissions.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../../electron/core/cli.ts';
import { memoryIO } from '../../../electron/core/cli/io.ts';
import { buildNatsConf, deskPermissions } from '../../../electron/core/relay/nats-conf.ts';

async function runConf(...args: string[]) {
  const io = memoryIO();
  const code = await main(['relay-nats-conf', ...args], io);
  return { code, out: io.lines.join('\n'), err: io.errors.join('\n') };
}

describe('relay-nats-conf', () => {
  it.each([
    [[], '--agents is required'],
    [['--agents', ''], 'is not a dialplan extension'],
    [['--agents', '1001,5.1'], '"5.1" cannot be a NATS subject token'],
    [['--agents', '1001,*72'], '"*72" cannot be a NATS subject token'],
    [['--agents', '1001,1001'], 'agent 1001 is listed twice'],
    [['--agents', 'RELAY'], "its inbox would be the relay's"],
    [['--agents', '10 01'], '"10 01" is not a dialplan extension'],
    [['--agents', '1001\nlisten: 0.0.0.0:1'], 'is not a dialplan extension'],
    [['--agents', '1001', '--tls-cert', '/etc/nats/c.pem'], 'TLS needs all three'],
    [['--agents', '1001', '--tls-cert', 'c.pem', '--tls-key', '/k', '--tls-ca', '/ca'], '"c.pem" is not an absolute path'],
    [['--agents', '1001', '--tls-cert', '/c".pem', '--tls-key', '/k', '--tls-ca', '/ca'], 'is not an absolute path'],
    [['--agents', '1001', '--cluster', 'a:6222,b:6222'], 'a cluster has 3 nodes'],
    [['--agents', '1001', '--cluster', 'a:6222,b:6222,c:6223'], 'share one route port'],
    [['--agents', '1001', '--cluster', 'a:6222,b,c:6222'], 'cluster node "b" is not host:port'],
  ])('%j is refused before any key is made: %s', async (args, message) => {
    const { code, out, err } = await runConf(...args);
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(err).toContain('usage: pbx-companion relay-nats-conf');
    expect(out).toBe('');
    expect(err).not.toMatch(/SU[A-Z2-7]{20}/);
  });

  it('prints the config on stdout and one seed per user on stderr', async () => {
    const { code, out, err } = await runConf('--agents', '1001, 1002');
    expect(code).toBe(0);
    expect(out).toContain('# desk-1001');
    expect(out).toContain('# desk-1002');
    expect(err.split('\n').filter((line) => /^(relay|desk-100[12]) SU[A-Z2-7]{56}$/.test(line))).toHaveLength(3);
  });

  it('is also `relay --print-nats-conf`, with the same checks', async () => {
    const io = memoryIO();
    expect(await main(['relay', '--print-nats-conf', '--agents', '1001'], io)).toBe(0);
    expect(io.lines.join('\n')).toContain('# desk-1001');
    expect(io.errors.filter((line) => /^desk-1001 SU[A-Z2-7]{56}$/.test(line))).toHaveLength(1);
    const bad = memoryIO();
    expect(await main(['relay', '--print-nats-conf', '--agents', '1001,1001'], bad)).toBe(2);
    expect(bad.errors.join('\n')).toContain('usage: pbx-companion relay --print-nats-conf --agents');
    expect(bad.lines).toEqual([]);
  });

  it('--help says the options', async () => {
    const io = memoryIO();
    expect(await main(['relay-nats-conf', '--help'], io)).toBe(0);
    expect(io.lines.join('\n')).toMatch(/--agents 1001,1002.*--tls-cert.*--cluster/);
  });

  it("gives a desk its own snapshot, notices, get, verbs and inbox, the relay's sign of life, the team view, and nothing else", () => {
    expect(deskPermissions('1001')).toEqual({
      publish: {
        allow: ['pbxc.agent.1001.get', 'pbxc.agent.1001.verb.>', 'pbxc.team.get'],
        deny: ['$JS.>', '$KV.>', '$O.>', '$SYS.>', '_INBOX.>'],
      },
      subscribe: {
        allow: ['pbxc.agent.1001.snapshot', 'pbxc.agent.1001.notice', 'pbxc.relay.alive', 'pbxc.team', '_INBOX_1001.>'],
        deny: ['$JS.>', '$KV.>', '$O.>', '$SYS.>', '_INBOX.>'],
      },
    });
  });

  it('writes public keys only, a TLS block and a cluster with mutual TLS on its routes', () => {
    let n = 0;
    const newKey = () => ({ publicKey: `UPUBLIC${++n}`, seed: `SUSECRET${n}` });
    const { config, users } = buildNatsConf(
      { agents: ['1001'], tls: { certFile: '/c.pem', keyFile: '/k.pem', caFile: '/ca.pem' }, cluster: ['a:6222', 'b:6222', 'c:6222'] },
      newKey,
    );
    expect(users.map((u) => [u.name, u.publicKey])).toEqual([
      ['relay', 'UPUBLIC1'],
      ['desk-1001', 'UPUBLIC2'],
    ]);
    expect(config).toContain('nkey: "UPUBLIC2"');
    expect(config).not.toContain('SUSECRET');
    expect(config).toMatch(/^tls \{\n {2}cert_file: "\/c\.pem"\n {2}key_file: "\/k\.pem"\n {2}ca_file: "\/ca\.pem"\n/m);
    expect(config).toContain('routes = ["nats-route://a:6222", "nats-route://b:6222", "nats-route://c:6222"]');
    expect(config).toMatch(/cluster \{[^]*tls \{[^]*verify: true[^]*\}/);
    // JetStream for the relay's lease, each cluster node named (and tagged) from its environment.
    expect(config).toMatch(/^jetstream \{\n {2}store_dir: "\/var\/lib\/nats-server"/m);
    expect(config).toMatch(/^server_name: \$PBXC_NATS_NODE\nserver_tags: \[\$PBXC_NATS_NODE\]$/m);
  });
});
