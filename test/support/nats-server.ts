/**
 * A real nats-server (Debian's /usr/sbin/nats-server) for tests: started on a loopback port with a
 * config file written to a temp directory, ready when it logs "Server is ready" (never a fixed
 * sleep), stopped by stop(). The argument is the config text, or options; `port: 0` lets the server pick a free port (read from its own log);
 * restart() starts it again on the same port (a relay's or a desk's reconnect test); kill() ends it
 * with SIGKILL, as a node that dies. A config's JetStream `store_dir` is replaced by the server's own
 * temp directory (the printed config names /var/lib/nats-server).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NATS_SERVER = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

export interface NatsServerOptions {
  /** Config text beyond the listen line (an authorization block...). */
  config?: string;
  /** The client port; 0 (default) picks a free one. */
  port?: number;
  /** The loopback address to listen on (default 127.0.0.1; 127.0.0.2 and .3 for a cluster's other nodes). */
  host?: string;
  /** More nats-server flags, e.g. `--cluster nats://127.0.0.2:6222` (a node's own route listener). */
  args?: readonly string[];
  /** Environment variables the config refers to (PBXC_NATS_NODE for a cluster node). */
  env?: Record<string, string>;
}

export interface NatsServer {
  port: number;
  url: string;
  /** The server's log so far (stderr). */
  log(): string;
  stop(): Promise<void>;
  /** Starts it again on the same port with the same config. */
  restart(): Promise<void>;
  /** Ends it at once (SIGKILL), as a node that dies; restart() brings it back. */
  kill(): Promise<void>;
}

/** The same server, by the name the permission tests use. */
export type RunningNatsServer = NatsServer;

/** Starts a server; a string is the config text (as `relay-nats-conf` prints it). */
export async function startNatsServer(given: NatsServerOptions | string = {}): Promise<NatsServer> {
  const options: NatsServerOptions = typeof given === 'string' ? { config: given } : given;
  const dir = await mkdtemp(join(tmpdir(), 'nats-test-'));
  let port = options.port ?? 0;
  const host = options.host ?? '127.0.0.1';
  let child: ChildProcess | null = null;
  let log = '';

  const launch = async (): Promise<void> => {
    const file = join(dir, 'nats.conf');
    const config = (options.config ?? '').replace(/store_dir: "[^"]*"/, `store_dir: "${join(dir, 'jetstream')}"`);
    await writeFile(file, `listen: 127.0.0.1:${port === 0 ? -1 : port}\n${config}\n`);
    // The flags override a `listen` in the config (a printed production config says 0.0.0.0:4222).
    const proc = spawn(NATS_SERVER, ['-c', file, '-a', host, '-p', String(port === 0 ? -1 : port), ...(options.args ?? [])], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    child = proc;
    let text = '';
    let ready = false;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`nats-server not ready within 10 s:\n${text}`)), 10_000);
      const failed = (why: string) => {
        clearTimeout(timer);
        if (!ready) reject(new Error(`nats-server ${why} before it was ready:\n${text}`));
      };
      proc.once('error', (error) => failed(error.message));
      proc.once('exit', (code) => failed(`exited (${code})`));
      proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
        log += chunk;
        if (ready) return;
        text += chunk;
        const listening = /Listening for client connections on [^\s]+:(\d+)/.exec(text);
        if (listening && port === 0) port = Number(listening[1]);
        if (text.includes('Server is ready')) {
          ready = true;
          clearTimeout(timer);
          resolve();
        }
      });
    });
  };

  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill(signal);
    });
  };

  await launch();
  return {
    get port() {
      return port;
    },
    get url() {
      return `nats://${host}:${port}`;
    },
    log: () => log,
    async stop() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
    async restart() {
      await stop();
      await launch();
    },
    async kill() {
      await stop('SIGKILL');
    },
  };
}
