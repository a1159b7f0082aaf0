/**
 * The ARI REST client against the test ARI server (real HTTP on 127.0.0.1), which answers with
 * Asterisk 22's recorded bodies from fixture 13-ari-stasis.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AriClient } from '../../../electron/core/ari/client.ts';
import { AriError } from '../../../electron/core/ari/errors.ts';
import { parseAriUrl } from '../../../electron/core/ari/http.ts';
import { AriTestServer, readAriFixture } from '../../support/ari-server.ts';

let server: AriTestServer;
let ari: AriClient;

beforeEach(async () => {
  server = await AriTestServer.start();
  ari = new AriClient({ url: server.url, username: 'ariuser', secret: 'aripass' });
});
afterEach(() => server.close());

/** The rejection of `promise`, which must be an AriError. */
async function refusal(promise: Promise<unknown>): Promise<AriError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AriError);
  return error as AriError;
}

describe('ARI client: the recorded answers', () => {
  it('reads asterisk/info, the endpoints and an endpoint as Asterisk 22 answered', async () => {
    const info = await ari.asterisk.info();
    expect(info.system?.version).toBe('22.10.1');
    const endpoints = await ari.endpoints.list();
    expect(endpoints.map((e) => `${e.technology}/${e.resource}`)).toEqual(['PJSIP/1001', 'PJSIP/1002', 'PJSIP/9000']);
    expect(await ari.endpoints.get('PJSIP/1001')).toEqual({ technology: 'PJSIP', resource: '1001', state: 'online', channel_ids: [] });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /ari/asterisk/info',
      'GET /ari/endpoints',
      'GET /ari/endpoints/PJSIP/1001',
    ]);
    expect(server.requests.every((r) => !r.synthetic && r.status === 200)).toBe(true);
  });

  it('the served bodies are byte for byte the recorded length (compact JSON, as pretty = no)', () => {
    const info = readAriFixture().find((l) => l.kind === 'rest-response' && l.path === '/ari/asterisk/info')!;
    expect(Buffer.byteLength(JSON.stringify(info.body))).toBe(Number(info.headers!['content-length']));
  });

  it('lists the calls as they stood: none, then the caller in Stasis, then both legs', async () => {
    expect(await ari.channels.list()).toEqual([]);
    server.play(1); // StasisStart of PJSIP/9000
    const one = await ari.channels.list();
    expect(one.map((c) => [c.id, c.name, c.state, c.caller.number])).toEqual([
      ['1795662201.136', 'PJSIP/9000-0000001c', 'Up', '+15550109000'],
    ]);
    server.playUntil((e) => e.type === 'ChannelConnectedLine' && (e.channel as { name: string }).name.startsWith('PJSIP/1001'));
    const two = await ari.channels.list();
    expect(two.map((c) => c.name)).toEqual(['PJSIP/9000-0000001c', 'PJSIP/1001-0000001d']);
    expect(await ari.channels.getVariable('1795662201.136', 'CALLERID(num)')).toBe('+15550109000');
    server.play();
    expect(await ari.channels.list()).toEqual([]);
  });

  it('originates with endpoint/app/callerId in the query and the variables in the body, and hangs up with DELETE', async () => {
    const channel = await ari.channels.originate({
      endpoint: 'PJSIP/1001',
      app: 'labapp',
      appArgs: 'agentleg',
      callerId: 'ARI <800>',
      timeout: 30,
      variables: { CUSTOMER_ID: 'C-1042', CUSTOMER_NAME: 'Ada Lovelace' },
    });
    expect([channel.id, channel.name, channel.state]).toEqual(['1795662202.137', 'PJSIP/1001-0000001d', 'Down']);
    const sent = server.received('POST', '/ari/channels')[0]!;
    expect(sent.query).toEqual({ endpoint: 'PJSIP/1001', app: 'labapp', appArgs: 'agentleg', callerId: 'ARI <800>', timeout: '30' });
    // Encoded as the recorded request was: spaces as %20, not '+'.
    expect(sent.url).toBe('/ari/channels?endpoint=PJSIP%2F1001&app=labapp&appArgs=agentleg&callerId=ARI%20%3C800%3E&timeout=30');
    expect(sent.body).toEqual({ variables: { CUSTOMER_ID: 'C-1042', CUSTOMER_NAME: 'Ada Lovelace' } });

    await ari.channels.originate({ endpoint: 'PJSIP/1001', extension: '+34912345678', context: 'from-internal', priority: 1 });
    expect(server.received('POST', '/ari/channels')[1]!.query).toEqual({
      endpoint: 'PJSIP/1001',
      extension: '+34912345678',
      context: 'from-internal',
      priority: '1',
    });

    expect(await ari.channels.hangup('1795662202.137')).toBeNull();
    const hangup = server.received('DELETE', '/ari/channels/1795662202.137')[0]!;
    expect([hangup.status, hangup.query.reason]).toEqual([204, 'normal']);
  });

  it('bridges: create, add and remove channels, destroy', async () => {
    const bridge = await ari.bridges.create({ type: 'mixing', name: 'labbridge' });
    expect(bridge.id).toBe('9e3428fa-03e5-4933-81ff-a38536873229');
    await ari.bridges.addChannel(bridge.id, '1795662201.136');
    await ari.bridges.addChannel(bridge.id, ['1795662202.137']);
    await ari.bridges.destroy(bridge.id);
    expect(server.requests.map((r) => `${r.method} ${r.url} ${r.status}`)).toEqual([
      'POST /ari/bridges?type=mixing&name=labbridge 200',
      'POST /ari/bridges/9e3428fa-03e5-4933-81ff-a38536873229/addChannel?channel=1795662201.136 204',
      'POST /ari/bridges/9e3428fa-03e5-4933-81ff-a38536873229/addChannel?channel=1795662202.137 204',
      'DELETE /ari/bridges/9e3428fa-03e5-4933-81ff-a38536873229 204',
    ]);
  });

  it('applications: get, and subscriptions to the endpoint and its device state', async () => {
    expect(await ari.applications.list()).toEqual([]);
    expect((await ari.applications.get('labapp')).name).toBe('labapp');
    const app = await ari.applications.subscribe('labapp', ['endpoint:PJSIP/1001', 'deviceState:PJSIP/1001']);
    expect([app.endpoint_ids, app.device_names]).toEqual([['PJSIP/1001'], ['PJSIP/1001']]);
    expect(server.received('POST', '/ari/applications/labapp/subscription')[0]!.query.eventSource).toBe(
      'endpoint:PJSIP/1001,deviceState:PJSIP/1001',
    );
    const after = await ari.applications.unsubscribe('labapp', 'deviceState:PJSIP/1001');
    expect(after.device_names).toEqual([]);
  });

  it('sends the password only in the Authorization header, never in a URL', async () => {
    await ari.asterisk.info();
    const request = server.requests[0]!;
    expect(request.authorization).toBe('Basic ' + Buffer.from('ariuser:aripass').toString('base64'));
    expect(request.url).not.toContain('aripass');
    expect(() => new AriClient({ url: `http://ariuser:aripass@127.0.0.1:${server.port}`, username: 'ariuser', secret: 'aripass' })).toThrow(
      /not in the URL/,
    );
  });
});

