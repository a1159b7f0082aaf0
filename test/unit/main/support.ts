/**
 * What the main-process tests run the shell with: the fake Electron (Electron's binary cannot run here)
 * and everything else real: the core (`coreFactory`, as index.ts builds it) logged in over TCP to a demo
 * PBX started for the test file. The secrets are kept in memory (MemoryCredentialStore): these tests are
 * about the shell, not the keychain, so they run without a Secret Service; the keychain itself is tested
 * for real in test/unit/credentials. Tests check what reaches the PBX (the demo's received actions) and
 * what comes back in the snapshots.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import type { AmiMessage } from '../../../electron/core/ami/message.ts';
import { MemoryCredentialStore } from '../../../electron/core/credentials/memory.ts';
import { amiAccount } from '../../../electron/core/credentials/store.ts';
import { startDemoPbx, type DemoPbx, type DemoPbxOptions } from '../../../electron/core/demo/index.ts';
import type { AppDeps, RunningApp } from '../../../electron/main/app.ts';
import { startApp } from '../../../electron/main/app.ts';
import { coreFactory } from '../../../electron/main/core-factory.ts';
import type { Snapshot } from '../../../electron/shared/snapshot.ts';
import { FakeElectron } from './fake-electron.ts';

/** The secrets every shell of this test file uses. */
export const credentials = new MemoryCredentialStore();

/** A describe for tests that run the shell. */
export const describeShell = (name: string, body: () => void) => describe(name, body);

export const AGENT = { username: 'agent', secret: 'demo', extension: '1001' };

let pbx: DemoPbx | null = null;
const shells: Shell[] = [];
const accounts = new Set<string>();

/** The demo PBX of this test file (started by usePbx()). */
export function demoPbx(): DemoPbx {
  if (!pbx) throw new Error('call usePbx() at the top of the test file');
  return pbx;
}

/** The keychain account the shells log in with. */
export function agentAccount(): string {
  const { host, port } = demoPbx();
  return amiAccount({ username: AGENT.username, host, port });
}

/**
 * Starts a demo PBX for the test file and stores the agent's secret in the keychain; after each test the
 * shells are closed and the PBX put back as it was (no call, not paused); after the file both are gone.
 * The agent's phone rings until `control.answer()`; other phones answer at once.
 */
export function usePbx(options: DemoPbxOptions = {}): void {
  beforeAll(async () => {
    pbx = await startDemoPbx({ answerAfterMs: null, otherAnswerAfterMs: 5, authFailDelayMs: 10, ...options });
    await credentials.set(agentAccount(), AGENT.secret);
    accounts.add(agentAccount());
  });
  afterEach(async () => {
    for (const shell of shells.splice(0)) await shell.close();
    if (!pbx) return;
    for (const id of pbx.control.activeCalls()) pbx.control.callerHangup(id);
    pbx.control.pause({ paused: false });
    await credentials.set(agentAccount(), AGENT.secret);
  });
  afterAll(async () => {
    for (const account of accounts) await credentials.delete(account).catch(() => false);
    await pbx?.close();
    pbx = null;
  });
}

/** Settings that point the app at the demo PBX as a configured PBX; `overrides` are merged a level deep. */
export function configured(overrides: Record<string, Record<string, unknown> | unknown> = {}): Record<string, unknown> {
  const { host, port } = demoPbx();
  const base: Record<string, Record<string, unknown>> = {
    pbx: { host, port, username: AGENT.username, extension: AGENT.extension },
    dialing: { confirmBeforeDial: false },
  };
  const merged: Record<string, unknown> = { version: 1, ...base };
  for (const [key, value] of Object.entries(overrides)) {
    merged[key] = value && typeof value === 'object' && !Array.isArray(value) ? { ...(base[key] ?? {}), ...value } : value;
  }
  return merged;
}

export interface Shell {
  fake: FakeElectron;
  app: RunningApp;
  /** What this shell's cores sent to the demo PBX, parsed into actions (every session opened since it started). */
  sent(): AmiMessage[];
  /** The Originate actions among them. */
  originates(): AmiMessage[];
  /** The first snapshot (now or coming) the shell shows for which `test` holds; fails saying `what` if none comes. */
  until(test: (snapshot: Snapshot) => boolean, what: string): Promise<Snapshot>;
  close(): Promise<void>;
}

export interface StartOptions {
  fake?: FakeElectron;
  /** The settings file's content; null: none (a first run). Default: configured(). */
  settings?: object | null;
  argv?: string[];
  beforeReady?: (fake: FakeElectron) => void;
  deps?: Partial<AppDeps>;
  /** Resolve before the core is live (default: wait until it is, when a PBX is configured). */
  live?: boolean;
}

/** Writes the settings into the fake user data folder, starts the shell on the real core and makes the app ready. */
export async function startShell(options: StartOptions = {}): Promise<Shell> {
  const fake = options.fake ?? new FakeElectron();
  const settings = options.settings === undefined ? configured() : options.settings;
  if (settings !== null) {
    mkdirSync(fake.app.userData, { recursive: true });
    writeFileSync(join(fake.app.userData, 'settings.json'), JSON.stringify(settings));
  }
  const demo = pbx;
  const before = demo ? Math.max(0, ...demo.control.sessions().map((s) => s.id)) : 0;
  const starting = startApp(fake, {
    createCompanion: coreFactory(),
    credentials,
    argv: options.argv ?? ['/opt/pbx-companion/pbx-companion'],
    adminFile: null,
    ...options.deps,
  });
  options.beforeReady?.(fake);
  fake.app.becomeReady();
  const app = await starting;
  if (!app) throw new Error('the shell did not start');

  const sent = () =>
    demo
      ? demo.control
          .sessions()
          .filter((s) => s.id > before)
          .flatMap((s) => demo.control.receivedActions(s.id))
      : [];
  const shell: Shell = {
    fake,
    app,
    sent,
    originates: () => sent().filter((action) => action.get('Action') === 'Originate'),
    until: (test, what) => until(app, test, what),
    async close() {
      for (const window of fake.windows) if (!window.isDestroyed()) window.close();
      fake.app.emit('will-quit');
      await app.host.close();
    },
  };
  shells.push(shell);
  if (options.live !== false && app.settings.settings.pbx.host)
    await shell.until((s) => s.connection.status === 'live' && s.queues.length > 0, 'the core logged in and synced');
  return shell;
}

