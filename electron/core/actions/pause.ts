/**
 * Pause and unpause in one queue or in all the agent's queues: one QueuePause per membership,
 * each with the interface that queue knows (PJSIP/1001 here, Local/1001@from-queue/n there).
 * Every action is built (and so validated) before the first is sent: a bad reason pauses nowhere
 * rather than in half the queues. The state shown comes back from the PBX's QueueMemberPause
 * events; this only reports what the PBX answered.
 */
import type { AmiAction } from '../ami/action.ts';
import type { VerbResult } from '../../shared/companion.ts';
import { phrase, refusal, success, type Phrase } from '../../shared/phrases/index.ts';
import { explainFailurePhrase, phraseOfResult } from './errors.ts';
import { queueLog, queuePause } from './queue.ts';
import { named } from './validate.ts';
import type { ActionRunner } from './runner.ts';

export interface Membership {
  queue: string;
  /** The member interface as this queue knows it. */
  interface: string;
  /** The member's name in this queue (`Agent 1001`), for queue_log rows. */
  memberName?: string;
}

export interface PauseRequest {
  paused: boolean;
  /** Required by most call centres for a pause; shown on wallboards. */
  reason?: string;
  /** One queue; omitted: all of `memberships`. */
  queue?: string;
  /**
   * Also write the app's own PAUSE/UNPAUSE queue_log row, for a PBX that does not log pauses itself
   * (Asterisk 12 and later do: on, a wallboard would count each pause twice).
   */
  queueLog?: boolean;
}

export async function setPaused(runner: ActionRunner, memberships: readonly Membership[], request: PauseRequest): Promise<VerbResult> {
  const targets = request.queue === undefined ? memberships : memberships.filter((m) => m.queue === request.queue);
  if (targets.length === 0) {
    return refusal(
      request.queue === undefined ? phrase('verb.not-member-any') : phrase('verb.not-member', { queue: named(request.queue) }),
    );
  }
  let plan: Array<{ queue: string; pause: AmiAction; log: AmiAction | null }>;
  try {
    plan = targets.map((m) => ({
      queue: m.queue,
      pause: queuePause({ queue: m.queue, interface: m.interface, paused: request.paused, reason: request.reason }),
      // Under the member's name, as Asterisk writes its own rows (its default name is the interface).
      log: request.queueLog
        ? queueLog({
            queue: m.queue,
            agent: m.memberName || m.interface,
            event: request.paused ? 'PAUSE' : 'UNPAUSE',
            message: request.reason,
          })
        : null,
    }));
  } catch (error) {
    return refusal(explainFailurePhrase('QueuePause', error));
  }

  const results = await Promise.all(
    plan.map(async (step) => {
      const result = await runner.run(step.pause);
      // The log row only for a pause that happened, so the wallboard never shows one that did not.
      if (result.ok && step.log) {
        const logged = await runner.run(step.log);
        if (!logged.ok)
          return {
            queue: step.queue,
            result,
            note: phrase('verb.queue-log-not-written', { queue: step.queue, reason: phraseOfResult(logged) }),
          };
      }
      return { queue: step.queue, result, note: null };
    }),
  );
  const failed = results.filter((r) => !r.result.ok);
  const done = results.filter((r) => r.result.ok).map((r) => r.queue);
  const queues = done.join(', ');
  const doneIn = phrase(request.paused ? 'verb.paused-in' : 'verb.unpaused-in', { queues });
  const reason = request.paused ? request.reason?.trim() : '';
  const notes = results.flatMap((r) => (r.note ? [r.note] : []));
  if (failed.length === 0) {
    const said = sentences([reason ? phrase('verb.paused-in-reason', { queues, reason }) : doneIn, ...notes]);
    return success(said);
  }
  // One sentence per different refusal, then where it did work.
  const errors = new Map(failed.map((r) => [r.result.ok ? '' : r.result.error, phraseOfResult(r.result)]));
  return refusal(sentences([...errors.values(), ...(done.length ? [doneIn] : [])]));
}

/** Sentences one after another; halved each time so the nesting stays shallow (a shell words a few levels). */
function sentences(parts: readonly Phrase[]): Phrase {
  if (parts.length === 1) return parts[0]!;
  const half = Math.ceil(parts.length / 2);
  return phrase('verb.and-then', { first: sentences(parts.slice(0, half)), then: sentences(parts.slice(half)) });
}
