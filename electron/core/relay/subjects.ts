/**
 * The NATS subjects of relay mode, one source for the relay, the desk companion and the nats-server
 * permissions (nats-conf.ts). Agent EXT (a dialplan extension, shared/fields.ts EXTENSION):
 * - the relay publishes each snapshot change on `pbxc.agent.EXT.snapshot`;
 * - a desk asks for the current snapshot by request/reply on `pbxc.agent.EXT.get`;
 * - a desk runs a verb by request/reply on `pbxc.agent.EXT.verb.NAME`;
 * - the relay tells the agent's desk news that answers no request on `pbxc.agent.EXT.notice`
 *   (how a click-to-dial ended);
 * - the relay says it lives on `pbxc.relay.alive`, one small message for every desk (heartbeat);
 * - the team view, the same for every desk: changes on `pbxc.team`, the whole picture on `pbxc.team.get`;
 * - replies to desk EXT go to its own inbox prefix `_INBOX_EXT` (`_INBOX_EXT.>`), never the shared
 *   `_INBOX.>`: with a shared prefix one desk could subscribe to another's replies. The relay's own
 *   inbox prefix is `_INBOX_RELAY`.
 * NATS subject tokens cannot hold `.`, `*`, `>` or whitespace, so an extension such as `5.1`
 * (valid in a dialplan) cannot be a relay agent: subjectToken refuses it.
 */

export const SUBJECT_ROOT = 'pbxc.agent';

/** The characters a NATS subject token may not hold (a dot splits tokens; `*` and `>` are wildcards). */
const NOT_A_TOKEN = /[.*>\s]/;

/** The extension as one subject token, or an error saying why it cannot be one. */
export function subjectToken(extension: string): string {
  if (extension === '' || NOT_A_TOKEN.test(extension)) {
    throw new Error(`"${extension}" cannot be a NATS subject token (no dot, *, > or space)`);
  }
  return extension;
}

export function snapshotSubject(extension: string): string {
  return `${SUBJECT_ROOT}.${subjectToken(extension)}.snapshot`;
}

export function noticeSubject(extension: string): string {
  return `${SUBJECT_ROOT}.${subjectToken(extension)}.notice`;
}

export function getSubject(extension: string): string {
  return `${SUBJECT_ROOT}.${subjectToken(extension)}.get`;
}

export function verbSubject(extension: string, verb: string): string {
  return `${SUBJECT_ROOT}.${subjectToken(extension)}.verb.${subjectToken(verb)}`;
}

/** Every verb subject of one agent (a permission, or the relay's per-agent subscription). */
export function verbWildcard(extension: string): string {
  return `${SUBJECT_ROOT}.${subjectToken(extension)}.verb.>`;
}

export const RELAY_INBOX_PREFIX = '_INBOX_RELAY';

/** The relay's sign of life, to every desk: its instance and start, every heartbeat. */
export const RELAY_ALIVE = 'pbxc.relay.alive';

/**
 * The team view (issue 18), the same for every desk: the relay publishes what changed among the
 * PBX's phones and queues on TEAM_SUBJECT, and answers the whole picture on TEAM_GET (team-wire.ts).
 */
export const TEAM_SUBJECT = 'pbxc.team';
export const TEAM_GET = 'pbxc.team.get';

/**
 * The inbox prefix of desk EXT: its client sets `inboxPrefix` to this, and replies go to `_INBOX_EXT.>`.
 * An agent named RELAY would share the relay's inbox: refused.
 */
export function deskInboxPrefix(extension: string): string {
  const prefix = `_INBOX_${subjectToken(extension)}`;
  if (prefix === RELAY_INBOX_PREFIX) throw new Error(`"${extension}" cannot be an agent: its inbox would be the relay's`);
  return prefix;
}

/** What the relay subscribes to for every agent at once. */
export const ALL_GETS = `${SUBJECT_ROOT}.*.get`;
export const ALL_VERBS = `${SUBJECT_ROOT}.*.verb.>`;
/** What the relay publishes for every agent. */
export const ALL_SNAPSHOTS = `${SUBJECT_ROOT}.*.snapshot`;
export const ALL_NOTICES = `${SUBJECT_ROOT}.*.notice`;
