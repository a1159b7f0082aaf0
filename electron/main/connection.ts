/**
 * Connecting: the host that stands in for whichever core runs (with the call history folded into its
 * snapshots), the secrets a core needs from the keychain, and connect(), which makes a core for the
 * current settings and puts it in the host, or says in words why there is none.
 */
import { amiAccount, ariAccount, callLogAccount, natsAccount, type CredentialStore } from '../core/credentials/store.ts';
import type { CallHistory } from '../core/history/store.ts';
import type { LifecycleDecision, PopDecision } from '../core/screenpop/screenpop.ts';
import { relayUser, usesAri, type StartSecrets } from '../core/startup.ts';
import { phrase, phraseOfError, type Phrase } from '../shared/phrases/index.ts';
import type { Settings } from '../shared/settings.ts';
import { CompanionHost, type ClosableCompanion } from './companion-host.ts';

/** What the core may call back: a screen pop (its URL rendered, or null and why), its lifecycle, news for the agent. */
export interface CompanionHooks {
  pop(pop: PopDecision): void;
  popLifecycle(decision: LifecycleDecision): void;
  notice(text: string, level: 'info' | 'error'): void;
  /** The user data folder: the call log's outbox lives there. */
  stateDir?: string;
}

/** What main needs from the core: a Companion for these settings, the secrets from the keychain, the hooks. */
export type CompanionFactory = (settings: Settings, secrets: StartSecrets, hooks: CompanionHooks) => Promise<ClosableCompanion>;

/** The host every shell talks to; each snapshot carries the saved history, and new ended calls are saved. */
export function createHost(history: CallHistory, now: () => number, log: (message: string) => void): CompanionHost {
  return new CompanionHost(now, (snapshot) => {
    if (history.record(snapshot.history)) history.save().catch((error: unknown) => log(`history: not saved: ${String(error)}`));
    return { ...snapshot, history: history.entries() };
  });
}

/** The keychain's secrets for these settings: null for a login not set up, or not stored. */
export async function secretsOf(credentials: CredentialStore, current: Settings): Promise<StartSecrets> {
  return {
    ami: current.pbx.host && current.pbx.username ? await credentials.get(amiAccount(current.pbx)) : null,
    ari: current.ari.enabled && current.ari.username ? await credentials.get(ariAccount(current.ari)) : null,
    nats: current.pbx.mode === 'relay' ? await credentials.get(natsAccount(relayUser(current))) : null,
    callLog: current.callLog.url ? await credentials.get(callLogAccount(current.callLog.url)) : null,
  };
}

export interface ConnectionDeps {
  host: CompanionHost;
  settings: () => Settings;
  credentials: CredentialStore;
  createCompanion: CompanionFactory;
  hooks: CompanionHooks;
}

/** connect(): (re)connects with the current settings and secrets. */
export function setupConnection({ host, settings, credentials, createCompanion, hooks }: ConnectionDeps): () => Promise<void> {
  // Connects may overlap (a wrong secret saved, then corrected at once): the latest call wins. An
  // attempt overtaken by a later one closes the core it made instead of putting it in place.
  let connectGeneration = 0;
  return async () => {
    const generation = ++connectGeneration;
    const place = async (next: ClosableCompanion | null, whyNone: Phrase | null = null) => {
      if (generation === connectGeneration) return host.replace(next, whyNone);
      await next?.close?.();
    };
    const current = settings();
    if (current.pbx.mode === 'relay') return await placeRelay(current);
    const onAri = !current.pbx.host && usesAri(current);
    if ((current.pbx.host || onAri) && !current.pbx.extension.trim()) {
      await place(null, phrase(onAri ? 'desktop.no-extension-ari' : 'desktop.no-extension'));
      return;
    }
    try {
      // No AMI host: the demo PBX (no secret), or ARI alone when it is on (its password from the keychain).
      if (!current.pbx.host) {
        const secrets = await secretsOf(credentials, current);
        if (onAri && secrets.ari === null)
          return await place(null, phrase('desktop.no-ari-password', { login: `${current.ari.username}@${current.ari.url}` }));
        return await place(await createCompanion(current, secrets, hooks));
      }
      const secrets = await secretsOf(credentials, current);
      if (secrets.ami === null) {
        await place(null, phrase('desktop.no-ami-secret', { login: `${current.pbx.username || '(no user)'}@${current.pbx.host}` }));
        return;
      }
      await place(await createCompanion(current, secrets, hooks));
    } catch (error) {
      await place(null, whyNoCore(error));
    }

    /** Relay mode: the desk companion, from the relay's servers and the desk's seed in the keychain. */
    async function placeRelay(current: Settings): Promise<void> {
      if (!current.pbx.extension.trim()) return await place(null, phrase('desktop.no-extension'));
      try {
        const secrets = await secretsOf(credentials, current);
        if (secrets.nats === null) return await place(null, phrase('startup.no-nats-seed', { user: relayUser(current) }));
        await place(await createCompanion(current, secrets, hooks));
      } catch (error) {
        await place(null, whyNoCore(error));
      }
    }
  };
}

function whyNoCore(error: unknown): Phrase {
  const why = phraseOfError(error);
  return error instanceof Error && error.name === 'CredentialStoreError' ? why : phrase('desktop.could-not-start', { why });
}
