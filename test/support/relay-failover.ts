/**
 * A failover rig for the relay's active/standby lease, all real parts: the demo PBX, a 3-node
 * nats-server cluster with JetStream run from the config `relay-nats-conf --cluster` prints (each node
 * named pbxc-1..3 by PBXC_NATS_NODE), and two `pbx-companion relay` child processes for the one PBX
 * (test/support/relay-child.ts), killed with SIGKILL as a crash would.
 *
 * Every relay reports its "active"/"standby" lines with a CLOCK_MONOTONIC timestamp; a killed relay's
 * window ends at the kill, a frozen one's (SIGSTOP: a stalled machine, a long pause) at the freeze. From
 * that timeline the rig tells the gaps (no relay active) and the overlaps (two active at once); it also
 * polls the PBX's AMI sessions, and counts each session's Originates (a frozen relay that lost the lease
 * must send none once it runs again).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { main } from '../../electron/core/cli.ts';
import { memoryIO } from '../../electron/core/cli/io.ts';
import { startDemoPbx, type DemoPbx } from '../../electron/core/demo/index.ts';
import { natsAuthOptions } from '../../electron/core/relay/nats-auth.ts';
import { deskInboxPrefix, RELAY_INBOX_PREFIX, verbSubject } from '../../electron/core/relay/subjects.ts';
import { startNatsServer, type NatsServer } from './nats-server.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const HOSTS = ['127.0.0.1', '127.0.0.2', '127.0.0.3'];

/** Milliseconds on CLOCK_MONOTONIC, the clock every relay child stamps its lines with. */
export const monotonicMs = (ns: bigint = process.hrtime.bigint()): number => Number(ns / 1000n) / 1000;

export interface Transition {
  relay: number;
  active: boolean;
  at: number;
}

