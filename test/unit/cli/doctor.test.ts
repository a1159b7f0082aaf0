/**
 * The doctor against the scripted AMI server over real TCP: one user allowed everything, one
 * limited like fixture 02's `limited` (read=call,agent write=call,originate).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AmiMessage } from '../../../electron/core/ami/message.ts';
import { run } from '../../../electron/core/cli/doctor.ts';
import { hasAdvancedFilters, stanza } from '../../../electron/core/doctor/manager-conf.ts';
import { memoryIO } from '../../../electron/core/cli/io.ts';
import { DOCTOR_CHECKS, testConnection } from '../../../electron/core/doctor/checks.ts';
import { ScriptedAmiServer, type ScriptedConnection } from '../../support/scripted-ami-server.ts';

let server: ScriptedAmiServer;

function list(complete: string) {
  return (action: AmiMessage, conn: ScriptedConnection) => {
    conn.reply(action, 'Success', { EventList: 'start', Message: 'list will follow' });
    conn.event(complete, { ActionID: action.get('ActionID')!, EventList: 'Complete', ListItems: '0' });
  };
}

beforeEach(async () => {
  server = await ScriptedAmiServer.start({
    users: {
      agentapp: { secret: 's3cret' },
      // What Asterisk refuses to a write=call,originate user (fixture 02), and no FullyBooted (no read=system).
      limited: {
        secret: 'l1mited',
        deny: ['CoreSettings', 'CoreShowChannels', 'QueuePause', 'MixMonitor', 'Command', 'Reload'],
        fullyBooted: false,
      },
    },
  });
  server
    .on('CoreSettings', (a, c) => c.reply(a, 'Success', { AMIversion: '11.0.0', AsteriskVersion: '22.10.1', SystemName: '' }))
    .on('QueueStatus', list('QueueStatusComplete'))
    .on('ExtensionStateList', list('ExtensionStateListComplete'))
    .on('DeviceStateList', list('DeviceStateListComplete'))
    .on('CoreShowChannels', list('CoreShowChannelsComplete'))
    .on('QueuePause', (a, c) => c.reply(a, 'Error', { Message: 'Interface not found' }))
    .on('Originate', (a, c) => c.reply(a, 'Error', { Message: a.get('Channel')!.includes('/') ? 'Originate failed' : 'Invalid channel' }))
    .on('Hangup', (a, c) => c.reply(a, 'Error', { Message: 'No such channel' }))
    .on('MixMonitor', (a, c) => c.reply(a, 'Error', { Message: 'No such channel' }));
});
afterEach(() => server.close());

const args = (user: string, ...more: string[]) => ['--host', '127.0.0.1', '--port', String(server.port), '--user', user, ...more];

describe("the phone's technology, for the wizard", () => {
  /** ExtensionStateList answered with one item, as Asterisk 18 with chan_sip lists it (fixture S01). */
  function hintedAs(hint: string) {
    server.on('ExtensionStateList', (a, c) => {
      c.reply(a, 'Success', { EventList: 'start', Message: 'Extension Statuses will follow' });
      c.event('ExtensionStatus', {
        ActionID: a.get('ActionID')!,
        Exten: '1001',
        Context: 'ext-local',
        Hint: hint,
        Status: '0',
        StatusText: 'Idle',
      });
      c.event('ExtensionStateListComplete', { ActionID: a.get('ActionID')!, EventList: 'Complete', ListItems: '1' });
    });
  }
  const target = () => ({ host: '127.0.0.1', port: server.port, tls: false, username: 'agentapp', extension: '1001' });

  it("is read from the extension's hint: SIP on Issabel's chan_sip, PJSIP on FreePBX", async () => {
    hintedAs('SIP/1001');
    expect((await testConnection(target(), 's3cret')).technology).toBe('SIP');
    hintedAs('PJSIP/1001&Custom:DND1001');
    expect((await testConnection(target(), 's3cret')).technology).toBe('PJSIP');
  });

  it('is unknown with no hint for the extension, a hint of another kind, or no extension', async () => {
    hintedAs('Custom:1001');
    expect((await testConnection(target(), 's3cret')).technology).toBeNull();
    expect((await testConnection({ ...target(), extension: '' }, 's3cret')).technology).toBeNull();
  });
});