describe('ARI client: errors in words', () => {
  it('401: wrong ARI user or password', async () => {
    const wrong = new AriClient({ url: server.url, username: 'ariuser', secret: 'nope' });
    const error = await refusal(wrong.channels.list());
    expect(error.kind).toBe('auth');
    expect(error.status).toBe(401);
    expect(error.message).toBe('wrong ARI user or password (ari.conf) for GET /channels');
    expect(error.retryable).toBe(false);
  });

  it('404: Asterisk\'s own message (the recorded "Channel not found")', async () => {
    const error = await refusal(ari.channels.get('doesnotexist'));
    expect([error.kind, error.status, error.pbxMessage]).toEqual(['not-found', 404, 'Channel not found']);
    expect(error.message).toBe('Channel not found (GET /channels/doesnotexist)');
    const hangup = await refusal(ari.channels.hangup('1795662299.999'));
    expect(hangup.message).toBe('Channel not found (DELETE /channels/1795662299.999)');
  });

  it('409 and 403 with what Asterisk said', async () => {
    server.override('POST', '/ari/channels/1795662202.137/record', (_req, res) => {
      res.writeHead(409, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Channel not in Stasis application' }));
    });
    server.override('POST', '/ari/bridges', (_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Write access denied' }));
    });
    const conflict = await refusal(ari.channels.record('1795662202.137', { name: 'x' }));
    expect(conflict.message).toBe('conflict: Channel not in Stasis application (POST /channels/1795662202.137/record)');
    const forbidden = await refusal(ari.bridges.create());
    expect(forbidden.message).toBe('the ARI user is read-only (ari.conf read_only = yes): POST /bridges needs write access');
  });

  it('a body that is not JSON, a truncated body, an HTML 404, an answer over the size limit', async () => {
    server.override('GET', '/ari/asterisk/info', (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>'),
    );
    server.override('GET', '/ari/channels', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '400' });
      res.write('[{"id":"1795662201.136","name":"PJSIP/9000-');
      setImmediate(() => res.socket?.destroy());
    });
    server.override('GET', '/ari/bridges', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('[{"id":"9e3428fa-03e5-4933-81ff-a38536873229","techno');
    });
    const huge = '[' + '"x",'.repeat(300_000) + '"x"]';
    server.override('GET', '/ari/endpoints', (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(huge.length) }).end(huge),
    );
    server.override('GET', '/ari/deviceStates', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(huge.slice(0, 600_000)); // chunked: no Content-Length to refuse early
      res.end(huge.slice(600_000));
    });
    server.override('GET', '/ari/applications', (_req, res) =>
      res.writeHead(404, { 'content-type': 'text/html' }).end('<title>404 Not Found</title>'),
    );

    const html = await refusal(ari.asterisk.info());
    expect([html.kind, html.message]).toEqual([
      'bad-response',
      'the answer to GET /asterisk/info is not JSON ("<html>hello</html>"): is the URL Asterisk\'s ARI, and the answer complete?',
    ]);
    const cut = await refusal(ari.channels.list());
    expect(cut.kind).toBe('bad-response');
    expect(cut.message).toMatch(/truncated|cut off/);
    const half = await refusal(ari.bridges.list());
    expect(half.kind).toBe('bad-response');
    expect(half.message).toContain('is not JSON');
    const big = await refusal(ari.endpoints.list());
    expect([big.kind, big.message]).toEqual(['too-large', 'the answer to GET /endpoints is 1200005 bytes, more than the 1048576 allowed']);
    const streamed = await refusal(ari.deviceStates.list());
    expect([streamed.kind, streamed.message]).toEqual([
      'too-large',
      'the answer to GET /deviceStates is more than the 1048576 bytes allowed',
    ]);
    const missing = await refusal(ari.applications.list());
    expect(missing.message).toBe("GET /applications: not found (is the URL's prefix right, is the module loaded?)");
  });

  it('no answer within the timeout; nothing listening', async () => {
    server.override('GET', '/ari/bridges', () => {}); // never answers
    const slow = new AriClient({ url: server.url, username: 'ariuser', secret: 'aripass', timeoutMs: 100 });
    const timeout = await refusal(slow.bridges.list());
    expect([timeout.kind, timeout.message]).toEqual([
      'timeout',
      `Asterisk at 127.0.0.1:${server.port} did not answer GET /bridges within 100 ms`,
    ]);
    const port = server.port;
    await server.close();
    const refused = await refusal(
      new AriClient({ url: `http://127.0.0.1:${port}`, username: 'ariuser', secret: 'aripass' }).asterisk.info(),
    );
    expect(refused.kind).toBe('connection-refused');
    expect(refused.message).toContain('http.conf enabled = yes');
    server = await AriTestServer.start(); // for afterEach
  });
});

