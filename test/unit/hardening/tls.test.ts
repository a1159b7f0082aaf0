/**
 * TLS to AMI refuses a certificate it cannot trust unless the admin pinned its CA (the `ca` option,
 * the settings' caFile): a real TLS server (certificates made by openssl for this run) in front of
 * the demo PBX's AMI, and the real companion. A refusal happens before the Login, so the secret never
 * crosses an untrusted connection, and is not retried (it cannot get better by itself).
 */
import { readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompanion, type CoreCompanion } from '../../../electron/core/companion.ts';
import { startDemoPbx, type DemoPbx } from '../../../electron/core/demo/index.ts';
import type { Snapshot } from '../../../electron/shared/snapshot.ts';
import { ThrowawayPki } from '../../support/throwaway-pki.ts';

const pki = new ThrowawayPki('pbx-companion-tls-');
const dir = pki.dir;
const makeCa = (name: string) => pki.ca(name);
const makeServerCert = (name: string, ca: string, altNames?: string) => pki.serverCert(name, ca, altNames);

const read = (file: string) => readFileSync(path.join(dir, file));

let pbx: DemoPbx;
const servers: Array<{ server: tls.Server; port: number; handshakes: number }> = [];

/** A TLS server with this certificate that relays to the demo PBX's plain AMI port (as stunnel would). */
async function tlsFront(cert: string): Promise<{ port: number; handshakes: () => number }> {
  const entry = { server: null as unknown as tls.Server, port: 0, handshakes: 0 };
  entry.server = tls.createServer({ key: read(`${cert}.key`), cert: read(`${cert}.pem`) }, (secure) => {
    const plain = net.connect(pbx.port, pbx.host);
    secure.pipe(plain).pipe(secure);
    secure.on('error', () => plain.destroy());
    plain.on('error', () => secure.destroy());
  });
  entry.server.on('tlsClientError', () => undefined);
  entry.server.on('secureConnection', () => entry.handshakes++);
  await new Promise<void>((resolve) => entry.server.listen(0, '127.0.0.1', resolve));
  entry.port = (entry.server.address() as net.AddressInfo).port;
  servers.push(entry);
  return { port: entry.port, handshakes: () => entry.handshakes };
}

let trusted: { port: number; handshakes: () => number };
let wrongName: { port: number; handshakes: () => number };

beforeAll(async () => {
  makeCa('office-ca');
  makeCa('other-ca');
  makeServerCert('pbx', 'office-ca', 'IP:127.0.0.1,DNS:localhost');
  makeServerCert('elsewhere', 'office-ca', 'DNS:pbx.example.com');
  pbx = await startDemoPbx({ answerAfterMs: null });
  trusted = await tlsFront('pbx');
  wrongName = await tlsFront('elsewhere');
}, 30_000);

afterAll(async () => {
  for (const { server } of servers) server.close();
  await pbx.close();
  rmSync(dir, { recursive: true, force: true });
});

async function companion(port: number, ca?: Buffer): Promise<CoreCompanion> {
  return createCompanion({
    pbx: { host: '127.0.0.1', port, tls: true, ...(ca ? { ca } : {}), username: 'agent', extension: '1001' },
    secret: 'demo',
    client: { keepaliveIntervalMs: 0, actionTimeoutMs: 2000, backoff: () => 10 },
  });
}

function settled(agent: CoreCompanion, test: (s: Snapshot) => boolean): Promise<Snapshot> {
  return new Promise((resolve) => {
    if (test(agent.snapshot())) return resolve(agent.snapshot());
    const stop = agent.subscribe((s) => test(s) && (stop(), resolve(s)));
  });
}

const logins = () => pbx.control.receivedActions().filter((a) => a.get('Action') === 'Login').length;

describe('TLS to AMI', () => {
  it.each([
    ['no pinned CA (the system store does not know the office CA)', undefined],
    ['a pinned CA that did not sign the certificate', 'other-ca.pem'],
  ])('refuses the certificate with %s, before the secret is sent, and does not retry', async (_name, caFile) => {
    const before = logins();
    const agent = await companion(trusted.port, caFile ? read(caFile) : undefined);
    try {
      const s = await settled(agent, (x) => x.connection.status === 'failed');
      expect(s.connection.error).toMatch(/not trusted.*add its CA certificate/);
      // No retry: the client holds no timer (a retry is always a timer first) and no session.
      expect(agent.diagnostics()).toMatchObject({ timers: 0, sessions: 0, pendingActions: 0 });
      expect(agent.snapshot().connection.status).toBe('failed');
      expect(logins()).toBe(before);
    } finally {
      await agent.close();
    }
  });

  it('refuses a certificate signed by the pinned CA for another host name', async () => {
    const before = logins();
    const agent = await companion(wrongName.port, read('office-ca.pem'));
    try {
      const s = await settled(agent, (x) => x.connection.status === 'failed');
      expect(s.connection.error).toMatch(/not trusted/);
      expect(logins()).toBe(before);
    } finally {
      await agent.close();
    }
  });

  it('connects, logs in and works once the admin pinned the CA', async () => {
    const before = logins();
    const agent = await companion(trusted.port, read('office-ca.pem'));
    try {
      const s = await settled(agent, (x) => x.connection.status === 'live' && x.queues.length === 2);
      expect(s.connection.error).toBeNull();
      expect(logins()).toBe(before + 1);
      expect(await agent.pause({ queue: 'support', reason: 'Over TLS' })).toMatchObject({ ok: true });
      await settled(agent, (x) => x.queues.find((q) => q.name === 'support')!.paused);
      expect(trusted.handshakes()).toBe(1);
    } finally {
      await agent.close();
    }
  });
});
