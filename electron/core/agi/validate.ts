/**
 * The `validate` script: `AGI(agi://companion:4573/validate,${DIGITS})` (or `validate?key=...`, or
 * nothing: the caller ID). It asks the CRM lookup, configured as the screen pop's (a URL template
 * with `{number}`, 1.5 s for the whole answer), and sets on the channel:
 * - CUSTOMER_VALID `1` (the CRM knows the key), `0` (it answered that it does not: 404, `null`,
 *   an empty object) or `unknown` (no CRM, or no usable answer in time: never holds the call);
 * - CUSTOMER_ID (the record's id field, else the key; empty when the CRM said no) and CUSTOMER_NAME;
 * - each mapped field (`CUSTOMER_TIER` <- `tier`), empty when the record lacks it.
 * With `?prompt=custom/enter-account` it first reads digits (GET DATA) and, while the CRM does not
 * know them, asks again up to `tries` times. Then it returns and the server closes the session.
 */
import type { LookupOptions, LookupOutcome } from '../screenpop/lookup.ts';
import { compileLookupUrl, lookupOutcome } from '../screenpop/lookup.ts';
import { getData, isSoundFile, setVariable } from './codec.ts';
import { keepAliveFetch } from './keep-alive-fetch.ts';
import type { AgiScript, AgiSession } from './server.ts';

export interface ValidateOptions {
  /** The CRM lookup; none: every call is CUSTOMER_VALID=unknown at once. */
  lookup?: LookupOptions;
  /** The record's field that holds the customer's id (default `id`) and name (default `name`). */
  idField?: string;
  nameField?: string;
  /** Further channel variables from record fields: `{ CUSTOMER_TIER: 'tier' }`. */
  fields?: Readonly<Record<string, string>>;
}

/** A key the CRM may be asked about: what a keypad or a caller ID holds. */
const KEY = /^\+?[0-9*#]{1,32}$/;
const MAX_TRIES = 5;
const MAX_DIGITS = 32;

type Verdict = { valid: '1' | '0' | 'unknown'; key: string; outcome: LookupOutcome | null };

export function validateScript(given: ValidateOptions): AgiScript {
  const options = prepared(given);
  return async (session) => {
    const prompt = promptOf(session);
    const started = performance.now();
    const verdict = prompt ? await withPrompt(session, prompt, options) : await check(keyOf(session), options);
    await setVariables(session, verdict, options);
    const why = verdict.outcome?.kind === 'failed' ? ` (${verdict.outcome.why})` : verdict.outcome ? '' : ' (no CRM configured)';
    session.log(`key ${verdict.key || 'none'}: CUSTOMER_VALID=${verdict.valid}${why} in ${Math.round(performance.now() - started)} ms`);
  };
}

/** The key: the first AGI() argument, else `?key=`, else the caller ID (Asterisk writes `unknown` for none). */
function keyOf(session: AgiSession): string {
  const given = session.request.args[0] ?? session.request.params.get('key') ?? session.env.callerid ?? '';
  const key = given.trim();
  if (key === '' || key === 'unknown') return '';
  if (!KEY.test(key)) {
    session.log(`key ${JSON.stringify(key.slice(0, 40))} is not digits: not looked up`);
    return '';
  }
  return key;
}

async function check(key: string, options: ValidateOptions): Promise<Verdict> {
  if (!options.lookup) return { valid: 'unknown', key, outcome: null };
  if (key === '') return { valid: '0', key, outcome: { kind: 'not-found' } };
  const outcome = await lookupOutcome(key, options.lookup);
  const valid = outcome.kind === 'found' ? '1' : outcome.kind === 'not-found' ? '0' : 'unknown';
  return { valid, key, outcome };
}

interface Prompt {
  file: string;
  digits: number;
  tries: number;
  timeoutMs: number;
}

/** `?prompt=FILE&digits=N&tries=N&timeout=MS`; a bad value is said in the log and the prompt skipped. */
function promptOf(session: AgiSession): Prompt | null {
  const params = session.request.params;
  const file = params.get('prompt');
  if (file === null) return null;
  const number = (name: string, fallback: number, max: number): number | null => {
    const text = params.get(name);
    if (text === null) return fallback;
    const value = Number(text);
    return /^\d+$/.test(text) && value >= 1 && value <= max ? value : null;
  };
  const prompt = {
    file,
    digits: number('digits', 10, MAX_DIGITS),
    tries: number('tries', 3, MAX_TRIES),
    timeoutMs: number('timeout', 5000, 20_000),
  };
  if (!isSoundFile(file) || prompt.digits === null || prompt.tries === null || prompt.timeoutMs === null) {
    session.log(
      `bad prompt parameters (prompt=${JSON.stringify(file.slice(0, 40))}: a sound file such as custom/enter-account; digits 1-${MAX_DIGITS}, tries 1-${MAX_TRIES}, timeout 1-20000 ms): asking nothing`,
    );
    return null;
  }
  return prompt as Prompt;
}

/** Asks for the key until the CRM knows it, the tries run out, or the CRM cannot answer. */
async function withPrompt(session: AgiSession, prompt: Prompt, options: ValidateOptions): Promise<Verdict> {
  let verdict: Verdict = { valid: options.lookup ? '0' : 'unknown', key: '', outcome: null };
  for (let attempt = 1; attempt <= prompt.tries; attempt++) {
    const reply = await session.command(getData(prompt.file, prompt.timeoutMs, prompt.digits));
    const digits = reply.code === 200 && /^[0-9*#]+$/.test(reply.result) ? reply.result : '';
    if (digits === '') continue;
    verdict = await check(digits, options);
    if (verdict.valid !== '0') break;
  }
  return verdict;
}

async function setVariables(session: AgiSession, verdict: Verdict, options: ValidateOptions): Promise<void> {
  const record = verdict.outcome?.kind === 'found' ? verdict.outcome.record : null;
  const field = (name: string): string => (record && Object.hasOwn(record, name) ? record[name]! : '');
  const values: Array<[string, string]> = [
    ['CUSTOMER_VALID', verdict.valid],
    ['CUSTOMER_ID', verdict.valid === '0' ? '' : field(options.idField ?? 'id') || verdict.key],
    ['CUSTOMER_NAME', field(options.nameField ?? 'name')],
    ...Object.entries(options.fields ?? {}).map(([variable, from]): [string, string] => [variable, field(from)]),
  ];
  // Sent together (one write), answered in order.
  const replies = await Promise.all(values.map(([name, value]) => session.command(setVariable(name, value))));
  replies.forEach((reply, i) => {
    if (reply.code !== 200) session.log(`SET VARIABLE ${values[i]![0]} answered ${reply.code} ${reply.data}`);
  });
}

/**
 * The lookup made ready once per script, not per call: its URL template compiled (a template the
 * lookup would refuse throws here), and node:http with kept-alive connections unless a fetch is given.
 */
function prepared(options: ValidateOptions): ValidateOptions {
  if (!options.lookup) return options;
  let url = options.lookup.url;
  if (typeof url === 'string') {
    const compiled = compileLookupUrl(url, options.lookup.allowedSchemes);
    if (!compiled.ok) throw new Error(`the lookup URL: ${compiled.error}`);
    url = compiled.template;
  }
  return { ...options, lookup: { ...options.lookup, url, fetch: options.lookup.fetch ?? keepAliveFetch } };
}
