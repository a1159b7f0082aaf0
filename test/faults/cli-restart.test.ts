/**
 * Fault suite: the headless CLI as a real child process across a PBX down at start and a real
 * restart (the demo PBX's server stopped, then started again on the same port): `watch` and
 * `ari-watch` keep running until Ctrl+C (exit 0), and stop with exit 1 and the reason on stderr
 * when the PBX refuses the secret after a reconnect. Each time is from the moment the PBX is up
 * again to the watcher's first live snapshot.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { DemoPbx } from '../../electron/core/demo/index.ts';
import type { Snapshot } from '../../electron/shared/snapshot.ts';
import { AriTestServer } from '../support/ari-server.ts';
import { FaultTable, startFaultPbx } from './support.ts';

const table = new FaultTable('cli-restart');
afterAll(() => table.flush());

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A CLI verb as a child process: its stdout snapshots and stderr lines, waited on by condition. */
class Cli {
  readonly snapshots: Snapshot[] = [];
  readonly errors: string[] = [];
  readonly exited: Promise<number | null>;
  private waiters: Array<() => void> = [];
  private readonly child: ChildProcessWithoutNullStreams;

  constructor(args: string[], env: Record<string, string>) {
    const clean = { ...process.env };
    delete clean.AMI_SECRET;
    delete clean.ARI_SECRET;
    this.child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron/core/cli.ts'), ...args], {
      cwd: ROOT,
      env: { ...clean, ...env },
    });
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const parsed = JSON.parse(line) as { type: string; snapshot?: Snapshot };
      if (parsed.snapshot) this.snapshots.push(parsed.snapshot);
      this.wake();
    });
    createInterface({ input: this.child.stderr }).on('line', (line) => {
      this.errors.push(line);
      this.wake();
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => (this.wake(), resolve(code))));
    closers.push(() => {
      if (this.child.exitCode === null) this.child.kill('SIGKILL');
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves once `test` holds; rejects if the process exits first or after 20 s. */
  until(test: () => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(`no ${what} within 20 s`), 20_000);
      const fail = (why: string) => {
        clearTimeout(timer);
        reject(new Error(`${why}; last status ${this.snapshots.at(-1)?.connection.status}, stderr: ${this.errors.join(' | ')}`));
      };
      const check = () => {
        if (test()) {
          clearTimeout(timer);
          return resolve();
        }
        if (!this.running) return fail(`the CLI exited (${this.child.exitCode}) before ${what}`);
        this.waiters.push(check);
      };
      check();
    });
  }

  /** A snapshot after the first `from` ones for which `test` holds. */
  untilSnapshot(from: number, test: (s: Snapshot) => boolean, what: string): Promise<void> {
    return this.until(() => this.snapshots.slice(from).some(test), what);
  }

  interrupt(): void {
    this.child.kill('SIGINT');
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

const live = (s: Snapshot) => s.connection.status === 'live' && !s.connection.stale;

/** A port nobody listens on (yet). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function demoOn(port: number): Promise<DemoPbx> {
  const pbx = await startFaultPbx({ port });
  closers.push(() => pbx.close());
  return pbx;
}

describe('fault: watch as a real process across a PBX down at start and a restart', () => {
  it('keeps running until Ctrl+C, live again after each return of the PBX', async () => {
    const port = await freePort();
    const watch = new Cli(['watch', '--port', String(port), '--extension', '1001'], {});
    // The PBX is down: the watcher says so and waits (it used to exit 0 at once).
    await watch.until(() => watch.errors.some((e) => /refused the connection.*retrying until Ctrl\+C/.test(e)), 'the refusal');
    let since = Date.now();
    const pbx = await demoOn(port);
    await watch.untilSnapshot(0, live, 'live once the PBX is up');
    const firstMs = Date.now() - since;

    // A real restart: the server stops (every socket closed), then starts again on the same port.
    const before = watch.snapshots.length;
    await pbx.close();
    closers.pop();
    await watch.untilSnapshot(before, (s) => s.connection.status === 'reconnecting', 'reconnecting');
    since = Date.now();
    await demoOn(port);
    const back = watch.snapshots.length;
    await watch.untilSnapshot(back, live, 'live after the restart');
    const restartMs = Date.now() - since;
    expect(watch.running).toBe(true);

    watch.interrupt();
    expect(await watch.exited).toBe(0);
    table.add(
      '`watch` (a real process): PBX down at start, then a restart on the same port',
      restartMs,
      `live after each, kept running until Ctrl+C (exit 0); first live ${firstMs} ms after the PBX came up`,
    );
  }, 60_000);

  it('exits 1 with the reason when the PBX refuses the secret on a reconnect', async () => {
    const pbx = await demoOn(await freePort());
    const watch = new Cli(['watch', '--port', String(pbx.port), '--extension', '1001'], {});
    await watch.untilSnapshot(0, live, 'live');
    pbx.control.setSecret('agent', 'rotated');
    pbx.control.dropAll();
    expect(await watch.exited).toBe(1);
    expect(watch.errors.at(-1)).toMatch(/^watch: the PBX refused the login of AMI user "agent" \(Authentication failed\)/);
    table.add('`watch`: the secret refused on a reconnect', null, 'exit 1 with the reason on stderr, no retries');
  }, 60_000);
});

/**
 * A TCP front on a fixed port for the ARI test server: `down()` closes every connection and stops
 * listening (the PBX gone), `up()` listens again on the same port.
 */
class Front {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  constructor(
    readonly port: number,
    private readonly target: number,
  ) {}

  async up(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('fault: ari-watch as a real process across an ARI server down at start and a restart', () => {
  it('keeps running until Ctrl+C, live again after each return', async () => {
    const ari = await AriTestServer.start();
    closers.push(() => ari.close());
    const front = new Front(await freePort(), ari.port);
    closers.push(() => front.down());
    const watch = new Cli(
      ['ari-watch', '--url', `http://127.0.0.1:${front.port}`, '--user', 'ariuser', '--extension', '1001', '--timeout', '1000'],
      { ARI_SECRET: 'aripass' },
    );
    await watch.untilSnapshot(0, (s) => s.connection.status === 'reconnecting', 'reconnecting while down');
    let since = Date.now();
    await front.up();
    await watch.untilSnapshot(0, live, 'live once up');
    const firstMs = Date.now() - since;

    const before = watch.snapshots.length;
    await front.down();
    await watch.untilSnapshot(before, (s) => s.connection.status === 'reconnecting', 'reconnecting');
    since = Date.now();
    await front.up();
    await watch.untilSnapshot(watch.snapshots.length, live, 'live after the restart');
    const restartMs = Date.now() - since;

    watch.interrupt();
    expect(await watch.exited).toBe(0);
    table.add(
      '`ari-watch` (a real process): ARI down at start, then a restart on the same port',
      restartMs,
      `live after each, kept running until Ctrl+C (exit 0); first live ${firstMs} ms after ARI came up`,
    );
  }, 90_000);
});
