/**
 * The command line's conventions, for every verb in the dispatcher's table (a verb added later is
 * covered too): `--help` and `-h` print the verb's usage and exit 0; input that can never work is
 * refused with a clear error and exit 2 before any TCP connection (a listening server records
 * whether one arrived); every line the real process writes ends with a newline.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, usage, verbNames } from '../../../electron/core/cli.ts';
import { memoryIO } from '../../../electron/core/cli/io.ts';
import { startDemoPbx, type DemoPbx } from '../../../electron/core/demo/index.ts';

describe('--help', () => {
  it('every verb of the table answers --help and -h with its usage, on stdout, exit 0', async () => {
    expect(verbNames().length).toBeGreaterThanOrEqual(14);
    for (const verb of verbNames()) {
      for (const flag of ['--help', '-h']) {
        const io = memoryIO();
        // After other options too: the verb never gets to refuse them.
        expect(await main([verb, '--bogus-option', flag], io), `${verb} ${flag}`).toBe(0);
        expect(io.errors, `${verb} ${flag}`).toEqual([]);
        expect(io.lines[0], `${verb} ${flag}`).toMatch(new RegExp(`^usage: pbx-companion ${verb}[ :]`));
      }
    }
  });

  it('the AMI verbs list --ca FILE in their help', async () => {
    for (const verb of ['watch', 'doctor', 'dial', 'pause', 'unpause', 'queue-login', 'queue-logout', 'record', 'hangup', 'transfer']) {
      const io = memoryIO();
      await main([verb, '--help'], io);
      expect(io.lines.join('\n'), verb).toMatch(/--ca FILE/);
    }
  });

  it('the general usage: on stdout with exit 0 when asked, on stderr with exit 2 when no verb is given', async () => {
    const asked = memoryIO();
    expect(await main(['--help'], asked)).toBe(0);
    expect(asked.lines).toEqual([usage()]);
    const none = memoryIO();
    expect(await main([], none)).toBe(2);
    expect(none.errors).toEqual([usage()]);
    expect(none.lines).toEqual([]);
  });
});

describe('input is checked before anything connects', () => {
  let server: net.Server;
  let port: number;
  let connections = 0;
  beforeAll(async () => {
    server = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const conn = () => ['--host', '127.0.0.1', '--port', String(port), '--user', 'agentapp', '--extension', '1001'];

  const cases: Array<[argv: () => string[], error: RegExp]> = [
    [
      () => ['pause', '--reason', 'Lunch\r\nAction: Hangup', ...conn()],
      /^pause: The pause reason contains a line break or another control character\.$/,
    ],
    [() => ['pause', '--reason', 'Lunch\u0007', ...conn()], /^pause: The pause reason contains a line break/],
    [() => ['pause', '--reason', 'a|b', ...conn()], /^pause: The pause reason cannot contain "\|"/],
    [() => ['pause', '--reason', 'x'.repeat(101), ...conn()], /^pause: The pause reason is longer than 100 characters\.$/],
    [() => ['pause', ...conn()], /^pause: give --reason/],
    [() => ['pause', '--reason', 'Lunch', '--queue', 'sup port', ...conn()], /^pause: "sup port" is not a queue name/],
    [
      () => ['unpause', '--queue', 'support\nAction: Hangup', ...conn()],
      /^unpause: The queue contains a line break|^unpause: .* is not a queue name/,
    ],
    [() => ['queue-login', 'bad/queue', ...conn()], /^queue-login: "bad\/queue" is not a queue name/],
    [() => ['queue-logout', ...conn()], /^queue-logout: give one queue/],
    [() => ['transfer', '1-800-FLOWERS', ...conn()], /^transfer: A number with letters cannot be dialled/],
    [() => ['transfer', '1002', '--context', 'bad context', ...conn()], /^transfer: "bad context" is not a/],
    [() => ['dial', 'call me', ...conn()], /^dial: A number with letters cannot be dialled/],
    [() => ['dial', '1002', '--timeout', 'soon', ...conn()], /^dial: --timeout soon is not a number of milliseconds/],
    [() => ['dial', '1002', '--channel', 'PJSIP/1001\r\nAction: Hangup', ...conn()], /^dial: The channel contains a line break/],
    [() => ['record', 'start', 'now', ...conn()], /^record: unexpected "now"/],
    [() => ['hangup', 'PJSIP/1002', ...conn()], /^hangup: unexpected "PJSIP\/1002"/],
    [() => ['pause', '--reason', 'Lunch', ...conn(), '--port', '99999'], /^pause: --port 99999 is not a TCP port$/],
    [() => ['pause', '--reason', 'Lunch', ...conn(), '--port', '50x'], /^pause: --port 50x is not a TCP port$/],
    [
      () => ['pause', '--reason', 'Lunch', ...conn(), '--host', 'pbx\r\nAction: Hangup'],
      /^pause: --host .* is not a host name or an IP address$/,
    ],
    [() => ['hangup', ...conn(), '--user', 'agent app'], /^hangup: --user "agent app" is not an AMI user name/],
    [() => ['hangup', ...conn(), '--extension', '10 01'], /^hangup: the extension "10 01" is not a dialplan extension/],
    [() => ['hangup', ...conn(), '--ca', '/nonexistent/ca.pem'], /^hangup: cannot read the CA file \/nonexistent\/ca\.pem/],
    [() => ['watch', ...conn(), '--port', '0'], /^watch: --port 0 is not a TCP port$/],
    [() => ['watch', ...conn(), '--ca', '/nonexistent/ca.pem'], /^watch: cannot read the CA file/],
    [() => ['watch', ...conn(), '--pop-url', 'javascript:alert(1)'], /^watch: --pop-url: /],
    [() => ['watch', ...conn(), '--bogus'], /^watch: Unknown option '--bogus'/],
    [() => ['doctor', ...conn(), '--port', '70000'], /^doctor: --port 70000 is not a TCP port$/],
  ];

  it.each(cases)('%#: refused with exit 2, one clear line, and no connection', async (argv, error) => {
    const io = memoryIO({ AMI_SECRET: 's3cret' });
    const before = connections;
    const code = await main(argv(), io);
    expect(io.errors.filter((line) => !/warning:/.test(line))).toEqual([expect.stringMatching(error)]);
    expect(code).toBe(2);
    expect(io.lines).toEqual([]);
    // A connection would have arrived by now (the verbs await their login before returning).
    expect(connections - before).toBe(0);
  });

  it('the server does see a connection when the input is good (so the checks above can fail)', async () => {
    const io = memoryIO({ AMI_SECRET: 's3cret' });
    const before = connections;
    expect(await main(['pause', '--reason', 'Lunch', ...conn()], io)).toBe(1);
    expect(connections - before).toBe(1);
  });
});

describe('every line the real process writes ends with a newline', () => {
  let pbx: DemoPbx;
  beforeAll(async () => {
    pbx = await startDemoPbx({ answerAfterMs: null });
  });
  afterAll(async () => {
    await pbx.close();
  });

  const root = path.resolve(import.meta.dirname, '../../..');
  function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'electron/core/cli.ts'), ...args], {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('help, usage errors, refusals, a PBX refusal, and a success', async () => {
    const conn = ['--host', '127.0.0.1', '--port', String(pbx.port), '--user', 'agentapp', '--extension', '1001'];
    const runs = await Promise.all([
      cli(['pause', '--help']),
      cli([]),
      cli(['nosuch']),
      cli(['watch', '--bogus']),
      cli(['dial', '--dry-run', '+15550109000', '--extension', '1001', '--country', 'US']),
      cli(['queue-logout', 'billing', ...conn], { AMI_SECRET: 's3cret' }),
      cli(['pause', '--reason', 'Lunch\u0007', ...conn], { AMI_SECRET: 's3cret' }),
    ]);
    expect(runs.map((r) => r.code)).toEqual([0, 2, 2, 2, 0, 1, 2]);
    for (const run of runs) {
      for (const stream of [run.stdout, run.stderr]) {
        if (stream !== '') expect(stream.endsWith('\n'), JSON.stringify(stream.slice(-80))).toBe(true);
        expect(stream).not.toMatch(/\r/);
      }
    }
    // The dial of a possible number libphonenumber does not know: the dial string, and a warning.
    expect(runs[4]!.stdout).toBe('5550109000  +1 555 010 9000\n');
    expect(runs[4]!.stderr).toBe(
      'dial: warning: +1 555 010 9000 is not a known number: it may not exist. Check the digits before you call.\n',
    );
  }, 60_000);
});
