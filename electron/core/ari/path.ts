/**
 * Building ARI paths and queries from values that may come from a user, a setting or a PBX.
 * Ids become one path segment each (encodeURIComponent); anything that could change which
 * resource is addressed (`/`, `.` and `..`, CR, LF, NUL and other control bytes) is refused with
 * an error naming the field, before a byte is sent.
 */
import { CONTROL_CHARACTERS } from '../../shared/control-characters.ts';
import { phrase, verbatim, type Phrase, type PhraseCode } from '../../shared/phrases/index.ts';
import { AriError } from './errors.ts';

export const MAX_ID_LENGTH = 256;

/** The fields named in the errors below, worded in the agent's language; another name (a query parameter's) as it is. */
const FIELD_NAMES: Readonly<Record<string, PhraseCode>> = {
  'channel id': 'ari.field-name-channel-id',
  'bridge id': 'ari.field-name-bridge-id',
  'application name': 'ari.field-name-application',
  'recording name': 'ari.field-name-recording',
  'device state name': 'ari.field-name-device-state',
  'endpoint technology': 'ari.field-name-technology',
  endpoint: 'ari.field-name-endpoint',
  "endpoint's technology": 'ari.field-name-endpoint-technology',
  "endpoint's resource": 'ari.field-name-endpoint-resource',
  'event source': 'ari.field-name-event-source',
};

function fieldName(field: string): Phrase {
  const code = Object.hasOwn(FIELD_NAMES, field) ? FIELD_NAMES[field] : undefined;
  if (code) return phrase(code);
  const variable = /^variable (.+)$/s.exec(field);
  return variable ? phrase('ari.field-name-variable', { name: variable[1]! }) : verbatim(field);
}

function refuse(code: PhraseCode, field: string, params: Record<string, string | number> = {}): never {
  throw new AriError('invalid-input', phrase(code, { field: fieldName(field), ...params }));
}
const CONTROL = CONTROL_CHARACTERS;

/** One path segment: a channel id, bridge id, recording name, application name... */
export function segment(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') refuse('ari.field-empty', field);
  if (value.length > MAX_ID_LENGTH) refuse('ari.field-too-long', field, { max: MAX_ID_LENGTH });
  if (CONTROL.test(value)) refuse('ari.field-control', field);
  if (value.includes('/') || value.includes('\\')) refuse('ari.field-separator', field, { value });
  if (value === '.' || value === '..') refuse('ari.field-not-name', field, { value });
  return encodeURIComponent(value);
}

/** A query value (refused with control characters: Asterisk would pass them into the dialplan or a log). */
export function queryValue(value: unknown, field: string): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string') refuse('ari.field-not-text', field);
  if (text.length > 1024) refuse('ari.field-too-long', field, { max: 1024 });
  if (CONTROL.test(text)) refuse('ari.field-control', field);
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
  if (CONTROL.test(text)) refuse('ari.field-control', field);
  const m = ENDPOINT.exec(text);
  if (!m) refuse('ari.field-not-endpoint', field, { value: JSON.stringify(text).slice(0, 80) });
  segment(m[1], `${field}'s technology`);
  segment(m[2], `${field}'s resource`);
  return { technology: m[1]!, resource: m[2]! };
}

/** A dial string for POST /channels (`PJSIP/1001`, `Local/1001@from-internal`): one query value, checked. */
export function endpointValue(endpoint: unknown, field = 'endpoint'): string {
  const text = queryValue(endpoint, field);
  if (!ENDPOINT.test(text)) refuse('ari.field-not-endpoint', field, { value: JSON.stringify(text).slice(0, 80) });
  return text;
}
