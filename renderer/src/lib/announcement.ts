/**
 * What a screen reader should hear when the agent's state changes without the agent doing anything:
 * a call starts ringing, or the pause state changes (a supervisor, after-call work, the PBX). Plain
 * TypeScript over two snapshots, so a test checks it without a browser; Announcer.svelte says it
 * through an aria-live region.
 */
import type { PhraseCode } from '@shared/phrases/index.ts';
import type { Snapshot } from '@shared/snapshot.ts';

export interface Announcement {
  code: PhraseCode;
  params?: Record<string, string>;
}

/** The pause as the header shows it: every queue, some, or none (null: not a member of any). */
function pauseOf(snapshot: Snapshot): { state: 'all' | 'some' | 'none'; reason: string } | null {
  const member = snapshot.queues.filter((q) => q.member);
  if (member.length === 0) return null;
  const paused = member.filter((q) => q.paused);
  const state = paused.length === 0 ? 'none' : paused.length === member.length ? 'all' : 'some';
  return { state, reason: paused.find((q) => q.pausedReason)?.pausedReason ?? '' };
}

/** The announcements from `before` to `after`, a ringing call first; none on the first snapshot. */
export function announcements(before: Snapshot | null, after: Snapshot): Announcement[] {
  if (!before) return [];
  const out: Announcement[] = [];
  const rang = new Set(before.calls.filter((c) => c.state === 'ringing').map((c) => c.id));
  for (const call of after.calls) {
    if (call.state !== 'ringing' || rang.has(call.id) || call.direction === 'outbound') continue;
    const who = call.remote.name || call.vars['CUSTOMER_NAME'] || call.remote.number || '';
    out.push(
      call.queue ? { code: 'announce.ringing-queue', params: { who, queue: call.queue } } : { code: 'announce.ringing', params: { who } },
    );
  }
  const was = pauseOf(before);
  const now = pauseOf(after);
  if (now && (was?.state !== now.state || (now.state !== 'none' && was?.reason !== now.reason))) {
    if (now.state === 'none') out.push({ code: 'announce.available' });
    else if (now.state === 'some') out.push({ code: 'announce.paused-some' });
    else out.push(now.reason ? { code: 'announce.paused', params: { reason: now.reason } } : { code: 'announce.paused-plain' });
  }
  return out;
}
