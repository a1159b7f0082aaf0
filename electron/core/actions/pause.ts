/**
 * Pause and unpause in one queue or in all the agent's queues: one QueuePause per membership,
 * each with the interface that queue knows (PJSIP/1001 here, Local/1001@from-queue/n there).
 * Every action is built (and so validated) before the first is sent: a bad reason pauses nowhere
 * rather than in half the queues. The state shown comes back from the PBX's QueueMemberPause
 * events; this only reports what the PBX answered.
 */
import type { AmiAction } from '../ami/action.ts';
import type { VerbResult } from '../../shared/companion.ts';
import { explainFailure } from './errors.ts';
import { queueLog, queuePause } from './queue.ts';
import { named } from './validate.ts';
import type { ActionRunner } from './runner.ts';

export interface Membership {
  queue: string;
  /** The member interface as this queue knows it. */
  interface: string;
}

export interface PauseRequest {
  paused: boolean;
  /** Required by most call centres for a pause; shown on wallboards. */
  reason?: string;
  /** One queue; omitted: all of `memberships`. */
  queue?: string;
  /** Also write a PAUSE/UNPAUSE queue_log row (for wallboards that need the companion's rows). */
  queueLog?: boolean;
}

export async function setPaused(runner: ActionRunner, memberships: readonly Membership[], request: PauseRequest): Promise<VerbResult> {
  const targets = request.queue === undefined ? memberships : memberships.filter((m) => m.queue === request.queue);
  if (targets.length === 0) {
    return { ok: false, error: request.queue === undefined ? 'You are not a member of any queue.' : `You are not a member of queue ${named(request.queue)}.` };
  }
  let plan: Array<{ queue: string; pause: AmiAction; log: AmiAction | null }>;
  try {
    plan = targets.map((m) => ({
      queue: m.queue,
      pause: queuePause({ queue: m.queue, interface: m.interface, paused: request.paused, reason: request.reason }),
      log: request.queueLog ? queueLog({ queue: m.queue, interface: m.interface, event: request.paused ? 'PAUSE' : 'UNPAUSE', message: request.reason }) : null,
    }));
  } catch (error) {
    return { ok: false, error: explainFailure('QueuePause', error) };
  }

  const results = await Promise.all(
    plan.map(async (step) => {
      const result = await runner.run(step.pause);
      // The log row only for a pause that happened, so the wallboard never shows one that did not.
      if (result.ok && step.log) {
        const logged = await runner.run(step.log);
        if (!logged.ok) return { queue: step.queue, result, note: `The queue log row for ${step.queue} was not written: ${logged.error}` };
      }
      return { queue: step.queue, result, note: '' };
    }),
  );
  const failed = results.filter((r) => !r.result.ok);
  const done = results.filter((r) => r.result.ok).map((r) => r.queue);
  const word = request.paused ? 'Paused' : 'Unpaused';
  const reason = request.paused && request.reason?.trim() ? ` (${request.reason.trim()})` : '';
  const notes = results.map((r) => r.note).filter(Boolean);
  if (failed.length === 0) return { ok: true, message: [`${word} in ${done.join(', ')}${reason}.`, ...notes].join(' ') };
  const errors = failed.map((r) => (r.result.ok ? '' : r.result.error));
  const partial = done.length ? ` ${word} in ${done.join(', ')}.` : '';
  return { ok: false, error: `${[...new Set(errors)].join(' ')}${partial}` };
}
