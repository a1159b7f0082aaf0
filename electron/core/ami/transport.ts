/**
 * Opening the socket (TCP or TLS) and saying in words why it failed. The factory is a parameter of
 * the client so tests and a later relay can bring their own; the default verifies TLS certificates.
 */
import net from 'node:net';
import tls from 'node:tls';
import { phrase, phraseOfError } from '../../shared/phrases/index.ts';
import { AmiLoginError } from './errors.ts';

export interface TlsOptions {
  /** Extra CA certificate(s) in PEM, for a PBX with a self-signed or private-CA certificate. */
  ca?: string | Buffer;
  /** Default true. Turning it off lets anyone on the path read the AMI secret. */
  rejectUnauthorized?: boolean;
  /** The name the certificate must carry, when it differs from `host`. */
  servername?: string;
}

export interface ConnectTarget {
  host: string;
  port: number;
  tls: TlsOptions | null;
}

/** Returns a socket that is connecting; errors arrive as its 'error' event. */
export type SocketFactory = (target: ConnectTarget) => net.Socket;

export const defaultSocketFactory: SocketFactory = (target) => {
  if (!target.tls) return net.connect({ host: target.host, port: target.port });
  const { ca, rejectUnauthorized, servername } = target.tls;
  return tls.connect({
    host: target.host,
    port: target.port,
    rejectUnauthorized: rejectUnauthorized ?? true,
    ...(ca === undefined ? {} : { ca }),
    // SNI takes host names only, never IP addresses.
    ...(servername ? { servername } : net.isIP(target.host) ? {} : { servername: target.host }),
  });
};

/** Node's TLS error codes for a certificate that is not trusted (shared with the ARI client). */
export const UNTRUSTED_CERT_CODES: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** A socket error before login, as a typed error with a sentence an admin can act on (the OS's words as they are). */
export function connectError(error: unknown, target: ConnectTarget): AmiLoginError {
  const where = `${target.host}:${target.port}`;
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  const detail = error instanceof Error ? error.message : String(error);
  const cause = { cause: error };
  if (code === 'ECONNREFUSED') return new AmiLoginError('connection-refused', phrase('ami.refused', { where }), cause);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new AmiLoginError('host-not-found', phrase('ami.host-not-found', { host: target.host }), cause);
  if (code === 'ETIMEDOUT') return new AmiLoginError('timeout', phrase('ami.timed-out', { where }), cause);
  if (UNTRUSTED_CERT_CODES.has(code)) return new AmiLoginError('tls-untrusted', phrase('ami.tls-untrusted', { where, detail }), cause);
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || /SSL|TLS/.test(detail))
    return new AmiLoginError('tls-failed', phrase('ami.tls-failed', { where, detail }), cause);
  return new AmiLoginError('network', phrase('ami.network', { where, detail: phraseOfError(error) }), cause);
}
