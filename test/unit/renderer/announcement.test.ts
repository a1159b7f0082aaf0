/**
 * Issue 20: what the popover's aria-live region says (Announcer.svelte): a call that starts ringing,
 * and a pause state that changes by itself; nothing on the first snapshot or when nothing changed.
 */
import { describe, expect, it } from 'vitest';
import { agentIdentity } from '../../../electron/core/agent/identity.ts';
import { emptySnapshot } from '../../../electron/core/agent/state.ts';
import type { CallInfo, QueueInfo, Snapshot } from '../../../electron/shared/snapshot.ts';
import { announcements } from '../../../renderer/src/lib/announcement.ts';

const base = emptySnapshot(agentIdentity({ extension: '1001' }));
const queue = (name: string, paused: boolean, pausedReason = ''): QueueInfo =>
  ({ name, member: true, paused, pausedReason, callsWaiting: 0 }) as unknown as QueueInfo;
const ringing = (id: string, queueName: string | null, name = 'Ada Lovelace'): CallInfo =>
  ({
    id,
    state: 'ringing',
    direction: 'inbound',
    queue: queueName,
    remote: { number: '+15550109000', name },
    vars: {},
  }) as unknown as CallInfo;
const snap = (over: Partial<Snapshot>): Snapshot => ({ ...base, ...over });

describe('announcements', () => {
  it('says a call that starts ringing, once, with its queue', () => {
    const idle = snap({ queues: [queue('support', false)] });
    const rings = snap({ queues: [queue('support', false)], calls: [ringing('c1', 'support')] });
    expect(announcements(idle, rings)).toEqual([{ code: 'announce.ringing-queue', params: { who: 'Ada Lovelace', queue: 'support' } }]);
    expect(announcements(rings, rings)).toEqual([]);
    const direct = snap({ calls: [ringing('c1', 'support'), ringing('c2', null, '')] });
    expect(announcements(rings, direct)).toEqual([{ code: 'announce.ringing', params: { who: '+15550109000' } }]);
  });

  it('says a pause that changes by itself: all queues with the reason, some, then available', () => {
    const idle = snap({ queues: [queue('support', false), queue('sales', false)] });
    const lunch = snap({ queues: [queue('support', true, 'Lunch'), queue('sales', true, 'Lunch')] });
    const some = snap({ queues: [queue('support', true, 'Lunch'), queue('sales', false)] });
    expect(announcements(idle, lunch)).toEqual([{ code: 'announce.paused', params: { reason: 'Lunch' } }]);
    expect(announcements(lunch, some)).toEqual([{ code: 'announce.paused-some' }]);
    expect(announcements(some, idle)).toEqual([{ code: 'announce.available' }]);
    expect(announcements(idle, idle)).toEqual([]);
  });

  it('says nothing on the first snapshot', () => {
    expect(announcements(null, snap({ calls: [ringing('c1', 'support')] }))).toEqual([]);
  });
});
