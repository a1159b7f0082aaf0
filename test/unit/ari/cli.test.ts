/**
 * The ARI command-line verbs and the doctor's ARI section against the test ARI server (real HTTP
 * and WebSocket on 127.0.0.1, Asterisk 22's recorded answers).
 */
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dial, hangup, watch } from '../../../electron/core/cli/ari.ts';
import { ariDoctor } from '../../../electron/core/cli/doctor-ari.ts';
import { run as doctor } from '../../../electron/core/cli/doctor.ts';
import { main } from '../../../electron/core/cli.ts';
import { memoryIO } from '../../../electron/core/cli/io.ts';
import { ariConfStanza } from '../../../electron/core/ari/test-connection.ts';
import { AriTestServer } from '../../support/ari-server.ts';

let server: AriTestServer;

beforeEach(async () => {
  server = await AriTestServer.start();
});
afterEach(() => server.close());

const conn = () => ['--url', server.url, '--user', 'ariuser', '--extension', '1001'];
/** The ari.conf lines the doctor prints after a warning or a failure. */
const ariConfLines = [ariConfStanza('ariuser')];

describe('ari-dial', () => {
  it('prints the dial string, rings the phone with POST /channels and says so', async () => {
    const io = memoryIO({ ARI_SECRET: 'aripass' });
    const code = await dial(['0034 912 34 56 78', ...conn(), '--country', 'ES'], io);
    expect(io.errors).toEqual([]);
    expect(code).toBe(0);
    const sent = server.received('POST', '/ari/channels')[0]!;
    expect(sent.query).toMatchObject({
      endpoint: 'PJSIP/1001',
      extension: '912345678',
      context: 'from-internal',
      priority: '1',
      channelId: expect.stringMatching(/^pbx-companion-dial-[0-9a-f-]{36}$/),
    });
    expect(io.lines).toEqual([
      '912345678  +34 912 34 56 78',
      `Your phone will ring: answer it to call +34 912 34 56 78. (channel PJSIP/1001-0000001d, id ${sent.query.channelId})`,
    ]);
    expect(sent.url).not.toContain('aripass');
  });

  it('--dry-run prints only, without a password or a connection', async () => {
    const io = memoryIO({});
    expect(await dial(['tel:+1-212-555-0123', ...conn(), '--country', 'US', '--dry-run'], io)).toBe(0);
    expect(io.lines).toEqual(['2125550123  +1 212 555 0123']);
    expect(server.requests).toEqual([]);
  });

  it('refuses a password on the command line, a missing option, a bad URL, a bad number; 401 in words', async () => {
    const io = memoryIO({ ARI_SECRET: 'aripass' });
    expect(await dial(['600', ...conn(), '--password', 'aripass'], io)).toBe(2);
    expect(await dial(['600', '--url', server.url, '--user', 'ariuser'], io)).toBe(2);
    expect(await dial(['600', '--url', 'ftp://pbx', '--user', 'ariuser', '--extension', '1001'], io)).toBe(2);
    expect(await dial(['12ab', ...conn()], io)).toBe(1);
    expect(await dial(['600', ...conn()], memoryIO({ ARI_SECRET: 'wrong' }))).toBe(1);
    expect(io.errors).toEqual([
      'ari-dial: the password is never taken from the command line (it would show in `ps` and shell history): set ARI_SECRET or type it at the prompt',
      'ari-dial: give --url, --user and --extension (the password comes from ARI_SECRET or a prompt)',
      'ari-dial: the ARI URL must start with http:// or https://, not ftp:',
      'ari-dial: A number with letters cannot be dialled: type the digits (letters such as 1-800-FLOWERS are not converted).',
    ]);
    const wrong = memoryIO({ ARI_SECRET: 'wrong' });
    await dial(['600', ...conn()], wrong);
    expect(wrong.errors).toEqual(['ari-dial: wrong ARI user or password (ari.conf) for POST /channels']);
    expect(server.received('POST', '/ari/channels').map((r) => r.status)).toEqual([401, 401]);
  });
});

