/**
 * The screen pop's URL template: `https://crm.example/c?id={var.CUSTOMER_ID}&n={number}`.
 * Checked once when the template is saved (unknown placeholders, schemes, placeholders where the
 * URL's destination is decided); rendered on every pop, where it never throws and every inserted
 * value is percent-encoded, so a caller ID can change what the CRM reads but never where the URL goes.
 */
import type { CountryCode } from 'libphonenumber-js';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { CONTROL_CHARACTERS } from '../../shared/control-characters.ts';
import { english, phrase, refused, type Phrase, type PhraseCode, type PhraseParam, type Refusal } from '../../shared/phrases/index.ts';
import type { CallInfo } from '../../shared/snapshot.ts';

export type NumberFormat = 'asReceived' | 'e164' | 'digits';

export type Placeholder =
  | { kind: 'number' | 'name' | 'queue' | 'linkedid' | 'uniqueid' | 'extension' | 'did' }
  /** What the agent typed in a contacts search (electron/core/contacts): only where a template allows it by name. */
  | { kind: 'query' }
  | { kind: 'var'; name: string }
  | { kind: 'lookup'; field: string };

export type PlaceholderKind = Placeholder['kind'];

/** `inPath`: the value lands in the URL's path (before any `?` or `#`). */
type Part = { literal: string } | { placeholder: Placeholder; inPath: boolean };

export interface CompiledTemplate {
  readonly source: string;
  readonly parts: readonly Part[];
  /** Lower-case schemes without the colon, e.g. `https`. */
  readonly allowedSchemes: readonly string[];
  /** The scheme and host fixed by the template's literal text, e.g. `https:` and `crm.example`. */
  readonly protocol: string;
  readonly host: string;
  readonly maxLength: number;
}

export interface CompileOptions {
  /** Schemes a pop may open, without the colon. Default `['http', 'https']`. */
  allowedSchemes?: readonly string[];
  /** The placeholders this template may use (the caller lookup allows only `number`). Default: all. */
  placeholders?: readonly PlaceholderKind[];
  /** The longest URL a render may produce (what a browser or OS accepts). Default 32,768 characters. */
  maxLength?: number;
}

/** A refusal says why in English (`error`) and as a phrase for a shell that translates. */
export type CompileRefusal = Refusal;
export type CompileResult = { ok: true; template: CompiledTemplate } | CompileRefusal;

export interface RenderContext {
  /** The agent's extension, for `{extension}`. */
  extension?: string;
  /** How `{number}` and `{did}` are written. Default `asReceived`. */
  numberFormat?: NumberFormat;
  /** For `e164`: the country of numbers dialled without a `+`, e.g. `ES`. */
  defaultCountry?: string;
  /** Fields from the caller lookup, for `{lookup.FIELD}`. */
  lookup?: Readonly<Record<string, string>> | null;
  /** What the agent typed, for a contacts search's `{query}`. */
  query?: string;
}

export type RenderResult = { ok: true; url: string } | { ok: false; reason: string; phrase: Phrase };

export const DEFAULT_ALLOWED_SCHEMES: readonly string[] = ['http', 'https'];
export const DEFAULT_MAX_URL_LENGTH = 32_768;

const SIMPLE = new Set(['number', 'name', 'queue', 'linkedid', 'uniqueid', 'extension', 'did']);
const KNOWN = 'number, name, queue, linkedid, uniqueid, extension, did, var.NAME, lookup.FIELD';
const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LOOKUP_FIELD = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
// Schemes the URL standard parses with a host; `https:evil.example` means https://evil.example/.
const SPECIAL_SCHEMES = new Set(['http', 'https', 'ws', 'wss', 'ftp', 'file']);

