/**
 * Issue 20: the docs and the schema agree. Every setting README.md, CONTRIBUTING.md and docs/ name
 * (a dotted path in backticks such as `pbx.queueLog`, "setting `X`", or a JSON example of a settings
 * or admin-defaults file) is one the schema knows, with a value it accepts: an admin who copies the
 * docs never gets a file the app ignores.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAdminDefaults } from '../../../electron/core/settings/admin-defaults.ts';
import { parseSettings } from '../../../electron/core/settings/schema.ts';
import { settingsObject } from '../../../electron/shared/settings.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const DOCS = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const text = (file: string) => readFileSync(join(ROOT, file), 'utf8');

type Def = { type: string; innerType?: Node; element?: Node };
type Node = { _zod: { def: Def }; shape?: Record<string, Node> };

/** The schema node at a dotted path (through defaults, optionals and lists), or null when it has none. */
function nodeAt(path: string): Node | null {
  let node: Node = settingsObject as unknown as Node;
  for (const key of path.split('.')) {
    while (['default', 'prefault', 'optional', 'array'].includes(node._zod.def.type))
      node = (node._zod.def.innerType ?? node._zod.def.element)!;
    const next = node.shape?.[key];
    if (!next) return null;
    node = next;
  }
  return node;
}

const TOP = new Set(Object.keys(settingsObject.shape));

/** `pbx.queueLog`-like names in backticks whose first part is a top-level setting. */
function dottedNames(markdown: string): string[] {
  const names = [...markdown.matchAll(/`([a-zA-Z]+(?:\.[a-zA-Z]+)+)`/g)].map((m) => m[1]!);
  return names.filter((name) => TOP.has(name.split('.')[0]!));
}

/** What "setting `X`" and "`X` setting" name. */
function namedSettings(markdown: string): string[] {
  return [...markdown.matchAll(/settings? `([^`]+)`|`([^`]+)` settings?\b/g)].map((m) => (m[1] ?? m[2])!);
}

/** Inline JSON fragments such as `"pbx": { "auth": "md5" }`, as objects. */
function inlineJson(markdown: string): Record<string, unknown>[] {
  return [...markdown.matchAll(/`("[a-zA-Z]+":[^`]+)`/g)].flatMap((m) => {
    try {
      return [JSON.parse(`{${m[1]}}`) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

const jsonBlocks = (markdown: string) => [...markdown.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!) as unknown);

describe('the docs name only settings the schema knows', () => {
  it.each(DOCS)('%s', (file) => {
    const markdown = text(file);
    for (const name of [...dottedNames(markdown), ...namedSettings(markdown)]) expect(nodeAt(name), `${file}: \`${name}\``).not.toBeNull();
    for (const fragment of inlineJson(markdown).filter((f) => Object.keys(f).every((k) => TOP.has(k)))) {
      const parsed = parseSettings(fragment);
      expect(parsed.ok === false ? parsed.error : 'accepted', `${file}: ${JSON.stringify(fragment)}`).toBe('accepted');
    }
    // A settings file (its keys all settings) or an admin defaults file; other JSON (a record, a message) is not ours to check.
    const isSettings = (block: unknown) =>
      block !== null && typeof block === 'object' && ('settings' in block || Object.keys(block).every((k) => TOP.has(k)));
    for (const block of jsonBlocks(markdown).filter(isSettings)) {
      const isAdmin = 'settings' in (block as object);
      const checked = isAdmin ? checkAdminDefaults(block) : parseSettings(block);
      const said = checked.ok ? ('admin' in checked ? checked.admin?.ignored.length : 0) : checked.error;
      expect(said, `${file}: ${JSON.stringify(block)}`).toBe(0);
    }
  });

  it('finds names it must refuse (the check itself works)', () => {
    expect(nodeAt('pbx.queueLog')).not.toBeNull();
    expect(nodeAt('queueLog')).toBeNull();
    expect(nodeAt('pauseReasons.label.en')).not.toBeNull();
    expect(nodeAt('pbx.caFile')).not.toBeNull();
    expect(namedSettings('With `--queue-log` (setting `queueLog`) also')).toEqual(['queueLog']);
    expect(dottedNames('the `pbx.hots` field and `window.open`')).toEqual(['pbx.hots']);
  });
});
