/**
 * Secrets on the wire from the command line, over real TCP: `--auth md5|plain` on the verbs that
 * connect (the bytes the PBX received say which login was sent), and `doctor`'s report of the login
 * methods the PBX accepts, of TLS on 5039 (a real TLS server with a certificate made by openssl for
 * this run), and of a plain-text session to another machine, in words with how to turn TLS on.
 * A PBX "elsewhere" (pbx.example.com) is reached through the CLI's socket factory, which maps the
 * name to a server on loopback: the name is what decides whether a session crosses the network.
 */
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectTarget, SocketFactory } from '../../../electron/core/ami/transport.ts';
import { main } from '../../../electron/core/cli.ts';
import { memoryIO } from '../../../electron/core/cli/io.ts';
import { startDemoPbx, type DemoPbx } from '../../../electron/core/demo/index.ts';
import type { AmiMessage } from '../../../electron/core/ami/message.ts';
import { ScriptedAmiServer, type ScriptedConnection } from '../../support/scripted-ami-server.ts';
import { ThrowawayPki } from '../../support/throwaway-pki.ts';

const pki = new ThrowawayPki('auth-tls-');
let cert: { key: Buffer; cert: Buffer };
beforeAll(() => {
  cert = pki.selfSigned('pbx', 'pbx.example.com');
});
afterAll(() => pki.remove());

/** Every host name reaches loopback; port 5038 the plain server, 5039 the TLS one (or nothing: a closed port). */
function toLoopback(ports: { plain: number; tls: number | null }): SocketFactory {
  const closed = 1; // tcpmux: nothing listens here, the connection is refused at once.
  return (target: ConnectTarget) => {
    const port = target.port === 5039 ? (ports.tls ?? closed) : target.port === 5038 ? ports.plain : target.port;
    if (!target.tls) return net.connect({ host: '127.0.0.1', port });
    return tls.connect({
      host: '127.0.0.1',
      port,
      servername: target.host,
      rejectUnauthorized: target.tls.rejectUnauthorized ?? true,
      ...(target.tls.ca ? { ca: target.tls.ca } : {}),
    });
  };
}

function list(complete: string) {
  return (action: AmiMessage, conn: ScriptedConnection) => {
    conn.reply(action, 'Success', { EventList: 'start', Message: 'list will follow' });
    conn.event(complete, { ActionID: action.get('ActionID')!, EventList: 'Complete', ListItems: '0' });
  };
}

async function pbxServer(options: { tls?: boolean } = {}): Promise<ScriptedAmiServer> {
  const server = await ScriptedAmiServer.start({ users: { agentapp: { secret: 's3cret' } }, ...(options.tls ? { tls: cert } : {}) });
  return server
    .on('CoreSettings', (a, c) => c.reply(a, 'Success', { AMIversion: '11.0.0', AsteriskVersion: '22.10.1', SystemName: '' }))
    .on('QueueStatus', list('QueueStatusComplete'))
    .on('ExtensionStateList', list('ExtensionStateListComplete'))
    .on('DeviceStateList', list('DeviceStateListComplete'))
    .on('CoreShowChannels', list('CoreShowChannelsComplete'))
    .on('QueuePause', (a, c) => c.reply(a, 'Error', { Message: 'Interface not found' }))
    .on('Originate', (a, c) => c.reply(a, 'Error', { Message: 'Invalid channel' }))
    .on('Hangup', (a, c) => c.reply(a, 'Error', { Message: 'No such channel' }))
    .on('MixMonitor', (a, c) => c.reply(a, 'Error', { Message: 'No such channel' }));
}

let plain: ScriptedAmiServer;
let secure: ScriptedAmiServer;
beforeEach(async () => {
  plain = await pbxServer();
  secure = await pbxServer({ tls: true });
});
afterEach(async () => {
  await plain.close();
  await secure.close();
});

async function doctor(args: string[], ports: { plain: number; tls: number | null }) {
  const io = { ...memoryIO({ AMI_SECRET: 's3cret' }), socketFactory: toLoopback(ports) };
  const code = await main(['doctor', '--user', 'agentapp', '--extension', '1001', ...args], io);
  return { code, out: io.lines.join('\n'), err: io.errors };
}

const logins = (server: ScriptedAmiServer) =>
  server.actions.filter((a) => ['challenge', 'login'].includes((a.get('Action') ?? '').toLowerCase()));

