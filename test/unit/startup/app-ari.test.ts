/**
 * The app (electron/main/app.ts with the shell's core factory, on the fake Electron) on a site with
 * ARI and no AMI user: the ARI password comes from the keychain, the ARI companion is the core, and
 * the window's snapshot shows the recorded call from the test ARI server's events; dial and hang up
 * go over REST.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ariAccount } from '../../../electron/core/credentials/store.ts';
import { startApp, type RunningApp } from '../../../electron/main/app.ts';
import { coreFactory } from '../../../electron/main/core-factory.ts';
import type { Snapshot } from '../../../electron/shared/snapshot.ts';
import { AriTestServer } from '../../support/ari-server.ts';
import { FakeElectron } from '../main/fake-electron.ts';
import { MemoryCredentialStore } from '../../../electron/core/credentials/memory.ts';

let server: AriTestServer;
let app: RunningApp;

function until(ok: (s: Snapshot) => boolean): Promise<Snapshot> {
  if (ok(app.host.snapshot())) return Promise.resolve(app.host.snapshot());
  return new Promise((resolve) => {
    const off = app.host.subscribe((s) => {
      if (ok(s)) {
        off();
        resolve(s);
      }
    });
  });
}

beforeAll(async () => {
  server = await AriTestServer.start();
  const fake = new FakeElectron();
  const ari = { enabled: true, url: server.url, username: 'ariuser', app: 'labapp' };
  writeFileSync(
    join(fake.app.userData, 'settings.json'),
    JSON.stringify({ version: 1, pbx: { extension: '1001' }, ari, dialing: { defaultCountry: 'ES' } }),
  );
  const credentials = new MemoryCredentialStore();
  await credentials.set(ariAccount(ari), 'aripass');
  const starting = startApp(fake, {
    createCompanion: coreFactory(),
    credentials,
    argv: ['/opt/pbx-companion/pbx-companion'],
    adminFile: null,
  });
  fake.app.becomeReady();
  const started = await starting;
  if (!started) throw new Error('the shell did not start');
  app = started;
}, 30_000);

afterAll(async () => {
  await app?.host.close();
  await server.close();
});

describe('the app with ARI and no AMI host', () => {
  it('runs on ARI: live, the recorded call from ARI events, hang up and dial over REST', async () => {
    const live = await until((s) => s.connection.status === 'live');
    expect(live.connection.pbx).toMatchObject({ asteriskVersion: '22.10.1', amiVersion: null });
    expect(server.socketsOpened.map((s) => s.app)).toEqual(['labapp']);

    server.playUntil((e) => e.type === 'ChannelStateChange' && (e.channel as { state: string }).state === 'Up');
    await until((s) => s.calls[0]?.state === 'up');
    expect(await app.host.hangup()).toMatchObject({ ok: true, message: 'Hung up.' });
    expect(server.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual(['/ari/channels/1795662202.137']);
    server.play();
    const after = await until((s) => s.calls.length === 0 && s.history.some((h) => h.id === '1795662202.137'));
    expect(after.history.find((h) => h.id === '1795662202.137')).toMatchObject({ remote: { number: '+15550109000' } });

    expect(await app.host.dial('912 34 56 78')).toMatchObject({ ok: true });
    expect(server.received('POST', '/ari/channels')[0]!.query).toMatchObject({ endpoint: 'PJSIP/1001', extension: '912345678' });
  });
});
