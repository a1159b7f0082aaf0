/**
 * A snapshot as JSON: the same text JSON.stringify writes, built from the JSON of its parts, kept
 * per object. The engine copies what changes and keeps what does not (agent/draft.ts), so a part
 * that is the same object as before (an agent's history of up to 50 calls, its extension, a queue
 * whose callers waiting did not move) says the same text: a relay that republishes every member's
 * snapshot when a caller joins a queue stringifies only what changed. Parts are forgotten with
 * their objects (a WeakMap).
 */
import type { Snapshot } from '../../shared/snapshot.ts';

const kept = new WeakMap<object, string>();

/** JSON.stringify(snapshot), its object parts and their items read from the kept JSON when kept. */
export function snapshotJson(snapshot: Snapshot): string {
  let out = '';
  for (const key of Object.keys(snapshot)) {
    const text = partJson((snapshot as unknown as Record<string, unknown>)[key]);
    // An undefined (or function) part is left out, as JSON.stringify leaves it.
    if (text !== undefined) out += `${out === '' ? '' : ','}${JSON.stringify(key)}:${text}`;
  }
  return `{${out}}`;
}

/** A part: an array is its items' JSON (kept each), an object its own kept JSON. */
function partJson(value: unknown): string | undefined {
  if (!Array.isArray(value)) return objectJson(value);
  let text = kept.get(value);
  if (text === undefined) {
    const items: string[] = [];
    // JSON.stringify writes null for an item it cannot write (and for a hole).
    for (let i = 0; i < value.length; i++) items.push(objectJson(value[i]) ?? 'null');
    text = `[${items.join(',')}]`;
    kept.set(value, text);
  }
  return text;
}

function objectJson(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) as string | undefined;
  let text = kept.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    kept.set(value, text);
  }
  return text;
}
