/**
 * Issue 20: every setting of the schema has a control in the Settings window (settings-form.ts PATHS,
 * the fields the window shows, the Advanced section included) or is listed in the README as one only
 * the admin sets. A new setting that is neither fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { settingsObject } from '../../../electron/shared/settings.ts';
import { PATHS } from '../../../renderer/src/lib/settings-form.ts';

type Node = { _zod: { def: { type: string; innerType?: Node } }; shape?: Record<string, Node> };

/** Every leaf of the schema as a dotted path; a list is one leaf (its editor covers its items). */
function leaves(node: Node, prefix = ''): string[] {
  while (['default', 'prefault', 'optional'].includes(node._zod.def.type)) node = node._zod.def.innerType!;
  if (!node.shape) return [prefix];
  return Object.entries(node.shape).flatMap(([key, child]) => leaves(child, prefix ? `${prefix}.${key}` : key));
}

/** The names in backticks in the README's "Settings only the admin sets" list. */
function adminOnly(): string[] {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');
  const section = /### Settings only the admin sets\n([\s\S]*?)(\n#|$)/.exec(readme)?.[1] ?? '';
  return [...section.matchAll(/^- `([^`]+)`/gm)].map((m) => m[1]!);
}

describe('every setting is reachable', () => {
  const inWindow = new Set(Object.values(PATHS));

  it('in the Settings window, or in the README as admin-only', () => {
    const admin = new Set(adminOnly());
    const neither = leaves(settingsObject as unknown as Node).filter((path) => !inWindow.has(path) && !admin.has(path));
    expect(neither).toEqual([]);
  });

  it('lists as admin-only only settings the window lacks, and that exist', () => {
    const all = new Set(leaves(settingsObject as unknown as Node));
    expect(adminOnly().length).toBeGreaterThan(0);
    for (const path of adminOnly()) {
      expect(all.has(path), path).toBe(true);
      expect(inWindow.has(path), path).toBe(false);
    }
  });

  it('finds a setting that is neither (the check itself works)', () => {
    const paths = leaves(settingsObject as unknown as Node);
    expect(paths).toContain('pbx.relay.urls');
    expect(paths).toContain('pauseReasons');
    expect(paths).toContain('version');
    expect(inWindow.has('version')).toBe(false);
  });
});
