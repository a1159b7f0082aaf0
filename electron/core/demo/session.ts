/**
 * One AMI connection to the demo PBX: what it is allowed to read and write, the bytes it sent
 * (tests check what a client put on the wire), and its output, held back while a test has
 * "stalled" it.
 */
import type { Socket } from 'node:net';
import { formatEvent, formatMessage, type DemoEvent, type EventClass, type Pairs } from './events.ts';

/** Bytes kept per session for receivedBytes(); a flood beyond this is counted, not kept. */
const MAX_RECORDED_BYTES = 8 * 1024 * 1024;

export class Session {
  username: string | undefined;
  authenticated = false;
  read = new Set<EventClass>();
  write = new Set<EventClass>();
  /** The classes the client asked for with `Events:` (Login) or the Events action. */
  eventMask: Set<EventClass> | 'all' = 'all';
  challenge: string | undefined;
  /** True from a failed login (or Logoff) until the socket closes: nothing more is processed. */
  closing = false;
  stalled = false;
  closed = false;
  readonly startedAt: number;
  private readonly received: Buffer[] = [];
  private recordedBytes = 0;
  receivedTotal = 0;
  /** Events sent to this client (what each connected session costs the PBX, for the relay bench). */
  eventsSent = 0;
  private held: string[] = [];
  /** Whether the last byte received was a CR, for LF-only line endings split across reads. */
  lastWasCR = false;
  /** List `...Complete` events this session never sends (fault injection, shared by the server). */
  withheld: ReadonlySet<string> | undefined;

  constructor(
    readonly id: number,
    readonly socket: Socket,
    now: number,
  ) {
    this.startedAt = now;
  }

  get remote(): string {
    return `IPV4/TCP/${this.socket.remoteAddress ?? '127.0.0.1'}/${this.socket.remotePort ?? 0}`;
  }

  get local(): string {
    return `IPV4/TCP/${this.socket.localAddress ?? '127.0.0.1'}/${this.socket.localPort ?? 0}`;
  }

  record(chunk: Buffer): void {
    this.receivedTotal += chunk.length;
    if (this.recordedBytes + chunk.length > MAX_RECORDED_BYTES) return;
    this.received.push(Buffer.from(chunk));
    this.recordedBytes += chunk.length;
  }

  receivedBytes(): Buffer {
    return Buffer.concat(this.received);
  }

  /** Whether an event of this class reaches this session (manager.conf `read` and the client's Events mask). */
  wants(klass: EventClass): boolean {
    if (!this.authenticated || this.closing || this.closed) return false;
    if (!this.read.has(klass)) return false;
    return this.eventMask === 'all' || this.eventMask.has(klass);
  }

  send(text: string): void {
    if (this.closed) return;
    if (this.stalled) {
      this.held.push(text);
      return;
    }
    this.socket.write(text);
  }

  sendPairs(pairs: Pairs): void {
    const [first] = pairs;
    if (this.withheld?.size && first?.[0] === 'Event' && this.withheld.has(first[1])) return;
    this.send(formatMessage(pairs));
  }

  sendEvent(event: DemoEvent): void {
    if (this.closed) return;
    this.eventsSent++;
    this.send(formatEvent(event));
  }

  /** `Response: X`, the ActionID if the action had one, then the rest. */
  respond(actionId: string | undefined, response: string, rest: Pairs = []): void {
    const pairs: Pairs = [['Response', response]];
    if (actionId !== undefined) pairs.push(['ActionID', actionId]);
    this.sendPairs([...pairs, ...rest]);
  }

  stall(): void {
    this.stalled = true;
    this.socket.pause();
  }

  resume(): void {
    this.stalled = false;
    const held = this.held;
    this.held = [];
    for (const text of held) this.send(text);
    this.socket.resume();
  }
}
