/**
 * The `recording` settings (issue 20: the docs named the admin's file-name template and MixMonitor
 * options, and no setting held them): validated by the schema, and from the settings to the
 * MixMonitor the demo PBX receives when the agent records a call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPbx, type DemoPbx } from '../../../electron/core/demo/index.ts';
import { parseSettings, type Settings } from '../../../electron/core/settings/schema.ts';
import { companionForSettings, type StartedCore } from '../../../electron/core/startup.ts';
import type { Snapshot } from '../../../electron/shared/snapshot.ts';

let pbx: DemoPbx;
beforeAll(async () => {
  pbx = await startDemoPbx({ answerAfterMs: 5 });
});
afterAll(() => pbx.close());

function settingsOf(recording: Record<string, unknown>): Settings {
  const parsed = parseSettings({ pbx: { host: '127.0.0.1', port: pbx.port, username: 'agent', extension: '1001' }, recording });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.settings;
}

function until(core: StartedCore, test: (s: Snapshot) => boolean): Promise<Snapshot> {
  return new Promise((resolve) => {
    if (test(core.snapshot())) return resolve(core.snapshot());
    const off = core.subscribe((s) => {
      if (test(s)) {
        off();
        resolve(s);
      }
    });
  });
}

describe('settings: recording', () => {
  it('refuses a template with an unknown placeholder, a path that climbs out, or no audio extension, naming the field', () => {
    for (const fileTemplate of ['calls/{agent}.wav', '../{uniqueid}.wav', 'calls/{uniqueid}.txt', 'a b.wav']) {
      const parsed = parseSettings({ recording: { fileTemplate } });
      expect(parsed.ok === false && parsed.error, fileTemplate).toMatch(/^recording\.fileTemplate: must be a file name ending in \.wav/);
    }
    const options = parseSettings({ recording: { options: 'b,/tmp/x' } });
    expect(options.ok === false && options.error).toMatch(/^recording\.options: must be MixMonitor option letters/);
    const good = parseSettings({ recording: { fileTemplate: 'companion/{date}/{extension}-{uniqueid}.wav', options: 'bv(2)' } });
    expect(good.ok).toBe(true);
  });

  it("records the agent's call under the admin's file name, with the admin's options", async () => {
    const core = await companionForSettings(
      settingsOf({ fileTemplate: 'companion/{queue}/{extension}-{uniqueid}.wav', options: 'b' }),
      'demo',
    );
    try {
      await until(core, (s) => s.connection.status === 'live');
      pbx.control.incomingCall({ queue: 'support', callerNumber: '+34912345678' });
      await until(core, (s) => s.calls.some((c) => c.state === 'up'));
      const result = await core.record('start');
      expect(result.ok).toBe(true);
      const mix = pbx.control.receivedActions().find((a) => a.get('Action') === 'MixMonitor')!;
      expect(mix.get('File')).toMatch(new RegExp(`^companion/support/1001-[0-9.]+\\.wav$`));
      expect(mix.get('Options')).toBe('b');
    } finally {
      await core.close();
    }
  });
});
