/**
 * Issue 19: the call log from the settings and the keychain, as the app starts it: a queue call on the
 * demo PBX ends and its record reaches the CRM (a real local HTTP receiver), signed with the secret
 * from the keychain, its outbox in the user data folder; with no secret stored, nothing is sent and
 * the agent is told why.
 */
import { createHmac } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDemoPbx, type DemoPbx } from '../../../electron/core/demo/index.ts';
import { parseSettings, type Settings } from '../../../electron/core/settings/schema.ts';
import { companionForSettings, type StartedCore } from '../../../electron/core/startup.ts';
import type { Snapshot } from '../../../electron/shared/snapshot.ts';
import { startCallLogReceiver, type CallLogReceiver } from '../../support/call-log-receiver.ts';

let pbx: DemoPbx;
let receiver: CallLogReceiver;
let stateDir: string;
let core: StartedCore | null = null;

beforeAll(async () => {
  pbx = await startDemoPbx({ answerAfterMs: 5 });
});
afterAll(() => pbx.close());
beforeEach(async () => {
  receiver = await startCallLogReceiver();
  stateDir = await mkdtemp(join(tmpdir(), 'calllog-startup-'));
});
afterEach(async () => {
  await core?.close();
  core = null;
  await receiver.close();
  await rm(stateDir, { recursive: true, force: true });
});

function settingsWith(url: string): Settings {
  const parsed = parseSettings({
    pbx: { host: '127.0.0.1', port: pbx.port, username: 'agent', extension: '1001' },
    callLog: { url, dispositions: [{ code: 'sale', label: { en: 'Sale', es: 'Venta' } }] },
  });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.settings;
}

function until(test: (s: Snapshot) => boolean): Promise<Snapshot> {
  return new Promise((resolve) => {
    if (test(core!.snapshot())) return resolve(core!.snapshot());
    const off = core!.subscribe((s) => {
      if (test(s)) {
        off();
        resolve(s);
      }
    });
  });
}

describe('the call log, started from the settings', () => {
  it("sends an ended call's record, signed with the keychain's secret, from an outbox in the user data folder", async () => {
    core = await companionForSettings(settingsWith(receiver.url), { ami: 'demo', ari: null, callLog: 'sh4red' }, { stateDir });
    await until((s) => s.connection.status === 'live');
    const id = pbx.control.incomingCall({ queue: 'support', callerNumber: '+34912345678', vars: { CUSTOMER_ID: 'C-7' } });
    await until((s) => s.calls.some((c) => c.id === id && c.state === 'up'));
    pbx.control.callerHangup(id);
    await receiver.until(1);
    const post = receiver.posts[0]!;
    const record = JSON.parse(post.body) as { callId: string; vars: Record<string, string>; agent: { extension: string } };
    expect(record).toMatchObject({ callId: id, vars: { CUSTOMER_ID: 'C-7' }, agent: { extension: '1001' } });
    const signature = `sha256=${createHmac('sha256', 'sh4red').update(post.body).digest('hex')}`;
    expect(post.headers['x-companion-signature']).toBe(signature);
    expect(await readdir(stateDir)).toContain('call-log-outbox.jsonl');
  });

  it('sends nothing without the shared secret, and says why', async () => {
    const notices: string[] = [];
    core = await companionForSettings(
      settingsWith(receiver.url),
      { ami: 'demo', ari: null, callLog: null },
      { stateDir, onNotice: (text) => notices.push(text) },
    );
    expect(notices).toEqual([expect.stringMatching(/^No shared secret is stored for the call log to http:\/\/127\.0\.0\.1:\d+/)]);
    await until((s) => s.connection.status === 'live');
    const id = pbx.control.incomingCall({ queue: 'support', callerNumber: '+34912345678' });
    await until((s) => s.calls.some((c) => c.id === id && c.state === 'up'));
    pbx.control.callerHangup(id);
    await until((s) => s.history[0]?.id === id);
    expect(receiver.posts).toEqual([]);
  });

  it('refuses a call-log address that is not https (http only on this machine) or carries a password, naming the field', () => {
    for (const url of ['http://crm.example.com/calls', 'https://user:pw@crm.example.com/calls', 'ftp://crm.example.com']) {
      const parsed = parseSettings({ callLog: { url } });
      expect(parsed.ok === false && parsed.error, url).toMatch(/^callLog\.url: must be an https address/);
    }
    expect(parseSettings({ callLog: { url: 'http://127.0.0.1:8080/calls' } }).ok).toBe(true);
  });
});
