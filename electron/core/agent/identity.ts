/**
 * Who "I" am on the PBX. From the agent's extension (e.g. 1001) and a few settings we derive every
 * name Asterisk uses for this agent: the device (`PJSIP/1001`), the hint (`1001@ext-local`), the
 * queue member interfaces (`PJSIP/1001`, `Local/1001@from-queue/n`, state interface
 * `hint:1001@ext-local`) and a test for the channels of a call that reach the agent
 * (`PJSIP/1001-0000000a`, `Local/1001@from-queue-00000001;1` and `;2`).
 *
 * With an agent number (Asterisk's agent pool, Issabel's call center) the agent is also the pool's
 * `Local/9001@<context>` members (state interface `Agent:9001`) and their Local legs; the context is
 * whatever the PBX's QueueStatus says, never assumed.
 *
 * Defaults follow FreePBX and Issabel (and the lab PBX in ../shared/fixtures: hints in
 * `ext-local`, queue members `Local/N@from-queue/n`).
 */
import { AGENT_NUMBER, EXTENSION } from '../../shared/fields.ts';

export type Technology = 'PJSIP' | 'SIP' | 'IAX2';

export interface IdentitySettings {
  extension: string;
  /** Channel technology of the agent's phone; default PJSIP (chan_sip on Asterisk 18/Issabel: SIP). */
  technology?: Technology;
  /** An explicit device, e.g. `SIP/agent1001`, when it is not TECH/extension. */
  device?: string;
  /** The dialplan context of the hints; default `ext-local`. */
  hintContext?: string;
  /** The context of Local-channel queue members; default `from-queue`. */
  localMemberContext?: string;
  /**
   * The agent number in Asterisk's agent pool (app_agent_pool, Issabel's call center), e.g. 9001:
   * its queue members are `Local/9001@<context>` with state interface `Agent:9001`.
   */
  agent?: string;
}

export interface AgentIdentity {
  readonly extension: string;
  /** The agent number in the agent pool, or null when the agent is no pool agent. */
  readonly agent: string | null;
  /** e.g. `PJSIP/1001`. */
  readonly device: string;
  readonly hintContext: string;
  /** e.g. `1001@ext-local`. */
  readonly hint: string;
  /** How queues may know this agent: `PJSIP/1001`, `Local/1001@from-queue/n`, `Local/1001@from-queue`. */
  readonly memberInterfaces: readonly string[];
  /** State interfaces of those members: `PJSIP/1001`, `hint:1001@ext-local`. */
  readonly stateInterfaces: readonly string[];
  /** Substrings of a raw AMI message that may concern this agent (a cheap pre-filter, see relevance.ts). */
  readonly markers: readonly string[];
  /** A channel of this agent: the phone's `PJSIP/1001-...` or a `Local/1001@...;1|;2` leg. */
  isMyChannel(name: string | undefined): boolean;
  /** The phone's own channel (`PJSIP/1001-...`), not a Local leg. */
  isMyDeviceChannel(name: string | undefined): boolean;
  isMyDevice(device: string | undefined): boolean;
  /** A queue member interface or state interface of this agent. */
  isMyInterface(iface: string | undefined): boolean;
  /** A queue member interface or state interface of this agent's pool agent (`Local/9001@agents`, `Agent:9001`). */
  isMyAgentInterface(iface: string | undefined): boolean;
  isMyHint(exten: string | undefined, context: string | undefined, hint: string | undefined): boolean;
}

export class IdentityError extends Error {
  override name = 'IdentityError';
}

const CONTEXT = /^[A-Za-z0-9_-]{1,64}$/;
const DEVICE = /^[A-Za-z0-9]+\/[^\s/;@]{1,64}$/;

