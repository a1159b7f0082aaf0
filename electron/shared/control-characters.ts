/**
 * Control characters: C0 (NUL to US: CR, LF, TAB, ESC, BEL...), DEL, C1, and the Unicode line and
 * paragraph separators. Refused in what we send; replaced in what we show, so a PBX's words (or a
 * caller's) cannot move a terminal's cursor, retitle it, ring its bell or fake an extra line.
 */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const CONTROL_RUNS = new RegExp(`${CONTROL_CHARACTERS.source}+`, 'g');

/**
 * `text` fit to show to a person: each run of control characters becomes one space (none at either
 * end). The raw text stays where it came from (an error's pbxMessage, the logs).
 */
export function printable(text: string): string {
  return text.replace(CONTROL_RUNS, (run: string, at: number) => (at === 0 || at + run.length === text.length ? '' : ' '));
}
