/**
 * `team --host H --user U --extension 1001 [--colleagues 1002,1003] [--max-members N] [--timeout MS]`:
 * logs in once, reads the agent's picture and the team view as the app does (the agent's queues'
 * members and the listed colleagues, their phones' states and pauses, the queues' live numbers),
 * prints two tables and exits. The input is checked before anything connects.
 */
import { parseArgs } from 'node:util';
import { AgentEngine } from '../agent/sync.ts';
import type { AmiClient } from '../ami/client.ts';
import { TeamEngine } from '../team/engine.ts';
import type { Colleague, QueueFigures, TeamInfo } from '../../shared/snapshot.ts';
import type { CliIO } from './io.ts';
import { CONNECTION_OPTIONS, type ConnectionValues } from './connection-options.ts';
import { connect, isUsageError } from './agent-verbs.ts';
import { TEAM_OPTIONS, teamSettings } from './team-options.ts';

const DEFAULT_TIMEOUT_MS = 10_000;
const STATE_WORDS: Record<Colleague['state'], string> = {
  unknown: 'unknown',
  unavailable: 'unavailable',
  idle: 'idle',
  ringing: 'ringing',
  inuse: 'in use',
  onhold: 'on hold',
};
/** A name is cut to this many characters in the table (the PBX's names can be long, or hostile). */
const NAME_WIDTH = 24;

export async function run(args: string[], io: CliIO): Promise<number> {
  let client: AmiClient | null = null;
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { ...CONNECTION_OPTIONS, ...TEAM_OPTIONS, timeout: { type: 'string' } },
      allowPositionals: true,
    });
    if (positionals.length > 0) {
      io.err(`team: unexpected ${JSON.stringify(positionals[0]!.slice(0, 40))}: team --extension 1001 [--colleagues 1002,1003]`);
      return 2;
    }
    const settings = teamSettings('team', values, io);
    if (typeof settings === 'number') return settings;
    const timeoutMs = values.timeout === undefined ? DEFAULT_TIMEOUT_MS : Number(values.timeout);
    if (!(Number.isInteger(timeoutMs) && timeoutMs > 0 && timeoutMs <= 600_000)) {
      io.err('team: --timeout must be a whole number of milliseconds from 1 to 600000');
      return 2;
    }
    const connected = await connect('team', values as ConnectionValues, io);
    if (typeof connected === 'number') return connected;
    client = connected.client;
    const agent = new AgentEngine({ connection: client, identity: connected.identity });
    const team = new TeamEngine({ ...settings, connection: client, identity: connected.identity, agent });
    const synced = team.whenSynced();
    agent.start();
    team.start();
    try {
      const info = await within(synced, timeoutMs, io.signal);
      if (info === 'timeout') {
        io.err(`team: the PBX did not answer the team's lists within ${timeoutMs} ms`);
        return 1;
      }
      for (const line of tables(team.info(), Date.now())) io.out(line);
      return 0;
    } finally {
      team.stop();
      agent.stop();
    }
  } catch (error) {
    io.err(`team: ${error instanceof Error ? error.message : String(error)}`);
    return isUsageError(error) ? 2 : 1;
  } finally {
    await client?.close();
  }
}

/** `done`, or 'timeout' after `ms` (or on Ctrl+C). */
async function within(done: Promise<void>, ms: number, signal: AbortSignal): Promise<'done' | 'timeout'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
    signal.addEventListener('abort', () => resolve('timeout'), { once: true });
  });
  try {
    return await Promise.race([done.then(() => 'done' as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The colleagues' table, then the queues' table, as lines of aligned columns. */
export function tables(team: TeamInfo, now: number): string[] {
  const colleagues = columns(
    ['EXTENSION', 'STATE', 'PAUSED', 'ON CALL', 'NAME', 'QUEUES'],
    team.members.map((c) => [
      c.extension,
      STATE_WORDS[c.state],
      paused(c),
      c.onCallSince === null ? '-' : duration(now - c.onCallSince),
      name(c),
      c.queues.join(',') || '-',
    ]),
  );
  const queues = columns(
    ['QUEUE', 'WAITING', 'LONGEST', 'ANSWERED', 'ABANDONED', 'SERVICE', 'AVAILABLE', 'PAUSED', 'BUSY'],
    team.queues.map((q) => [
      q.name,
      String(q.callsWaiting),
      duration(q.longestWaitSeconds * 1000),
      String(q.answered),
      String(q.abandoned),
      serviceLevel(q),
      String(q.available),
      String(q.paused),
      String(q.busy),
    ]),
  );
  return [`Colleagues: ${team.members.length}`, ...colleagues, '', `Queues: ${team.queues.length}`, ...queues];
}

function paused(c: Colleague): string {
  if (c.paused === null) return '-';
  if (!c.paused) return 'no';
  return c.pausedReason ? `yes (${c.pausedReason})` : 'yes';
}

/** The name as plain text in one cell: already free of control characters, cut to the column. */
function name(c: Colleague): string {
  const text = c.name || '-';
  return text.length > NAME_WIDTH ? `${text.slice(0, NAME_WIDTH - 1)}…` : text;
}

function serviceLevel(q: QueueFigures): string {
  return q.serviceLevel === null ? '-' : `${q.serviceLevel.toFixed(1)}%`;
}

/** `m:ss`, or `h:mm:ss` past an hour. */
function duration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Rows under a header, each column as wide as its widest cell, two spaces between, no trailing blanks. */
function columns(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((cells) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
}