export function compileTemplate(source: string, options: CompileOptions = {}): CompileResult {
  if (typeof source !== 'string' || source.trim() === '') return refused('pop.template.empty');
  const allowedSchemes = (options.allowedSchemes ?? DEFAULT_ALLOWED_SCHEMES).map((s) => s.toLowerCase().replace(/:$/, ''));
  const allowedKinds = options.placeholders ? new Set<string>(options.placeholders) : null;
  const maxLength = options.maxLength ?? DEFAULT_MAX_URL_LENGTH;

  if (CONTROL_CHARACTERS.test(source)) return refused('pop.template.control');
  if (/\s/.test(source.trim()) || source !== source.trim()) return refused('pop.template.spaces');

  const parsed = splitParts(source);
  if (!parsed.ok) return parsed;
  const parts = parsed.parts;
  for (const part of parts) {
    // `{query}` means nothing to a pop: unknown unless the template's use names it.
    if ('placeholder' in part && !allowedKinds && part.placeholder.kind === 'query') {
      return refused('pop.template.unknown-placeholder', { placeholder: '{query}', known: KNOWN });
    }
    if ('placeholder' in part && allowedKinds && !allowedKinds.has(part.placeholder.kind)) {
      return refused('pop.template.placeholder-not-allowed', {
        placeholder: `{${describe(part.placeholder)}}`,
        allowed: [...allowedKinds].map((k) => `{${k}}`).join(', '),
      });
    }
  }

  // The scheme and host must be literal text: only the path, query and fragment may hold values.
  const firstHole = parts.findIndex((p) => 'placeholder' in p);
  const fixed = parts
    .slice(0, firstHole === -1 ? parts.length : firstHole)
    .map((p) => ('literal' in p ? p.literal : ''))
    .join('');
  const scheme = SCHEME.exec(fixed)?.[1]?.toLowerCase();
  if (!scheme) {
    return refused(firstHole === -1 ? 'pop.template.no-scheme' : 'pop.template.placeholder-in-scheme');
  }
  if (!allowedSchemes.includes(scheme)) {
    return refused('pop.template.scheme-not-allowed', { scheme, allowed: allowedSchemes.map((s) => `${s}:`).join(', ') });
  }
  const rest = fixed.slice(scheme.length + 1);
  if (SPECIAL_SCHEMES.has(scheme) && !rest.startsWith('//')) return refused('pop.template.write-slashes', { scheme });
  if (SPECIAL_SCHEMES.has(scheme) && scheme !== 'file' && /^\/\/[/\\?#]/.test(rest)) return refused('pop.template.no-host');
  if (rest.startsWith('//') && firstHole !== -1 && !/[/?#]/.test(rest.slice(2))) {
    return refused('pop.template.placeholder-in-host');
  }

  // Validate the whole with every value empty: what parses here fixes the scheme and host.
  let url: URL;
  try {
    url = new URL(parts.map((p) => ('literal' in p ? p.literal : '')).join(''));
  } catch {
    return refused('pop.template.invalid-url');
  }
  if (SPECIAL_SCHEMES.has(scheme) && scheme !== 'file' && url.host === '') return refused('pop.template.no-host');
  return { ok: true, template: { source, parts, allowedSchemes, protocol: url.protocol, host: url.host, maxLength } };
}

/** The template with values filled in; never throws. A result outside the allowed schemes is no URL. */
export function render(template: CompiledTemplate, call: CallInfo, context: RenderContext = {}): RenderResult {
  try {
    let text = '';
    for (const part of template.parts) {
      text += 'literal' in part ? part.literal : encodeValue(pathSafe(valueOf(part.placeholder, call, context), part.inPath));
      if (text.length > template.maxLength) return unrendered('pop.render.too-long', { max: template.maxLength });
    }
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return unrendered('pop.render.unparsable');
    }
    if (!template.allowedSchemes.includes(url.protocol.slice(0, -1)))
      return unrendered('pop.render.scheme-not-allowed', { scheme: url.protocol });
    // Cannot happen with encoded values; checked so that a bug here can never redirect a pop.
    if (url.protocol !== template.protocol || url.host !== template.host) return unrendered('pop.render.moved');
    return { ok: true, url: url.href };
  } catch (error) {
    return unrendered('pop.render.failed', { why: error instanceof Error ? error.message : String(error) });
  }
}

function unrendered(code: PhraseCode, params?: Record<string, PhraseParam>): RenderResult {
  const said = phrase(code, params);
  return { ok: false, reason: english(said), phrase: said };
}

/** encodeURIComponent, plus the characters it leaves alone that some parsers treat specially. */
export function encodeValue(value: string): string {
  // Lone surrogates make encodeURIComponent throw; replace them rather than lose the pop.
  const wellFormed = value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return encodeURIComponent(wellFormed).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A phone number as the template wants it; `e164` falls back to digits when the number cannot be parsed. */
export function formatNumber(number: string, format: NumberFormat = 'asReceived', defaultCountry?: string): string {
  if (format === 'asReceived') return number;
  const digits = number.replace(/\D/g, '');
  if (format === 'digits') return digits;
  if (digits === '') return '';
  try {
    const parsed = parsePhoneNumberFromString(number, defaultCountry as CountryCode | undefined);
    if (parsed?.isPossible()) return parsed.number;
  } catch {
    // libphonenumber-js refuses some inputs (e.g. an unknown country); use the fallback.
  }
  return number.trim().startsWith('+') ? `+${digits}` : digits;
}

/** A path segment of `.` or `..` (even as %2E) would move up the CRM's path: such a value counts as missing. */
function pathSafe(value: string, inPath: boolean): string {
  return inPath && (value === '.' || value === '..') ? '' : value;
}

function valueOf(placeholder: Placeholder, call: CallInfo, context: RenderContext): string {
  const format = context.numberFormat ?? 'asReceived';
  switch (placeholder.kind) {
    case 'number':
      return formatNumber(known(call.remote?.number), format, context.defaultCountry);
    case 'name':
      return known(call.remote?.name);
    case 'queue':
      return known(call.queue);
    case 'linkedid':
      return known(call.id);
    case 'uniqueid':
      return known(call.uniqueid);
    case 'extension':
      return known(context.extension);
    case 'did':
      return formatNumber(known(call.did), format, context.defaultCountry);
    case 'var':
      return known(lookupIgnoringCase(call.vars, placeholder.name));
    case 'lookup':
      return known(lookupIgnoringCase(context.lookup, placeholder.field));
    case 'query':
      return known(context.query);
  }
}

/** Asterisk writes `<unknown>` for a caller ID it does not have; the template gets an empty value. */
function known(value: unknown): string {
  if (typeof value !== 'string' || value === '<unknown>') return '';
  return value;
}

function lookupIgnoringCase(record: Readonly<Record<string, string>> | null | undefined, key: string): string | undefined {
  if (!record || typeof record !== 'object') return undefined;
  if (Object.hasOwn(record, key)) return record[key];
  const lower = key.toLowerCase();
  const found = Object.keys(record).find((k) => k.toLowerCase() === lower);
  return found === undefined ? undefined : record[found];
}

function splitParts(source: string): { ok: true; parts: Part[] } | CompileRefusal {
  const parts: Part[] = [];
  let at = 0;
  let inPath = true;
  while (at < source.length) {
    const open = source.indexOf('{', at);
    const stray = source.indexOf('}', at);
    if (stray !== -1 && (open === -1 || stray < open)) return refused('pop.template.stray-close', { position: stray + 1 });
    if (open === -1) {
      parts.push({ literal: source.slice(at) });
      break;
    }
    if (open > at) parts.push({ literal: source.slice(at, open) });
    if (/[?#]/.test(source.slice(at, open))) inPath = false;
    const close = source.indexOf('}', open);
    const nested = source.indexOf('{', open + 1);
    if (close === -1 || (nested !== -1 && nested < close)) return refused('pop.template.unclosed', { position: open + 1 });
    const name = source.slice(open + 1, close);
    const placeholder = parsePlaceholder(name);
    if (!placeholder) return refused('pop.template.unknown-placeholder', { placeholder: `{${name}}`, known: KNOWN });
    parts.push({ placeholder, inPath });
    at = close + 1;
  }
  return { ok: true, parts };
}

function parsePlaceholder(name: string): Placeholder | null {
  if (SIMPLE.has(name)) return { kind: name as 'number' };
  if (name === 'query') return { kind: 'query' };
  if (name.startsWith('var.') && VAR_NAME.test(name.slice(4))) return { kind: 'var', name: name.slice(4) };
  if (name.startsWith('lookup.') && LOOKUP_FIELD.test(name.slice(7))) return { kind: 'lookup', field: name.slice(7) };
  return null;
}

function describe(placeholder: Placeholder): string {
  if (placeholder.kind === 'var') return `var.${placeholder.name}`;
  if (placeholder.kind === 'lookup') return `lookup.${placeholder.field}`;
  return placeholder.kind;
}
