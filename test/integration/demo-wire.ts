/**
 * A bare AMI peer for the demo-PBX tests: a real TCP socket, the project's framer, and waits on
 * what arrives. It speaks raw bytes on purpose, so tests can send what a broken client would.
 */
import net from 'node:net';
import { AmiAction, type ActionFields } from '../../electron/core/ami/action.ts';
import { AmiFramer, frameAll } from '../../electron/core/ami/framer.ts';
import type { AmiMessage } from '../../electron/core/ami/message.ts';
import { readRaw } from '../support/fixtures.ts';

export class WireClient {
  readonly messages: AmiMessage[] = [];
  banner: string | undefined;
  closed = false;
  readonly closedPromise: Promise<void>;
  private waiters: Array<() => void> = [];
  private nextId = 1;

  private constructor(readonly socket: net.Socket) {
    const framer = new AmiFramer({
      onBanner: (b) => (this.banner = b),
      onMessage: (m) => {
        this.messages.push(m);
        this.wake();
      },
    });
    socket.on('data', (chunk: Buffer) => framer.push(chunk));
    socket.on('error', () => undefined);
    this.closedPromise = new Promise((resolve) =>
      socket.on('close', () => {
        this.closed = true;
        this.wake();
        resolve();
      }),
    );
  }

  static connect(port: number): Promise<WireClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new WireClient(socket));
      });
    });
  }

  static async loggedIn(port: number, username = 'agentapp', secret = 's3cret', extra: ActionFields = {}): Promise<WireClient> {
    const c = await WireClient.connect(port);
    const r = await c.action('Login', { Username: username, Secret: secret, ...extra });
    if (r.get('Response') !== 'Success') throw new Error(`login failed: ${r.raw}`);
    return c;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  sendRaw(text: string | Buffer): void {
    this.socket.write(text);
  }

  /** Sends an action built by AmiAction.build() and waits for the response with its ActionID. */
  async action(name: string, fields: ActionFields = {}, actionId = `t-${this.nextId++}`): Promise<AmiMessage> {
    this.socket.write(AmiAction.build(name, fields).serialize(actionId));
    return this.waitFor((m) => m.kind === 'response' && m.get('ActionID') === actionId, `response to ${name} ${actionId}`);
  }

  /** Sends a list action and collects until its `...Complete` event. */
  async list(name: string, fields: ActionFields = {}): Promise<{ response: AmiMessage; items: AmiMessage[]; complete: AmiMessage }> {
    const actionId = `l-${this.nextId++}`;
    const start = this.messages.length;
    const response = await this.action(name, fields, actionId);
    const complete = await this.waitFor(
      (m) => m.kind === 'event' && m.get('ActionID') === actionId && m.get('EventList') === 'Complete',
      `${name} complete`,
      start,
    );
    const items = this.messages.slice(start).filter((m) => m.kind === 'event' && m.get('ActionID') === actionId && m !== complete);
    return { response, items, complete };
  }

  /** The first message from `from` on that matches, now or when it arrives; rejects if the socket closes first. */
  waitFor(match: (m: AmiMessage) => boolean, what: string, from = 0): Promise<AmiMessage> {
    return new Promise((resolve, reject) => {
      let next = from;
      const check = () => {
        for (; next < this.messages.length; next++) if (match(this.messages[next]!)) return resolve(this.messages[next]!);
        if (this.closed) return reject(new Error(`connection closed before ${what}`));
        this.waiters.push(check);
      };
      check();
    });
  }

  event(name: string, match: (m: AmiMessage) => boolean = () => true, from = 0): Promise<AmiMessage> {
    return this.waitFor((m) => m.kind === 'event' && m.name === name && match(m), `event ${name}`, from);
  }

  events(from = 0): AmiMessage[] {
    return this.messages.slice(from).filter((m) => m.kind === 'event');
  }

  close(): void {
    this.socket.destroy();
  }
}

/** The messages of a real transcript. */
export function fixtureMessages(name: string): AmiMessage[] {
  return frameAll([readRaw(name)]).messages;
}

/** Header names in order, without values (to compare shapes with the transcripts). */
export function keys(m: AmiMessage): string[] {
  return m.entries().map(([k]) => k);
}
