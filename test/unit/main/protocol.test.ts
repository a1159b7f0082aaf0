import { describe, expect, it } from 'vitest';
import { startApp } from '../../../electron/main/app.ts';
import { coreFactory } from '../../../electron/main/core-factory.ts';
import { LinkInbox, linksFromArgv } from '../../../electron/main/protocol.ts';
import { FakeElectron } from './fake-electron.ts';
import { credentials, describeShell, eventually, settle, startShell, usePbx } from './support.ts';

usePbx();

describeShell('tel:, sip: and callto: links', () => {
  it('claims the three schemes with the OS', async () => {
    const { fake } = await startShell();
    expect(fake.app.protocols.map((p) => p.protocol)).toEqual(['tel', 'sip', 'callto']);
  });

  it("dials the first launch's link and those that arrive during start-up once each, in order, after the core is live", async () => {
    const shell = await startShell({
      argv: ['/opt/pbx-companion/pbx-companion', '--no-sandbox-not-really', 'tel:+1-415-555-0100'],
      beforeReady: (f) => {
        expect(f.app.openUrl('callto:+14155550111')).toBe(true);
        f.app.secondInstance(['/opt/pbx-companion/pbx-companion', 'sip:4155550122@pbx.example.com']);
      },
    });
    await eventually(() => expect(shell.originates()).toHaveLength(3));
    expect(shell.originates().map((a) => a.get('Exten'))).toEqual(['4155550100', '4155550111', '4155550122']);
    await settle();
    expect(shell.originates()).toHaveLength(3);
    expect(shell.app.inbox.pending).toEqual([]);
    expect(shell.fake.app.quitCalls).toBe(0);
  });

  it('shows the popover for a plain second start, and dials nothing', async () => {
    const shell = await startShell();
    shell.fake.app.secondInstance(['/opt/pbx-companion/pbx-companion']);
    expect(shell.fake.windows[0]!.visible).toBe(true);
    await settle();
    expect(shell.originates()).toEqual([]);
  });

  it('runs the hotkey action for `--dial-selection` (the Wayland fallback bound in the desktop)', async () => {
    const shell = await startShell();
    shell.fake.selectionText = '415 555 0100';
    shell.fake.app.secondInstance(['pbx-companion', '--dial-selection']);
    await shell.until((s) => s.extension.state === 'ringing', "the agent's phone rings");
    expect(shell.originates().map((a) => a.get('Exten'))).toEqual(['4155550100']);
  });

  it('tells the agent in words when the PBX is not reachable, rather than losing the link', async () => {
    // A PBX host with nothing listening: the core keeps retrying; the launch link is refused in words.
    await credentials.set('ami:agent@127.0.0.1:1', 'demo');
    try {
      const shell = await startShell({
        settings: {
          version: 1,
          pbx: { host: '127.0.0.1', port: 1, username: 'agent', extension: '1001' },
          dialing: { confirmBeforeDial: false },
        },
        argv: ['pbx-companion', 'tel:+14155550100'],
        live: false,
      });
      expect(shell.app.host.snapshot().connection).toMatchObject({
        status: 'reconnecting',
        error: expect.stringMatching(/refused the connection/),
      });
      await eventually(() =>
        expect(shell.fake.notificationsShown.map((n) => n.body)).toContain('Not connected to the PBX: the call was not placed.'),
      );
      expect(shell.fake.trays[0]!.image.path).toMatch(/tray-connecting\.png$/);
    } finally {
      await credentials.delete('ami:agent@127.0.0.1:1');
    }
  });
});

describe('links before a handler is ready', () => {
  it('picks links out of a command line', () => {
    expect(linksFromArgv(['/usr/bin/electron', '.', '--flag', 'TEL:+1', 'sips:1@h', 'callto:2', 'https://x', 'mailto:a@b'])).toEqual([
      'TEL:+1',
      'sips:1@h',
      'callto:2',
    ]);
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

describeShell('single instance', () => {
  it('a second copy hands over and quits without building anything', async () => {
    const fake = new FakeElectron();
    fake.app.lockAvailable = false;
    let made = 0;
    const factory = coreFactory();
    const started = startApp(fake, {
      createCompanion: (...args) => {
        made++;
        return factory(...args);
      },
      credentials,
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
