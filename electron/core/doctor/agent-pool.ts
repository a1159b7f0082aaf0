/**
 * The doctor's checks for an agent of Asterisk's agent pool (app_agent_pool, Issabel's call center),
 * read-only: the module answers the Agents list, the agent is in agents.conf, and a queue has it as
 * a member the PBX can dial. Since Asterisk 12 a member `Agent/9001` is accepted but never dialled:
 * the working form is `Local/9001@<context running AgentRequest>` with state interface `Agent:9001`
 * (../shared/fixtures/asterisk-22-agents).
 */
import { AmiAction } from '../ami/action.ts';
import type { AmiClient } from '../ami/client.ts';
import { AmiResponseError } from '../ami/errors.ts';
import type { AmiMessage } from '../ami/message.ts';
import type { ConnectionCheck } from '../../shared/bridge.ts';
import { printable } from '../../shared/control-characters.ts';

export async function agentPoolChecks(client: AmiClient, agent: string): Promise<ConnectionCheck[]> {
  let agents: readonly AmiMessage[];
  try {
    agents = (await client.listAction(AmiAction.build('Agents'))).items;
  } catch (error) {
    if (error instanceof AmiResponseError && error.permissionDenied)
      return [
        { id: 'Agents', state: 'fail', needs: 'agent', detail: 'Permission denied: the agent pool cannot be read (needs write = agent)' },
      ];
    if (error instanceof AmiResponseError && error.moduleMissing)
      return [
        {
          id: 'Agents',
          state: 'fail',
          detail:
            'app_agent_pool is not loaded: remove "noload => app_agent_pool.so" from modules.conf, then "module load app_agent_pool.so"',
        },
      ];
    return [{ id: 'Agents', state: 'fail', detail: printable(error instanceof Error ? error.message : String(error)) }];
  }
  const item = agents.find((a) => a.name === 'Agents' && a.get('Agent') === agent);
  if (!item)
    return [
      {
        id: 'Agents',
        state: 'fail',
        detail: `agent ${agent} is not in agents.conf (add a [${agent}] section, then "module reload app_agent_pool.so")`,
      },
    ];
  const status = item.get('Status') === 'AGENT_LOGGEDOFF' ? 'logged off' : `logged in on ${printable(item.get('Channel') ?? '?')}`;
  const checks: ConnectionCheck[] = [
    { id: 'Agents', state: 'ok', detail: `agent ${agent} (${printable(item.get('Name') ?? '')}) exists, ${status}` },
  ];
  checks.push(await memberCheck(client, agent));
  return checks;
}

/** Is agent N a member a queue can dial: `Local/N@ctx` with state interface `Agent:N`, and no `Agent/N`? */
async function memberCheck(client: AmiClient, agent: string): Promise<ConnectionCheck> {
  let members: AmiMessage[];
  try {
    members = (await client.listAction(AmiAction.build('QueueStatus'))).items.filter((i) => i.name === 'QueueMember');
  } catch (error) {
    return {
      id: 'agent member',
      state: 'warning',
      detail: `QueueStatus: ${printable(error instanceof Error ? error.message : String(error))}`,
    };
  }
  const where = (m: AmiMessage) => m.get('Location') ?? m.get('Interface') ?? '';
  const dead = members.filter((m) => where(m).toLowerCase() === `agent/${agent}`);
  if (dead.length > 0)
    return {
      id: 'agent member',
      state: 'warning',
      detail: `queue ${printable(dead[0]!.get('Queue') ?? '')} has member Agent/${agent}, which Asterisk 12 and later never dial: use Local/${agent}@<context running AgentRequest(${agent})> with state interface Agent:${agent}`,
    };
  const good = members.filter(
    (m) => m.get('StateInterface')?.toLowerCase() === `agent:${agent}` && where(m).toLowerCase().startsWith(`local/${agent}@`),
  );
  if (good.length === 0)
    return {
      id: 'agent member',
      state: 'warning',
      detail: `no queue has agent ${agent} as a member: add "member => Local/${agent}@agents,0,<name>,Agent:${agent}" (a context running AgentRequest(\${EXTEN}))`,
    };
  return {
    id: 'agent member',
    state: 'ok',
    detail: good.map((m) => `${printable(m.get('Queue') ?? '')}: ${printable(where(m))}`).join(', '),
  };
}
