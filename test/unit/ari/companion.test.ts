/**
 * The ARI Companion against the test ARI server: subscribe and resync on connect, the recorded
 * call into the snapshot, click-to-dial and hang up over REST, a drop without a ghost call, the
 * verbs ARI cannot do answered in words.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAriCompanion, QUEUES_NEED_AMI, type AriCompanion, type AriCompanionConfig } from '../../../electron/core/ari/companion.ts';
import type { Snapshot } from '../../../electron/shared/snapshot.ts';
import { AriTestServer } from '../../support/ari-server.ts';

let server: AriTestServer;
let companion: AriCompanion | null = null;

beforeEach(async () => {
  server = await AriTestServer.start();
});
afterEach(async () => {
  await companion?.close();
  companion = null;
  await server.close();
});

async function start(overrides: Partial<AriCompanionConfig> = {}): Promise<AriCompanion> {
  companion = await createAriCompanion({
    url: server.url,
    username: 'ariuser',
    secret: 'aripass',
    app: 'labapp',
    extension: '1001',
    dialRules: { defaultCountry: 'ES' },
    backoff: () => 0,
    pingIntervalMs: 0,
    clock: () => 1_800_000_000_000,
    ...overrides,
  });
  return companion;
}

/** Resolves with the first snapshot (the current one or a later one) for which `ok` holds. */
function until(c: AriCompanion, ok: (s: Snapshot) => boolean): Promise<Snapshot> {
  if (ok(c.snapshot())) return Promise.resolve(c.snapshot());
  return new Promise((resolve) => {
    const off = c.subscribe((s) => {
      if (ok(s)) {
        off();
        resolve(s);
      }
    });
  });
}