describe('ari-hangup', () => {
  it("hangs up the agent's connected call, found in GET /channels", async () => {
    server.playUntil((e) => e.type === 'ChannelConnectedLine' && (e.channel as { name: string }).name.startsWith('PJSIP/1001'));
    const io = memoryIO({ ARI_SECRET: 'aripass' });
    expect(await hangup(conn(), io)).toBe(0);
    expect(io.lines).toEqual(['Hung up PJSIP/1001-0000001d.']);
    expect(server.requests.map((r) => `${r.method} ${r.url} ${r.status}`)).toEqual([
      'GET /ari/channels 200',
      'DELETE /ari/channels/1795662202.137?reason=normal 204',
    ]);
  });

  it('no call: says so; an unknown id: Asterisk\'s "Channel not found"; an id with a path in it: refused', async () => {
    const none = memoryIO({ ARI_SECRET: 'aripass' });
    expect(await hangup(conn(), none)).toBe(1);
    expect(none.errors).toEqual(['ari-hangup: You have no call to hang up.']);
    const unknown = memoryIO({ ARI_SECRET: 'aripass' });
    expect(await hangup(['doesnotexist', ...conn()], unknown)).toBe(1);
    expect(unknown.errors).toEqual(['ari-hangup: Channel not found (DELETE /channels/doesnotexist)']);
    const injected = memoryIO({ ARI_SECRET: 'aripass' });
    expect(await hangup(['../bridges/9e3428fa-03e5-4933-81ff-a38536873229', ...conn()], injected)).toBe(2);
    expect(injected.errors[0]).toContain('contains a path separator');
    expect(server.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual(['/ari/channels/doesnotexist']);
  });
});

describe('ari-watch', () => {
  it('prints snapshot lines while the recorded call rings, is answered and ends; stops on Ctrl+C', async () => {
    const stop = new AbortController();
    const io = memoryIO({ ARI_SECRET: 'aripass' }, stop.signal);
    const running = watch([...conn(), '--app', 'labapp'], io);
    await server.waitForSockets(1);
    while (!io.lines.some((l) => l.includes('"status":"live"'))) await new Promise((r) => setImmediate(r));
    server.play();
    while (!io.lines.some((l) => l.includes('"history":[{'))) await new Promise((r) => setImmediate(r));
    stop.abort();
    expect(await running).toBe(0);
    const snapshots = io.lines.map((l) => JSON.parse(l) as { type: string; seq: number; snapshot: { calls: Array<{ state: string }> } });
    expect(snapshots.every((s, i) => s.type === 'snapshot' && s.seq === i + 1)).toBe(true);
    const states = snapshots.map((s) => s.snapshot.calls.map((c) => c.state).join()).filter((s, i, all) => s !== all[i - 1]);
    expect(states).toEqual(['', 'ringing', 'up', '']);
  });

  it('--pop-url prints a pop line after the snapshot where the call rings, like `watch`', async () => {
    const stop = new AbortController();
    const io = memoryIO({ ARI_SECRET: 'aripass' }, stop.signal);
    const running = watch([...conn(), '--app', 'labapp', '--pop-url', 'https://crm.example.com/find?phone={number}&ext={extension}'], io);
    await server.waitForSockets(1);
    while (!io.lines.some((l) => l.includes('"status":"live"'))) await new Promise((r) => setImmediate(r));
    server.play();
    while (!io.lines.some((l) => l.includes('"history":[{'))) await new Promise((r) => setImmediate(r));
    stop.abort();
    expect(await running).toBe(0);
    const lines = io.lines.map(
      (l) => JSON.parse(l) as { type: string; url?: string; callId?: string; snapshot?: { calls: Array<{ state: string }> } },
    );
    const pops = lines.filter((l) => l.type === 'pop');
    expect(pops).toEqual([{ type: 'pop', callId: '1795662202.137', url: 'https://crm.example.com/find?phone=800&ext=1001' }]);
    const at = lines.findIndex((l) => l.type === 'pop');
    expect(lines[at - 1]!.snapshot!.calls.map((c) => c.state)).toEqual(['ringing']);
  });

  it("never pops the agent's own ari-dial: outbound and dialling from its first event, in another process's watch", async () => {
    // Real Asterisk 22: ari-watch saw the phone ring for `ari-dial 1002` as an inbound call from 1002 and popped it.
    const stop = new AbortController();
    const io = memoryIO({ ARI_SECRET: 'aripass' }, stop.signal);
    const running = watch([...conn(), '--pop-url', 'https://crm.example.com/find?phone={number}&id={var.CUSTOMER_ID}'], io);
    await server.waitForSockets(1);
    while (!io.lines.some((l) => l.includes('"status":"live"'))) await new Promise((r) => setImmediate(r));
    const dialled = memoryIO({ ARI_SECRET: 'aripass' });
    expect(await dial(['800', ...conn()], dialled)).toBe(0);
    const id = server.received('POST', '/ari/channels')[0]!.query.channelId!;
    // The recorded call, its phone leg now carrying the id ari-dial chose (the answer and every event, as Asterisk does).
    server.play();
    while (!io.lines.some((l) => l.includes('"history":[{'))) await new Promise((r) => setImmediate(r));
    stop.abort();
    expect(await running).toBe(0);
    const lines = io.lines.map(
      (l) =>
        JSON.parse(l) as {
          type: string;
          snapshot?: { calls: Array<{ id: string; direction: string; state: string }>; history: Array<{ id: string; direction: string }> };
        },
    );
    expect(lines.filter((l) => l.type === 'pop')).toEqual([]);
    const shown = lines.flatMap((l) => l.snapshot?.calls ?? []).map((c) => `${c.id} ${c.direction} ${c.state}`);
    expect([...new Set(shown)]).toEqual([`${id} outbound dialing`]);
    expect(lines.at(-1)!.snapshot!.history[0]).toMatchObject({ id, direction: 'outbound' });
  });

  it('--pop-url with a template it cannot use: a usage error before connecting', async () => {
    const io = memoryIO({ ARI_SECRET: 'aripass' });
    expect(await watch([...conn(), '--pop-url', 'javascript:alert({number})'], io)).toBe(2);
    expect(io.errors[0]).toMatch(/^ari-watch: --pop-url: /);
    expect(server.socketsOpened).toEqual([]);
  });

  it('a wrong password ends it with the reason', async () => {
    const io = memoryIO({ ARI_SECRET: 'wrong' });
    expect(await watch(conn(), io)).toBe(1);
    expect(io.errors).toEqual(['ari-watch: wrong ARI user or password (ari.conf) for the events WebSocket']);
  });
});

describe("doctor's ARI section", () => {
  const doctorArgs = () => ({ 'ari-url': server.url, 'ari-user': 'ariuser' });

  it('reachable, credentials, version, the modules by probing each resource, write access, the WebSocket', async () => {
    const io = memoryIO({ ARI_SECRET: 'aripass' });
    expect(await ariDoctor(doctorArgs(), io)).toBe(0);
    expect(io.lines).toEqual([
      `ARI: http://127.0.0.1:${server.port}/ari`,
      "ok       reachable              Asterisk's HTTP server answered",
      'ok       credentials            user and password accepted',
      '                                Asterisk 22.10.1',
      'ok       res_ari_channels       calls, click-to-dial and hang up',
      'ok       res_ari_endpoints      the phone registered or not',
      "ok       res_ari_applications   subscriptions to the agent's endpoint and device state",
      'ok       res_ari_device_states  device states',
      'ok       res_ari_bridges        supervisor listen and whisper',
      'ok       res_ari_recordings     recording control of Stasis calls',
      'ok       write access           dial and hang up allowed',
      'ok       events WebSocket       events arrive',
      'warning  pop variables          cannot tell: ARI does not show ari.conf and no call is up to look at. ARI pops have an empty {var.CUSTOMER_ID} unless ari.conf [general] lists channelvars = CUSTOMER_ID,CUSTOMER_NAME (the variables your IVR sets): check it, or run the doctor again during a call',
      '',
      'All needed ARI checks passed, with 1 warning(s) above: read them.',
      ...ariConfLines,
    ]);
    // GET /asterisk/modules is not in the recording: answered 404 Resource not found, so each resource was probed.
    expect(server.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /ari/asterisk/info 200',
      'GET /ari/asterisk/modules 404',
      'GET /ari/channels 200',
      'GET /ari/endpoints 200',
      'GET /ari/applications 200',
      'GET /ari/deviceStates 200',
      'GET /ari/bridges 200',
      'GET /ari/recordings/stored 200',
      'DELETE /ari/channels/pbx-companion-doctor-probe 404',
      'GET /ari/channels 200',
    ]);
    expect(server.socketsOpened.map((s) => s.app)).toEqual(['pbx-companion-doctor']);
  });

  it("ari.conf channelvars, from the calls up now: none listed (the lab's ari.conf) is said in words, not 'all passed'", async () => {
    // Real Asterisk 22 (fixture 13, ari.conf without channelvars): the originate set CUSTOMER_ID, yet no channel's JSON carries it.
    server.playUntil((e) => e.type === 'ChannelStateChange' && (e.channel as { name: string }).name.startsWith('PJSIP/1001'));
    const io = memoryIO({ ARI_SECRET: 'aripass' });
    expect(await ariDoctor(doctorArgs(), io)).toBe(0);
    expect(io.lines).toContain(
      'warning  pop variables          the 1 channel(s) up now carry no channel variables, so ari.conf [general] lists no channelvars: ARI pops have an empty {var.CUSTOMER_ID} (every {var.NAME}); add channelvars = CUSTOMER_ID,CUSTOMER_NAME (the variables your IVR sets) and run "module reload res_ari.so"',
    );
    expect(io.lines).not.toContain('All needed ARI checks passed.');
    expect(io.lines.at(-1)).toContain(
      "\nchannelvars = CUSTOMER_ID,CUSTOMER_NAME   ; the variables your IVR sets: ARI sends only these with each channel (the pop's {var.NAME})\n",
    );
  });

  it('ari.conf channelvars listed: a channel carries them (as Asterisk adds `channelvars` to its JSON), and all passed', async () => {
    server.playUntil((e) => e.type === 'ChannelStateChange' && (e.channel as { name: string }).name.startsWith('PJSIP/1001'));
    const recorded = server.requests.length;
    server.override('GET', '/ari/channels', (_req, res) => {
      const channel = {
        id: '1795662202.137',
        name: 'PJSIP/1001-0000001d',
        state: 'Ringing',
        channelvars: { CUSTOMER_ID: '', CUSTOMER_NAME: '' },
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([channel]));
    });
    const io = memoryIO({ ARI_SECRET: 'aripass' });
    expect(await ariDoctor(doctorArgs(), io)).toBe(0);
    expect(io.lines).toContain(
      'ok       pop variables          ari.conf channelvars = CUSTOMER_ID,CUSTOMER_NAME: ARI pops can use {var.NAME} for these',
    );
    expect(io.lines.at(-1)).toBe('All needed ARI checks passed.');
    expect(server.requests.length).toBeGreaterThan(recorded);
  });

  it('reads module status from asterisk/modules when allowed; a module not loaded and a read-only user fail', async () => {
    server.override('GET', '/ari/asterisk/modules', (_req, res) => {
      const modules = ['res_ari_channels', 'res_ari_endpoints', 'res_ari_applications', 'res_ari_events', 'res_ari_bridges'].map(
        (name) => ({ name, description: '', use_count: 0, status: 'Running', support_level: 'core' }),
      );
      modules.push({ name: 'res_ari_recordings', description: '', use_count: 0, status: 'Not Running', support_level: 'core' });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(modules));
    });
    server.override('DELETE', '/ari/channels/pbx-companion-doctor-probe', (_req, res) =>
      res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Write access denied' })),
    );
    const io = memoryIO({ ARI_SECRET: 'aripass' });
    expect(await ariDoctor(doctorArgs(), io)).toBe(1);
    const out = io.lines.join('\n');
    expect(out).toContain('ok       res_ari_channels       calls, click-to-dial and hang up');
    expect(out).toContain('warning  res_ari_device_states  not loaded: device states will not work');
    expect(out).toContain('warning  res_ari_recordings     Not Running: recording control of Stasis calls will not work');
    expect(out).toContain(
      'FAIL     write access           the ARI user is read-only (ari.conf read_only = yes): DELETE /channels/pbx-companion-doctor-probe needs write access: dial and hang up will not work',
    );
    expect(out).toContain('1 needed ARI check(s) failed.');
    expect(out).toContain('read_only = no');
    // Modules came from asterisk/modules: /channels is read once, by the pop variables check only.
    expect(server.received('GET', '/ari/channels')).toHaveLength(1);
  });

  it('wrong password; nothing listening; not ARI at that URL', async () => {
    const wrong = memoryIO({ ARI_SECRET: 'nope' });
    expect(await ariDoctor(doctorArgs(), wrong)).toBe(1);
    expect(wrong.lines.slice(1, 3)).toEqual([
      "ok       reachable              Asterisk's HTTP server answered",
      'FAIL     credentials            wrong ARI user or password (ari.conf) for GET /asterisk/info: check the [user] section of ari.conf',
    ]);
    server.override('GET', '/ari/asterisk/info', (_req, res) =>
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html>Not Found</html>'),
    );
    const notAri = memoryIO({ ARI_SECRET: 'aripass' });
    expect(await ariDoctor(doctorArgs(), notAri)).toBe(1);
    expect(notAri.lines[1]).toBe(
      "FAIL     reachable              GET /asterisk/info: not found (is the URL's prefix right, is the module loaded?): no ARI at this URL (ari.conf enabled = yes? http.conf prefix?)",
    );
    const port = server.port;
    await server.close();
    const down = memoryIO({ ARI_SECRET: 'aripass' });
    expect(await ariDoctor({ 'ari-url': `http://127.0.0.1:${port}`, 'ari-user': 'ariuser' }, down)).toBe(1);
    expect(down.lines[1]).toMatch(/^FAIL +reachable +Asterisk at 127\.0\.0\.1:\d+ refused the connection/);
    server = await AriTestServer.start();
  });

  it('is skipped without --ari-url; needs --ari-user', async () => {
    expect(await ariDoctor({}, memoryIO())).toBeNull();
    const io = memoryIO({ ARI_SECRET: 'aripass' });
    expect(await ariDoctor({ 'ari-url': server.url }, io)).toBe(2);
    expect(io.errors).toEqual(['doctor: give --ari-user with --ari-url (the password comes from ARI_SECRET or a prompt)']);
  });
});

