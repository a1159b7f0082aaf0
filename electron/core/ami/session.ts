/**
 * One AMI connection, from socket open to close: the framer, the actions pending on it, and the
 * routing of what arrives (responses to their actions, events onward). It ends exactly once, and
 * everything it holds ends with it; the client makes a new session for every (re)connect.
 */
import type net from 'node:net';
import { phrase, phraseOfError } from '../../shared/phrases/index.ts';
import type { AmiAction } from './action.ts';
import type { Clock } from './clock.ts';
import { AmiConnectionError } from './errors.ts';
import { AmiFramer, FramingError } from './framer.ts';
import type { AmiMessage } from './message.ts';
import { PendingActions } from './pending.ts';
import type { ListResult } from './types.ts';

export interface SessionHandlers {
  onBanner(banner: string): void;
  onMessageBeforeBanner(): void;
  onEvent(event: AmiMessage): void;
  /** A response whose ActionID matches no pending action (late after a timeout, or a confused peer). */
  onUnknownResponse(response: AmiMessage): void;
  /** Called once, with why the connection ended. */
  onEnd(error: Error): void;
}

export class AmiSession {
  private readonly pending: PendingActions;
  private readonly framer: AmiFramer;
  private ended = false;
  private greeted = false;
  /** The first socket error, kept to explain the close that follows it. */
  private socketError: Error | null = null;

  constructor(
    private readonly socket: net.Socket,
    private readonly handlers: SessionHandlers,
    options: { clock: Clock; maxMessageBytes: number },
  ) {
    // An answer over its budget (a flooding peer) recycles the connection: the client reconnects.
    this.pending = new PendingActions(options.clock, (error) => this.destroy(new AmiConnectionError(error.phrase, { cause: error })));
    this.framer = new AmiFramer(
      {
        onBanner: (banner) => {
          this.greeted = true;
          handlers.onBanner(banner);
        },
        onMessage: (message) => this.route(message),
      },
      { maxMessageBytes: options.maxMessageBytes },
    );
    socket.setNoDelay?.(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => (this.socketError ??= error));
    socket.on('close', () => this.end(this.socketError ?? new AmiConnectionError(phrase('ami.pbx-closed'))));
  }

  get isEnded(): boolean {
    return this.ended;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Bytes held by the pending answers (see PendingActions.heldBytes). */
  get pendingBytes(): number {
    return this.pending.heldBytes;
  }

  send(action: AmiAction, id: string, list: false, timeoutMs: number): Promise<AmiMessage>;
  send(action: AmiAction, id: string, list: true, timeoutMs: number): Promise<ListResult>;
  send(action: AmiAction, id: string, list: boolean, timeoutMs: number): Promise<AmiMessage | ListResult> {
    if (this.ended) return Promise.reject(new AmiConnectionError(phrase('ami.not-sent-closed', { action: action.name })));
    const bytes = action.serialize(id);
    const answer = list ? this.pending.add(id, action.name, true, timeoutMs) : this.pending.add(id, action.name, false, timeoutMs);
    this.socket.write(bytes);
    return answer;
  }

  /** Ends the connection now, with the reason every pending action is rejected with. */
  destroy(error: Error): void {
    this.end(error);
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    if (this.ended) return;
    try {
      this.framer.push(chunk);
    } catch (error) {
      if (!(error instanceof FramingError)) throw error;
      this.destroy(new AmiConnectionError(phrase('ami.not-ami-data', { detail: error.phrase }), { cause: error }));
    }
  }

  private route(message: AmiMessage): void {
    if (this.ended) return;
    if (!this.greeted) return this.handlers.onMessageBeforeBanner();
    const kind = message.kind;
    if (kind === 'response') {
      if (!this.pending.response(message)) this.handlers.onUnknownResponse(message);
    } else if (kind === 'event') {
      this.pending.event(message);
      // An item over its list's budget ended the session just now: nothing more from it goes on.
      if (!this.ended) this.handlers.onEvent(message);
    }
  }

  private end(error: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.pending.rejectAll(
      (name) => new AmiConnectionError(phrase('ami.lost-pending', { action: name, why: phraseOfError(error) }), { cause: error }),
    );
    this.handlers.onEnd(error);
  }
}
