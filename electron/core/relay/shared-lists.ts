/**
 * The lists that describe the whole PBX (DeviceStateList, CoreShowChannels), asked once for all the
 * agents that sync at the same time rather than once per agent: after a login, 500 engines would
 * otherwise ask for 500 copies of every channel on the PBX.
 *
 * Sharing is only correct for a sync that was already holding live events when the list was asked
 * for (agent/sync.ts onSyncStart): the answer then describes the PBX at a moment after the sync
 * began, and every event after that moment is among the ones it holds. So each sync takes a mark
 * when it starts, and gets a list sent after its mark, or asks for a new one.
 */
import type { AmiAction } from '../ami/action.ts';
import type { ActionOptions, AmiConnection, ListResult } from '../ami/types.ts';

const SHARED = new Set(['DeviceStateList', 'CoreShowChannels']);

export class SharedLists {
  private tick = 0;
  private readonly latest = new Map<string, { sentAt: number; result: Promise<ListResult> }>();
  /** Lists asked of the PBX, and lists answered from one already asked (for the bench and tests). */
  readonly counts = { asked: 0, shared: 0 };

  constructor(private readonly connection: AmiConnection) {}

  /** A sync starts now: its mark. */
  mark(): number {
    return ++this.tick;
  }

  listAction(action: AmiAction, since: number, options?: ActionOptions): Promise<ListResult> {
    // Only the bare list: a filtered one is another question.
    if (!SHARED.has(action.name) || action.fields.length > 0) return this.connection.listAction(action, options);
    const latest = this.latest.get(action.name);
    if (latest && latest.sentAt > since) {
      this.counts.shared++;
      return latest.result;
    }
    this.counts.asked++;
    const entry = { sentAt: ++this.tick, result: this.connection.listAction(action, options) };
    this.latest.set(action.name, entry);
    // A failed list is not an answer for anyone else (the connection dropped, or it timed out).
    entry.result.catch(() => {
      if (this.latest.get(action.name) === entry) this.latest.delete(action.name);
    });
    return entry.result;
  }
}
