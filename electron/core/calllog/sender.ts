/**
 * Sends the outbox's records to the CRM, oldest first, one at a time (a call's versions arrive in
 * order). Each POST carries `Idempotency-Key: <Linkedid>:<version>` and
 * `X-Companion-Signature: sha256=<hex HMAC-SHA256 of the body with the shared secret>`.
 * - 2xx: done.
 * - 408, 429, 5xx, no answer within the timeout, a network error: tried again after a backoff
 *   (full jitter, 1 s doubling to 5 min), for as long as it takes; the later records wait behind it.
 * - 3xx: never followed (the body would go to a host nobody chose); kept aside with the Location.
 * - any other 4xx: kept aside with the CRM's answer, and told: sending it again would not help.
 */
import { createHmac } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { fullJitter, type BackoffStrategy } from '../ami/backoff.ts';
import { printable } from '../../shared/control-characters.ts';
import { phrase, type Phrase } from '../../shared/phrases/index.ts';
import type { Outbox, OutboxItem } from './outbox.ts';

export const SIGNATURE_HEADER = 'X-Companion-Signature';
export const DEFAULT_SEND_TIMEOUT_MS = 10_000;
const ANSWER_MAX_BYTES = 4096;

export interface SenderOptions {
  url: URL;
  secret: string;
  outbox: Outbox;
  /** Default 1 s doubling to 5 min, full jitter. */
  backoff?: BackoffStrategy;
  random?: () => number;
  timeoutMs?: number;
  /** A record was set aside: said to the agent. */
  onRejected?: (said: Phrase) => void;
  /** A record was taken by the CRM. */
  onSent?: (item: OutboxItem) => void;
  /** PEM of a CA to trust for an https CRM with a private certificate. */
  ca?: string | Buffer;
}

export function signature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

type Answer = { kind: 'status'; status: number; body: string; location: string | null } | { kind: 'failed'; why: string };

export class CallLogSender {
  private readonly backoff: BackoffStrategy;
  /** The loop is on: it goes until nothing is pending (it clears this in the same turn it stops). */
  private active = false;
  /** Cuts a backoff short when the sender stops. */
  private wake: (() => void) | null = null;
  private stopped = false;
  private failures = 0;

  constructor(private readonly options: SenderOptions) {
    this.backoff = options.backoff ?? fullJitter({ baseMs: 1000, capMs: 5 * 60_000 });
  }

  /** Starts sending what the outbox holds, unless already at it (a sender in backoff keeps its pace); returns at once. */
  kick(): void {
    if (this.stopped || this.active) return;
    this.active = true;
    void this.loop();
  }

  /** Resolves when nothing is left to send (for the CLI and the tests). */
  async drained(): Promise<void> {
    while (this.options.outbox.pending().length > 0 && !this.stopped) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  private async loop(): Promise<void> {
    const { outbox } = this.options;
    for (;;) {
      const item = outbox.pending()[0];
      if (!item || this.stopped) {
        this.active = false;
        return;
      }
      const answer = await this.post(item);
      if (this.stopped) continue;
      // A failed note of the answer (a full disk) is tried again later: a record the CRM already
      // took comes again with its key, which the CRM de-duplicates.
      const settled = await this.settle(item, answer).catch(() => false);
      if (settled) this.failures = 0;
      else await this.pause(this.backoff(this.failures++, this.options.random ?? Math.random));
    }
  }

  /** Notes a 2xx as done and a final refusal as aside (true); anything else is left to retry (false). */
  private async settle(item: OutboxItem, answer: Answer): Promise<boolean> {
    if (answer.kind !== 'status') return false;
    const { outbox } = this.options;
    if (answer.status >= 200 && answer.status < 300) {
      await outbox.done(item.key);
      this.options.onSent?.(item);
      return true;
    }
    if (isFinal(answer.status)) {
      const redirect = answer.status >= 300 && answer.status < 400;
      const location = printable(answer.location ?? '-').slice(0, 200);
      const said = redirect
        ? phrase('calllog.redirected', { call: item.callId, status: answer.status, location })
        : phrase('calllog.rejected', { call: item.callId, status: answer.status, answer: printable(answer.body).slice(0, 300) });
      await outbox.setAside(item.key, answer.status, redirect ? `Location: ${answer.location ?? ''}` : answer.body);
      this.options.onRejected?.(said);
      return true;
    }
    return false;
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).then(() => {
      this.wake = null;
    });
  }

  private post(item: OutboxItem): Promise<Answer> {
    const { url, secret } = this.options;
    const body = Buffer.from(item.body, 'utf8');
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
    return new Promise<Answer>((resolve) => {
      const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Length': body.length,
          'Idempotency-Key': item.key,
          [SIGNATURE_HEADER]: signature(item.body, secret),
          'User-Agent': 'PBX-Companion',
        },
        ...(this.options.ca ? { ca: this.options.ca } : {}),
      });
      // The whole exchange, not only idle time: a CRM that trickles bytes is a CRM that hangs.
      const timer = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      const settle = (answer: Answer) => {
        clearTimeout(timer);
        resolve(answer);
      };
      request.on('error', (error) => settle({ kind: 'failed', why: error.message }));
      request.on('response', (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < ANSWER_MAX_BYTES) chunks.push(chunk.subarray(0, ANSWER_MAX_BYTES - size));
          size += chunk.length;
        });
        response.on('end', () =>
          settle({
            kind: 'status',
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            location: response.headers.location ?? null,
          }),
        );
        response.on('error', (error) => settle({ kind: 'failed', why: error.message }));
      });
      request.end(body);
    });
  }
}

/** An answer that sending again would not change: a redirect, or a 4xx other than 408 and 429. */
function isFinal(status: number): boolean {
  if (status >= 300 && status < 400) return true;
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}
