/**
 * Where the AMI and ARI secrets live: the OS keychain (Secret Service on Linux, Keychain on macOS,
 * Credential Manager on Windows) through @napi-rs/keyring, behind a small interface the core and the
 * tests use. There is no plaintext fallback: a machine without a keychain gets a clear error instead.
 */
import { AsyncEntry } from '@napi-rs/keyring';
import { PhrasedError } from '../errors/phrased-error.ts';
import { phrase, type Phrase, type PhraseCode } from '../../shared/phrases/index.ts';

export interface CredentialStore {
  /** The secret, or null when none is stored. */
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** True when a secret was deleted, false when there was none. */
  delete(account: string): Promise<boolean>;
}

export type CredentialErrorCode = 'unavailable' | 'denied' | 'invalid';

/** A keychain failure, with a message the agent can act on (English `message`, `phrase` to translate). */
export class CredentialStoreError extends PhrasedError {
  override name = 'CredentialStoreError';
  constructor(
    readonly code: CredentialErrorCode,
    said: Phrase,
    options?: { cause?: unknown },
  ) {
    super(said, options);
  }

  static refusing(code: CredentialErrorCode, said: PhraseCode, detail?: string, options?: { cause?: unknown }): CredentialStoreError {
    return new CredentialStoreError(code, phrase(said, detail === undefined ? undefined : { detail }), options);
  }
}

export const CREDENTIAL_SERVICE = 'PBX Companion';

/** The keychain account for an AMI login: `ami:agent1001@pbx.example.com:5038`. */
export function amiAccount(pbx: { username: string; host: string; port: number }): string {
  return `ami:${pbx.username}@${pbx.host}:${pbx.port}`;
}

/**
 * The keychain account for a desk's NATS credential in relay mode: `nats:desk-1001` (the seed that
 * `relay --print-nats-conf` printed for that user). Not tied to the server list, which a cluster changes.
 */
export function natsAccount(user: string): string {
  return `nats:${user}`;
}

/** The keychain account for the call log's shared HMAC secret: `calllog:https://crm.example.com` (per CRM origin). */
export function callLogAccount(url: string): string {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    origin = url;
  }
  return `calllog:${origin}`;
}

/** The keychain account for an ARI login: `ari:user@https://pbx:8089`. */
export function ariAccount(ari: { username: string; url: string }): string {
  return `ari:${ari.username}@${ari.url}`;
}

export interface KeyringStoreOptions {
  /** The service name the entries are filed under. */
  service?: string;
  platform?: NodeJS.Platform;
}

export class KeyringCredentialStore implements CredentialStore {
  private readonly service: string;
  private readonly platform: NodeJS.Platform;

  constructor(options: KeyringStoreOptions = {}) {
    this.service = options.service ?? CREDENTIAL_SERVICE;
    this.platform = options.platform ?? process.platform;
  }

  async get(account: string): Promise<string | null> {
    return this.call(account, (entry) => entry.getPassword());
  }

  async set(account: string, secret: string): Promise<void> {
    if (secret.length === 0) throw CredentialStoreError.refusing('invalid', 'keychain.empty-secret');
    await this.call(account, (entry) => entry.setPassword(secret));
  }

  async delete(account: string): Promise<boolean> {
    return this.call(account, (entry) => entry.deleteCredential());
  }

  private async call<T>(account: string, action: (entry: AsyncEntry) => Promise<T>): Promise<T> {
    if (account.length === 0 || account.length > 512) throw CredentialStoreError.refusing('invalid', 'keychain.bad-account');
    try {
      // On Linux, pin the Secret Service: the library would otherwise fall back to the kernel keyring,
      // which forgets everything at logout and is not what the agent expects.
      const entry = new AsyncEntry(this.service, account, this.platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined);
      return await action(entry);
    } catch (error) {
      throw explain(error, this.platform);
    }
  }
}

/** Turns the library's platform errors into a sentence saying what to do. */
export function explain(error: unknown, platform: NodeJS.Platform = process.platform): CredentialStoreError {
  if (error instanceof CredentialStoreError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  if (
    /autolaunch|DBUS_SESSION_BUS_ADDRESS|ServiceUnknown|was not provided|failed to connect|no such file|connection refused|not available|unsupported/i.test(
      detail,
    )
  ) {
    return CredentialStoreError.refusing(
      'unavailable',
      platform === 'linux' ? 'keychain.no-secret-service' : 'keychain.unreachable',
      detail,
      { cause: error },
    );
  }
  if (/no result found|locked|denied|dismissed|cancel|not allowed|authori[sz]|prompt/i.test(detail)) {
    return CredentialStoreError.refusing('denied', 'keychain.denied', detail, { cause: error });
  }
  return CredentialStoreError.refusing('unavailable', 'keychain.failed', detail, { cause: error });
}

/** Whether the keychain can be reached, for a clear message at start-up rather than at the first login. */
export async function checkCredentialStore(
  store: CredentialStore,
): Promise<{ ok: true } | { ok: false; code: CredentialErrorCode; message: string; phrase: Phrase }> {
  try {
    await store.get('probe:pbx-companion');
    return { ok: true };
  } catch (error) {
    const explained = explain(error);
    return { ok: false, code: explained.code, message: explained.message, phrase: explained.phrase };
  }
}
