/**
 * ARI over HTTPS with a private CA: the test ARI server behind a certificate openssl makes for this
 * run. Refused by default (REST and the events WebSocket, before any request carries the password),
 * accepted once the CA is given (the client's `ca`, the settings' ari.caFile through start-up).
 */
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AriClient } from '../../../electron/core/ari/client.ts';
import { AriError } from '../../../electron/core/ari/errors.ts';
import { parseSettings, type Settings } from '../../../electron/core/settings/schema.ts';
import { companionForSettings, type StartedCore } from '../../../electron/core/startup.ts';
import { AriTestServer } from '../../support/ari-server.ts';
import { ThrowawayPki } from '../../support/throwaway-pki.ts';

const pki = new ThrowawayPki('pbx-companion-ari-tls-');
const dir = pki.dir;
const file = (name: string) => pki.file(name);
const makeCa = (name: string) => pki.ca(name);
const makeServerCert = (name: string, ca: string, altNames?: string) => pki.serverCert(name, ca, altNames);

beforeAll(() => {
  makeCa('office-ca');
  makeCa('other-ca');
  makeServerCert('asterisk', 'office-ca', 'IP:127.0.0.1,DNS:localhost');
}, 30_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let server: AriTestServer;
let core: StartedCore | null = null;

beforeEach(async () => {
  server = await AriTestServer.start({ tls: { key: readFileSync(file('asterisk.key')), cert: readFileSync(file('asterisk.pem')) } });
});
afterEach(async () => {
  await core?.close();
  core = null;
  await server.close();
});

const client = (ca?: Buffer) => new AriClient({ url: server.url, username: 'ariuser', secret: 'aripass', ca, timeoutMs: 5000 });

function settings(caFile?: string): Settings {
  const parsed = parseSettings({
    pbx: { extension: '1001' },
    ari: { enabled: true, url: server.url, username: 'ariuser', app: 'labapp', ...(caFile ? { caFile } : {}) },
  });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.settings;
}

describe('ARI over HTTPS', () => {
  it.each([
    ['no CA (the system store does not know the office CA)', undefined],
    ['a CA that did not sign the certificate', 'other-ca.pem'],
  ])('REST refuses the certificate with %s, in words, before any request is made', async (_name, ca) => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const error = await client(ca ? readFileSync(file(ca)) : undefined)
      .asterisk.info()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AriError);
    expect((error as AriError).kind).toBe('tls-untrusted');
    expect((error as AriError).message).toMatch(/^the TLS certificate of 127\.0\.0\.1:\d+ is not trusted \(.+\): give its CA certificate/);
    expect(server.requests).toEqual([]);
    expect(server.handshakes).toBe(0);
  });

  it('REST works once the CA is given', async () => {
    const info = await client(readFileSync(file('office-ca.pem'))).asterisk.info();
    expect(info.system?.version).toBe('22.10.1');
    expect(server.received('GET', '/ari/asterisk/info')).toHaveLength(1);
    expect(server.handshakes).toBe(1);
  });

  it('start-up without ari.caFile: the events WebSocket is refused, failed in words, not retried', async () => {
    core = await companionForSettings(settings(), { ami: null, ari: 'aripass' });
    const { connection } = core.snapshot();
    expect(connection.status).toBe('failed');
    expect(connection.error).toMatch(/^the TLS certificate of 127\.0\.0\.1:\d+ is not trusted/);
    expect(server.socketsOpened).toEqual([]);
    expect(server.requests).toEqual([]);
  });

  it('start-up with ari.caFile: live over WSS and HTTPS', async () => {
    core = await companionForSettings(settings(file('office-ca.pem')), { ami: null, ari: 'aripass' });
    expect(core.snapshot().connection).toMatchObject({ status: 'live', error: null, pbx: { asteriskVersion: '22.10.1' } });
    expect(server.socketsOpened.map((s) => s.app)).toEqual(['labapp']);
    expect(server.received('GET', '/ari/channels')).toHaveLength(1);
  });

  it('start-up with an ari.caFile that cannot be read: refused, naming the file', async () => {
    await expect(companionForSettings(settings(file('missing.pem')), { ami: null, ari: 'aripass' })).rejects.toThrow(
      `cannot read the ARI CA file ${file('missing.pem')}: ENOENT`,
    );
  });
});
