/**
 * The demo PBX greets, logs in and refuses like the Asterisk 22 of fixtures 01 and 02.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import { WireClient, fixtureMessages, keys } from './demo-wire.ts';

let pbx: DemoPbx;
beforeAll(async () => {
  pbx = await startDemoPbx({ authFailDelayMs: 30, answerAfterMs: 20, otherAnswerAfterMs: 20 });
});
afterAll(() => pbx.close());

describe('demo PBX: login and permissions', () => {
  it('sends the banner line alone, then answers Login as fixture 01 does', async () => {
    const c = await WireClient.connect(pbx.port);
    const first = await new Promise<Buffer>((resolve) => c.socket.once('data', resolve));
    expect(first.toString()).toBe('Asterisk Call Manager/11.0.0\r\n');
    const r = await c.action('Login', { Username: 'agentapp', Secret: 's3cret' }, 'conn-1');
    expect(r.raw).toBe('Response: Success\r\nActionID: conn-1\r\nMessage: Authentication accepted');
    const booted = await c.event('FullyBooted');
    const real = fixtureMessages('asterisk-22/01-initial-sync-idle.ami.raw').find((m) => m.name === 'FullyBooted')!;
    expect(keys(booted)).toEqual(keys(real));
    const auth = await c.event('SuccessfulAuth');
    expect(auth.get('AccountID')).toBe('agentapp');
    expect(auth.get('Service')).toBe('AMI');
    expect(c.messages.indexOf(booted)).toBeLessThan(c.messages.indexOf(auth));
    c.close();
  });

  it('refuses every action before login, then answers a wrong secret after the delay and closes (fixture 02 conn1)', async () => {
    const c = await WireClient.connect(pbx.port);
    const ping = await c.action('Ping', {}, 'c1-1');
    const status = await c.action('CoreStatus', {}, 'c1-2');
    const unknown = await c.action('NoSuchThing', {}, 'c1-2b');
    const real = fixtureMessages('asterisk-22/02-login-failure-and-permissions.conn1.ami.raw');
    expect(ping.raw).toBe(real[0]!.raw);
    expect(status.raw).toBe(real[1]!.raw);
    expect(unknown.get('Message')).toBe('Permission denied');
    const failed = await c.action('Login', { Username: 'agentapp', Secret: 'wrong-secret' }, 'c1-3');
    expect(failed.raw).toBe(real[2]!.raw);
    await c.closedPromise;
    expect(c.closed).toBe(true);
  });

  it('logs in with an MD5 challenge and refuses a wrong key', async () => {
    const c = await WireClient.connect(pbx.port);
    const ch = await c.action('Challenge', { AuthType: 'MD5' });
    const challenge = ch.get('Challenge')!;
    expect(challenge).toMatch(/^\d+$/);
    const key = createHash('md5')
      .update(challenge + 'demo')
      .digest('hex');
    const ok = await c.action('Login', { AuthType: 'MD5', Username: 'agent', Key: key });
    expect(ok.get('Message')).toBe('Authentication accepted');
    c.close();

    const d = await WireClient.connect(pbx.port);
    const ch2 = await d.action('Challenge', { AuthType: 'MD5' });
    const bad = createHash('md5')
      .update(ch2.get('Challenge')! + 'not-the-secret')
      .digest('hex');
    const refused = await d.action('Login', { AuthType: 'MD5', Username: 'agent', Key: bad });
    expect(refused.get('Message')).toBe('Authentication failed');
    await d.closedPromise;
  });

  it('gives the limited user the answers of fixture 02 conn2', async () => {
    const real = fixtureMessages('asterisk-22/02-login-failure-and-permissions.conn2.ami.raw').filter((m) => m.kind === 'response');
    const byId = (id: string) => real.find((m) => m.get('ActionID') === id)!;
    const c = await WireClient.connect(pbx.port);
    const login = await c.action('Login', { Username: 'limited', Secret: 'l1mited' }, 'c2-1');
    expect(login.raw).toBe(byId('c2-1').raw);
    expect((await c.action('Command', { Command: 'core show version' }, 'c2-3')).raw).toBe(byId('c2-3').raw);
    expect((await c.action('QueuePause', { Interface: 'PJSIP/1001', Paused: 'true', Reason: 'not-allowed' }, 'c2-4')).raw).toBe(
      byId('c2-4').raw,
    );
    expect((await c.action('Reload', { Module: 'app_queue.so' }, 'c2-5')).raw).toBe(byId('c2-5').raw);
    expect((await c.action('CoreShowChannels', {}, 'c2-6')).raw).toBe(byId('c2-6').raw);
    expect((await c.action('QueueStatus', {}, 'c2-7')).raw).toBe(byId('c2-7').raw);
    expect((await c.action('Status', {}, 'c2-8')).raw).toBe(byId('c2-8').raw);
    expect((await c.action('NoSuchAction', {}, 'c2-9')).raw).toBe(byId('c2-9').raw);
    expect((await c.action('Logoff', {}, 'c2-11')).raw).toBe(byId('c2-11').raw);
    await c.closedPromise;
    // A read=call,agent user never gets FullyBooted (system) nor SuccessfulAuth (security).
    expect(c.events().map((e) => e.name)).not.toContain('FullyBooted');
    expect(c.events().map((e) => e.name)).not.toContain('SuccessfulAuth');
  });

  it('delivers events by read class: a call,agent reader gets Agent* and Newstate but no dialplan events', async () => {
    const limited = await WireClient.loggedIn(pbx.port, 'limited', 'l1mited');
    const full = await WireClient.loggedIn(pbx.port);
    const id = pbx.control.incomingCall({
      queue: 'support',
      callerNumber: '+34911111111',
      callerName: 'Test',
      vars: { CUSTOMER_ID: 'C-1' },
    });
    await limited.event('AgentConnect');
    await full.event('AgentConnect');
    pbx.control.callerHangup(id);
    await full.event('Hangup', (m) => m.get('Uniqueid') === id);
    await limited.event('Hangup', (m) => m.get('Uniqueid') === id);
    const names = new Set(limited.events().map((e) => e.name));
    expect(names.has('AgentCalled')).toBe(true);
    expect(names.has('Newstate')).toBe(true);
    expect(names.has('Newexten')).toBe(false);
    expect(names.has('VarSet')).toBe(false);
    expect(full.events().some((e) => e.name === 'Newexten')).toBe(true);
    limited.close();
    full.close();
  });

  it('honours Events: off at login and the Events action', async () => {
    const quiet = await WireClient.loggedIn(pbx.port, 'agentapp', 's3cret', { Events: 'off' });
    const loud = await WireClient.loggedIn(pbx.port);
    const id = pbx.control.incomingCall({ callerNumber: '+4930111', callerName: 'X' });
    await loud.event('AgentConnect');
    pbx.control.callerHangup(id);
    await loud.event('Hangup', (m) => m.get('Uniqueid') === id);
    const ping = await quiet.action('Ping');
    expect(ping.get('Ping')).toBe('Pong');
    expect(quiet.events()).toEqual([]);
    const on = await quiet.action('Events', { EventMask: 'on' });
    expect(on.get('Events')).toBe('On');
    pbx.control.pause({ paused: true, reason: 'Events test', queue: 'support' });
    await quiet.event('QueueMemberPause');
    pbx.control.pause({ paused: false, queue: 'support' });
    quiet.close();
    loud.close();
  });

  it('answers Ping with Pong and a timestamp, and Logoff with Goodbye and a close', async () => {
    const c = await WireClient.loggedIn(pbx.port);
    const ping = await c.action('Ping', {}, 'p-1');
    expect(keys(ping)).toEqual(['Response', 'ActionID', 'Ping', 'Timestamp']);
    expect(ping.get('Timestamp')).toMatch(/^\d+\.\d{6}$/);
    const bye = await c.action('Logoff', {}, 'bye');
    expect(bye.raw).toBe('Response: Goodbye\r\nActionID: bye\r\nMessage: Thanks for all the fish.');
    await c.closedPromise;
  });
});
