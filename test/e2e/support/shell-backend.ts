/**
 * What the Electron main process adds to the bridge for the settings window (these methods of
 * PreloadBridge in electron/shared/ipc.ts), built from the REAL core
 * parts: the settings store on a file in a temporary folder, the OS keychain (a real Secret Service
 * under scripts/with-keyring.mjs), the doctor's checks over TCP, the screen-pop template.
 * Only Electron's globalShortcut is a fake: it answers as a desktop where some combinations are taken.
 */
import { refusal, refused, succeeded, type PhraseCode } from '../../../electron/shared/phrases/index.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SocketFactory } from '../../../electron/core/ami/transport.ts';
import type { PreloadBridge, SecretKind } from '../../../electron/shared/ipc.ts';
import { SettingsStore } from '../../../electron/core/settings/store.ts';
import { KeyringCredentialStore, checkCredentialStore, explain, type CredentialStore } from '../../../electron/core/credentials/store.ts';
import { secretAccount } from '../../../electron/main/handlers/credentials.ts';
import {
  popUrlProblem,
  previewPopFor,
  probeTlsFor,
  testAriConnectionFor,
  testConnectionFor,
} from '../../../electron/main/settings-tools.ts';
import { DialShortcut } from '../../../electron/main/shortcut.ts';
import { followingDirectory } from '../../../electron/core/contacts/directory.ts';
import type { ElectronApi } from '../../../electron/main/api.ts';

/** Combinations the fake desktop says another app holds (GNOME's terminal, screenshot keys). */
export const TAKEN_SHORTCUTS = ['Control+Alt+T', 'Ctrl+Alt+T', 'Super+L'];

export interface ShellBackend {
  /** The settings file the store writes. */
  settingsFile: string;
  /** The keychain's service name for this run (entries are removed on close). */
  service: string;
  credentials: CredentialStore;
  store(): SettingsStore;
  /** Every window the page asked to open or hide, in order (`settings`, `hide`). */
  windowRequests: string[];
  methods: ShellMethods;
  close(): Promise<void>;
}

/** The shell's methods the test bridge serves, typed as the preload's (electron/shared/ipc.ts). */
export type ShellMethods = Pick<
  PreloadBridge,
  | 'getSettings'
  | 'saveSettings'
  | 'setSecret'
  | 'deleteSecret'
  | 'checkShortcut'
  | 'openSettings'
  | 'hideWindow'
  | 'takePendingDialRequest'
  | 'testConnection'
  | 'testAriConnection'
  | 'previewPop'
  | 'probeTls'
  | 'searchContacts'
>;

/**
 * `settings` are saved first; `secret` is then stored in the keychain for their AMI login, as a configured desk has it.
 * `tlsSockets` opens the TLS probe's sockets (a test maps a PBX's name to a TLS server on loopback).
 */