describe('doctor', () => {
  it('passes for a user allowed everything, with the versions, each check and the stanza', async () => {
    const io = memoryIO({ AMI_SECRET: 's3cret' });
    const code = await run(args('agentapp', '--extension', '1001'), io);
    const out = io.lines.join('\n');
    expect(io.errors).toEqual([]);
    expect(code).toBe(0);
    expect(out).toContain('Asterisk 22.10.1, AMI 11.0.0');
    for (const action of [
      'CoreSettings',
      'QueueStatus',
      'ExtensionStateList',
      'DeviceStateList',
      'CoreShowChannels',
      'QueuePause',
      'Originate',
      'Hangup',
      'MixMonitor',
    ])
      expect(out).toMatch(new RegExp(`^ok +${action} `, 'm'));
    expect(out).toMatch(/^ok +read = system/m);
    expect(out).toContain('[agentapp]');
    expect(out).toContain('read = call,agent,system');
    expect(out).toContain('eventfilter(action(include),method(contains)) = PJSIP/1001');
    expect(out).toContain('eventfilter(action(exclude),name(VarSet)) =');
    expect(out).toContain('All needed checks passed.');
    // Probes never aim at a real channel or interface, and the session ends with a Logoff.
    const originate = server.received('Originate')[0]!;
    expect(originate.get('Channel')).not.toContain('/');
    expect(server.received('QueuePause')[0]!.get('Paused')).toBe('false');
    // Two sessions, each logged off: the doctor's, and the short plain login it tries on this machine (test/unit/cli/auth-and-tls.test.ts).
    expect(server.received('Logoff')).toHaveLength(2);
  });

  it('fails for a limited user and names each Permission denied with the class it needs', async () => {
    const io = memoryIO({ AMI_SECRET: 'l1mited' });
    const code = await run(args('limited'), io);
    const out = io.lines.join('\n');
    expect(code).toBe(1);
    expect(out).toMatch(/^FAIL +CoreSettings +Permission denied: Asterisk version will not work \(needs write = reporting\)/m);
    expect(out).toMatch(/^FAIL +CoreShowChannels +Permission denied/m);
    expect(out).toMatch(/^FAIL +QueuePause +Permission denied: pause and unpause will not work \(needs write = agent\)/m);
    expect(out).toMatch(/^warning +MixMonitor +Permission denied: call recording/m);
    expect(out).toMatch(/^ok +QueueStatus /m);
    expect(out).toMatch(/^ok +Originate /m);
    expect(out).toMatch(/^FAIL +read = system/m);
    expect(out).toContain('write = call,originate,agent,reporting ');
    expect(out).toContain('give --extension');
    expect(out).toMatch(/4 needed check\(s\) failed/);
  });

  it('reports an action missing on the PBX', async () => {
    server.handlers.delete('extensionstatelist');
    const io = memoryIO({ AMI_SECRET: 's3cret' });
    expect(await run(args('agentapp'), io)).toBe(1);
    expect(io.lines.join('\n')).toMatch(/^FAIL +ExtensionStateList +missing on this PBX/m);
  });

  it('a wrong secret fails the login with the typed reason and still prints the stanza', async () => {
    const io = memoryIO({ AMI_SECRET: 'wrong' });
    expect(await run(args('agentapp'), io)).toBe(1);
    const out = io.lines.join('\n');
    expect(out).toMatch(/^FAIL +login: auth-failed: .*Authentication failed/m);
    expect(out).toContain('[agentapp]');
  });

  it('takes the secret from the prompt when AMI_SECRET is not set, and never from argv', async () => {
    const io = memoryIO({});
    io.promptSecret = async () => 's3cret';
    expect(await run(args('agentapp'), io)).toBe(0);
    const refused = memoryIO({ AMI_SECRET: 's3cret' });
    expect(await run([...args('agentapp'), '--secret', 's3cret'], refused)).toBe(2);
    expect(refused.errors.join('\n')).toContain('never taken from the command line');
    const none = memoryIO({});
    expect(await run(args('agentapp'), none)).toBe(2);
    expect(none.errors.join('\n')).toContain('AMI_SECRET');
  });

  it('bad usage is exit code 2 with a sentence', async () => {
    const io = memoryIO({ AMI_SECRET: 'x' });
    expect(await run(['--host', '127.0.0.1'], io)).toBe(2);
    expect(await run(args('agentapp', '--extension', '10\r\n01'), io)).toBe(2);
    expect(await run(['--host', 'h', '--user', 'u', '--port', 'abc'], io)).toBe(2);
    expect(await run(args('agentapp', '--ca', '/nonexistent/ca.pem'), io)).toBe(2);
    expect(io.errors).toHaveLength(4);
  });
});

