/**
 * `pbx.auth` from the settings file to the bytes on the wire, as the app starts (companionForSettings
 * over real TCP to the scripted AMI server), and the snapshot's word for a plain-text session to
 * another machine (connection.plainText): never silent, absent with TLS or on this machine.
 */
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectTarget } from '../../../electron/core/ami/transport.ts';
import { createCompanion, type CoreCompanion } from '../../../electron/core/companion.ts';
import { SettingsStore } from '../../../electron/core/settings/store.ts';
import { parseSettings, type Settings } from '../../../electron/core/settings/schema.ts';
import { companionForSettings, type StartedCore } from '../../../electron/core/startup.ts';
import { sayIn } from '../../../electron/shared/phrases/say.ts';
import { ScriptedAmiServer } from '../../support/scripted-ami-server.ts';
import { ThrowawayPki } from '../../support/throwaway-pki.ts';

const pki = new ThrowawayPki('auth-startup-');
const dir = pki.dir;
let server: ScriptedAmiServer;
let core: StartedCore | CoreCompanion | null = null;

afterAll(() => pki.remove());
beforeEach(async () => {
  server = await ScriptedAmiServer.start({ users: { agentapp: { secret: 's3cret' } } });
});
afterEach(async () => {
  await core?.close();
  core = null;
  await server.close();
});

function settingsOf(pbx: Record<string, unknown>): Settings {
  const parsed = parseSettings({ pbx: { host: '127.0.0.1', port: server.port, username: 'agentapp', extension: '1001', ...pbx } });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.settings;
}

const loginActions = () =>
  server.actions
    .filter((a) => /^(challenge|login)$/i.test(a.get('Action') ?? ''))
    .map((a) => `${a.get('Action')} ${a.get('AuthType') ?? ''} ${a.get('Secret') ?? ''}`.trim());

describe('pbx.auth in the settings', () => {
  it('defaults to md5, takes plain, and refuses anything else naming the field', () => {
    const defaults = parseSettings({});
    expect(defaults.ok && defaults.settings.pbx.auth).toBe('md5');
    const plain = parseSettings({ pbx: { auth: 'plain' } });
    expect(plain.ok && plain.settings.pbx.auth).toBe('plain');
    const other = parseSettings({ pbx: { auth: 'sha256' } });
    expect(other.ok).toBe(false);
    expect(other.ok === false && other.error).toMatch(/^pbx\.auth: /);
  });

  it('a version-1 file from before the field loads as is: md5, no migration, the file untouched', async () => {
    const file = join(dir, 'settings.json');
    const before = JSON.stringify({ version: 1, pbx: { host: 'pbx.example.com', username: 'agentapp', extension: '1001' } });
    writeFileSync(file, before);
    const store = await SettingsStore.open({ file });
    expect(store.notices).toEqual([]);
    expect(store.settings.pbx.auth).toBe('md5');
    expect(await readFile(file, 'utf8')).toBe(before);
  });
});

describe('start-up logs in as the settings say', () => {
  it('default settings: Challenge then an MD5 Key; the secret is never sent', async () => {
    core = await companionForSettings(settingsOf({}), 's3cret');
    expect(core.snapshot().connection.status).not.toBe('failed');
    expect(loginActions()).toEqual(['Challenge MD5', 'Login MD5']);
    expect(server.actions.some((a) => a.get('Secret') !== undefined)).toBe(false);
  });

  it('pbx.auth plain: the Secret, as the admin asked', async () => {
    core = await companionForSettings(settingsOf({ auth: 'plain' }), 's3cret');
    expect(loginActions()).toEqual(['Login  s3cret']);
  });
});

describe('connection.plainText in the snapshot', () => {
  let cert: { key: Buffer; cert: Buffer; pem: string };
  beforeAll(() => {
    cert = pki.selfSigned('pbx', 'pbx.example.com', 'DNS:pbx.example.com');
  });

  /** pbx.example.com reaches `port` on loopback: the name decides, the bytes are real. */
  const toLoopback = (port: number) => (target: ConnectTarget) =>
    target.tls
      ? tls.connect({ host: '127.0.0.1', port, servername: target.host, ...(target.tls.ca ? { ca: target.tls.ca } : {}) })
      : net.connect({ host: '127.0.0.1', port });

  async function companion(host: string, options: { tls?: ScriptedAmiServer; auth?: 'md5' | 'plain' } = {}) {
    const port = options.tls ? options.tls.port : server.port;
    core = await createCompanion({
      pbx: {
        host,
        port,
        username: 'agentapp',
        extension: '1001',
        ...(options.tls ? { tls: true, ca: cert.pem } : {}),
        ...(options.auth ? { auth: options.auth } : {}),
      },
      secret: 's3cret',
      client: { keepaliveIntervalMs: 0, reconnect: false, socketFactory: toLoopback(port) },
    });
    return core.snapshot().connection;
  }

  it('to another machine without TLS: said in English and Spanish, with the host', async () => {
    const connection = await companion('pbx.example.com');
    expect(server.connections.some((c) => c.loggedIn)).toBe(true);
    expect(connection.plainText).toEqual({
      host: 'pbx.example.com',
      message:
        'The connection to the PBX at pbx.example.com is not encrypted: anyone on the network between this computer and the PBX can read your calls and callers. Ask your PBX administrator to turn on TLS.',
      phrase: { code: 'security.plain-text', params: { host: 'pbx.example.com' } },
    });
    expect(sayIn(connection.plainText!.phrase, 'es')).toMatch(/^La conexión con la centralita en pbx\.example\.com no está cifrada/);
  });

  it('with the plain login it names the secret too', async () => {
    const connection = await companion('pbx.example.com', { auth: 'plain' });
    expect(connection.plainText?.phrase.code).toBe('security.plain-text-secret');
  });

  it('absent over TLS and on this machine', async () => {
    const secure = await ScriptedAmiServer.start({ users: { agentapp: { secret: 's3cret' } }, tls: cert });
    try {
      const overTls = await companion('pbx.example.com', { tls: secure });
      expect(secure.connections.some((c) => c.loggedIn)).toBe(true);
      expect(overTls.plainText).toBeUndefined();
      await core!.close();
      expect((await companion('127.0.0.1')).plainText).toBeUndefined();
      await core!.close();
      expect((await companion('localhost')).plainText).toBeUndefined();
    } finally {
      await core?.close();
      core = null;
      await secure.close();
    }
  });
});
