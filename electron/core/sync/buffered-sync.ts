/**
 * Snapshot, then changes (DESIGN.md), the part the AMI engine (agent/sync.ts) and the ARI companion
 * (ari/companion.ts) share: while a sync reads the PBX's lists, live events are held; once every
 * list is in and folded, the held events come back in the order they arrived, to be applied before
 * the picture shows live. A drop, a stop or a newer sync overtakes a sync in progress (a generation
 * count): what it read is thrown away, never patched onto newer state.
 *
 * What differs stays with each side, because it matters there: AMI folds list items into a picture
 * built apart and shows it whole, lets some lists fail (a module not loaded yet), retries, and holds
 * only events without an ActionID (list items reach it through listAction); ARI reads its state over
 * REST (subscribe, version, endpoint, channels) as one `sync` input applied to the shown state.
 */

export class BufferedSync<E> {
  /** Live events held while a sync reads the lists; null when live. */
  private held: E[] | null = null;
  /** Bumped by every sync and every overtake: a sync whose ticket is not current gives up. */
  private generation = 0;

  /** A sync is reading the lists: live events must be held, not applied. */
  get holding(): boolean {
    return this.held !== null;
  }

  /** Starts a sync: from now on live events are held. Returns the sync's ticket. */
  begin(): number {
    this.held = [];
    return ++this.generation;
  }

  /** The sync with this ticket has not been overtaken. */
  current(ticket: number): boolean {
    return ticket === this.generation;
  }

  /** Holds a live event until the sync in progress completes (nothing when none runs). */
  hold(event: E): void {
    this.held?.push(event);
  }

  /** Live again: returns the held events, in arrival order, and holds no more. */
  release(): E[] {
    const held = this.held ?? [];
    this.held = null;
    return held;
  }

  /** A drop, a stop or a shutdown: the sync in progress, if any, is thrown away. */
  overtake(): void {
    this.generation++;
    this.held = null;
  }

  /**
   * Reads the lists one after the other (a generator may start a list from an earlier one's
   * answer), folding each item with `item`. Resolves with the events held meanwhile, in arrival
   * order, for the caller to apply before it shows the picture live; null when overtaken (stop at
   * once: a newer sync or a drop owns the picture). A list's error is thrown; the caller checks
   * current(ticket) before acting on it.
   */
  async run<I>(ticket: number, lists: Iterable<Promise<readonly I[]>>, item: (item: I) => void): Promise<E[] | null> {
    for (const list of lists) {
      const items = await list;
      if (!this.current(ticket)) return null;
      for (const each of items) item(each);
    }
    if (!this.current(ticket)) return null;
    return this.release();
  }
}
