/**
 * The keychain over IPC: a secret for the saved AMI or ARI login, or the desk's NATS seed in relay
 * mode, is stored or removed, then the app connects again with it. The renderer can never read a
 * secret back.
 */
import { amiAccount, ariAccount, callLogAccount, explain, natsAccount, type CredentialStore } from '../../core/credentials/store.ts';
import type { SettingsStore } from '../../core/settings/store.ts';
import { relayUser } from '../../core/startup.ts';
import type { VerbResult } from '../../shared/companion.ts';
import type { InvokeHandlers, SecretKind } from '../../shared/ipc.ts';
import { phraseOfError, refused, succeeded, type PhraseCode } from '../../shared/phrases/index.ts';
import type { Settings } from '../../shared/settings.ts';

/** The keychain account a secret of this kind is kept under for the saved settings, or what to save first. */
export function secretAccount(kind: SecretKind, current: Settings): { account: string } | { first: PhraseCode } {
  const { pbx, ari } = current;
  if (kind === 'ami') return pbx.host && pbx.username ? { account: amiAccount(pbx) } : { first: 'desktop.save-login-first' };
  if (kind === 'ari') return ari.url && ari.username ? { account: ariAccount(ari) } : { first: 'desktop.save-ari-first' };
  if (kind === 'calllog')
    return current.callLog.url ? { account: callLogAccount(current.callLog.url) } : { first: 'desktop.save-calllog-first' };
  return pbx.mode === 'relay' && pbx.extension.trim()
    ? { account: natsAccount(relayUser(current)) }
    : { first: 'desktop.save-relay-first' };
}

export function credentialHandlers(
  store: SettingsStore,
  credentials: CredentialStore,
  connect: () => Promise<void>,
): Pick<InvokeHandlers, 'credentials:set' | 'credentials:delete'> {
  const saveSecret = async (kind: SecretKind, secret: string | null): Promise<VerbResult> => {
    const where = secretAccount(kind, store.settings);
    if ('first' in where) return refused(where.first);
    const { account } = where;
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
