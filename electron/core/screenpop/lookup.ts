/**
 * The optional caller lookup: an HTTP(S) JSON endpoint asked about the caller's number, whose fields
 * enrich the pop (`{lookup.FIELD}`) and the notification. It must never hold the pop back: whatever the
 * server does (garbage, HTML, 10 MB, an error, no answer at all), the answer is null within the timeout.
 */
import type { CompileResult, CompiledTemplate, NumberFormat } from './template.ts';
import { compileTemplate, render } from './template.ts';

export type LookupRecord = Record<string, string>;
export type FetchLike = (
  url: string,
  init: { signal: AbortSignal; headers: Record<string, string>; redirect: 'follow' },
) => Promise<Response>;

export interface LookupOptions {
  /** A URL template with `{number}`, e.g. `https://crm.example/api/caller?n={number}`, or one compiled by compileLookupUrl. */
  url: string | CompiledTemplate;
  /** Default 1500 ms; covers the connection, the headers and the whole body. */
  timeoutMs?: number;
  /** Default the global fetch. */
  fetch?: FetchLike;
  /** Longer bodies are dropped. Default 64 KiB. */
  maxBytes?: number;
  /** How `{number}` is written. Default `asReceived`. */
  numberFormat?: NumberFormat;
  defaultCountry?: string;
  /** Schemes the lookup URL may use. Default http and https. */
  allowedSchemes?: readonly string[];
}

export const DEFAULT_LOOKUP_TIMEOUT_MS = 1500;
export const DEFAULT_LOOKUP_MAX_BYTES = 64 * 1024;
const MAX_FIELDS = 200;
const MAX_DEPTH = 3;

/** Checks a lookup URL template at save time: only `{number}` may appear in it. */
export function compileLookupUrl(url: string, allowedSchemes?: readonly string[]): CompileResult {
  return compileTemplate(url, { placeholders: ['number'], ...(allowedSchemes ? { allowedSchemes } : {}) });
}

/**
 * The caller's record as flat string fields (nested objects as `a.b`), or null: never throws and
 * never takes longer than the timeout.
 */
export async function lookupCaller(number: string, options: LookupOptions): Promise<LookupRecord | null> {
  const outcome = await lookupOutcome(number, options);
  return outcome.kind === 'found' ? outcome.record : null;
}

/**
 * What the CRM said: a record, no such customer (404, JSON `null` or an object without fields), or
 * no usable answer and why (timeout, error status, junk, too long). The AGI tells the last two apart.
 */
export type LookupOutcome = { kind: 'found'; record: LookupRecord } | { kind: 'not-found' } | { kind: 'failed'; why: string };

/** The lookup with its outcome; like lookupCaller, never throws and never takes longer than the timeout. */
export async function lookupOutcome(number: string, options: LookupOptions): Promise<LookupOutcome> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOOKUP_TIMEOUT_MS;
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // The race guarantees the deadline even if an injected fetch ignores the abort signal.
  const deadline = new Promise<LookupOutcome>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ kind: 'failed', why: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
  });
  try {
    return await Promise.race([fetchRecord(number, options, controller.signal), deadline]);
  } catch (error) {
    controller.abort();
    return { kind: 'failed', why: whyFailed(error) };
  } finally {
    // An answer that came has been read to its end or cancelled: nothing left to abort (abort() costs a DOMException).
    clearTimeout(timer);
  }
}

async function fetchRecord(number: string, options: LookupOptions, signal: AbortSignal): Promise<LookupOutcome> {
  const compiled =
    typeof options.url === 'string' ? compileLookupUrl(options.url, options.allowedSchemes) : { ok: true as const, template: options.url };
  if (!compiled.ok) return { kind: 'failed', why: compiled.error };
  const call = {
    id: '',
    channel: null,
    direction: 'inbound' as const,
    state: 'ringing' as const,
    remote: { number, name: '' },
    queue: null,
    vars: {},
    recording: 'off' as const,
    startedAt: 0,
    answeredAt: null,
  };
  const rendered = render(compiled.template, call, {
    numberFormat: options.numberFormat ?? 'asReceived',
    ...(options.defaultCountry ? { defaultCountry: options.defaultCountry } : {}),
  });
  if (!rendered.ok) return { kind: 'failed', why: rendered.reason };
  const doFetch: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const response = await doFetch(rendered.url, { signal, headers: { accept: 'application/json' }, redirect: 'follow' });
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    return response.status === 404 ? { kind: 'not-found' } : { kind: 'failed', why: `HTTP status ${response.status}` };
  }
  const maxBytes = options.maxBytes ?? DEFAULT_LOOKUP_MAX_BYTES;
  const text = await readLimited(response.body, maxBytes);
  if (text === null) return { kind: 'failed', why: `the answer is longer than ${maxBytes} bytes` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'failed', why: 'the answer is not JSON' };
  }
  if (parsed === null) return { kind: 'not-found' };
  if (!isObject(parsed)) return { kind: 'failed', why: 'the answer is not a JSON object' };
  const record = flatten(parsed);
  return record ? { kind: 'found', record } : { kind: 'not-found' };
}

/** fetch's errors say "fetch failed" and keep the reason (refused, too many redirects) in `cause`. */
export function whyFailed(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause instanceof Error ? `${message}: ${cause.message}` : message;
}

/** The body as text, or null once it passes maxBytes (the rest is not read). */
export async function readLimited(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<string | null> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) return null;
      chunks.push(value);
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
}

/** A JSON object's scalar fields as strings; null when it has none. */
function flatten(value: Record<string, unknown>): LookupRecord | null {
  // No prototype: a field named __proto__ is a field like any other.
  const record: LookupRecord = Object.create(null) as LookupRecord;
  let count = 0;
  const walk = (object: Record<string, unknown>, prefix: string, depth: number): void => {
    for (const [key, field] of Object.entries(object)) {
      if (count >= MAX_FIELDS) return;
      const name = prefix + key;
      if (typeof field === 'string' || typeof field === 'number' || typeof field === 'boolean') {
        record[name] = String(field);
        count++;
      } else if (isObject(field) && depth < MAX_DEPTH) {
        walk(field, `${name}.`, depth + 1);
      }
    }
  };
  walk(value, '', 1);
  return count === 0 ? null : record;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