describe('ARI companion', () => {
  it('connects: subscribes to the endpoint and its device state, reads the version, the endpoint and the calls', async () => {
    const c = await start();
    const snap = c.snapshot();
    expect(snap.connection).toMatchObject({
      status: 'live',
      error: null,
      pbx: { asteriskVersion: '22.10.1', amiVersion: null },
      stale: false,
    });
    expect(snap.extension).toEqual({ number: '1001', device: 'PJSIP/1001', state: 'idle', registered: true });
    expect(snap.queues).toEqual([]);
    expect(snap.calls).toEqual([]);
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /ari/applications/labapp/subscription?eventSource=endpoint%3APJSIP%2F1001%2CdeviceState%3APJSIP%2F1001',
      'GET /ari/asterisk/info',
      'GET /ari/endpoints/PJSIP/1001',
      'GET /ari/channels',
    ]);
  });

  it('shows the recorded call from the WebSocket events: ringing, up with the caller, then in the history', async () => {
    const c = await start();
    const seen: string[] = [];
    c.subscribe((s) =>
      seen.push(s.calls.map((call) => `${call.state} ${call.remote.number}`).join() || `idle, history ${s.history.length}`),
    );
    server.play();
    const end = await until(c, (s) => s.history.length === 1);
    expect(seen).toEqual(['ringing 800', 'up 800', 'up +15550109000', 'idle, history 1']);
    expect(end.history[0]).toMatchObject({
      id: '1795662202.137',
      direction: 'inbound',
      remote: { number: '+15550109000', name: 'PSTN Caller' },
    });
    expect(end.extension.state).toBe('idle');
  });

  it("dials: normalises the number and rings the agent's phone with POST /channels into the dialplan", async () => {
    const c = await start();
    expect(await c.previewDial('+34 912 34 56 78')).toMatchObject({ ok: true, dialString: '912345678', display: '+34 912 34 56 78' });
    const result = await c.dial('+34 912 34 56 78');
    expect(result).toMatchObject({ ok: true, message: 'Your phone will ring: answer it to call +34 912 34 56 78.' });
    const sent = server.received('POST', '/ari/channels')[0]!;
    const channelId = sent.query.channelId!;
    expect(sent.query).toEqual({
      endpoint: 'PJSIP/1001',
      extension: '912345678',
      context: 'from-internal',
      priority: '1',
      callerId: '"+34 912 34 56 78" <912345678>',
      timeout: '30',
      channelId,
    });
    expect(channelId).toMatch(/^pbx-companion-dial-/);
    // The recorded answer: PJSIP/1001-0000001d, Down, with the id we chose; shown as an outbound call being dialled.
    expect(c.snapshot().calls.map((call) => [call.id, call.channel, call.direction, call.state, call.remote.number])).toEqual([
      [channelId, 'PJSIP/1001-0000001d', 'outbound', 'dialing', '912345678'],
    ]);
    expect(await c.dial('12ab')).toMatchObject({
      ok: false,
      error: 'A number with letters cannot be dialled: type the digits (letters such as 1-800-FLOWERS are not converted).',
    });
    expect(server.received('POST', '/ari/channels')).toHaveLength(1);
  });

  it('hangs up the current call with DELETE /channels/{id}; without a call, says so', async () => {
    const c = await start();
    expect(await c.hangup()).toMatchObject({ ok: false, error: 'You have no call to hang up.' });
    server.playUntil((e) => e.type === 'ChannelStateChange' && (e.channel as { state: string }).state === 'Up');
    await until(c, (s) => s.calls[0]?.state === 'up');
    expect(await c.hangup()).toMatchObject({ ok: true, message: 'Hung up.' });
    expect(server.requests.filter((r) => r.method === 'DELETE').map((r) => `${r.url} ${r.status}`)).toEqual([
      '/ari/channels/1795662202.137?reason=normal 204',
    ]);
    expect(await c.hangup('no-such-call')).toMatchObject({ ok: false, error: 'That call has already ended.' });
  });

  it('after the WebSocket drops it resubscribes and resyncs: a call that ended meanwhile leaves no ghost', async () => {
    const c = await start();
    server.playUntil((e) => e.type === 'ChannelConnectedLine' && (e.channel as { name: string }).name.startsWith('PJSIP/1001'));
    await until(c, (s) => s.calls[0]?.remote.number === '+15550109000');
    server.dropSockets();
    server.skip(server.remainingEvents); // the call ends while the app is disconnected
    const after = await until(c, (s) => s.connection.status === 'live' && s.calls.length === 0);
    expect(after.history.map((h) => [h.id, h.remote.number])).toEqual([['1795662202.137', '+15550109000']]);
    expect(server.socketsOpened).toHaveLength(2);
    expect(server.received('POST', '/ari/applications/labapp/subscription')).toHaveLength(2);
    expect(server.received('GET', '/ari/channels')).toHaveLength(2);
  });

  it('queues and transfers need AMI: answered in words, not errors of the connection', async () => {
    const c = await start();
    for (const result of [
      await c.pause({ reason: 'Lunch' }),
      await c.unpause({}),
      await c.queueLogin('sales'),
      await c.queueLogout('sales'),
    ])
      expect(result).toMatchObject({ ok: false, error: QUEUES_NEED_AMI });
    expect((await c.transfer('1002')).ok).toBe(false);
    expect(c.snapshot().connection.error).toBeNull();
  });

  it('recording through recordings/live: start, mute, stop; a call not in Stasis is refused in words', async () => {
    const c = await start();
    server.playUntil((e) => e.type === 'StasisStart' && (e.channel as { name: string }).name.startsWith('PJSIP/1001'));
    await until(c, (s) => s.calls[0]?.state === 'up');
    let recordingName = '';
    server.override('POST', '/ari/channels/1795662202.137/record', (req, res) => {
      recordingName = new URL(req.url!, 'http://x').searchParams.get('name')!;
      res
        .writeHead(201, { 'content-type': 'application/json' })
        .end(JSON.stringify({ name: recordingName, format: 'wav', state: 'queued', target_uri: 'channel:1795662202.137' }));
    });
    expect(await c.record('start')).toMatchObject({ ok: true, message: 'Recording.' });
    expect(c.snapshot().calls[0]!.recording).toBe('on');
    for (const [method, op] of [
      ['POST', 'mute'],
      ['POST', 'stop'],
    ] as const)
      server.override(method, `/ari/recordings/live/${recordingName}/${op}`, (_req, res) => res.writeHead(204).end());
    expect(await c.record('mute')).toMatchObject({ ok: true, message: 'Recording muted.' });
    expect(c.snapshot().calls[0]!.recording).toBe('muted');
    expect(await c.record('stop')).toMatchObject({ ok: true, message: 'Recording stopped.' });
    expect(c.snapshot().calls[0]!.recording).toBe('off');
    expect(recordingName).toMatch(/^companion-1001-1795662202_137-\d+$/);

    server.override('POST', '/ari/channels/1795662202.137/record', (_req, res) =>
      res.writeHead(409, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Channel not in Stasis application' })),
    );
    expect(await c.record('start')).toMatchObject({
      ok: false,
      error: 'ARI records only calls in a Stasis application, and this call is not in one: record it through AMI.',
    });
  });

  it('a wrong password: failed, with the reason, and no retry', async () => {
    const c = await start({ secret: 'wrong' });
    expect(c.snapshot().connection).toMatchObject({
      status: 'failed',
      error: 'wrong ARI user or password (ari.conf) for the events WebSocket',
    });
    expect(server.upgradesRefused).toBe(1);
  });

  it('an endpoint the PBX does not have: said in words while it keeps trying', async () => {
    const warnings: string[] = [];
    const c = await start({ extension: '1009', logger: { warn: (m) => warnings.push(m) } });
    await until(c, (s) => s.connection.error !== null);
    expect(c.snapshot().connection.error).toBe('the endpoint PJSIP/1009 is not on this PBX: check the extension and technology');
    expect(warnings[0]).toBe('ARI resync failed: the endpoint PJSIP/1009 is not on this PBX: check the extension and technology');
  });
});
