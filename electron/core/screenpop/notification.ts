/**
 * What a pop shows as a desktop notification: the caller's name, number, queue and customer id, and
 * the URL its "Open" action opens (none when the URL was refused). Caller IDs are the caller's to
 * choose: control characters are dropped (no fake extra lines) and every field is cut short.
 */
import { printable } from '../../shared/control-characters.ts';
import type { CallInfo } from '../../shared/snapshot.ts';
import type { LookupRecord } from './lookup.ts';

/** Where a pop opens; the shell does the opening. */
export type PopTarget = 'browser' | 'window' | 'notification';

export interface PopNotification {
  title: string;
  body: string;
  /** For the "Open" action; null: no action. */
  url: string | null;
}

export interface NotificationOptions {
  /** The channel variable holding the customer id. Default `CUSTOMER_ID`. */
  customerVar?: string;
  /** Labels, for translation. */
  labels?: { number?: string; queue?: string; customer?: string; unknownCaller?: string };
}

const MAX_FIELD = 80;

export function popNotification(
  decision: { call: Pick<CallInfo, 'remote' | 'vars' | 'queue'>; url: string | null; lookup?: LookupRecord | null },
  options: NotificationOptions = {},
): PopNotification {
  const call = decision.call;
  const labels = { number: 'Number', queue: 'Queue', customer: 'Customer', unknownCaller: 'Unknown caller', ...options.labels };
  const number = clean(call.remote?.number);
  const name = clean(call.remote?.name) || clean(decision.lookup?.name);
  const customer = clean(call.vars?.[options.customerVar ?? 'CUSTOMER_ID']);
  const queue = clean(call.queue);
  const lines = [
    number && `${labels.number}: ${number}`,
    queue && `${labels.queue}: ${queue}`,
    customer && `${labels.customer}: ${customer}`,
  ].filter(Boolean);
  return { title: name || number || labels.unknownCaller, body: lines.join('\n'), url: decision.url };
}

function clean(value: unknown): string {
  if (typeof value !== 'string' || value === '<unknown>') return '';
  const text = printable(value).trim();
  return text.length > MAX_FIELD ? `${text.slice(0, MAX_FIELD - 1)}…` : text;
}
