import { describe, expect, it } from 'vitest';
import { BufferedSync } from '../../../electron/core/sync/buffered-sync.ts';

/** A list whose answer the test gives when it wants. */
function pendingList<T>() {
  let answer!: (items: T[]) => void;
  let fail!: (error: unknown) => void;
  const promise = new Promise<T[]>((resolve, reject) => {
    answer = resolve;
    fail = reject;
  });
  return { promise, answer, fail };
}

describe('BufferedSync: snapshot, then changes', () => {
  it('holds live events while the lists are read and gives them back in arrival order after the items', async () => {
    const gate = new BufferedSync<string>();
    const folded: string[] = [];
    const first = pendingList<string>();
    const second = pendingList<string>();
    const ticket = gate.begin();
    const run = gate.run(ticket, [first.promise, second.promise], (item) => folded.push(item));
    expect(gate.holding).toBe(true);
    gate.hold('event 1');
    first.answer(['queue a']);
    gate.hold('event 2');
    second.answer(['channel x', 'channel y']);
    expect(await run).toEqual(['event 1', 'event 2']);
    expect(folded).toEqual(['queue a', 'channel x', 'channel y']);
    expect(gate.holding).toBe(false);
    gate.hold('after live');
    expect(gate.release()).toEqual([]);
  });

  it('starts each list only when the one before it has answered (a later list may read an earlier answer)', async () => {
    const gate = new BufferedSync<string>();
    const started: string[] = [];
    const first = pendingList<string>();
    function* lists() {
      started.push('first');
      yield first.promise;
      started.push('second');
      yield Promise.resolve(['b']);
    }
    const run = gate.run(gate.begin(), lists(), () => {});
    await expect.poll(() => started).toEqual(['first']);
    first.answer(['a']);
    await run;
    expect(started).toEqual(['first', 'second']);
  });

  it('an overtaken sync folds nothing more and resolves null; the newer one gets only the events held since it began', async () => {
    const gate = new BufferedSync<string>();
    const folded: string[] = [];
    const old = pendingList<string>();
    const oldRun = gate.run(gate.begin(), [old.promise], (item) => folded.push(`old ${item}`));
    gate.hold('before the newer sync');
    const newer = pendingList<string>();
    const newRun = gate.run(gate.begin(), [newer.promise], (item) => folded.push(`new ${item}`));
    gate.hold('during the newer sync');
    old.answer(['stale']);
    expect(await oldRun).toBeNull();
    expect(gate.holding).toBe(true);
    newer.answer(['fresh']);
    expect(await newRun).toEqual(['during the newer sync']);
    expect(folded).toEqual(['new fresh']);
  });

  it('a drop overtakes the sync in progress: nothing is held and the sync resolves null', async () => {
    const gate = new BufferedSync<string>();
    const list = pendingList<string>();
    const ticket = gate.begin();
    const run = gate.run(ticket, [list.promise], () => {
      throw new Error('an overtaken sync folds nothing');
    });
    gate.hold('lost with the connection');
    gate.overtake();
    expect(gate.holding).toBe(false);
    expect(gate.current(ticket)).toBe(false);
    list.answer(['late item']);
    expect(await run).toBeNull();
  });

  it("throws a list's error and leaves the caller to decide: still current, still holding until released", async () => {
    const gate = new BufferedSync<string>();
    const list = pendingList<string>();
    const ticket = gate.begin();
    const run = gate.run(ticket, [list.promise], () => {});
    gate.hold('kept until released');
    list.fail(new Error('list hung'));
    await expect(run).rejects.toThrow('list hung');
    expect(gate.current(ticket)).toBe(true);
    expect(gate.holding).toBe(true);
    expect(gate.release()).toEqual(['kept until released']);
    expect(gate.holding).toBe(false);
  });
});
