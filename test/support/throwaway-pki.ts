/**
 * Throwaway certificates for the TLS tests, made by Debian's openssl in a temp folder: a CA and a
 * server certificate it signs, or one self-signed certificate. EC P-256, valid two days.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export class ThrowawayPki {
  readonly dir: string;

  constructor(prefix: string) {
    this.dir = mkdtempSync(path.join(tmpdir(), prefix));
  }

  file(name: string): string {
    return path.join(this.dir, name);
  }

  read(name: string): Buffer {
    return readFileSync(this.file(name));
  }

  /** `NAME.key` and `NAME.pem`: a self-signed CA. */
  ca(name: string): void {
    this.openssl('req', '-x509', ...EC, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=${name}`);
  }

  /** `NAME.key` and `NAME.pem`: a server certificate signed by the CA `ca`, for these subjectAltNames. */
  serverCert(name: string, ca: string, altNames = 'IP:127.0.0.1,DNS:localhost'): void {
    this.openssl('req', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    writeFileSync(this.file(`${name}.ext`), `subjectAltName=${altNames}\n`);
    const sign = ['-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.pem`, '-days', '2'];
    this.openssl('x509', '-req', '-in', `${name}.csr`, ...sign, '-extfile', `${name}.ext`);
  }

  /** `NAME.key` and `NAME.pem`: one self-signed certificate for `cn` (and these subjectAltNames, if any). */
  selfSigned(name: string, cn: string, altNames?: string): { key: Buffer; cert: Buffer; pem: string } {
    const ext = altNames ? ['-addext', `subjectAltName=${altNames}`] : [];
    this.openssl('req', '-x509', ...EC, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=${cn}`, ...ext);
    return { key: this.read(`${name}.key`), cert: this.read(`${name}.pem`), pem: this.read(`${name}.pem`).toString() };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private openssl(...args: string[]): void {
    execFileSync('openssl', args, { cwd: this.dir, stdio: 'pipe' });
  }
}