describe('wired into the command line', () => {
  it('`pbx-companion ari-dial` and `ari-hangup` dispatch to the ARI verbs', async () => {
    const io = memoryIO({ ARI_SECRET: 'aripass' });
    expect(await main(['ari-dial', '600', ...conn(), '--country', 'ES'], io)).toBe(0);
    expect(io.lines[0]).toBe('600  600');
    expect(await main(['ari-hangup', '1795662202.137', ...conn()], io)).toBe(0);
    expect(io.lines.at(-1)).toBe('Hung up 1795662202.137.');
    expect(server.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /ari/channels 200',
      'DELETE /ari/channels/1795662202.137 204',
    ]);
  });

  it('`doctor --ari-url ... --ari-user ...` without --host runs the ARI section alone', async () => {
    const io = memoryIO({ ARI_SECRET: 'aripass' });
    expect(await doctor(['--ari-url', server.url, '--ari-user', 'ariuser'], io)).toBe(0);
    expect(io.lines).toContain('All needed ARI checks passed, with 1 warning(s) above: read them.');
  });

  it('a failed AMI login still reports whether ARI works', async () => {
    // Nothing listens on the AMI port (a server bound and closed a moment ago): the AMI part fails, ARI is still checked.
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const io = memoryIO({ AMI_SECRET: 'x', ARI_SECRET: 'aripass' });
    expect(
      await doctor(
        ['--host', '127.0.0.1', '--port', String(port), '--user', 'agent', '--ari-url', server.url, '--ari-user', 'ariuser'],
        io,
      ),
    ).toBe(1);
    expect(io.lines.some((l) => l.startsWith('FAIL     login:'))).toBe(true);
    expect(io.lines).toContain('All needed ARI checks passed, with 1 warning(s) above: read them.');
  });
});