/** Waits for a snapshot of the running app; the wait is bounded so a missing one fails with what was expected. */
export function until(app: RunningApp, test: (snapshot: Snapshot) => boolean, what: string, maxWaitMs = 10_000): Promise<Snapshot> {
  const now = app.host.snapshot();
  if (test(now)) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      const last = app.host.snapshot();
      reject(
        new Error(
          `never saw: ${what}; the last snapshot: ${JSON.stringify({ connection: last.connection, extension: last.extension, calls: last.calls, queues: last.queues.map((q) => [q.name, q.paused, q.pausedReason]) })}`,
        ),
      );
    }, maxWaitMs);
    const stop = app.host.subscribe((snapshot) => {
      if (!test(snapshot)) return;
      clearTimeout(timer);
      stop();
      resolve(snapshot);
    });
  });
}

/** Waits until `check` stops throwing (something the shell does after an event from the PBX), bounded. */
export async function eventually<T>(check: () => T, maxWaitMs = 10_000): Promise<T> {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

/** Lets queued promise callbacks run (work the shell does right after an event of the fake Electron). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** The call states a shell shows for its calls, in order, repeats dropped: what the agent saw happen. */
export function recordCallStates(app: RunningApp): () => string[] {
  const seen: string[] = [];
  const note = (snapshot: Snapshot) => {
    const state = snapshot.calls.length === 0 ? 'none' : snapshot.calls.map((call) => `${call.direction}:${call.state}`).join(',');
    if (seen.at(-1) !== state) seen.push(state);
  };
  note(app.host.snapshot());
  app.host.subscribe(note);
  return () => seen;
}

/**
 * Issue 6's "Done when", from the PBX's side: exactly one Originate reached the PBX with the bytes a real
 * Asterisk accepts (the agent's phone first, from-internal, the number as normalised, Async), the agent's
 * phone rang with the number shown, and once answered the PBX dialled the number and connected it.
 */
export async function expectDialledAndConnected(shell: Shell, exten: string, callerName: string): Promise<void> {
  const { control } = demoPbx();
  await shell.until(
    (s) => s.extension.state === 'ringing' && s.calls.some((c) => c.direction === 'outbound' && c.remote.number === exten),
    `the agent's phone rings for ${exten}`,
  );
  const originates = shell.originates();
  expect(originates).toHaveLength(1);
  const headers = originates[0]!.raw.split('\r\n').map((line) => line.slice(0, line.indexOf(':')));
  expect(headers).toEqual(['Action', 'ActionID', 'Channel', 'Context', 'Exten', 'Priority', 'CallerID', 'Timeout', 'Async']);
  expect(originates[0]!.raw.replace(/^ActionID: .*\r\n/m, '')).toBe(
    [
      'Action: Originate',
      'Channel: PJSIP/1001',
      'Context: from-internal',
      `Exten: ${exten}`,
      'Priority: 1',
      `CallerID: "${callerName}" <${exten}>`,
      'Timeout: 30000',
      'Async: true',
    ].join('\r\n'),
  );

  const states = recordCallStates(shell.app);
  const farEnd = new Promise<void>((resolve) => {
    const stop = control.onCall((notice) => {
      if (notice.type === 'answered' && !notice.channel.startsWith(`PJSIP/${AGENT.extension}-`)) {
        stop();
        resolve();
      }
    });
  });
  expect(control.answer()).toBe(true);
  await farEnd;
  const connected = await shell.until(
    (s) =>
      states().filter((state) => state === 'outbound:up').length >= 2 &&
      s.calls.some((c) => c.direction === 'outbound' && c.state === 'up') &&
      s.extension.state === 'inuse',
    `${exten} answered and is connected to the agent`,
  );
  // What the agent saw: the phone rang, it was answered, the PBX dialled out, the number answered.
  expect(states()).toEqual(['outbound:dialing', 'outbound:up', 'outbound:dialing', 'outbound:up']);
  expect(connected.calls).toEqual([
    expect.objectContaining({ direction: 'outbound', state: 'up', remote: expect.objectContaining({ number: exten }) }),
  ]);
  expect(shell.originates()).toHaveLength(1);
  // How it went reaches the windows in words, and as a phrase the popover words in the agent's language (a notification only when it failed).
  await eventually(() =>
    expect(shell.fake.windows[0]!.webContents.messages('push:notice')).toContainEqual({
      message: `Your phone answered: calling ${exten}.`,
      phrase: { code: 'dial.answered', params: { exten } },
    }),
  );
  expect(shell.fake.notificationsShown.map((n) => n.body)).not.toContain(`Your phone answered: calling ${exten}.`);
}

/** Nothing was dialled: no Originate (nor any other call-changing action) reached the PBX. */
export function expectNothingDialled(shell: Shell): void {
  const actions = shell.sent().map((a) => a.get('Action'));
  expect(actions.filter((a) => /^(Originate|Hangup|Redirect|BlindTransfer|Atxfer)$/i.test(a ?? ''))).toEqual([]);
}
