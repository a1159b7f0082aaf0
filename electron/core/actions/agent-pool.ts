/**
 * Logging in and out of Asterisk's agent pool (app_agent_pool, Issabel's call center), as Issabel's
 * agent console does it (../shared/fixtures/asterisk-22-agents):
 *
 *   log in:  Originate Channel: PJSIP/1001, Application: AgentLogin, Data: 9001: the agent's OWN
 *            phone rings (never another: the channel is the identity's device, whatever the
 *            settings say), and once answered it holds the login call for the whole shift.
 *   log out: AgentLogoff Agent: 9001 (Soft while a customer's call is on, so it is not cut off).
 *
 * The Agents list is read first, so the usual refusals come in words before any phone rings: no
 * such agent, already logged in on another phone. The login's outcome is the PBX's AgentLogin
 * event; the login channel hanging up without one means the PBX refused it.
 */
import { AmiAction } from '../ami/action.ts';
import { AmiResponseError } from '../ami/errors.ts';
import type { AmiMessage } from '../ami/message.ts';
import type { AmiConnection } from '../ami/types.ts';
import type { AgentIdentity } from '../agent/identity.ts';
import type { VerbResult } from '../../shared/companion.ts';
import type { Snapshot } from '../../shared/snapshot.ts';
import { phrase, refusal, refused, succeeded } from '../../shared/phrases/index.ts';
import { explainFailurePhrase, explainOriginateFailurePhrase } from './errors.ts';
import type { ActionRunner } from './runner.ts';
import { channel } from './validate.ts';

export interface AgentPoolOptions {
  connection: AmiConnection;
  runner: ActionRunner;
  identity: AgentIdentity;
  snapshot: () => Snapshot;
  /** How long the agent's phone rings for the login, ms; default 30 s. */
  ringMs?: number;
  /** How long after the phone answered the PBX may take to say AgentLogin, ms; default 10 s. */
  graceMs?: number;
}

const DEFAULT_RING_MS = 30_000;

/** What the Agents list says of one agent: absent (no such agent), logged off, or logged in on a channel. */
type Listed = { kind: 'absent' } | { kind: 'logged-off' } | { kind: 'logged-in'; channel: string } | VerbResult;

async function listed(connection: AmiConnection, agent: string): Promise<Listed> {
  let items: readonly AmiMessage[];
  try {
    items = (await connection.listAction(AmiAction.build('Agents'))).items;
  } catch (error) {
    if (error instanceof AmiResponseError && error.moduleMissing) return refused('agent.pool-not-loaded');
    return refusal(explainFailurePhrase('Agents', error));
  }
  const item = items.find((i) => i.name === 'Agents' && i.get('Agent') === agent);
  if (!item) return { kind: 'absent' };
  if (item.get('Status') === 'AGENT_LOGGEDOFF') return { kind: 'logged-off' };
  return { kind: 'logged-in', channel: item.get('Channel') ?? '' };
}

export async function agentLogin(o: AgentPoolOptions): Promise<VerbResult> {
  const agent = o.identity.agent;
  if (agent === null) return refused('agent.no-number');
  if (o.snapshot().connection.status !== 'live') return refused('dial.not-connected');
  const state = await listed(o.connection, agent);
  if ('ok' in state) return state;
  if (state.kind === 'absent') return refused('agent.no-such-agent', { agent });
  if (state.kind === 'logged-in') {
    if (o.identity.isMyDeviceChannel(state.channel)) return succeeded('agent.already-logged-in', { agent });
    return refused('agent.logged-in-elsewhere', { agent, channel: state.channel.replace(/-[0-9a-f]+$/i, '') });
  }
  const ringMs = o.ringMs ?? DEFAULT_RING_MS;
  const action = AmiAction.build('Originate', {
    Channel: channel(o.identity.device),
    Application: 'AgentLogin',
    Data: agent,
    CallerID: `"Agent ${agent} login" <${agent}>`,
    Timeout: ringMs,
    Async: true,
  });
  return new Promise<VerbResult>((resolve) => {
    let actionId: string | null = null;
    let loginChannel: string | null = null;
    const early: AmiMessage[] = [];
    const done = (result: VerbResult) => {
      off();
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => done(refused('agent.login-no-word', { agent })), ringMs + (o.graceMs ?? 10_000));
    timer.unref?.();
    const onOriginate = (event: AmiMessage) => {
      if (event.get('Response') === 'Success') loginChannel = event.get('Uniqueid') ?? null;
      else done(refusal(explainOriginateFailurePhrase(event.get('Reason'))));
    };
    const off = o.connection.onEvent((event) => {
      switch (event.name) {
        case 'OriginateResponse':
          if (actionId === null) early.push(event);
          else if (event.get('ActionID') === actionId) onOriginate(event);
          return;
        case 'AgentLogin':
          if (event.get('Agent') === agent && o.identity.isMyDeviceChannel(event.get('Channel')))
            done(succeeded('agent.logged-in', { agent }));
          return;
        case 'Hangup':
          // The phone answered, AgentLogin refused it (an agent logged in elsewhere meanwhile) and hung up.
          if (loginChannel !== null && event.get('Uniqueid') === loginChannel) done(refused('agent.login-refused', { agent }));
          return;
      }
    });
    o.connection.action(action).then(
      (response) => {
        actionId = response.get('ActionID') ?? '';
        const seen = early.find((event) => event.get('ActionID') === actionId);
        if (seen) onOriginate(seen);
      },
      (error: unknown) => done(refusal(explainFailurePhrase('Originate', error))),
    );
  });
}

export async function agentLogout(o: AgentPoolOptions): Promise<VerbResult> {
  const agent = o.identity.agent;
  if (agent === null) return refused('agent.no-number');
  const snapshot = o.snapshot();
  if (snapshot.agent && !snapshot.agent.loggedIn) return succeeded('agent.not-logged-in', { agent });
  // A customer on the line is not cut off: the PBX logs the agent out when the call ends.
  const soft = snapshot.calls.length > 0;
  const result = await o.runner.run(() => AmiAction.build('AgentLogoff', { Agent: agent, Soft: soft ? 'true' : undefined }), {
    success: phrase(soft ? 'agent.logout-after-call' : 'agent.logged-out', { agent }),
  });
  if (result.ok) return result;
  // The PBX's own words are in the refusal's English.
  if (/no such agent/i.test(result.error)) return refused('agent.no-such-agent', { agent });
  if (/not logged in/i.test(result.error)) return succeeded('agent.not-logged-in', { agent });
  return result;
}
