/**
 * Relay mode as the app starts it: the settings say `pbx.mode: relay`, the desk's seed is in the
 * keychain (a MemoryCredentialStore) under natsAccount('desk-1001'), and the app (electron/main/app.ts
 * with the shell's core factory, on the fake Electron) comes up on the desk companion: live, with the
 * demo PBX's queues, through a real nats-server (run with the config `relay-nats-conf` prints) and a
 * real relay holding the only AMI session. A seed missing from the keychain is said in words.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmiClient } from '../../../electron/core/ami/client.ts';
import { main } from '../../../electron/core/cli.ts';
import { memoryIO } from '../../../electron/core/cli/io.ts';
import { MemoryCredentialStore } from '../../../electron/core/credentials/memory.ts';
import { natsAccount } from '../../../electron/core/credentials/store.ts';
import { startDemoPbx, type DemoPbx } from '../../../electron/core/demo/index.ts';
import { natsAuthOptions } from '../../../electron/core/relay/nats-auth.ts';
import { startRelay, type Relay } from '../../../electron/core/relay/relay.ts';
import { RELAY_INBOX_PREFIX } from '../../../electron/core/relay/subjects.ts';
import { defaultSettings, parseSettings, type Settings } from '../../../electron/core/settings/schema.ts';
import { companionForSettings, DEMO_LABEL } from '../../../electron/core/startup.ts';
import { startApp, type RunningApp } from '../../../electron/main/app.ts';
import { coreFactory } from '../../../electron/main/core-factory.ts';
import { sayIn } from '../../../electron/shared/phrases/say.ts';
import type { Snapshot } from '../../../electron/shared/snapshot.ts';
import { startNatsServer, type NatsServer } from '../../support/nats-server.ts';
import { FakeElectron } from '../main/fake-electron.ts';

let pbx: DemoPbx;
let nats: NatsServer;
let ami: AmiClient;
let relayNats: NatsConnection;
let relay: Relay;
let seeds: Map<string, string>;
const apps: RunningApp[] = [];

/** The printed nats-server config and seeds, as an admin gets them. */
async function printConf(): Promise<{ config: string; seeds: Map<string, string> }> {
  const io = memoryIO();
  expect(await main(['relay-nats-conf', '--agents', '1001,1002'], io)).toBe(0);
  const found = io.errors.flatMap((line) => {
    const match = /^(relay|desk-\S+) (SU[A-Z2-7]+)$/.exec(line);
    return match ? [[match[1]!, match[2]!] as const] : [];
  });
  return { config: io.lines.join('\n') + '\n', seeds: new Map(found) };
}

function relaySettings(): Record<string, unknown> {
  return { version: 1, pbx: { mode: 'relay', relay: { urls: [nats.url] }, extension: '1001' }, dialing: { defaultCountry: 'ES' } };
}

/** The app on the fake Electron with these settings and keychain. */
async function appWith(credentials: MemoryCredentialStore): Promise<RunningApp> {
  const fake = new FakeElectron();
  writeFileSync(join(fake.app.userData, 'settings.json'), JSON.stringify(relaySettings()));
  const starting = startApp(fake, {
    createCompanion: coreFactory(),
    credentials,
    argv: ['/opt/pbx-companion/pbx-companion'],
    adminFile: null,
  });
  fake.app.becomeReady();
  const app = await starting;
  if (!app) throw new Error('the shell did not start');
  apps.push(app);
  return app;
}

function until(app: RunningApp, ok: (s: Snapshot) => boolean, what: string): Promise<Snapshot> {
  return new Promise((resolve, reject) => {
    if (ok(app.host.snapshot())) return resolve(app.host.snapshot());
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}; last: ${JSON.stringify(app.host.snapshot().connection)}`));
    }, 15_000);
    const off = app.host.subscribe((s) => {
      if (!ok(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

beforeAll(async () => {
  pbx = await startDemoPbx({ answerAfterMs: null });
  const printed = await printConf();
  seeds = printed.seeds;
  nats = await startNatsServer(printed.config);
  ami = new AmiClient({
    host: '127.0.0.1',
    port: pbx.port,
    username: 'agentapp',
    secret: 's3cret',
    keepaliveIntervalMs: 0,
    backoff: () => 50,
  });
  relayNats = await connect({ servers: nats.url, ...natsAuthOptions(seeds.get('relay')!), inboxPrefix: RELAY_INBOX_PREFIX });
  relay = await startRelay({ connection: ami, nats: relayNats, agents: ['1001', '1002'], heartbeatMs: 200 });
  await ami.connect();
}, 30_000);

afterAll(async () => {
  for (const app of apps) await app.host.close();
  await relay?.stop();
  await relayNats?.close();
  await ami?.close();
  await nats?.stop();
  await pbx?.close();
});

describe('start-up in relay mode', () => {
  it('comes up on the desk companion with the seed from the keychain: live through the relay, no AMI session of its own', async () => {
    const credentials = new MemoryCredentialStore();
    await credentials.set(natsAccount('desk-1001'), seeds.get('desk-1001')!);
    const app = await appWith(credentials);
    const shown = await until(app, (s) => s.connection.status === 'live' && !s.connection.stale, 'the desk live');
    expect(shown.extension.number).toBe('1001');
    expect(shown.queues.map((q) => q.name)).toContain('support');
    // The only AMI session on the PBX is the relay's: the desk reads its agent over NATS.
    expect(pbx.control.sessions().filter((s) => !s.closed)).toHaveLength(1);
    // A verb goes to the relay and back with the same VerbResult as direct mode.
    const paused = await app.host.pause({ queue: 'support', reason: 'Break' });
    expect(paused).toMatchObject({ ok: true });
    await until(app, (s) => s.queues.some((q) => q.name === 'support' && q.paused), 'paused through the relay');
    // ...and reached this PBX on the relay's session (not a demo PBX of the desk's own).
    const [session] = pbx.control.sessions().filter((s) => !s.closed);
    expect(pbx.control.receivedActions(session!.id).filter((a) => a.name === 'QueuePause')).not.toHaveLength(0);
    expect(shown.connection.label).not.toBe(DEMO_LABEL);
  }, 30_000);

  it('says in words, English and Spanish, when the seed is not in the keychain', async () => {
    const app = await appWith(new MemoryCredentialStore());
    const shown = await until(app, (s) => s.connection.errorPhrase?.code === 'startup.no-nats-seed', 'the missing seed said');
    expect(shown.connection.error).toBe('No NATS seed is stored for the relay user desk-1001: enter it in Settings.');
    expect(sayIn(shown.connection.errorPhrase!, 'es')).toBe(
      'No hay ninguna semilla NATS guardada para el usuario del relé desk-1001: escríbela en Ajustes.',
    );
    const parsed = parseSettings(relaySettings());
    const settings: Settings = parsed.ok ? parsed.settings : defaultSettings();
    await expect(companionForSettings(settings, { ami: null, ari: null })).rejects.toThrow(
      'No NATS seed is stored for the relay user desk-1001: enter it in Settings.',
    );
  });
});
