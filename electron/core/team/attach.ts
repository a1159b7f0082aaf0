/**
 * The team view beside an agent engine: the colleagues and queues (TeamEngine) and the agent's own
 * figures (MyDay), added to the agent's snapshots. What the companion and `watch` show.
 */
import type { Snapshot } from '../../shared/snapshot.ts';
import { MyDay } from './my-figures.ts';
import { TeamEngine, type TeamEngineOptions } from './engine.ts';

export interface TeamAttachment {
  readonly engine: TeamEngine;
  /** The agent's snapshot with `team` and `me`. */
  add(snapshot: Snapshot): Snapshot;
  start(): void;
  stop(): void;
}

export function attachTeam(options: TeamEngineOptions): TeamAttachment {
  const clock = options.clock ?? Date.now;
  const engine = new TeamEngine(options);
  const myDay = new MyDay(clock());
  // Before any shell subscribes: each snapshot shown already counts the change it carries.
  const off = options.agent.subscribe((snapshot) => myDay.observe(snapshot, clock()));
  return {
    engine,
    add: (snapshot) => ({ ...snapshot, team: engine.info(), me: myDay.figures(clock()) }),
    start: () => engine.start(),
    stop: () => {
      off();
      engine.stop();
    },
  };
}
