/**
 * Which agents the PBX has, read from its own lists so the relay needs no agent list (issue 17,
 * item 1): the queues' members (QueueStatus's QueueMember items, and each QueueMemberAdded later)
 * and the extensions whose hint names their phone (ExtensionStateList). A member is known by its
 * interface or state interface, in the forms agent/identity.ts derives from an extension: the
 * device (`PJSIP/1001`, `SIP/1001` on chan_sip), a Local member (`Local/1001@from-queue/n`) or a
 * hint (`hint:1001@ext-local`). A member's name ("Agent 1001") is a label, never read. A member
 * that is none of these (an `Agent:9001` of the agent pool, a phone of another technology) is not
 * an agent the relay can serve, and is skipped.
 */
import type { AmiMessage } from '../ami/message.ts';
import { EXTENSION } from '../../shared/fields.ts';
import type { Technology } from '../agent/identity.ts';
import { deskInboxPrefix } from './subjects.ts';

export interface DiscoveryIdentity {
  technology?: Technology;
  hintContext?: string;
  localMemberContext?: string;
}

/** An extension the relay can serve: a dialplan extension that is also one NATS subject token. */
function servable(extension: string | undefined): string | null {
  if (!extension || !EXTENSION.test(extension)) return null;
  try {
    deskInboxPrefix(extension); // a subject token, and not the relay's own inbox
    return extension;
  } catch {
    return null;
  }
}

/** The extension a queue interface names (`PJSIP/1001`, `Local/1001@from-queue/n`, `hint:1001@ext-local`), or null. */
export function extensionOfInterface(iface: string | undefined, identity: DiscoveryIdentity = {}): string | null {
  if (!iface) return null;
  const technology = (identity.technology ?? 'PJSIP').toLowerCase();
  const lower = iface.toLowerCase();
  const slash = lower.indexOf('/');
  if (slash > 0 && lower.slice(0, slash) === technology) return servable(iface.slice(slash + 1));
  const local = /^local\/([^@/]+)@([^/]+?)(\/n)?$/.exec(lower);
  if (local && local[2] === (identity.localMemberContext ?? 'from-queue').toLowerCase()) return servable(iface.split(/[/@]/)[1]);
  const hint = /^hint:([^@]+)@(.+)$/.exec(lower);
  if (hint && hint[2] === (identity.hintContext ?? 'ext-local').toLowerCase()) return servable(iface.slice(5).split('@')[0]);
  return null;
}

/** The agent a QueueMember item or a QueueMemberAdded event names, or null. */
export function agentOfMember(event: AmiMessage, identity: DiscoveryIdentity = {}): string | null {
  for (const header of ['Interface', 'Location', 'StateInterface']) {
    const extension = extensionOfInterface(event.get(header), identity);
    if (extension) return extension;
  }
  return null;
}

/** The agent an ExtensionStatus item names: an extension in the hint context whose hint is its own phone. */
export function agentOfHint(event: AmiMessage, identity: DiscoveryIdentity = {}): string | null {
  const exten = event.get('Exten');
  if (event.get('Context') !== (identity.hintContext ?? 'ext-local') || !exten) return null;
  const device = `${identity.technology ?? 'PJSIP'}/${exten}`.toLowerCase();
  const devices = (event.get('Hint') ?? '').toLowerCase().split('&');
  return devices.includes(device) ? servable(exten) : null;
}

/** Every agent the lists' items name, in order, once each. */
export function agentsOfLists(items: readonly AmiMessage[], identity: DiscoveryIdentity = {}): string[] {
  const found = new Set<string>();
  for (const item of items) {
    const agent =
      item.name === 'QueueMember' ? agentOfMember(item, identity) : item.name === 'ExtensionStatus' ? agentOfHint(item, identity) : null;
    if (agent) found.add(agent);
  }
  return [...found];
}
