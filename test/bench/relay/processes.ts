/**
 * The relay cases' processes: the PBX (pbx.ts), a process of desks (desks.ts) and the relay
 * (relay.ts). Each is its own
 * process, so the PBX's CPU time is its own and the desks' work does not count as the PBX's.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

type Message = { type: string };

/** A forked child spoken to over IPC: `next(type)` is its next message of that type. */
export class Child {
  private readonly waiting = new Map<string, Array<(m: Message) => void>>();
  private readonly queued: Message[] = [];
  private exited: Error | undefined;

  constructor(
    readonly name: string,
    readonly proc: ChildProcess,
  ) {
    proc.on('message', (m: Message) => {
      const resolve = this.waiting.get(m.type)?.shift();
      if (resolve) resolve(m);
      else this.queued.push(m);
    });
    proc.on('exit', (code) => {
      this.exited = new Error(`bench: ${name} exited (${code})`);
      for (const list of this.waiting.values()) for (const r of list) r({ type: 'exit' });
    });
  }

  static fork(file: string, args: string[], name: string): Child {
    return new Child(name, fork(path.join(HERE, file), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  }

  next<T extends Message>(type: string, timeoutMs = 120_000): Promise<T> {
    const i = this.queued.findIndex((m) => m.type === type);
    if (i >= 0) return Promise.resolve(this.queued.splice(i, 1)[0] as T);
    if (this.exited) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bench: ${this.name} sent no ${type} within ${timeoutMs} ms`)), timeoutMs);
      const list = this.waiting.get(type) ?? [];
      list.push((m) => {
        clearTimeout(timer);
        if (m.type === 'exit') reject(this.exited);
        else resolve(m as T);
      });
      this.waiting.set(type, list);
    });
  }

  ask<T extends Message>(message: Message & Record<string, unknown>, answer: string): Promise<T> {
    const reply = this.next<T>(answer);
    this.proc.send(message);
    return reply;
  }

  /** Ends it (its parent link first, then a SIGTERM if it lingers). */
  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    if (this.proc.connected) this.proc.disconnect();
    const timer = setTimeout(() => this.proc.kill('SIGTERM'), 5000);
    await gone;
    clearTimeout(timer);
  }
}

export interface PbxUsage {
  type: 'usage';
  cpuSeconds: number;
  bytes: number;
  events: number;
  queued: number;
  sessions: number;
}

export async function startPbx(agents: number): Promise<{ pbx: Child; port: number }> {
  const pbx = Child.fork('pbx.ts', [String(agents)], 'the PBX');
  const { port } = await pbx.next<{ type: 'port'; port: number }>('port');
  return { pbx, port };
}

export async function startDesks(config: object, count: number): Promise<Child> {
  const desks = Child.fork('desks.ts', [JSON.stringify(config)], `${count} desks`);
  await desks.next('live', 300_000);
  return desks;
}

export async function closeDesks(desks: Child): Promise<void> {
  await desks.ask({ type: 'close' }, 'closed').catch(() => undefined);
  await desks.stop();
}

/** The relay (relay.ts) on the PBX for `agents`, on the NATS `servers`; resolves once it serves. */
export async function startRelay(port: number, agents: string[], servers: string[]): Promise<Child> {
  const relay = Child.fork('relay.ts', [JSON.stringify({ port, agents, servers })], 'the relay');
  await relay.next('serving');
  return relay;
}

/** CPU seconds (user + system) a process of this machine has used, from /proc/PID/stat. */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat (utime, stime), counted from the state field (3rd) here; in clock ticks, 100 a second on Linux.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls `done` every few ms until true, or fails after `ms` naming `what`. */
export async function until(done: () => boolean | Promise<boolean>, what: string, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
