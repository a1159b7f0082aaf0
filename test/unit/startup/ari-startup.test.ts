/**
 * Start-up with ARI, as the app runs it (companionForSettings from saved settings and keychain
 * secrets): ARI alone against the test ARI server (Asterisk 22's recorded answers and events), AMI
 * (the demo PBX over TCP) with ARI's listen and whisper beside it, a wrong ARI password in words,
 * and no ARI traffic at all when ARI is off or adds nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QUEUES_NEED_AMI } from '../../../electron/core/ari/companion.ts';
import { startDemoPbx, type DemoPbx } from '../../../electron/core/demo/index.ts';
import type { PopDecision } from '../../../electron/core/screenpop/screenpop.ts';
import { parseSettings, type Settings } from '../../../electron/core/settings/schema.ts';
import { companionForSettings, DEMO_LABEL, type StartedCore, type StartHooks } from '../../../electron/core/startup.ts';
import { PhrasedError } from '../../../electron/core/errors/phrased-error.ts';
import { formatPhrase, phrase, type Phrase } from '../../../electron/shared/phrases/index.ts';
import type { Snapshot } from '../../../electron/shared/snapshot.ts';
import { spanishPhrases } from '../../../electron/shared/phrases/es/index.ts';
import { AriTestServer, recordedEvents } from '../../support/ari-server.ts';

let server: AriTestServer;
let pbx: DemoPbx | null = null;
let core: StartedCore | null = null;

beforeEach(async () => {
  server = await AriTestServer.start();
});
afterEach(async () => {
  await core?.close();
  core = null;
  await pbx?.close();
  pbx = null;
  await server.close();
});

function settingsOf(input: Record<string, unknown>): Settings {
  const parsed = parseSettings(input);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.settings;
}

/** ARI on, pointed at the test server, with the fixture's application name. */
const ariOn = (extra: Record<string, unknown> = {}) => ({ enabled: true, url: server.url, username: 'ariuser', app: 'labapp', ...extra });

async function amiPbx(): Promise<Record<string, unknown>> {
  pbx = await startDemoPbx({ answerAfterMs: null });
  return { host: pbx.host, port: pbx.port, username: 'agent', extension: '1001' };
}

