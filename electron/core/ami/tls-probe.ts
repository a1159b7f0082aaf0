/**
 * Does the PBX offer AMI over TLS? Opens host:5039, completes a TLS handshake without trusting it
 * yet (only to look), waits for the `Asterisk Call Manager/` banner and closes: no login, no secret.
 * The first-run wizard turns TLS on by default when it is offered; `doctor` reports it.
 */
import { AMI_TLS_PORT } from '../../shared/network.ts';
import { defaultSocketFactory, type SocketFactory } from './transport.ts';

export interface TlsProbeOptions {
  /** Default 5039 (manager.conf `tlsbindaddr`, by convention). */
  port?: number;
  /** A short wait: the wizard asks while the admin types. Default 1.5 s. */
  timeoutMs?: number;
  /** PEM of a private CA, to tell whether the certificate will be trusted. */
  ca?: string | Buffer;
  socketFactory?: SocketFactory;
}

export interface TlsProbeResult {
  /** TLS handshake done and the AMI banner read. */
  offered: boolean;
  port: number;
  /** Whether this machine trusts the certificate (with `ca`); null when not offered. */
  trusted: boolean | null;
  /** Why not offered, or why not trusted (the OS's or TLS library's words); empty otherwise. */
  detail: string;
}

const BANNER = 'Asterisk Call Manager/';

export function probeTls(host: string, options: TlsProbeOptions = {}): Promise<TlsProbeResult> {
  const port = options.port ?? AMI_TLS_PORT;
  const timeoutMs = options.timeoutMs ?? 1500;
  const factory = options.socketFactory ?? defaultSocketFactory;
  return new Promise((resolve) => {
    let settled = false;
    // Look only: verification is read from `authorized` below, never enforced on a socket that sends nothing.
    const socket = factory({ host, port, tls: { rejectUnauthorized: false, ...(options.ca ? { ca: options.ca } : {}) } });
    const done = (result: Omit<TlsProbeResult, 'port'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...result, port });
    };
    const timer = setTimeout(
      () => done({ offered: false, trusted: null, detail: `no TLS answer from ${host}:${port} within ${timeoutMs} ms` }),
      timeoutMs,
    );
    let handshake: { trusted: boolean; detail: string } | null = null;
    let received = '';
    socket.once('secureConnect', () => {
      const tlsSocket = socket as unknown as { authorized?: boolean; authorizationError?: Error | string | null };
      const error = tlsSocket.authorizationError;
      handshake = { trusted: tlsSocket.authorized === true, detail: error ? String(error instanceof Error ? error.message : error) : '' };
    });
    socket.on('data', (chunk: Buffer) => {
      if (!handshake) return;
      received += chunk.toString('latin1');
      if (received.startsWith(BANNER)) done({ offered: true, ...handshake });
      else if (received.length >= BANNER.length || received.includes('\n'))
        done({ offered: false, trusted: null, detail: `TLS on ${host}:${port}, but no AMI greeting` });
    });
    socket.once('error', (error: Error) => done({ offered: false, trusted: null, detail: error.message }));
    socket.once('close', () => done({ offered: false, trusted: null, detail: `${host}:${port} closed the connection` }));
  });
}