export function agentIdentity(settings: IdentitySettings): AgentIdentity {
  const extension = String(settings?.extension ?? '').trim();
  if (!EXTENSION.test(extension))
    throw new IdentityError(`the extension ${JSON.stringify(extension)} is not a dialplan extension such as 1001`);
  const technology = settings.technology ?? 'PJSIP';
  if (!['PJSIP', 'SIP', 'IAX2'].includes(technology))
    throw new IdentityError(`the technology ${JSON.stringify(technology)} is not PJSIP, SIP or IAX2`);
  const device = settings.device?.trim() || `${technology}/${extension}`;
  if (!DEVICE.test(device)) throw new IdentityError(`the device ${JSON.stringify(device)} is not a device such as PJSIP/1001`);
  const hintContext = settings.hintContext?.trim() || 'ext-local';
  const localContext = settings.localMemberContext?.trim() || 'from-queue';
  for (const [what, value] of [
    ['hint context', hintContext],
    ['local member context', localContext],
  ] as const) {
    if (!CONTEXT.test(value)) throw new IdentityError(`the ${what} ${JSON.stringify(value)} is not a dialplan context`);
  }
  const agentText = settings.agent === undefined || settings.agent === null ? '' : String(settings.agent).trim();
  if (agentText !== '' && !AGENT_NUMBER.test(agentText))
    throw new IdentityError(`the agent ${JSON.stringify(agentText.slice(0, 40))} is not an agent number such as 9001 (digits only)`);
  const agent = agentText || null;
  const hint = `${extension}@${hintContext}`;
  const memberInterfaces = [device, `Local/${extension}@${localContext}/n`, `Local/${extension}@${localContext}`];
  const stateInterfaces = [device, `hint:${hint}`];
  const deviceLower = device.toLowerCase();
  const localPrefix = `local/${extension.toLowerCase()}@`;
  const interfaces = new Set([...memberInterfaces, ...stateInterfaces].map((i) => i.toLowerCase()));

  /** `PJSIP/1001-0000000a` -> `pjsip/1001`; `Local/1001@q-00000001;2` -> `local/1001@q`. */
  const base = (name: string): string => {
    let n = name;
    const semi = n.lastIndexOf(';');
    if (semi > 0) n = n.slice(0, semi);
    const dash = n.lastIndexOf('-');
    return (dash > 0 ? n.slice(0, dash) : n).toLowerCase();
  };
  const isMyDeviceChannel = (name: string | undefined): boolean => !!name && name.length > device.length && base(name) === deviceLower;
  const isLocalOf = (prefix: string, name: string): boolean =>
    name.length > prefix.length && base(name).startsWith(prefix) && !base(name).includes('/', prefix.length);
  // The pool's member legs: `Local/9001@agents-00000001;1` and `;2` (the context is the PBX's, whichever it is).
  const agentPrefix = agent === null ? null : `local/${agent}@`;
  const isMyLocal = (name: string): boolean => isLocalOf(localPrefix, name) || (agentPrefix !== null && isLocalOf(agentPrefix, name));
  /** `Local/9001@agents`, `Local/9001@agents/n`, `Agent:9001` (and `Agent/9001`, accepted by Asterisk though never dialled). */
  const isMyAgentInterface = (iface: string | undefined): boolean => {
    if (agent === null || !iface) return false;
    const lower = iface.toLowerCase();
    if (lower === `agent:${agent}` || lower === `agent/${agent}`) return true;
    return CONTEXT.test(lower.slice(agentPrefix!.length).replace(/\/n$/, '')) && lower.startsWith(agentPrefix!);
  };

  const agentMarkers = agent === null ? [] : [`/${agent}@`, `:${agent}\r\n`, `: ${agent}\r\n`];
  return {
    extension,
    agent,
    device,
    hintContext,
    hint,
    memberInterfaces,
    stateInterfaces,
    markers: [device, `/${extension}@`, `:${extension}@`, `: ${extension}\r\n`, ...agentMarkers],
    isMyChannel: (name) => !!name && (isMyDeviceChannel(name) || isMyLocal(name)),
    isMyDeviceChannel,
    isMyDevice: (d) => !!d && d.toLowerCase() === deviceLower,
    isMyInterface: (iface) => (!!iface && interfaces.has(iface.toLowerCase())) || isMyAgentInterface(iface),
    isMyAgentInterface,
    isMyHint: (exten, context, hintValue) => {
      if (exten !== extension) return false;
      if (context === hintContext) return true;
      // A hint in another context still counts when it names this agent's device.
      return !!hintValue && hintValue.toLowerCase().split('&').includes(deviceLower);
    },
  };
}
