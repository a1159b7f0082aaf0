/**
 * What the reducer reads from AMI's text fields: the value tables (extension, device, member,
 * contact and peer states) and the field parsers. A value it does not know throws Invalid: the
 * whole event is then ignored and logged once (reduce.ts).
 */
import type { ExtensionState } from '../../shared/snapshot.ts';

/** A field with a value the reducer does not know: the whole event is ignored (and logged once). */
export class Invalid extends Error {}

/** ExtensionStatus Status (AST_EXTENSION_* bits). -1/-2: the hint was removed. */
export const EXTENSION_STATUS: Record<string, ExtensionState> = {
  '-2': 'unknown',
  '-1': 'unknown',
  '0': 'idle',
  '1': 'inuse',
  '2': 'busy',
  '4': 'unavailable',
  '8': 'ringing',
  '9': 'ringing',
  '16': 'onhold',
  '17': 'onhold',
};

/** DeviceStateChange State (ast_devstate_str). */
export const DEVICE_STATE: Record<string, ExtensionState> = {
  UNKNOWN: 'unknown',
  NOT_INUSE: 'idle',
  INUSE: 'inuse',
  BUSY: 'busy',
  INVALID: 'unknown',
  UNAVAILABLE: 'unavailable',
  RINGING: 'ringing',
  RINGINUSE: 'ringing',
  ONHOLD: 'onhold',
};

/** QueueMember* Status (AST_DEVICE_*), as the snapshot's word. */
export const MEMBER_STATUS = ['unknown', 'idle', 'inuse', 'busy', 'invalid', 'unavailable', 'ringing', 'ringinuse', 'onhold'];

export const CONTACT_UP = new Set(['Reachable', 'NonQualified', 'Created', 'Updated']);
export const CONTACT_DOWN = new Set(['Removed', 'Unreachable']);
export const PEER_UP = new Set(['Registered', 'Reachable', 'Lagged', 'OK']);
export const PEER_DOWN = new Set(['Unregistered', 'Unreachable', 'Rejected']);

export function flag(value: string | undefined, field: string): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (v === '1' || v === 'true' || v === 'yes') return true;
  if (v === '0' || v === 'false' || v === 'no') return false;
  throw new Invalid(`${field} ${JSON.stringify(value.slice(0, 40))} is not 0 or 1`);
}

export function integer(value: string | undefined, field: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^-?\d{1,15}$/.test(value)) throw new Invalid(`${field} ${JSON.stringify(value.slice(0, 40))} is not a number`);
  return Number(value);
}

/** A caller ID part as shown to a person: Asterisk writes `<unknown>` (or `unknown`) for none. */
export function party(value: string | undefined): string {
  if (!value || value === '<unknown>' || value === 'unknown') return '';
  return value;
}