function until(c: StartedCore, ok: (s: Snapshot) => boolean): Promise<Snapshot> {
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

const isPhoneUp = (e: Record<string, unknown>) => e.type === 'ChannelStateChange' && (e.channel as { state: string }).state === 'Up';

describe('start-up with ARI and no AMI host', () => {
  it('the ARI companion is the core: the recorded call from ARI events, dial and hang up over REST, queues need AMI, the screen pop', async () => {
    const pops: PopDecision[] = [];
    const settings = settingsOf({
      pbx: { extension: '1001', label: 'Office' },
      ari: ariOn(),
      dialing: { defaultCountry: 'ES' },
      screenPop: { template: 'https://crm.example.com/find?phone={number}' },
    });
    core = await companionForSettings(settings, { ami: null, ari: 'aripass' }, { onPop: (pop) => pops.push(pop) });
    expect(core.snapshot().connection).toMatchObject({
      status: 'live',
      error: null,
      label: 'Office',
      pbx: { asteriskVersion: '22.10.1', amiVersion: null },
    });
    expect(server.socketsOpened.map((s) => [s.app, s.subscribeAll])).toEqual([['labapp', 'false']]);
    expect(server.received('POST', '/ari/applications/labapp/subscription')[0]!.query).toEqual({
      eventSource: 'endpoint:PJSIP/1001,deviceState:PJSIP/1001',
    });
    expect(core.supervisor).toBeUndefined();

    server.playUntil(isPhoneUp);
    await until(core, (s) => s.calls[0]?.state === 'up');
    expect(await core.hangup()).toMatchObject({ ok: true, message: 'Hung up.' });
    expect(server.requests.filter((r) => r.method === 'DELETE').map((r) => `${r.url} ${r.status}`)).toEqual([
      '/ari/channels/1795662202.137?reason=normal 204',
    ]);

    server.play();
    const end = await until(core, (s) => s.history.length === 1);
    expect(end.history[0]).toMatchObject({ id: '1795662202.137', remote: { number: '+15550109000', name: 'PSTN Caller' } });
    expect(pops.map((p) => p.url)).toEqual(['https://crm.example.com/find?phone=800']);
    expect(await core.dial('+34 912 34 56 78')).toMatchObject({
      ok: true,
      message: 'Your phone will ring: answer it to call +34 912 34 56 78.',
    });
    expect(server.received('POST', '/ari/channels')[0]!.query).toMatchObject({
      endpoint: 'PJSIP/1001',
      extension: '912345678',
      context: 'from-internal',
    });
    expect(await core.pause({ reason: 'Lunch' })).toMatchObject({ ok: false, error: QUEUES_NEED_AMI });
    expect(end.queues).toEqual([]);
    expect(
      server.requests.every(
        (r) => r.authorization === 'Basic ' + Buffer.from('ariuser:aripass').toString('base64') && !r.url.includes('aripass'),
      ),
    ).toBe(true);
  });

  it("{extension} in the application name is the desk's extension; a supervisor desk gets listen and whisper", async () => {
    core = await companionForSettings(
      settingsOf({ pbx: { extension: '1001' }, ari: ariOn({ app: 'desk-{extension}', supervisor: true }) }),
      { ami: null, ari: 'aripass' },
    );
    expect(server.socketsOpened.map((s) => s.app)).toEqual(['desk-1001']);
    expect(core.supervisor).toBeDefined();
    expect(await core.supervisor!.supervise('1001', 'listen')).toMatchObject({
      ok: false,
      error: 'That is your own phone: choose another agent.',
    });
    expect(await core.supervisor!.supervise('1002', 'listen')).toMatchObject({
      ok: false,
      error: 'Agent 1002 has no connected call to listen to.',
    });
  });

  it('a wrong ARI password: failed, in words, and not retried', async () => {
    core = await companionForSettings(settingsOf({ pbx: { extension: '1001' }, ari: ariOn() }), { ami: null, ari: 'wrong' });
    expect(core.snapshot().connection).toMatchObject({
      status: 'failed',
      error: 'wrong ARI user or password (ari.conf) for the events WebSocket',
    });
    expect(server.upgradesRefused).toBe(1);
    expect(server.requests).toEqual([]);
  });

  it('no ARI password stored, or no extension: refused in words before any connection', async () => {
    await expect(companionForSettings(settingsOf({ pbx: { extension: '1001' }, ari: ariOn() }), { ami: null, ari: null })).rejects.toThrow(
      `No ARI password is stored for ariuser@${server.url}: enter it in Settings.`,
    );
    await expect(companionForSettings(settingsOf({ ari: ariOn() }), { ami: null, ari: 'aripass' })).rejects.toThrow(
      'No extension is set up yet: open Settings to enter your extension.',
    );
    // Each refusal carries its phrase (the shell says "Could not start: ..." in the agent's language).
    const refusal = await companionForSettings(settingsOf({ pbx: { host: 'pbx.example', username: 'agent', extension: '1001' } }), {
      ami: null,
      ari: null,
    }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(PhrasedError);
    expect((refusal as PhrasedError).phrase).toEqual(phrase('startup.no-ami-secret', { login: 'agent@pbx.example' }));
    expect(formatPhrase((refusal as PhrasedError).phrase, spanishPhrases)).toBe(
      'No hay ninguna clave AMI guardada para agent@pbx.example: escríbela en Ajustes.',
    );
    const noExtension = await companionForSettings(settingsOf({ ari: ariOn() }), { ami: null, ari: 'aripass' }).catch((e: unknown) => e);
    expect((noExtension as PhrasedError).phrase).toEqual(phrase('startup.no-extension'));
    expect(server.requests).toEqual([]);
    expect(server.socketsOpened).toEqual([]);
  });
});

describe('start-up with AMI and ARI', () => {
  /** The fixture's caller channel (PJSIP/9000, Up) is the "agent" the supervisor at 1001 listens to. */
  const snoopChannel = () => ({
    ...(recordedEvents()[0]!.channel as object),
    id: 'snoop-1',
    name: 'Snoop/1795662201.136-00000001',
    state: 'Up',
  });

  it('AMI is the core (state, queues); ARI adds listen and whisper for a supervisor, over snoop and a bridge', async () => {
    const notices: string[] = [];
    const settings = settingsOf({ pbx: await amiPbx(), ari: ariOn({ supervisor: true }) });
    core = await companionForSettings(settings, { ami: 'demo', ari: 'aripass' }, { onNotice: (text) => notices.push(text) });
    const live = await until(core, (s) => s.connection.status === 'live' && s.queues.length === 2);
    expect(live.connection.pbx?.amiVersion).not.toBeNull();
    expect(await core.pause({ queue: 'support', reason: 'Lunch' })).toMatchObject({ ok: true });
    expect(pbx!.control.receivedActions().some((a) => a.get('Action') === 'QueuePause')).toBe(true);
    // ARI: only the application's WebSocket, nothing about the agent's own endpoint (AMI has that).
    expect(server.socketsOpened.map((s) => [s.app, s.subscribeAll])).toEqual([['labapp', 'false']]);
    expect(server.requests).toEqual([]);

    server.play(1); // the caller enters Stasis: GET /channels now lists PJSIP/9000, Up
    server.override('POST', '/ari/channels/1795662201.136/snoop', (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(snoopChannel())),
    );
    const pending = core.supervisor!.supervise('9000', 'whisper');
    while (server.received('POST', '/ari/channels').length === 0) await new Promise((r) => setImmediate(r));
    server.playUntil((e) => e.type === 'StasisStart' && (e.channel as { name: string }).name.startsWith('PJSIP/1001')); // the supervisor's phone answers
    expect(await pending).toMatchObject({ ok: true, message: 'Whispering to 9000: only the agent hears you, not the caller.' });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /ari/channels',
      'POST /ari/channels/1795662201.136/snoop',
      'POST /ari/bridges',
      'POST /ari/bridges/9e3428fa-03e5-4933-81ff-a38536873229/addChannel',
      'POST /ari/channels',
      'POST /ari/bridges/9e3428fa-03e5-4933-81ff-a38536873229/addChannel',
    ]);
    expect(server.received('POST', '/ari/channels/1795662201.136/snoop')[0]!.query).toMatchObject({
      spy: 'both',
      whisper: 'out',
      app: 'labapp',
    });
    expect(server.received('POST', '/ari/channels')[0]!.query).toMatchObject({ endpoint: 'PJSIP/1001', app: 'labapp' });

    expect(await core.supervisor!.stopSupervising()).toMatchObject({ ok: true, message: 'Stopped listening to 9000.' });
    expect(server.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([
      '/ari/channels/1795662202.137',
      '/ari/channels/snoop-1',
      '/ari/bridges/9e3428fa-03e5-4933-81ff-a38536873229',
    ]);
    expect(await core.supervisor!.stopSupervising()).toMatchObject({ ok: false, error: 'You are not listening to anyone.' });
    expect(notices).toEqual([]);
  });

  it('a wrong ARI password: AMI works on, the notice says why listen and whisper are off', async () => {
    const notices: Array<[string, string]> = [];
    const phrases: Array<Phrase | undefined> = [];
    const onNotice: StartHooks['onNotice'] = (text, level, said) => {
      notices.push([text, level]);
      phrases.push(said);
    };
    core = await companionForSettings(
      settingsOf({ pbx: await amiPbx(), ari: ariOn({ supervisor: true }) }),
      { ami: 'demo', ari: 'wrong' },
      { onNotice },
    );
    expect(notices).toEqual([
      ['ARI: wrong ARI user or password (ari.conf) for the events WebSocket: listen and whisper are off.', 'error'],
    ]);
    // The same notice as a phrase, for a shell that says it in the agent's language.
    expect(phrases).toEqual([phrase('startup.ari-stream-failed', { why: phrase('ari.auth', { what: phrase('ari.events-socket') }) })]);
    expect(formatPhrase(phrases[0]!, spanishPhrases)).toBe(
      'ARI: usuario o contraseña de ARI incorrectos (ari.conf) para el WebSocket de eventos: escuchar y susurrar no están disponibles.',
    );
    expect(await core.supervisor!.supervise('9000', 'listen')).toMatchObject({
      ok: false,
      error: 'ARI is not connected (wrong ARI user or password (ari.conf) for the events WebSocket): listen and whisper are unavailable.',
    });
    await until(core, (s) => s.connection.status === 'live');
    expect(server.upgradesRefused).toBe(1);
    expect(server.requests).toEqual([]);
  });

  it('a user not marked as a supervisor: ARI adds nothing, so it is not connected (and the log says why)', async () => {
    const warnings: string[] = [];
    core = await companionForSettings(
      settingsOf({ pbx: await amiPbx(), ari: ariOn() }),
      { ami: 'demo', ari: 'aripass' },
      { logger: { warn: (m) => warnings.push(m) } },
    );
    await until(core, (s) => s.connection.status === 'live');
    expect(core.supervisor).toBeUndefined();
    expect(warnings).toContain(
      'ARI is on, but beside AMI it only adds supervisor listen and whisper, and this user is not marked as a supervisor: ARI is not used.',
    );
    expect(server.requests).toEqual([]);
    expect(server.socketsOpened).toEqual([]);
  });
});

describe('start-up with ARI off', () => {
  it.each([
    ['disabled, with a URL and a user saved', { enabled: false, url: 'URL', username: 'ariuser', supervisor: true }],
    ['enabled without a URL', { enabled: true, url: '', username: 'ariuser', supervisor: true }],
  ])('%s: AMI alone, and no ARI traffic', async (_name, ari) => {
    const settings = settingsOf({ pbx: await amiPbx(), ari: { ...ari, url: ari.url && server.url } });
    core = await companionForSettings(settings, { ami: 'demo', ari: 'aripass' });
    await until(core, (s) => s.connection.status === 'live');
    expect(core.supervisor).toBeUndefined();
    expect(server.requests).toEqual([]);
    expect(server.socketsOpened).toEqual([]);
  });

  it('no AMI host and ARI disabled: the demo PBX, and no ARI traffic', async () => {
    const hooks: StartHooks = { logger: { warn: () => {} } };
    core = await companionForSettings(
      settingsOf({ pbx: { extension: '1001' }, ari: { enabled: false, url: server.url, username: 'ariuser' } }),
      { ami: null, ari: 'aripass' },
      hooks,
    );
    const live = await until(core, (s) => s.connection.status === 'live');
    expect(live.connection.label).toBe(DEMO_LABEL);
    expect(server.requests).toEqual([]);
    expect(server.socketsOpened).toEqual([]);
  });

  it('a bare AMI secret (as older callers pass it) still starts the AMI core', async () => {
    core = await companionForSettings(settingsOf({ pbx: await amiPbx() }), 'demo');
    const live = await until(core, (s) => s.connection.status === 'live' && s.queues.length === 2);
    expect(live.connection.error).toBeNull();
    expect(server.socketsOpened).toEqual([]);
  });
});
