/**
 * The team view's options of `watch` and `team`: `--colleagues 1002,1003` (colleagues besides the
 * agent's queues' members, as the settings' team.extensions) and `--max-members N` (team.maxMembers),
 * checked before anything connects.
 */
import { EXTENSION } from '../../shared/fields.ts';
import type { TeamSettings } from '../team/engine.ts';
import type { CliIO } from './io.ts';

export const TEAM_OPTIONS = {
  colleagues: { type: 'string' },
  'max-members': { type: 'string' },
} as const;

/** The team settings the options give, or the usage error's exit code (2) after saying why. */
export function teamSettings(name: string, values: { colleagues?: string; 'max-members'?: string }, io: CliIO): TeamSettings | number {
  const extensions = values.colleagues === undefined ? [] : values.colleagues.split(',').map((e) => e.trim());
  const bad = extensions.find((e) => !EXTENSION.test(e));
  if (bad !== undefined) {
    io.err(`${name}: --colleagues: ${JSON.stringify(bad.slice(0, 40))} is not an extension (up to 32 letters, digits or _ + * # . -)`);
    return 2;
  }
  const max = values['max-members'] === undefined ? undefined : Number(values['max-members']);
  if (max !== undefined && !(Number.isInteger(max) && max >= 1 && max <= 10_000)) {
    io.err(`${name}: --max-members must be a whole number from 1 to 10000`);
    return 2;
  }
  return { extensions, ...(max === undefined ? {} : { maxMembers: max }) };
}
