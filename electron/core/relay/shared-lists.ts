/**
 * The lists that describe the whole PBX (DeviceStateList, CoreShowChannels, QueueStatus), asked once
 * for all the agents that sync at the same time rather than once per agent: after a login, 500
 * engines would otherwise ask for 500 copies of every channel on the PBX, and 1500 QueueStatus
 * (one per member interface of each agent), each listing every queue.
 *
 * Sharing is only correct for a sync that holds every live event that came after the list's answer
 * was taken: one that began before the list was sent (its gate holds everything after that), or
 * after it with no AMI event received in between (syncs that start together on a login). So the
 * marks count the events received: a sync started at mark M may use a list sent at mark S >= M.
 * Everything is forgotten when the connection changes: an answer never outlives its session.
 */
import { AmiAction } from '../ami/action.ts';
import type { AmiMessage } from '../ami/message.ts';
import type { ActionOptions, AmiConnection, ListResult } from '../ami/types.ts';

const SHARED = new Set(['DeviceStateList', 'CoreShowChannels', 'QueueStatus']);
const QUEUE_STATUS = AmiAction.build('QueueStatus');
/** Where a QueueMember item names its member: the interface (Location before Asterisk 13) or the member's name. */
const MEMBER_HEADERS = ['Interface', 'Location', 'MemberName', 'Name'];

/**
 * The items QueueStatus with `Member: member` answers (Asterisk's manager_queues_status): every
 * queue's QueueParams and QueueEntry items, and the QueueMember items whose interface or name is the member.
 */
function ofMember(items: readonly AmiMessage[], member: string): AmiMessage[] {
  return items.filter((item) => item.name !== 'QueueMember' || MEMBER_HEADERS.some((h) => item.get(h) === member));
}

export class SharedLists {
  /** AMI events received so far: the marks. */
  private events = 0;
  private readonly latest = new Map<string, { sentAt: number; result: Promise<ListResult> }>();
  /** Lists asked of the PBX, and lists answered from one already asked (for the bench and tests). */
  readonly counts = { asked: 0, shared: 0 };

  /** Subscribe before anything that may start a sync on an event, so the event is counted first. */
  private readonly off: Array<() => void>;

  constructor(private readonly connection: AmiConnection) {
    this.off = [connection.onEvent(() => this.events++), connection.onStatus(() => this.latest.clear())];
  }

  close(): void {
    for (const off of this.off) off();
    this.latest.clear();
  }

  /** A sync starts now: its mark. */
  mark(): number {
    return this.events;
  }

  listAction(action: AmiAction, since: number, options?: ActionOptions): Promise<ListResult> {
    // QueueStatus for one member: the whole QueueStatus, filtered here as the PBX would filter it.
    const member = action.name === 'QueueStatus' && action.fields.length === 1 ? action.get('Member') : undefined;
    if (member !== undefined)
      return this.shared(QUEUE_STATUS, since, options).then((all) => ({ ...all, items: ofMember(all.items, member) }));
    // Only the bare list: a filtered one is another question.
    if (!SHARED.has(action.name) || action.fields.length > 0) return this.connection.listAction(action, options);
    return this.shared(action, since, options);
  }

  private shared(action: AmiAction, since: number, options?: ActionOptions): Promise<ListResult> {
    const latest = this.latest.get(action.name);
    if (latest && latest.sentAt >= since) {
      this.counts.shared++;
      return latest.result;
    }
    this.counts.asked++;
    const entry = { sentAt: this.events, result: this.connection.listAction(action, options) };
    this.latest.set(action.name, entry);
    // A failed list is not an answer for anyone else (the connection dropped, or it timed out).
    entry.result.catch(() => {
      if (this.latest.get(action.name) === entry) this.latest.delete(action.name);
    });
    return entry.result;
  }
}
