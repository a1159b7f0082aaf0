/**
 * The team view's rules, apart from its components: a colleague's lamp (what the agent reads at a
 * glance), finding colleagues by what the agent typed (name or extension), free colleagues first for a
 * transfer, and a bound on the rows drawn (a PBX may list thousands of extensions).
 */
import type { Colleague, Snapshot } from '@shared/snapshot.ts';
import { printable } from '@shared/control-characters.ts';
import { fold } from './format.ts';

export type Lamp = 'free' | 'paused' | 'ringing' | 'busy' | 'onhold' | 'offline';

/** Rows drawn at most; past that the list says how many more there are and asks to type. */
export const SHOWN_AT_MOST = 40;

export function lampOf(colleague: Colleague): Lamp {
  switch (colleague.state) {
    case 'idle':
      return colleague.paused ? 'paused' : 'free';
    case 'ringing':
      return 'ringing';
    case 'inuse':
      return 'busy';
    case 'onhold':
      return 'onhold';
    default:
      return 'offline';
  }
}

/** The name as a person reads it (the PBX's words, control characters made spaces), else the extension. */
export function colleagueName(colleague: Colleague): string {
  return printable(colleague.name).trim() || colleague.extension;
}

/** The agent's colleagues, never the agent themselves. */
export function colleaguesOf(snapshot: Snapshot | null): Colleague[] {
  const own = snapshot?.extension.number;
  return (snapshot?.team?.members ?? []).filter((c) => c.extension !== own);
}

/** Those whose name or extension holds every word typed (any case, accents ignored), in their order. */
export function findColleagues(colleagues: readonly Colleague[], query: string): Colleague[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...colleagues];
  return colleagues.filter((c) => {
    const haystack = fold(`${c.name} ${c.extension}`);
    return words.every((word) => haystack.includes(word));
  });
}

const TRANSFER_ORDER: Record<Lamp, number> = { free: 0, paused: 1, ringing: 2, busy: 3, onhold: 4, offline: 5 };

/** For a transfer: free colleagues first, then paused, then the busy; the PBX's order within each (a stable sort). */
export function freeFirst(colleagues: readonly Colleague[]): Colleague[] {
  return [...colleagues].sort((a, b) => TRANSFER_ORDER[lampOf(a)] - TRANSFER_ORDER[lampOf(b)]);
}

/** Arrow keys over a list of `count` rows: the next row to choose, or null when the key is not an arrow. */
export function movedTo(key: string, active: number, count: number): number | null {
  if (count === 0 || (key !== 'ArrowDown' && key !== 'ArrowUp')) return null;
  if (key === 'ArrowDown') return active < 0 ? 0 : (active + 1) % count;
  return active <= 0 ? count - 1 : active - 1;
}
