/**
 * Building ARI paths and queries from values that may come from a user, a setting or a PBX.
 * Ids become one path segment each (encodeURIComponent); anything that could change which
 * resource is addressed (`/`, `.` and `..`, CR, LF, NUL and other control bytes) is refused with
 * an error naming the field, before a byte is sent.
 */
import { AriError } from './errors.ts';

export const MAX_ID_LENGTH = 256;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** One path segment: a channel id, bridge id, recording name, application name... */
export function segment(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw new AriError('invalid-input', `the ${field} is empty`);
  if (value.length > MAX_ID_LENGTH) throw new AriError('invalid-input', `the ${field} is longer than ${MAX_ID_LENGTH} characters`);
  if (CONTROL.test(value)) throw new AriError('invalid-input', `the ${field} contains a line break, NUL or another control character`);
  if (value.includes('/') || value.includes('\\')) throw new AriError('invalid-input', `the ${field} "${value}" contains a path separator ("/")`);
  if (value === '.' || value === '..') throw new AriError('invalid-input', `the ${field} "${value}" is not a name`);
  return encodeURIComponent(value);
}

/** A query value (refused with control characters: Asterisk would pass them into the dialplan or a log). */
export function queryValue(value: unknown, field: string): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string') throw new AriError('invalid-input', `the ${field} is not text`);
  if (text.length > 1024) throw new AriError('invalid-input', `the ${field} is longer than 1024 characters`);
  if (CONTROL.test(text)) throw new AriError('invalid-input', `the ${field} contains a line break, NUL or another control character`);
  return text;
}

/** `?a=1&b=2` from the defined entries (undefined ones are left out); '' when none. */
export function query(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    search.append(name, queryValue(typeof value === 'boolean' ? String(value) : value, name));
  }
  const text = search.toString();
  // URLSearchParams writes spaces as '+'; Asterisk decodes %20 (as recorded: callerId=ARI%20%3C800%3E).
  return text ? `?${text.replace(/\+/g, '%20')}` : '';
}

const ENDPOINT = /^([A-Za-z0-9_]{1,32})\/(.+)$/;

/** `PJSIP/1001` -> its technology and resource, each a checked segment. */
export function splitEndpoint(endpoint: unknown, field = 'endpoint'): { technology: string; resource: string } {
  const text = typeof endpoint === 'string' ? endpoint : '';
  if (CONTROL.test(text)) throw new AriError('invalid-input', `the ${field} contains a line break, NUL or another control character`);
  const m = ENDPOINT.exec(text);
  if (!m) throw new AriError('invalid-input', `the ${field} ${JSON.stringify(text).slice(0, 80)} is not TECHNOLOGY/RESOURCE such as PJSIP/1001`);
  segment(m[1], `${field}'s technology`);
  segment(m[2], `${field}'s resource`);
  return { technology: m[1]!, resource: m[2]! };
}

/** A dial string for POST /channels (`PJSIP/1001`, `Local/1001@from-internal`): one query value, checked. */
export function endpointValue(endpoint: unknown, field = 'endpoint'): string {
  const text = queryValue(endpoint, field);
  if (!ENDPOINT.test(text)) throw new AriError('invalid-input', `the ${field} ${JSON.stringify(text).slice(0, 80)} is not TECHNOLOGY/RESOURCE such as PJSIP/1001`);
  return text;
}