describe('the CLI and the settings window\'s "Test connection"', () => {
  it('run the same checks and come to the same verdict on each, with the same stanza', async () => {
    const io = memoryIO({ AMI_SECRET: 'l1mited' });
    expect(await run(args('limited', '--extension', '1001'), io)).toBe(1);
    const report = await testConnection(
      { host: '127.0.0.1', port: server.port, tls: false, username: 'limited', extension: '1001' },
      'l1mited',
    );
    expect(report.ok).toBe(false);
    expect(report.checks.map((c) => c.id)).toEqual(['login', ...DOCTOR_CHECKS.map((c) => c.action), 'events']);
    const cliVerdicts = DOCTOR_CHECKS.map((check) => {
      const line = io.lines.find((l) => new RegExp(`^\\S+ +${check.action} `).test(l));
      return [check.action, line?.split(/ +/)[0]];
    });
    expect(cliVerdicts).toEqual(
      report.checks.filter((c) => c.id !== 'login' && c.id !== 'events').map((c) => [c.id, c.state === 'fail' ? 'FAIL' : c.state]),
    );
    expect(cliVerdicts).toContainEqual(['QueuePause', 'FAIL']);
    expect(cliVerdicts).toContainEqual(['MixMonitor', 'warning']);
    expect(io.lines.join('\n')).toContain(report.stanza);
  });
});

describe('event filters in the stanza', () => {
  it('uses the advanced form where Asterisk has it and the legacy form before', () => {
    expect(hasAdvancedFilters('22.10.1')).toBe(true);
    expect(hasAdvancedFilters('22.0.0')).toBe(false);
    expect(hasAdvancedFilters('21.6.0')).toBe(true);
    expect(hasAdvancedFilters('20.10.2')).toBe(false);
    expect(hasAdvancedFilters('18.26.1')).toBe(true);
    expect(hasAdvancedFilters('18.20.0')).toBe(false);
    expect(hasAdvancedFilters('16.30.0')).toBe(false);
    const legacy = stanza('desk1001', '1001', '18.20.0').split('\n');
    expect(legacy).toContain('eventfilter = Event: (Queue|Agent|ExtensionStatus)');
    expect(legacy).toContain('eventfilter = (/|:|: )1001[^0-9]');
    expect(legacy).toContain('; eventfilter(action(include),method(contains)) = SIP/1001');
    const advanced = stanza('desk1001', '1001', '22.10.1').split('\n');
    expect(advanced).toContain('eventfilter(action(include),header(Event),method(starts_with)) = Queue');
    expect(advanced).toContain('eventfilter(action(include),header(ConnectedLineNum),method(exact)) = 1001');
    expect(advanced).not.toContain('eventfilter(action(include),method(contains)) = SIP/1001');
    expect(advanced).toContain('; eventfilter = Event: (Queue|Agent|ExtensionStatus)');
    // The team view: colleagues' lamps.
    expect(advanced).toContain('eventfilter(action(include),name(ExtensionStatus)) =');
  });
});
