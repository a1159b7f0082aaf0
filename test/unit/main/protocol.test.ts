import { describe, expect, it } from 'vitest';
import { startApp } from '../../../electron/main/app.ts';
import { LinkInbox, linksFromArgv } from '../../../electron/main/protocol.ts';
import { FakeElectron } from './fake-electron.ts';
import { MemoryCredentials, settle, startShell } from './support.ts';

describe('tel:, sip: and callto: links', () => {
  it('claims the three schemes with the OS', async () => {
    const { fake } = await startShell();
    expect(fake.app.protocols.map((p) => p.protocol)).toEqual(['tel', 'sip', 'callto']);
  });

  it('dials a link from the first launch and one that arrives during start-up, each once, after ready', async () => {
    const { fake, companions } = await startShell({
      argv: ['/opt/pbx-companion/pbx-companion', '--no-sandbox-not-really', 'tel:+1-415-555-0100'],
      beforeReady: (f) => {
        expect(f.app.openUrl('callto:+14155550111')).toBe(true);
        f.app.secondInstance(['/opt/pbx-companion/pbx-companion', 'sip:4155550122@pbx.example.com']);
      },
    });
    await settle();
    expect(companions).toHaveLength(1);
    expect(companions[0]!.dials()).toEqual(['+14155550100', '+14155550111', '4155550122']);
    await settle();
    expect(companions[0]!.dials()).toHaveLength(3);
    expect(fake.app.quitCalls).toBe(0);
  });

  it('dials a link from a second instance while running, and shows the popover for a plain second start', async () => {
    const { fake, companions } = await startShell();
    fake.app.secondInstance(['/opt/pbx-companion/pbx-companion', 'tel:+1%20415%20555%200100']);
    await settle();
    expect(companions[0]!.dials()).toEqual(['+14155550100']);
    fake.app.secondInstance(['/opt/pbx-companion/pbx-companion']);
    expect(fake.windows[0]!.visible).toBe(true);
  });

  it('refuses hostile links with a message and sends nothing', async () => {
    const { fake, companions } = await startShell();
    for (const link of ['tel:+14155550100%0d%0aAction:%20Originate', 'tel:javascript:alert(1)', `tel:${'1'.repeat(1000)}`, 'callto:call-me-maybe']) {
      fake.app.secondInstance(['pbx-companion', link]);
    }
    await settle();
    expect(companions[0]!.dials()).toEqual([]);
    expect(fake.notificationsShown).toHaveLength(4);
  });

  it('runs the hotkey action for `--dial-selection` (the Wayland fallback bound in the desktop)', async () => {
    const { fake, companions } = await startShell();
    fake.selectionText = '415 555 0100';
    fake.app.secondInstance(['pbx-companion', '--dial-selection']);
    await settle();
    expect(companions[0]!.dials()).toEqual(['4155550100']);
  });

  it('picks links out of a command line', () => {
    expect(linksFromArgv(['/usr/bin/electron', '.', '--flag', 'TEL:+1', 'sips:1@h', 'callto:2', 'https://x', 'mailto:a@b'])).toEqual(['TEL:+1', 'sips:1@h', 'callto:2']);
  });

  it('queues links until started, then delivers each once in order', () => {
    const inbox = new LinkInbox();
    inbox.push('tel:1');
    inbox.push('tel:2');
    const seen: string[] = [];
    inbox.start((link) => seen.push(link));
    inbox.push('tel:3');
    expect(seen).toEqual(['tel:1', 'tel:2', 'tel:3']);
    expect(inbox.pending).toEqual([]);
  });
});

describe('single instance', () => {
  it('a second copy hands over and quits without building anything', async () => {
    const fake = new FakeElectron();
    fake.app.lockAvailable = false;
    let made = 0;
    const started = startApp(fake, {
      createCompanion: async () => {
        made++;
        throw new Error('never');
      },
      credentials: new MemoryCredentials(),
      argv: ['pbx-companion', 'tel:+14155550100'],
      adminFile: null,
    });
    expect(await started).toBeNull();
    expect(fake.app.quitCalls).toBe(1);
    expect(made).toBe(0);
    expect(fake.trays).toEqual([]);
    expect(fake.windows).toEqual([]);
    expect(fake.handlers.size).toBe(0);
  });

  it('the first copy listens for the second', async () => {
    const { fake } = await startShell();
    expect(fake.app.count('second-instance')).toBe(1);
  });
});