describe('doctor: login methods, TLS, plain text', () => {
  it('to a PBX elsewhere in plain text: md5 by default, plain not tried, TLS offered, and the plain text said with how to turn TLS on', async () => {
    const { code, out, err } = await doctor(['--host', 'pbx.example.com'], { plain: plain.port, tls: secure.port });
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out).toContain('PBX Companion doctor: pbx.example.com:5038 as agentapp, md5 login');
    expect(out).toMatch(/^ok +login md5 +accepted$/m);
    expect(out).toMatch(/^warning +login plain +not tried: it would send the secret in clear text \(every Asterisk accepts it\)$/m);
    // A self-signed certificate: offered, and said not to be trusted yet.
    expect(out).toMatch(
      /^warning +TLS +offered on port 5039, but this computer does not trust its certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\): give its CA file$/m,
    );
    expect(out).toMatch(/^warning +plain text +The connection to the PBX at pbx\.example\.com is not encrypted: anyone on the network/m);
    expect(out).toContain(
      'To offer TLS on Asterisk, set in manager.conf [general]: tlsenable = yes, tlsbindaddr = 0.0.0.0:5039, tlscertfile = /etc/asterisk/keys/asterisk.pem, tlsprivatekey = /etc/asterisk/keys/asterisk.key',
    );
    expect(out).toContain('All needed checks passed.');
    // The secret never crossed the wire: Challenge and a Key, one login only.
    expect(logins(plain).map((a) => [a.get('Action'), a.get('AuthType') ?? null, a.get('Secret') ?? null])).toEqual([
      ['Challenge', 'MD5', null],
      ['Login', 'MD5', null],
    ]);
    // The TLS probe sent nothing: no action reached the TLS server.
    expect(secure.actions).toEqual([]);
  });

  it('--auth plain: the Secret is sent, the MD5 challenge is reported as answered, and the warning names the secret', async () => {
    const { code, out } = await doctor(['--host', 'pbx.example.com', '--auth', 'plain'], { plain: plain.port, tls: null });
    expect(code).toBe(0);
    expect(out).toContain('as agentapp, plain login');
    expect(out).toMatch(/^ok +login plain +accepted$/m);
    expect(out).toMatch(/^ok +login md5 +the PBX answers the MD5 challenge$/m);
    expect(out).toMatch(/^warning +TLS +not offered on port 5039 \(.*ECONNREFUSED.*\)$/m);
    expect(out).toMatch(
      /^warning +plain text +The connection to the PBX at pbx\.example\.com is not encrypted and logs in with the plain secret/m,
    );
    expect(logins(plain)[0]!.get('Secret')).toBe('s3cret');
  });

  it('over TLS: TLS in use, plain tried on a second login (it cannot be read on the way), no plain-text warning', async () => {
    const ca = pki.file('pbx.pem');
    const { code, out } = await doctor(['--host', 'pbx.example.com', '--port', String(secure.port), '--ca', ca], {
      plain: plain.port,
      tls: secure.port,
    });
    expect(code).toBe(0);
    expect(out).toMatch(/^ok +login md5 +accepted$/m);
    expect(out).toMatch(/^ok +login plain +accepted$/m);
    expect(out).toMatch(/^ok +TLS +in use$/m);
    expect(out).not.toContain('plain text');
    expect(plain.actions).toEqual([]);
  });

  it('on this machine: no plain-text warning', async () => {
    const { out } = await doctor(['--host', '127.0.0.1'], { plain: plain.port, tls: null });
    expect(out).toMatch(/^ok +login plain +accepted$/m);
    expect(out).not.toMatch(/^warning +plain text/m);
  });

  it('a failed login to a PBX elsewhere still says the session is plain text', async () => {
    const io = { ...memoryIO({ AMI_SECRET: 'wrong' }), socketFactory: toLoopback({ plain: plain.port, tls: null }) };
    const code = await main(['doctor', '--host', 'pbx.example.com', '--user', 'agentapp'], io);
    expect(code).toBe(1);
    expect(io.lines.join('\n')).toMatch(/^warning +plain text +The connection to the PBX at pbx\.example\.com is not encrypted/m);
  });

  it('--auth with another value is a usage error before anything connects', async () => {
    const { code, err } = await doctor(['--host', 'pbx.example.com', '--auth', 'sha1'], { plain: plain.port, tls: null });
    expect(code).toBe(2);
    expect(err).toEqual(['doctor: --auth sha1 is not a login method: md5 (the default: the secret never crosses the wire) or plain']);
    expect(plain.actions).toEqual([]);
  });
});

describe('--auth on the verbs that connect', () => {
  let pbx: DemoPbx;
  beforeAll(async () => {
    pbx = await startDemoPbx({ answerAfterMs: null });
  });
  afterAll(() => pbx.close());

  const sent = () =>
    pbx.control
      .receivedActions()
      .filter((a) => a.name === 'Challenge' || a.name === 'Login')
      .map((a) => a.raw.replace(/^ActionID: .*\r\n/m, '').replace(/^Key: [0-9a-f]{32}$/m, 'Key: <md5>'));

  async function unpause(args: string[]) {
    const before = sent().length;
    const io = { ...memoryIO({ AMI_SECRET: 's3cret' }), socketFactory: toLoopback({ plain: pbx.port, tls: null }) };
    const code = await main(['unpause', '--user', 'agentapp', '--extension', '1001', ...args], io);
    return { code, err: io.errors, wire: sent().slice(before) };
  }

  it('md5 by default: Challenge, then a Key, never the Secret', async () => {
    const { code, wire, err } = await unpause(['--host', '127.0.0.1', '--port', String(pbx.port)]);
    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(wire).toEqual([
      'Action: Challenge\r\nAuthType: MD5',
      'Action: Login\r\nUsername: agentapp\r\nAuthType: MD5\r\nKey: <md5>\r\nEvents: on',
    ]);
  });

  it('--auth plain sends the Secret, and to a PBX elsewhere says on stderr that the secret crosses the network in clear', async () => {
    const { code, wire, err } = await unpause(['--host', 'pbx.example.com', '--auth', 'plain']);
    expect(code).toBe(0);
    expect(wire).toEqual(['Action: Login\r\nUsername: agentapp\r\nSecret: s3cret\r\nEvents: on']);
    expect(err).toEqual([
      'unpause: warning: The connection to the PBX at pbx.example.com is not encrypted and logs in with the plain secret: anyone on the network can read the AMI secret, your calls and callers. Turn on TLS, or at least the MD5 login.',
    ]);
  });

  it('--auth with another value is a usage error', async () => {
    const { code, err, wire } = await unpause(['--host', '127.0.0.1', '--port', String(pbx.port), '--auth', 'MD4']);
    expect(code).toBe(2);
    expect(err).toEqual(['unpause: --auth MD4 is not a login method: md5 (the default: the secret never crosses the wire) or plain']);
    expect(wire).toEqual([]);
  });
});