interface RelayChild {
  process: ChildProcess;
  /** Its stderr lines as reported over IPC, and the raw stderr (a crash before the CLI runs). */
  stderr: string[];
  raw: string;
  active: boolean;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Waits until `test` holds, checking every 20 ms; rejects with `what` after `timeoutMs`. */
export async function until(test: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out (${timeoutMs} ms) waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export class FailoverRig {
  readonly timeline: Transition[] = [];
  /**
   * The most AMI sessions logged in to the PBX at once, as polled every 10 ms; not while a relay is
   * frozen (a stopped process cannot close its socket), until a second after it runs again.
   */
  maxSessions = 0;
  private frozen = false;
  private readonly relays: (RelayChild | null)[] = [null, null];
  private poll: ReturnType<typeof setInterval> | undefined;
  private harness: NatsConnection | undefined;
  private desk: NatsConnection | undefined;

  private constructor(
    readonly pbx: DemoPbx,
    readonly nodes: NatsServer[],
    readonly seeds: Map<string, string>,
  ) {}

  static async start(): Promise<FailoverRig> {
    const pbx = await startDemoPbx({ answerAfterMs: null });
    const routePort = await freePort();
    const io = memoryIO();
    const cluster = HOSTS.map((h) => `${h}:${routePort}`).join(',');
    if ((await main(['relay-nats-conf', '--agents', '1001,1002', '--cluster', cluster], io)) !== 0) throw new Error(io.errors.join('\n'));
    const config = io.lines.join('\n');
    const seeds = new Map(io.errors.flatMap((line) => (/^(\S+) (SU\w+)$/.exec(line) ? [[line.split(' ')[0]!, line.split(' ')[1]!]] : [])));
    const nodes = await Promise.all(
      HOSTS.map((host, i) =>
        startNatsServer({ config, host, args: ['--cluster', `nats://${host}:${routePort}`], env: { PBXC_NATS_NODE: `pbxc-${i + 1}` } }),
      ),
    );
    const rig = new FailoverRig(pbx, nodes, seeds);
    rig.poll = setInterval(() => {
      if (rig.frozen) return;
      const logged = pbx.control.sessions().filter((s) => s.authenticated && !s.closed).length;
      rig.maxSessions = Math.max(rig.maxSessions, logged);
    }, 10);
    return rig;
  }

  get urls(): string[] {
    return this.nodes.map((n) => n.url);
  }

  /** Starts relay `i` (0 or 1); it says standby first, then active once it holds the lease. */
  startRelay(i: number): void {
    const args = ['relay', '--host', '127.0.0.1', '--port', String(this.pbx.port), '--user', 'agentapp', '--agents', '1001'];
    args.push('--nats', this.urls.join(','), '--heartbeat', '500', '--pbx-id', 'demo');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/support/relay-child.ts'), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, AMI_SECRET: 's3cret', NATS_PASSWORD: this.seeds.get('relay')! },
    });
    const relay: RelayChild = { process: child, stderr: [], raw: '', active: false };
    this.relays[i] = relay;
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (relay.raw += chunk));
    child.on('message', (message: { line: string; at: string }) => {
      relay.stderr.push(message.line);
      const said = /^relay: (active|standby) for PBX/.exec(message.line);
      if (!said || this.relays[i] !== relay) return;
      const active = said[1] === 'active';
      if (active === relay.active) return;
      relay.active = active;
      this.timeline.push({ relay: i, active, at: monotonicMs(BigInt(message.at)) });
    });
  }

  /** SIGKILL of relay `i`: its active window (if any) ends now. Returns when it is gone. */
  async killRelay(i: number): Promise<number> {
    const relay = this.relays[i]!;
    this.relays[i] = null;
    const at = monotonicMs();
    if (relay.active) this.timeline.push({ relay: i, active: false, at });
    await new Promise<void>((resolve) => {
      if (relay.process.exitCode !== null || relay.process.signalCode !== null) return resolve();
      relay.process.once('exit', () => resolve());
      relay.process.kill('SIGKILL');
    });
    return at;
  }

  /**
   * SIGTERM of relay `i`, a clean stop (Ctrl+C, systemd): it says standby itself once it has left the
   * PBX. Returns the moment it was signalled, once it is gone and every line it wrote has been read.
   */
  async stopRelay(i: number): Promise<number> {
    const relay = this.relays[i]!;
    const at = monotonicMs();
    const gone = new Promise<void>((resolve) => relay.process.once('exit', () => resolve()));
    // The IPC channel closes after the last line sent on it.
    const read = new Promise<void>((resolve) => (relay.process.connected ? relay.process.once('disconnect', () => resolve()) : resolve()));
    relay.process.kill('SIGTERM');
    await Promise.all([gone, read]);
    this.relays[i] = null;
    return at;
  }

  /**
   * SIGSTOP of relay `i` for `ms`, then SIGCONT. A stopped process cannot act: an active relay's window
   * ends at the freeze. Once it runs again it says standby at once if its hold ran out; if it says
   * nothing within a second it kept the lease, and its window opens again at the resume.
   */
  async freezeRelay(i: number, ms: number): Promise<{ at: number; session: number | undefined }> {
    const relay = this.relays[i]!;
    const wasActive = relay.active;
    const session = this.pbx.control.sessions().find((s) => s.authenticated && !s.closed)?.id;
    this.frozen = true;
    relay.process.kill('SIGSTOP');
    const at = monotonicMs();
    if (wasActive) {
      relay.active = false;
      this.timeline.push({ relay: i, active: false, at });
    }
    await sleep(ms);
    const lines = relay.stderr.length;
    relay.process.kill('SIGCONT');
    const resumedAt = monotonicMs();
    await sleep(1000);
    this.frozen = false;
    const said = relay.stderr.slice(lines).some((l) => /(standby|active) for PBX/.test(l));
    if (wasActive && !said && !relay.active) {
      relay.active = true;
      this.timeline.push({ relay: i, active: true, at: resumedAt });
    }
    return { at, session };
  }

  /** Desk 1001 asks the relays to dial 1002 once; its answer, or undefined when none came in time. */
  async dial(timeoutMs = 800): Promise<{ ok: boolean } | undefined> {
    this.desk ??= await connect({
      servers: this.urls,
      ...natsAuthOptions(this.seeds.get('desk-1001')!),
      inboxPrefix: deskInboxPrefix('1001'),
      maxReconnectAttempts: -1,
      reconnectTimeWait: 100,
    });
    const answer = await this.desk
      .request(verbSubject('1001', 'dial'), JSON.stringify({ number: '1002' }), { timeout: timeoutMs })
      .then((m) => m.json<{ ok: boolean }>())
      .catch(() => undefined);
    // The demo phone never answers by itself: end the call so calls do not pile up.
    for (const call of this.pbx.control.activeCalls()) this.pbx.control.agentHangup(call);
    return answer;
  }

  /** Which relays say they are active now. */
  active(): number[] {
    return this.relays.flatMap((r, i) => (r?.active ? [i] : []));
  }

  stderr(i: number): string {
    return this.relays[i]?.stderr.join('\n') ?? '';
  }

  /** Waits until relay `i` says it is the standby; rejects at once, with its stderr, if it exits. */
  async standby(i: number, timeoutMs = 60_000): Promise<void> {
    const relay = this.relays[i]!;
    await until(
      () => {
        if (relay.process.exitCode !== null) throw new Error(`relay ${i} exited (${relay.process.exitCode}):\n${relay.raw.slice(-2000)}`);
        return relay.stderr.some((l) => /standby for PBX/.test(l));
      },
      timeoutMs,
      `relay ${i} as standby: ${relay.raw.slice(-1000)}`,
    );
  }

  /** Waits until exactly one relay is active and the other (if running) has said standby. */
  async settled(timeoutMs = 30_000): Promise<number> {
    await until(
      () => this.active().length === 1 && this.relays.every((r) => !r || r.active || r.stderr.some((l) => /standby for PBX/.test(l))),
      timeoutMs,
      `one active relay (relay 0: ${this.stderr(0).slice(-400)} / relay 1: ${this.stderr(1).slice(-400)})`,
    );
    return this.active()[0]!;
  }

  /** Waits until node `j`'s lease bucket answers again (after a restart), as the relay's user. */
  async bucketReady(j: number, timeoutMs = 30_000): Promise<void> {
    this.harness ??= await connect({
      servers: this.urls,
      ...natsAuthOptions(this.seeds.get('relay')!),
      inboxPrefix: RELAY_INBOX_PREFIX,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 100,
    });
    const kv = await new Kvm(jetstream(this.harness, { timeout: 1000 })).open(`pbxc_lease_${j + 1}`, { timeout: 1000 });
    const end = Date.now() + timeoutMs;
    for (;;) {
      try {
        await kv.get('demo');
        return;
      } catch (error) {
        if (Date.now() > end) throw new Error(`lease bucket ${j + 1} not back: ${(error as Error).message}`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  /** The windows with no relay active, and with two, between `from` and `to` (ms, monotonic). */
  windows(from: number, to: number): { gaps: number[]; overlaps: number[] } {
    const events = [...this.timeline].sort((a, b) => a.at - b.at);
    let count = events.filter((e) => e.at < from).reduce((n, e) => n + (e.active ? 1 : -1), 0);
    const gaps: number[] = [];
    const overlaps: number[] = [];
    let since = from;
    for (const e of events.filter((e) => e.at >= from && e.at <= to).concat([{ relay: -1, active: true, at: to }])) {
      if (count === 0 && e.at > since) gaps.push(e.at - since);
      if (count >= 2 && e.at > since) overlaps.push(e.at - since);
      if (e.relay === -1) break;
      count += e.active ? 1 : -1;
      since = e.at;
    }
    return { gaps, overlaps };
  }

  /** Originates the PBX received, from any session or from one. */
  originates(session?: number): number {
    return this.pbx.control.receivedActions(session).filter((a) => a.get('Action')?.toLowerCase() === 'originate').length;
  }

  async close(): Promise<void> {
    clearInterval(this.poll);
    for (let i = 0; i < this.relays.length; i++) if (this.relays[i]) await this.killRelay(i);
    await this.harness?.close().catch(() => {});
    await this.desk?.close().catch(() => {});
    await Promise.allSettled(this.nodes.map((n) => n.stop()));
    await this.pbx.close();
  }
}
