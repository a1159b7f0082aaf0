/**
 * The keychain over IPC: a secret for the saved AMI or ARI login is stored or removed, then the app
 * connects again with it. The renderer can never read a secret back.
 */
import { amiAccount, ariAccount, explain, type CredentialStore } from '../../core/credentials/store.ts';
import type { SettingsStore } from '../../core/settings/store.ts';
import type { VerbResult } from '../../shared/companion.ts';
import type { InvokeHandlers } from '../../shared/ipc.ts';
import { phraseOfError, refused, succeeded } from '../../shared/phrases/index.ts';

export function credentialHandlers(
  store: SettingsStore,
  credentials: CredentialStore,
  connect: () => Promise<void>,
): Pick<InvokeHandlers, 'credentials:set' | 'credentials:delete'> {
  const saveSecret = async (kind: 'ami' | 'ari', secret: string | null): Promise<VerbResult> => {
    const current = store.settings;
    const account =
      kind === 'ami'
        ? current.pbx.host && current.pbx.username
          ? amiAccount(current.pbx)
          : null
        : current.ari.url && current.ari.username
          ? ariAccount(current.ari)
          : null;
    if (!account) return refused(kind === 'ami' ? 'desktop.save-login-first' : 'desktop.save-ari-first');
    try {
      if (secret === null) await credentials.delete(account);
      else await credentials.set(account, secret);
    } catch (error) {
      const why = explain(error);
      return { ok: false, error: why.message, phrase: phraseOfError(why) };
    }
    void connect();
    return succeeded(secret === null ? 'desktop.secret-removed' : 'desktop.secret-stored');
  };
  return {
    'credentials:set': (kind, secret) => saveSecret(kind, secret),
    'credentials:delete': (kind) => saveSecret(kind, null),
  };
}
