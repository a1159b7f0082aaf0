/**
 * manager.conf's per-user event filter, as Asterisk applies it to the events of one AMI session
 * (main/manager.c: should_send_event, filter_cmp_fn, match_eventdata; the manager.conf.sample text
 * on eventfilter), so a test can see what a desk with the doctor's stanza would receive.
 *
 * The rules, as Asterisk's source and documentation state them:
 * - Lines: `eventfilter = REGEX` (legacy: include) and `eventfilter = !REGEX` (legacy: exclude), a
 *   POSIX extended regex searched in the whole event text; and the advanced form (Asterisk 22.1+,
 *   21.6+, 20.11+, 18.26+) `eventfilter(action(include|exclude),name(EVENT),header(NAME),
 *   method(regex|exact|starts_with|ends_with|contains|none)) = VALUE`, every part optional
 *   (action defaults to include; method to regex, or none when the value is empty).
 * - A filter matches an event when: its name(), if given, is the event's name (exact); then with
 *   header(NAME), some line of the event that begins with `NAME:` has a value (after the blanks)
 *   that the method matches (non-empty values only: lines are tried in order, the first match
 *   wins); without header(), the method runs on the whole event text ("Event: X\r\nPrivilege:
 *   ...\r\n..."). Method none always matches. Comparisons are case-sensitive (strcmp, strstr, regexec).
 * - Which filters apply: none at all -> every event is sent; only includes -> an event is sent when
 *   some include matches; only excludes -> sent unless some exclude matches; both -> "includes first
 *   then excludes": sent when some include matches and no exclude does.
 * - Only events are filtered. Action responses, and the list items an action writes straight to its
 *   own session (they carry the action's ActionID: QueueMember, CoreShowChannel, Status...), are
 *   never filtered. OriginateResponse carries the ActionID too but is a queued event: it is filtered.
 * - The `read =` classes come first: an event is sent only when its Privilege lists one of them.
 */
import type { AmiMessage } from '../../electron/core/ami/message.ts';

type Method = 'regex' | 'exact' | 'starts_with' | 'ends_with' | 'contains' | 'none';

export interface EventFilter {
  action: 'include' | 'exclude';
  name: string | null;
  header: string | null;
  method: Method;
  value: string;
  /** The manager.conf line it came from. */
  line: string;
}

/** The `eventfilter` lines of a manager.conf stanza (commented lines with `; ` are read when `commented`). */
export function parseEventFilters(text: string, options: { commented?: boolean } = {}): EventFilter[] {
  const filters: EventFilter[] = [];
  for (const raw of text.split('\n')) {
    let line = raw.trim();
    if (options.commented) {
      if (!line.startsWith('; eventfilter')) continue;
      line = line.slice(2);
    }
    if (!line.startsWith('eventfilter')) continue;
    // The advanced form's `=` comes after its last `)`; a legacy regex may hold `=` and `)` itself.
    const eq = line.startsWith('eventfilter(')
      ? line.indexOf('=', line.indexOf(') ') + 1 || line.lastIndexOf(')=') + 1)
      : line.indexOf('=');
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key === 'eventfilter') {
      const exclude = value.startsWith('!');
      filters.push({
        action: exclude ? 'exclude' : 'include',
        name: null,
        header: null,
        method: 'regex',
        value: exclude ? value.slice(1) : value,
        line,
      });
      continue;
    }
    const parts = new Map<string, string>();
    for (const m of key.slice('eventfilter('.length, -1).matchAll(/(\w+)\(([^)]*)\)/g)) parts.set(m[1]!, m[2]!);
    const method = (parts.get('method') ?? (value === '' ? 'none' : 'regex')) as Method;
    filters.push({
      action: parts.get('action') === 'exclude' ? 'exclude' : 'include',
      name: parts.get('name') ?? null,
      header: parts.get('header') ?? null,
      method,
      value,
      line,
    });
  }
  return filters;
}

/** The `read =` classes of a stanza. */
export function parseReadClasses(text: string): string[] {
  const line = text.split('\n').find((l) => /^read\s*=/.test(l.trim()));
  return line
    ? line
        .split('=')[1]!
        .split(';')[0]!
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean)
    : ['all'];
}

function matchValue(filter: EventFilter, text: string): boolean {
  switch (filter.method) {
    case 'regex':
      // regcomp(REG_EXTENDED | REG_NOSUB), no REG_NEWLINE: `.` matches CR and LF, `^` is the text's start.
      // POSIX bracket classes, as JavaScript writes them: [:space:] (inside brackets) is \s.
      return new RegExp(filter.value.replaceAll('[:space:]', '\\s'), 's').test(text);
    case 'exact':
      return text === filter.value;
    case 'starts_with':
      return text.startsWith(filter.value);
    case 'ends_with':
      return text.endsWith(filter.value);
    case 'contains':
      return text.includes(filter.value);
    case 'none':
      return true;
  }
}

function matches(filter: EventFilter, name: string, text: string): boolean {
  if (filter.name !== null && filter.name !== name) return false;
  if (filter.header === null) return matchValue(filter, text);
  const prefix = `${filter.header}:`;
  for (const line of text.split('\r\n')) {
    if (!line.startsWith(prefix)) continue;
    const value = line.slice(prefix.length).replace(/^[ \t]+/, '');
    if (value !== '' && matchValue(filter, value)) return true;
  }
  return false;
}

/** Whether Asterisk sends `message` to a session with these read classes and filters. */
export function isSent(message: AmiMessage, read: readonly string[], filters: readonly EventFilter[]): boolean {
  if (message.kind !== 'event') return true;
  const name = message.name;
  if (message.get('ActionID') !== undefined && name !== 'OriginateResponse') return true;
  const privilege = (message.get('Privilege') ?? '').split(',');
  if (!read.includes('all') && !privilege.some((c) => read.includes(c))) return false;
  // Asterisk's event text ends in CRLF CRLF (a legacy `1001[^0-9]` matches a last header's value there).
  const text = `${message.raw}\r\n\r\n`;
  const includes = filters.filter((f) => f.action === 'include');
  const excludes = filters.filter((f) => f.action === 'exclude');
  if (includes.length > 0 && !includes.some((f) => matches(f, name, text))) return false;
  return !excludes.some((f) => matches(f, name, text));
}
