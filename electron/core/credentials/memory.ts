/**
 * A CredentialStore held in memory, for a process that is handed its secrets and must not touch
 * the OS keychain: the shell's tests that are not about the keychain (the keychain tests use the
 * real Secret Service). Same rules as the keychain store: no empty secret, bounded account names.
 */
import { CredentialStoreError, type CredentialStore } from './store.ts';

export class MemoryCredentialStore implements CredentialStore {
  private readonly secrets = new Map<string, string>();

  async get(account: string): Promise<string | null> {
    checkAccount(account);
    return this.secrets.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    checkAccount(account);
    if (secret.length === 0) throw CredentialStoreError.refusing('invalid', 'keychain.empty-secret');
    this.secrets.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    checkAccount(account);
    return this.secrets.delete(account);
  }
}

function checkAccount(account: string): void {
  if (account.length === 0 || account.length > 512) throw CredentialStoreError.refusing('invalid', 'keychain.bad-account');
}
