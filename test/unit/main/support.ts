/**
 * What the main-process tests run the shell with: the fake Electron, an in-memory keychain (the real
 * one is tested in test/unit/credentials) and a core stand-in whose previews use the real dialing rules.
 * The stand-in records the verbs it is asked for, which is what these tests check of the shell.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeNumber } from '../../../electron/core/dialing/normalize.ts';
import type { CredentialStore } from '../../../electron/core/credentials/store.ts';
import type { AppDeps, RunningApp } from '../../../electron/main/app.ts';
import { startApp } from '../../../electron/main/app.ts';
import type { Companion, DialPreview, RecordOp, VerbResult } from '../../../electron/shared/companion.ts';
import type { Snapshot } from '../../../electron/shared/snapshot.ts';
import { FakeElectron } from './fake-electron.ts';

export function snapshotWith(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    connection: { status: 'live', error: null, pbx: { asteriskVersion: '22.5.0', amiVersion: '11.0.0' }, since: 0, stale: false },
    extension: { number: '1001', device: 'PJSIP/1001', state: 'idle', registered: true },
    queues: [{ name: 'support', interface: 'PJSIP/1001', member: true, paused: false, pausedReason: '', status: 'idle', callsWaiting: 0, lastCallAt: null }],
    calls: [],
    history: [],
    ...overrides,
  };
}

export class RecordingCompanion implements Companion {
  readonly verbs: { verb: string; args: unknown[] }[] = [];
  /** The shell's screen-pop hook, for a test to fire. */
  pop: (pop: { callId: string; url: string | null }) => void = () => {};
  closed = false;
  private current: Snapshot;
  private readonly listeners = new Set<(snapshot: Snapshot) => void>();

  constructor(snapshot: Snapshot = snapshotWith()) {
    this.current = snapshot;
  }
  set(snapshot: Snapshot): void {
    this.current = snapshot;
    for (const listener of this.listeners) listener(snapshot);
  }
  snapshot(): Snapshot {
    return this.current;
  }
  subscribe(listener: (snapshot: Snapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  dials(): string[] {
    return this.verbs.filter((v) => v.verb === 'dial').map((v) => String(v.args[0]));
  }
  async previewDial(input: string): Promise<DialPreview> {
    return normalizeNumber(input, { defaultCountry: 'US' });
  }
  private note(verb: string, ...args: unknown[]): Promise<VerbResult> {
    this.verbs.push({ verb, args });
    return Promise.resolve({ ok: true });
  }
  dial = (input: string) => this.note('dial', input);
  pause = (options: { queue?: string; reason: string }) => this.note('pause', options);
  unpause = (options: { queue?: string }) => this.note('unpause', options);
  queueLogin = (queue: string) => this.note('queueLogin', queue);
  queueLogout = (queue: string) => this.note('queueLogout', queue);
  record = (op: RecordOp, callId?: string) => this.note('record', op, callId);
  hangup = (callId?: string) => this.note('hangup', callId);
  transfer = (target: string, options?: { attended?: boolean; callId?: string }) => this.note('transfer', target, options);
  close(): void {
    this.closed = true;
  }
}

export class MemoryCredentials implements CredentialStore {
  readonly secrets = new Map<string, string>();
  async get(account: string) {
    return this.secrets.get(account) ?? null;
  }
  async set(account: string, secret: string) {
    this.secrets.set(account, secret);
  }
  async delete(account: string) {
    return this.secrets.delete(account);
  }
}

export const CONFIGURED = { version: 1, pbx: { host: 'pbx.example.com', username: 'agent1001', extension: '1001' }, dialing: { confirmBeforeDial: false } };

export interface Started {
  fake: FakeElectron;
  app: RunningApp;
  companions: RecordingCompanion[];
  credentials: MemoryCredentials;
}

/** Writes `settings` into the fake user data folder, starts the shell and makes the app ready. */
export async function startShell(options: { fake?: FakeElectron; settings?: object | null; argv?: string[]; beforeReady?: (fake: FakeElectron) => void; deps?: Partial<AppDeps> } = {}): Promise<Started> {
  const fake = options.fake ?? new FakeElectron();
  if (options.settings !== null) {
    mkdirSync(fake.app.userData, { recursive: true });
    writeFileSync(join(fake.app.userData, 'settings.json'), JSON.stringify(options.settings ?? CONFIGURED));
  }
  const credentials = new MemoryCredentials();
  await credentials.set('ami:agent1001@pbx.example.com:5038', 'amp111');
  const companions: RecordingCompanion[] = [];
  const starting = startApp(fake, {
    createCompanion: async (_settings, _secrets, hooks) => {
      const companion = new RecordingCompanion();
      companion.pop = hooks.pop;
      companions.push(companion);
      return companion;
    },
    credentials,
    argv: options.argv ?? ['/opt/pbx-companion/pbx-companion'],
    adminFile: null,
    ...options.deps,
  });
  options.beforeReady?.(fake);
  fake.app.becomeReady();
  const app = await starting;
  if (!app) throw new Error('the shell did not start');
  return { fake, app, companions, credentials };
}

/** Lets queued promise callbacks (a dial after a preview) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}