export async function startShellBackend(
  options: {
    settings?: Record<string, unknown>;
    secret?: string;
    tlsSockets?: SocketFactory;
    /** Where secrets go; the OS keychain (a real Secret Service) by default. `npm run ui` keeps them in memory. */
    credentials?: CredentialStore;
  } = {},
): Promise<ShellBackend> {
  const folder = await mkdtemp(join(tmpdir(), 'pbx-companion-e2e-settings-'));
  const settingsFile = join(folder, 'settings.json');
  let store = await SettingsStore.open({ file: settingsFile });
  if (options.settings) {
    const saved = await store.save(options.settings);
    if (!saved.ok) throw new Error(`the test's settings are invalid: ${saved.error}`);
    store = await SettingsStore.open({ file: settingsFile });
  }
  const service = `PBX Companion e2e ${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const credentials = options.credentials ?? new KeyringCredentialStore({ service });
  const written = new Set<string>();
  const windowRequests: string[] = [];
  const shortcut = new DialShortcut(fakeShortcutApi(), () => undefined);
  // As main builds it (electron/main/handlers/contacts.ts), over the store the page saves to.
  const contacts = followingDirectory(() => store.settings.contacts);

  const accountOf = (kind: SecretKind): string | null => {
    const where = secretAccount(kind, store.settings);
    return 'account' in where ? where.account : null;
  };
  const storedSecret = async (kind: SecretKind) => {
    const account = accountOf(kind);
    return account ? credentials.get(account) : null;
  };

  const methods: ShellMethods = {
    async getSettings() {
      const keychain = await checkCredentialStore(credentials);
      let secrets = { ami: false, ari: false, nats: false, calllog: false };
      if (keychain.ok)
        secrets = {
          ami: (await storedSecret('ami')) !== null,
          ari: (await storedSecret('ari')) !== null,
          nats: (await storedSecret('nats')) !== null,
          calllog: (await storedSecret('calllog')) !== null,
        };
      return {
        settings: store.settings,
        locked: [...store.locked],
        readOnly: store.readOnly,
        notices: [...store.notices],
        secrets,
        keychainProblem: keychain.ok ? null : keychain.message,
        keychainProblemPhrase: keychain.ok ? null : keychain.phrase,
      };
    },
    async saveSettings(input) {
      const popProblem = popUrlProblem(input);
      if (popProblem) return refusal(popProblem);
      const saved = await store.save(input);
      return saved.ok ? succeeded('desktop.saved') : { ok: false, error: saved.error, phrase: saved.phrase };
    },
    async setSecret(kind, secret) {
      const account = accountOf(kind);
      // As main says it (electron/main/app.ts saveSecret).
      if (!account) return refused((secretAccount(kind, store.settings) as { first: PhraseCode }).first);
      try {
        await credentials.set(account, secret);
        written.add(account);
        return succeeded('desktop.secret-stored');
      } catch (error) {
        const why = explain(error);
        return { ok: false, error: why.message, phrase: why.phrase };
      }
    },
    async deleteSecret(kind) {
      const account = accountOf(kind);
      if (!account) return { ok: false, error: 'No login is saved.' };
      await credentials.delete(account);
      return succeeded('desktop.secret-removed');
    },
    async checkShortcut(accelerator) {
      const result = shortcut.check(accelerator);
      return result.ok ? { ok: true } : { ok: false, error: result.error, phrase: result.phrase };
    },
    async openSettings() {
      windowRequests.push('settings');
      return { ok: true };
    },
    async hideWindow() {
      windowRequests.push('hide');
      return { ok: true };
    },
    async takePendingDialRequest() {
      return null;
    },
    // As main answers them (electron/main/settings-tools.ts).
    testConnection: (target, secret) => testConnectionFor(target, secret, { credentials, settings: () => store.settings, timeoutMs: 5000 }),
    testAriConnection: (target, secret) =>
      testAriConnectionFor(target, secret, { credentials, settings: () => store.settings, timeoutMs: 5000 }),
    async previewPop(template, options) {
      return previewPopFor(template, options, store.settings);
    },
    probeTls: (host) => probeTlsFor(host, options.tlsSockets ? { socketFactory: options.tlsSockets } : {}),
    searchContacts: (query) => contacts.search(query),
  };
  if (options.secret !== undefined) {
    const stored = await methods.setSecret('ami', options.secret);
    if (!stored.ok) throw new Error(stored.error);
  }

  return {
    settingsFile,
    service,
    credentials,
    store: () => store,
    windowRequests,
    methods,
    async close() {
      for (const account of written) await credentials.delete(account).catch(() => false);
      // A settings save the page started may still be writing its temp file: rm retries ENOTEMPTY.
      await rm(folder, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
    },
  };
}

function fakeShortcutApi(): ElectronApi {
  const held = new Set<string>();
  const globalShortcut = {
    register: (accelerator: string) => {
      if (TAKEN_SHORTCUTS.includes(accelerator) || held.has(accelerator)) return false;
      held.add(accelerator);
      return true;
    },
    unregister: (accelerator: string) => void held.delete(accelerator),
  };
  return { platform: 'linux', env: {}, globalShortcut } as unknown as ElectronApi;
}
