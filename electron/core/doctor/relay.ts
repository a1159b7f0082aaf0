/**
 * The doctor of a desk in relay mode (issue 17): where a direct desk's doctor logs in to AMI, this
 * checks the NATS side, each step with what fails in words:
 * - each NATS server: reachable, and the desk's credential accepted (one connection per server,
 *   so a cluster node that is down or has an old config shows by name);
 * - the desk's own subjects allowed by the server: its snapshot, its notices, the relay's sign of
 *   life, the team view, its own inbox (subscriptions), its `get` and its verbs (requests);
 * - the relay answering: a `get` for the desk's extension returns its snapshot, and a verb request
 *   is answered (a verb the relay does not know, so nothing is done on the PBX).
 */
import { connect, errors, type NatsConnection } from '@nats-io/transport-node';
import { natsAuthOptions } from '../relay/nats-auth.ts';
import { RELAY_ALIVE, TEAM_SUBJECT, deskInboxPrefix, getSubject, noticeSubject, snapshotSubject, verbSubject } from '../relay/subjects.ts';
import { decodeSnapshot, decodeVerbResult } from '../relay/wire.ts';
import type { ConnectionCheck } from '../../shared/bridge.ts';
import { english, phrase, type Phrase, type PhraseCode, type PhraseParam } from '../../shared/phrases/index.ts';

export interface RelayDoctorOptions {
  servers: readonly string[];
  extension: string;
  /** The desk's nkey seed, or a password for `user`. */
  credential?: string;
  user?: string;
  /** Each connection and request. Default 5000 ms. */
  timeoutMs?: number;
}

/** A verb no relay knows: its refusal proves the verb subject is allowed and served, and nothing is done. */
const PROBE_VERB = 'doctor-probe';

const ok = (id: string, detail: string): ConnectionCheck => ({ id, state: 'ok', detail });
const fail = (id: string, code: PhraseCode, params: Record<string, PhraseParam>): ConnectionCheck => {
  const said: Phrase = phrase(code, params);
  return { id, state: 'fail', detail: english(said), detailPhrase: said };
};

/** A NATS error in a few words. */
function why(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/no responders|503/i.test(text)) return 'no one answers on that subject';
  if (/timeout/i.test(text)) return 'timed out';
  return text.slice(0, 160);
}

export async function checkRelay(options: RelayDoctorOptions): Promise<ConnectionCheck[]> {
  const timeout = options.timeoutMs ?? 5000;
  const { extension } = options;
  const user = options.user ?? `desk-${extension}`;
  const auth = options.credential ? natsAuthOptions(options.credential, options.user) : {};
  const inboxPrefix = deskInboxPrefix(extension);
  const checks: ConnectionCheck[] = [];

  // Each server alone: reachable, and this desk's credential accepted.
  for (const server of options.servers) {
    try {
      const nc = await connect({ servers: [server], ...auth, inboxPrefix, reconnect: false, timeout });
      await nc.close();
      checks.push(ok(server, `reachable; ${user}'s credential accepted`));
    } catch (error) {
      const refused = error instanceof errors.AuthorizationError || /authorization/i.test(why(error));
      checks.push(
        refused
          ? fail(server, 'doctor.nats-refused', { user, why: why(error) })
          : fail(server, 'doctor.nats-unreachable', { why: why(error) }),
      );
    }
  }
  if (checks.every((c) => c.state === 'fail')) return checks;

  let nc: NatsConnection;
  try {
    nc = await connect({ servers: [...options.servers], ...auth, inboxPrefix, reconnect: false, timeout });
  } catch (error) {
    return [...checks, fail('NATS', 'doctor.nats-unreachable', { why: why(error) })];
  }
  try {
    // Refusals come as -ERR, before the server answers the flush's PING (as the relay checks its own).
    const denied: string[] = [];
    void (async () => {
      for await (const status of nc.status())
        if (status.type === 'error' && status.error instanceof errors.PermissionViolationError) denied.push(status.error.subject);
    })();
    const subjects = [snapshotSubject(extension), noticeSubject(extension), RELAY_ALIVE, TEAM_SUBJECT, `${inboxPrefix}.>`];
    for (const subject of subjects)
      nc.subscribe(subject, {
        callback: (error) => {
          if (error instanceof errors.PermissionViolationError) denied.push(subject);
        },
      });
    await nc.flush();
    const refusedSubscriptions = subjects.filter((s) => denied.includes(s));
    checks.push(
      refusedSubscriptions.length === 0
        ? ok('subscriptions', `${user} may hear its snapshot, its notices, the relay's sign of life, the team view and its own inbox`)
        : fail('subscriptions', 'doctor.nats-no-subscribe', { user, subjects: refusedSubscriptions.join(', ') }),
    );

    // The relay: the desk's snapshot, and a verb answered (one no relay knows, so nothing is done).
    const get = getSubject(extension);
    try {
      const data = (await nc.request(get, '', { timeout })).data;
      const answer = decodeSnapshot(data);
      if ('error' in answer) {
        checks.push(fail('relay', 'doctor.relay-refused', { extension, why: relaysOwnWords(data) ?? english(answer.error) }));
      } else {
        const c = answer.snapshot.connection;
        checks.push(ok('relay', `the relay serves ${extension}; its PBX connection is ${c.status}${c.stale ? ' (stale)' : ''}`));
      }
    } catch (error) {
      await nc.flush().catch(() => {});
      if (denied.includes(get)) checks.push(fail('relay', 'doctor.nats-no-publish', { user, subjects: get }));
      else checks.push(fail('relay', 'doctor.relay-no-answer', { extension, why: why(error) }));
    }
    const verb = verbSubject(extension, PROBE_VERB);
    try {
      const result = decodeVerbResult((await nc.request(verb, '{}', { timeout })).data);
      checks.push(
        result.ok === false && result.phrase?.code === 'relay.unknown-verb'
          ? ok('verbs', `the relay answers ${extension}'s verbs`)
          : fail('verbs', 'doctor.relay-refused', { extension, why: result.ok ? 'an unexpected answer' : result.error }),
      );
    } catch (error) {
      await nc.flush().catch(() => {});
      if (denied.includes(verb)) checks.push(fail('verbs', 'doctor.nats-no-publish', { user, subjects: verb }));
      else checks.push(fail('verbs', 'doctor.relay-no-answer', { extension, why: why(error) }));
    }
  } finally {
    await nc.close().catch(() => {});
  }
  return checks;
}

/** The words of a relay that answered a `get` with an error (`{"v":1,"error":"..."}`: it serves no more agents). */
function relaysOwnWords(data: Uint8Array): string | undefined {
  try {
    const error = (JSON.parse(Buffer.from(data).toString('utf8')) as { error?: unknown } | null)?.error;
    return typeof error === 'string' ? error.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}
