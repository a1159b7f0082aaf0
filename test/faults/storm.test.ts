/**
 * Fault suite: the reconnect storm after a PBX restart. 300 desks (AmiClients in this process)
 * reach the demo PBX through a TCP front that plays Asterisk's `authlimit = 50`: at most 50
 * sessions not yet logged in at once; a connection beyond that is accepted and closed before the
 * banner. The front also delays every chunk by 25 ms each way (a branch office's link), so a login
 * takes a few round trips and sessions waiting for theirs pile up as they do on a busy PBX. The PBX restarts; every desk must be logged in again (a desk that took that close for a
 * final one stays offline for good). Loopback only; the test's deadline bounds it.
 */
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { fullJitter } from '../../electron/core/ami/backoff.ts';
import { AmiClient } from '../../electron/core/ami/client.ts';
import { FaultTable, seeded, startFaultPbx } from './support.ts';

const table = new FaultTable('storm');
afterAll(() => table.flush());

const DESKS = 300;
const AUTH_LIMIT = 50;
const LINK_DELAY_MS = 25;

/** Asterisk's authlimit in front of a PBX: beyond `limit` sessions not yet logged in, accept and close. */
class AuthLimitFront {
  /** Sessions open and not yet logged in, now and at most. */
  preLogin = 0;
  maxPreLogin = 0;
  /** Connections closed before the banner because of the limit. */
  turnedAway = 0;
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(limit: number, delayMs: number, target: { host: string; port: number }): Promise<AuthLimitFront> {
    const holder: { front?: AuthLimitFront } = {};
    const server = net.createServer((client) => holder.front!.accept(client, limit, delayMs, target));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.front = new AuthLimitFront(server, (server.address() as net.AddressInfo).port);
    return holder.front;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket, limit: number, delayMs: number, target: { host: string; port: number }): void {
    client.on('error', () => {});
    if (this.preLogin >= limit) {
      this.turnedAway++;
      client.destroy(); // FIN before the banner: the client has sent nothing yet
      return;
    }
    this.preLogin++;
    this.maxPreLogin = Math.max(this.maxPreLogin, this.preLogin);
    let counted = true;
    const loggedInOrGone = () => {
      if (counted) this.preLogin--;
      counted = false;
    };
    const upstream = net.connect(target.port, target.host);
    upstream.on('error', () => {});
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('close', () => {
        this.sockets.delete(s);
        loggedInOrGone();
        client.destroy();
        upstream.destroy();
      });
    }
    // Delayed, in order: each chunk leaves delayMs after it arrived.
    const later = (to: net.Socket, chunk: Buffer) => setTimeout(() => !to.destroyed && to.write(chunk), delayMs);
    client.on('data', (chunk: Buffer) => later(upstream, chunk));
    upstream.on('data', (chunk: Buffer) => {
      if (counted && chunk.includes('Authentication accepted')) loggedInOrGone();
      later(client, chunk);
    });
  }
}

describe('fault: a reconnect storm against authlimit', () => {
  it(`${DESKS} desks, at most ${AUTH_LIMIT} unauthenticated sessions at once: every desk logs in again after a restart`, async () => {
    const pbx = await startFaultPbx();
    const front = await AuthLimitFront.start(AUTH_LIMIT, LINK_DELAY_MS, pbx);
    const desks = Array.from(
      { length: DESKS },
      (_, i) =>
        new AmiClient({
          host: '127.0.0.1',
          port: front.port,
          username: 'agent',
          secret: 'demo',
          keepaliveIntervalMs: 0,
          actionTimeoutMs: 5000,
          // The app's own backoff (full jitter from 250 ms), with a lower cap to bound the test.
          backoff: fullJitter({ baseMs: 250, capMs: 5000 }),
          random: seeded(i + 1),
        }),
    );
    const connected = new Set<AmiClient>();
    let finalFailure: Error | null = null;
    let wake = () => {};
    for (const desk of desks)
      desk.onStatus((status, error) => {
        if (status === 'connected') connected.add(desk);
        else connected.delete(desk);
        if (status === 'disconnected' && error) finalFailure ??= error;
        wake();
      });
    /** Resolves once every desk is logged in; rejects at the first desk that gave up for good. */
    const allLoggedIn = (what: string) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${what}: ${connected.size} of ${DESKS} desks logged in after 60 s`)), 60_000);
        wake = () => {
          if (finalFailure) {
            clearTimeout(timer);
            reject(new Error(`${what}: a desk stopped retrying (${connected.size} of ${DESKS} logged in): ${finalFailure.message}`));
          } else if (connected.size === DESKS) {
            clearTimeout(timer);
            resolve();
          }
        };
        wake();
      });
    try {
      // The first start is already a storm: every desk at once.
      const startedAt = Date.now();
      for (const desk of desks) desk.connect().catch(() => {});
      await allLoggedIn('first start');
      const firstMs = Date.now() - startedAt;
      const turnedAwayAtStart = front.turnedAway;

      const since = Date.now();
      const gone = new Promise<void>((resolve) => {
        wake = () => connected.size === 0 && resolve();
      });
      const restarting = pbx.control.restart();
      await gone;
      await restarting;
      await allLoggedIn('after the restart');
      const ms = Date.now() - since;

      expect(front.maxPreLogin).toBeLessThanOrEqual(AUTH_LIMIT);
      expect(front.turnedAway - turnedAwayAtStart).toBeGreaterThan(0);
      expect(pbx.control.sessions().filter((s) => !s.closed && s.username === 'agent')).toHaveLength(DESKS);
      table.add(
        `reconnect storm: ${DESKS} desks, authlimit ${AUTH_LIMIT}, PBX restart`,
        ms,
        `all ${DESKS} logged in again; ${front.turnedAway - turnedAwayAtStart} connections closed before the banner and retried (full jitter from 250 ms, cap 5 s; link 25 ms each way); first start of all ${DESKS}: ${firstMs} ms`,
      );
    } finally {
      await Promise.all(desks.map((d) => d.close()));
      await front.close();
      await pbx.close();
    }
  }, 150_000);
});
