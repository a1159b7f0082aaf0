/**
 * Supervisor listen/whisper against the test ARI server. The snoop answer is not in the recording:
 * it is modelled on the recorded channel JSON (a Snoop/... channel). The bridge, the originate, the
 * supervisor's StasisStart, addChannel and the DELETEs are Asterisk's recorded answers and events.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAriCompanion, type AriCompanion } from '../../../electron/core/ari/companion.ts';
import { supervise } from '../../../electron/core/ari/supervise.ts';
import { AriTestServer, recordedEvents } from '../../support/ari-server.ts';

let server: AriTestServer;
let companion: AriCompanion;

beforeEach(async () => {
  server = await AriTestServer.start();
  const snoopChannel = { ...(recordedEvents()[0]!.channel as object), id: 'snoop-1', name: 'Snoop/1795662201.136-00000001', state: 'Up' };
  server.override('POST', '/ari/channels/1795662201.136/snoop', (_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(snoopChannel)),
  );
  companion = await createAriCompanion({
    url: server.url,
    username: 'ariuser',
    secret: 'aripass',
    app: 'labapp',
    extension: '1002',
    backoff: () => 0,
    pingIntervalMs: 0,
  });
});
afterEach(async () => {
  await companion.close();
  await server.close();
});

const isAgentStasisStart = (e: Record<string, unknown>) =>
  e.type === 'StasisStart' && (e.channel as { name: string }).name.startsWith('PJSIP/1001');

describe('supervise', () => {
  it('whisper: snoop (spy both, whisper out) and the supervisor phone in one bridge; stop undoes it', async () => {
    let n = 0;
    const pending = supervise({
      client: companion.client,
      events: companion.events,
      app: 'labapp',
      agentChannelId: '1795662201.136',
      supervisorEndpoint: 'PJSIP/1001',
      mode: 'whisper',
      newId: () => `id-${++n}`,
    });
    while (server.received('POST', '/ari/channels').length === 0) await new Promise((r) => setImmediate(r));
    server.playUntil(isAgentStasisStart); // the supervisor's phone answers (the recorded originated leg)
    const supervision = await pending;
    expect(supervision).toMatchObject({
      bridgeId: '9e3428fa-03e5-4933-81ff-a38536873229',
      snoopChannelId: 'snoop-1',
      supervisorChannelId: '1795662202.137',
    });
    const calls = () =>
      server.requests.filter(
        (r) =>
          !r.path.startsWith('/ari/applications') &&
          r.path !== '/ari/asterisk/info' &&
          !r.path.startsWith('/ari/endpoints') &&
          !(r.method === 'GET' && r.path === '/ari/channels'),
      );
    expect(calls().map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /ari/channels/1795662201.136/snoop?spy=both&whisper=out&app=labapp&appArgs=pbx-companion-snoop&snoopId=id-1',
      'POST /ari/bridges?type=mixing&name=supervise-1795662201.136',
      'POST /ari/bridges/9e3428fa-03e5-4933-81ff-a38536873229/addChannel?channel=snoop-1',
      'POST /ari/channels?endpoint=PJSIP%2F1001&app=labapp&appArgs=pbx-companion-supervisor&callerId=Whisper%20%3C1795662201.136%3E&timeout=30&channelId=id-2',
      'POST /ari/bridges/9e3428fa-03e5-4933-81ff-a38536873229/addChannel?channel=1795662202.137',
    ]);
    const before = calls().length;
    await supervision.stop();
    expect(
      calls()
        .slice(before)
        .map((r) => `${r.method} ${r.path} ${r.status}`),
    ).toEqual([
      'DELETE /ari/channels/1795662202.137 204',
      'DELETE /ari/channels/snoop-1 404',
      'DELETE /ari/bridges/9e3428fa-03e5-4933-81ff-a38536873229 204',
    ]);
  });

  it('listen whispers nothing; a phone that does not answer fails in words and leaves nothing behind', async () => {
    const failed = await supervise({
      client: companion.client,
      events: companion.events,
      app: 'labapp',
      agentChannelId: '1795662201.136',
      supervisorEndpoint: 'PJSIP/1001',
      mode: 'listen',
      answerTimeoutMs: 200,
    }).catch((e: Error) => e);
    expect((failed as Error).message).toBe("the supervisor's phone did not answer within 200 ms");
    expect(server.received('POST', '/ari/channels/1795662201.136/snoop')[0]!.query).toMatchObject({ spy: 'both', whisper: 'none' });
    expect(server.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([
      '/ari/channels/1795662202.137',
      '/ari/channels/snoop-1',
      '/ari/bridges/9e3428fa-03e5-4933-81ff-a38536873229',
    ]);
  });
});