describe('ARI client: ids and endpoints from outside', () => {
  it('refuses CR, LF, NUL and path characters before sending anything', async () => {
    const cases: Array<[() => Promise<unknown>, RegExp]> = [
      [() => ari.channels.get('1795662202.137\r\nX-Injected: 1'), /channel id contains a line break/],
      [() => ari.channels.hangup('../asterisk/info'), /channel id "..\/asterisk\/info" contains a path separator/],
      [() => ari.channels.hangup('..'), /is not a name/],
      [() => ari.channels.get('abc\u0000'), /control character/],
      [() => ari.endpoints.get('PJSIP/1001/../../channels'), /resource "1001\/..\/..\/channels" contains a path separator/],
      [() => ari.endpoints.get('PJSIP/10\n01'), /control character/],
      [() => ari.endpoints.get('1001'), /is not TECHNOLOGY\/RESOURCE/],
      [() => ari.channels.originate({ endpoint: 'PJSIP/1001\r\n', extension: '600' }), /line break/],
      [() => ari.channels.originate({ endpoint: 'PJSIP/1001', extension: '600\n' }), /extension contains a line break/],
      [() => ari.channels.originate({ endpoint: 'PJSIP/1001', app: 'lab/app' }), /application name "lab\/app" contains a path separator/],
      [() => ari.channels.originate({ endpoint: 'PJSIP/1001', app: 'labapp', variables: { 'A\nB': 'x' } }), /not a channel variable name/],
      [() => ari.applications.subscribe('labapp', 'endpoint:PJSIP/1001\r\n'), /event source contains a line break/],
      [() => ari.applications.subscribe('labapp', 'PJSIP/1001'), /is not channel:ID/],
      [() => ari.recordings.live.stop('../../etc'), /path separator/],
      [() => ari.bridges.addChannel('9e3428fa', 'a,b'), /contains a comma/],
      [() => ari.channels.snoop('1795662202.137', { app: 'labapp', spy: 'sideways' as never }), /spy must be none, both, out or in/],
    ];
    for (const [promise, words] of cases) {
      const error = await refusal(promise());
      expect(error.kind).toBe('invalid-input');
      expect(error.message).toMatch(words);
    }
    expect(server.requests).toEqual([]);
  });

  it('encodes characters that are legal in an id as one path segment', async () => {
    const error = await refusal(ari.channels.get('a b?c#d%e'));
    expect(error.pbxMessage).toBe('Channel not found');
    expect(server.requests[0]!.url).toBe('/ari/channels/a%20b%3Fc%23d%25e');
    expect(server.requests[0]!.path).toBe('/ari/channels/a%20b%3Fc%23d%25e');
  });

  it('reads the URL: default ports, a prefix, /ari or not; refuses other schemes', () => {
    expect(parseAriUrl('http://pbx.example.com')).toMatchObject({ secure: false, port: 8088, base: '/ari' });
    expect(parseAriUrl('https://pbx.example.com/asterisk/ari/')).toMatchObject({ secure: true, port: 8089, base: '/asterisk/ari' });
    expect(() => parseAriUrl('ws://pbx')).toThrow(/http:\/\/ or https:\/\//);
    expect(() => parseAriUrl('not a url')).toThrow(/is not a URL/);
    expect(() => parseAriUrl('http://pbx/?api_key=u:p')).toThrow(/query/);
  });
});
