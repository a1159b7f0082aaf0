/**
 * The demo PBX is a peer that must not fall over on what a client sends: garbage, a 1 MiB line,
 * an action with no Action key, 10,000 Pings, LF-only line ends. Another client keeps being
 * served throughout. Also: a restart as fixture 12 shows it, and a stalled session.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import { WireClient, fixtureMessages, keys } from './demo-wire.ts';

let pbx: DemoPbx;
let bystander: WireClient;
beforeAll(async () => {
  pbx = await startDemoPbx({ answerAfterMs: 5, otherAnswerAfterMs: 5, authFailDelayMs: 10 });
  bystander = await WireClient.loggedIn(pbx.port);
});
afterAll(() => pbx.close());

async function bystanderStillServed(): Promise<void> {
  const pong = await bystander.action('Ping');
  expect(pong.get('Ping')).toBe('Pong');
}

describe('demo PBX: bad input', () => {
  it('answers garbage and a message without Action as Asterisk does', async () => {
    const c = await WireClient.loggedIn(pbx.port);
    c.sendRaw('this is not AMI at all\r\n\x00\xff\x01 binary\r\n\r\n');
    const missing = await c.waitFor((m) => m.get('Message') === 'Missing action in request', 'missing action');
    expect(missing.get('Response')).toBe('Error');
    c.sendRaw('ActionID: no-action-1\r\nQueue: support\r\n\r\n');
    const withId = await c.waitFor((m) => m.get('ActionID') === 'no-action-1', 'missing action with id');
    expect(withId.raw).toBe('Response: Error\r\nActionID: no-action-1\r\nMessage: Missing action in request');
    c.sendRaw('Action:\r\nActionID: empty\r\n\r\n');
    expect((await c.waitFor((m) => m.get('ActionID') === 'empty', 'empty action')).get('Message')).toBe('Missing action in request');
    c.sendRaw('\r\n\r\n\r\n');
    expect((await c.action('Ping')).get('Ping')).toBe('Pong');
    await bystanderStillServed();
    c.close();
  });

  it('cuts off a client that sends a 1 MiB line, and keeps serving the others', async () => {
    const c = await WireClient.loggedIn(pbx.port);
    c.sendRaw(`Action: Ping\r\nActionID: ${'x'.repeat(1024 * 1024)}`);
    const error = await c.waitFor((m) => m.get('Response') === 'Error', 'too long');
    expect(error.get('Message')).toMatch(/too long/i);
    await c.closedPromise;
    await bystanderStillServed();
  });

  it('answers 10,000 Pings in order, each with its ActionID, while another client is served', async () => {
    const c = await WireClient.loggedIn(pbx.port);
    let text = '';
    for (let i = 0; i < 10_000; i++) text += `Action: Ping\r\nActionID: flood-${i}\r\n\r\n`;
    c.sendRaw(text);
    await bystanderStillServed();
    await c.waitFor((m) => m.get('ActionID') === 'flood-9999', 'last pong');
    const pongs = c.messages.filter((m) => m.get('ActionID')?.startsWith('flood-'));
    expect(pongs.length).toBe(10_000);
    expect(pongs.every((m, i) => m.get('ActionID') === `flood-${i}` && m.get('Ping') === 'Pong')).toBe(true);
    const session = pbx.control
      .sessions()
      .filter((s) => s.username === 'agentapp')
      .at(-1)!;
    expect(pbx.control.receivedActions(session.id).filter((a) => a.get('Action') === 'Ping').length).toBe(10_000);
    c.close();
  });

  it('accepts LF-only line ends, split at any byte', async () => {
    const c = await WireClient.connect(pbx.port);
    const bytes = Buffer.from('Action: Login\nActionID: lf-1\nUsername: agent\nSecret: demo\n\nAction: Ping\nActionID: lf-2\n\n');
    for (let i = 0; i < bytes.length; i++) c.sendRaw(bytes.subarray(i, i + 1));
    expect((await c.waitFor((m) => m.get('ActionID') === 'lf-1', 'login')).get('Message')).toBe('Authentication accepted');
    expect((await c.waitFor((m) => m.get('ActionID') === 'lf-2', 'ping')).get('Ping')).toBe('Pong');
    c.close();
  });

  it('stalls a session: nothing arrives until it resumes, then everything does, in order', async () => {
    const c = await WireClient.loggedIn(pbx.port);
    const session = pbx.control
      .sessions()
      .filter((s) => s.username === 'agentapp' && !s.closed)
      .at(-1)!;
    pbx.control.stall(session.id);
    const before = c.messages.length;
    c.sendRaw('Action: Ping\r\nActionID: stalled-1\r\n\r\n');
    pbx.control.pause({ paused: true, reason: 'While stalled', queue: 'support' });
    await bystanderStillServed();
    await bystander.event('QueueMemberPause', (m) => m.get('PausedReason') === 'While stalled');
    expect(c.messages.length).toBe(before);
    pbx.control.resume(session.id);
    await c.waitFor((m) => m.get('ActionID') === 'stalled-1', 'pong after resume');
    await c.event('QueueMemberPause', (m) => m.get('PausedReason') === 'While stalled');
    pbx.control.pause({ paused: false, queue: 'support' });
    c.close();
  });
});

describe('demo PBX: restart and drops', () => {
  it('restarts as fixture 12: Shutdown and close, refused while down, then Unavailable hints and FullyBooted, then the phones', async () => {
    const real = fixtureMessages('asterisk-22/12-reload-and-restart.conn2.ami.raw');
    const idle = await WireClient.loggedIn(pbx.port);
    const restarted = pbx.control.restart({ downMs: 600, phonesBackAfterMs: 100 });
    const shutdown = await idle.event('Shutdown');
    expect(shutdown.raw).toBe(fixtureMessages('asterisk-22/12-reload-and-restart.conn3.ami.raw').find((m) => m.name === 'Shutdown')!.raw);
    await idle.closedPromise;
    const refused = await new Promise<string>((resolve) => {
      const s = net.connect(pbx.port, '127.0.0.1');
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      s.on('connect', () => {
        s.destroy();
        resolve('connected');
      });
    });
    expect(refused).toBe('ECONNREFUSED');
    await restarted;
    const back = await WireClient.loggedIn(pbx.port);
    const booted = await back.event('FullyBooted');
    expect(keys(booted)).toEqual(keys(real.find((m) => m.name === 'FullyBooted')!));
    expect(booted.get('Uptime')).toBe('0');
    const hints = back.events().filter((e) => e.name === 'ExtensionStatus' && back.messages.indexOf(e) < back.messages.indexOf(booted));
    expect(hints.map((h) => [h.get('Exten'), h.get('Hint'), h.get('Status')])).toEqual([
      ['1001', '', '4'],
      ['1002', '', '4'],
    ]);
    const idleAgain = await back.event('ExtensionStatus', (m) => m.get('Exten') === '1001' && m.get('Status') === '0');
    expect(idleAgain.get('Hint')).toBe('PJSIP/1001');
    await back.event('QueueMemberStatus', (m) => m.get('Queue') === 'support' && m.get('Status') === '1');
    const later = await WireClient.loggedIn(pbx.port);
    expect((await later.event('FullyBooted')).get('Status')).toBe('Fully Booted');
    expect(later.events().some((e) => e.name === 'ExtensionStatus' && e.get('Hint') === '')).toBe(false);
    back.close();
    later.close();
    bystander = await WireClient.loggedIn(pbx.port);
  });

  it('dropAll closes every socket with no Shutdown, and new logins work', async () => {
    const a = await WireClient.loggedIn(pbx.port);
    pbx.control.dropAll();
    await a.closedPromise;
    expect(a.events().some((e) => e.name === 'Shutdown')).toBe(false);
    const b = await WireClient.loggedIn(pbx.port);
    expect((await b.action('Ping')).get('Ping')).toBe('Pong');
    b.close();
    bystander = await WireClient.loggedIn(pbx.port);
  });
});
