/**
 * The snapshot's connection.error comes with connection.errorPhrase: the same sentence as a phrase,
 * set and cleared together, over a real AMI connection (the scripted server) and in replays.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AmiClient } from '../../../electron/core/ami/client.ts';
import { agentIdentity } from '../../../electron/core/agent/identity.ts';
import { withConnection } from '../../../electron/core/agent/session.ts';
import { emptyState } from '../../../electron/core/agent/state.ts';
import { AgentEngine } from '../../../electron/core/agent/sync.ts';
import { english, formatPhrase, phrase, type Phrase } from '../../../electron/shared/phrases/index.ts';
import type { ConnectionInfo, Snapshot } from '../../../electron/shared/snapshot.ts';
import { spanishPhrases } from '../../../electron/shared/phrases/es/index.ts';
import { ScriptedAmiServer, type ScriptedServerOptions } from '../../support/scripted-ami-server.ts';
import { replaySnapshots } from '../../replay/agent-session.ts';

const spanish = (said: Phrase) => formatPhrase(said, spanishPhrases);
const identity = agentIdentity({ extension: '1001' });

/** The error and its phrase agree: both null, or the phrase worded in English is the error. */
function agreeing(connection: ConnectionInfo): Phrase | null {
  if (connection.error === null) {
    expect(connection.errorPhrase ?? null).toBeNull();
    return null;
  }
  expect(connection.errorPhrase).toBeTruthy();
  expect(english(connection.errorPhrase!)).toBe(connection.error);
  return connection.errorPhrase!;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function engineAgainst(options: ScriptedServerOptions, secret = 's3cret', configure: (server: ScriptedAmiServer) => void = () => {}) {
  const server = await ScriptedAmiServer.start(options);
  cleanups.push(() => server.close());
  configure(server);
  const client = new AmiClient({
    host: '127.0.0.1',
    port: server.port,
    username: 'agentapp',
    secret,
    keepaliveIntervalMs: 0,
    actionTimeoutMs: 100,
    backoff: () => 60_000,
  });
  cleanups.push(() => client.close());
  const engine = new AgentEngine({ connection: client, identity, syncRetryMs: 60_000 });
  const seen: Snapshot[] = [];
  engine.subscribe((s) => seen.push(s));
  cleanups.push(() => engine.stop());
  engine.start();
  await client.connect().catch(() => {});
  return { engine, seen };
}

function until(engine: AgentEngine, test: (s: Snapshot) => boolean): Promise<Snapshot> {
  if (test(engine.snapshot())) return Promise.resolve(engine.snapshot());
  return new Promise((resolve) => {
    const off = engine.subscribe((s) => {
      if (!test(s)) return;
      off();
      resolve(s);
    });
  });
}

describe('the connection line in words', () => {
  it('a refused login: failed, with the login error as the phrase', async () => {
    const { engine, seen } = await engineAgainst({}, 'wrong');
    const failed = await until(engine, (s) => s.connection.status === 'failed');
    const said = agreeing(failed.connection);
    expect(said).toEqual(phrase('ami.login-refused', { user: 'agentapp', reason: 'Authentication failed' }));
    for (const s of seen) agreeing(s.connection);
  });

  it('lists the PBX refused: live, and every problem said, in order, in one phrase', async () => {
    const deny = ['QueueStatus', 'ExtensionState', 'DeviceStateList', 'CoreShowChannels'];
    const { engine, seen } = await engineAgainst({ users: { agentapp: { secret: 's3cret', deny } } });
    const live = await until(engine, (s) => s.connection.status === 'live');
    const said = agreeing(live.connection)!;
    const denied = (action: string) => phrase('ami.response-error', { action, message: 'Permission denied' });
    const problems = [...identity.memberInterfaces.map(() => 'QueueStatus'), 'ExtensionState', 'DeviceStateList', 'CoreShowChannels'];
    expect(live.connection.error).toBe(
      `Part of the agent's state is unknown: ${problems.map((p) => `${p}: Permission denied`).join('; ')}`,
    );
    expect(said.code).toBe('sync.partial');
    expect(spanish(said)).toBe(`Parte del estado del agente es desconocida: ${problems.map((p) => `${p}: Permission denied`).join('; ')}`);
    expect(JSON.stringify(said)).toContain(JSON.stringify(denied('CoreShowChannels')));
    for (const s of seen) agreeing(s.connection);
  });

  it('a list that never completes: failed, the timeout worded inside the sync sentence', async () => {
    const { engine } = await engineAgainst({}, 's3cret', (server) => server.on('CoreShowChannels', () => {}));
    const failed = await until(engine, (s) => s.connection.status === 'failed');
    const said = agreeing(failed.connection);
    expect(said).toEqual(phrase('sync.failed', { why: phrase('ami.action-timeout', { action: 'CoreShowChannels', ms: 100 }) }));
    expect(spanish(said!)).toBe(
      'No se pudo leer el estado del agente desde la centralita: CoreShowChannels: la centralita no respondió en 100 ms',
    );
  });

  it('the error and its phrase are cleared together, and the same words again are no change', () => {
    const start = emptyState(identity);
    expect(start.snapshot.connection).toMatchObject({ error: null, errorPhrase: null });
    const lost = withConnection(start, { status: 'reconnecting', error: phrase('sync.connection-lost') }, 1);
    expect(lost.snapshot.connection).toMatchObject({
      error: 'The connection to the PBX was lost.',
      errorPhrase: phrase('sync.connection-lost'),
    });
    expect(withConnection(lost, { status: 'reconnecting', error: phrase('sync.connection-lost') }, 2)).toBe(lost);
    expect(withConnection(lost, { status: 'syncing' }, 3).snapshot.connection.errorPhrase).toEqual(phrase('sync.connection-lost'));
    const back = withConnection(lost, { status: 'live', error: null }, 4);
    expect(back.snapshot.connection).toMatchObject({ error: null, errorPhrase: null });
  });
});

describe('the connection line in replays', () => {
  it('a refused login, a restart and a lost connection carry their phrases', () => {
    const login = replaySnapshots([
      'asterisk-22/02-login-failure-and-permissions.conn1.ami.raw',
      'asterisk-22/02-login-failure-and-permissions.conn2.ami.raw',
    ]);
    const failed = login.find((s) => s.connection.status === 'failed')!;
    expect(agreeing(failed.connection)).toEqual(phrase('sync.login-refused'));
    expect(spanish(phrase('sync.login-refused'))).toBe('La centralita rechazó el inicio de sesión (usuario o clave incorrectos).');

    const restart = replaySnapshots(['asterisk-22/12-reload-and-restart.conn3.ami.raw', 'asterisk-22/12-reload-and-restart.conn4.ami.raw']);
    const phrases = restart.map((s) => agreeing(s.connection)).filter((p) => p !== null);
    expect(phrases).toContainEqual(phrase('sync.pbx-restarting'));
    for (const s of [...login, ...restart]) agreeing(s.connection);
  });
});
