/**
 * `agi [--port 4573] [--bind 127.0.0.1] [--allow 10.0.0.5,...] [--lookup URL-TEMPLATE] ...`: the
 * FastAGI service (agi/server.ts) with the `validate` script (agi/validate.ts), for
 * `AGI(agi://companion:4573/validate,...)` in the IVR's dialplan. Every option is checked before it
 * listens (exit 2 with the reason); it then runs until Ctrl+C or SIGTERM, one log line on stderr per
 * call and per refusal.
 */
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { isVariableName } from '../agi/codec.ts';
import {
  allowList,
  DEFAULT_AGI_PORT,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_MAX_PER_PEER,
  startAgiServer,
} from '../agi/server.ts';
import { validateScript, type ValidateOptions } from '../agi/validate.ts';
import { compileLookupUrl, DEFAULT_LOOKUP_TIMEOUT_MS } from '../screenpop/lookup.ts';
import type { NumberFormat } from '../screenpop/template.ts';
import type { CliIO } from './io.ts';
import { holdProcess, untilAborted } from './watch.ts';

export const AGI_USAGE = 'agi [--port 4573] [--bind 127.0.0.1] [--allow 10.0.0.5,10.0.1.0/24] [--lookup URL-TEMPLATE]';

const OPTIONS = {
  port: { type: 'string' },
  bind: { type: 'string' },
  allow: { type: 'string' },
  lookup: { type: 'string' },
  'lookup-timeout': { type: 'string' },
  'number-format': { type: 'string' },
  country: { type: 'string' },
  'id-field': { type: 'string' },
  'name-field': { type: 'string' },
  field: { type: 'string', multiple: true },
  'max-connections': { type: 'string' },
  'max-per-peer': { type: 'string' },
  'idle-timeout': { type: 'string' },
} as const;

const FIELD = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}$/;

/** A whole number from min to max, or why not. */
function whole(name: string, text: string | undefined, fallback: number, min: number, max: number): number | string {
  if (text === undefined) return fallback;
  const value = Number(text);
  return /^\d+$/.test(text) && value >= min && value <= max
    ? value
    : `--${name} ${text.slice(0, 20)} is not a whole number from ${min} to ${max}`;
}

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args, options: OPTIONS });
  const usage = (message: string): number => {
    io.err(`agi: ${message}`);
    io.err(`usage: pbx-companion ${AGI_USAGE}`);
    return 2;
  };
  const port = whole('port', values.port, DEFAULT_AGI_PORT, 0, 65535);
  if (typeof port === 'string') return usage(port.replace('is not a whole number from 0 to 65535', 'is not a TCP port'));
  const bind = values.bind ?? '127.0.0.1';
  if (isIP(bind) === 0) return usage(`--bind ${JSON.stringify(bind.slice(0, 40))} is not an IP address of this machine`);
  const allow = values.allow?.split(',').map((a) => a.trim()) ?? ['127.0.0.0/8', '::1'];
  try {
    allowList(allow);
  } catch (error) {
    return usage(`--allow: ${(error as Error).message}`);
  }
  const loopback = /^(127\.|::1$)/.test(bind);
  if (!loopback && values.allow === undefined)
    return usage(`--bind ${bind} lets other machines connect: give --allow with the PBX's addresses (only they may run AGI here)`);

  const validate: ValidateOptions = {};
  // Only the scheme and host are ever logged: a lookup URL may hold a token in its path or query.
  let crm = 'no CRM (every call CUSTOMER_VALID=unknown)';
  if (values.lookup !== undefined) {
    const compiled = compileLookupUrl(values.lookup);
    if (!compiled.ok) return usage(`--lookup: ${compiled.error}`);
    crm = `the CRM at ${compiled.template.protocol}//${compiled.template.host}`;
    const timeoutMs = whole('lookup-timeout', values['lookup-timeout'], DEFAULT_LOOKUP_TIMEOUT_MS, 100, DEFAULT_LOOKUP_TIMEOUT_MS);
    if (typeof timeoutMs === 'string') return usage(timeoutMs);
    const numberFormat = (values['number-format'] ?? 'asReceived') as NumberFormat;
    if (!['asReceived', 'e164', 'digits'].includes(numberFormat))
      return usage(`--number-format ${numberFormat.slice(0, 20)} is not one of asReceived, e164, digits`);
    if (values.country !== undefined && !/^[A-Z]{2}$/.test(values.country))
      return usage(`--country ${values.country.slice(0, 20)} is not a country code such as ES`);
    validate.lookup = { url: compiled.template, timeoutMs, numberFormat, ...(values.country ? { defaultCountry: values.country } : {}) };
  } else if (values['lookup-timeout'] ?? values['number-format'] ?? values.country) {
    return usage('--lookup-timeout, --number-format and --country need --lookup');
  }
  for (const name of ['id-field', 'name-field'] as const) {
    const field = values[name];
    if (field !== undefined && !FIELD.test(field))
      return usage(`--${name} ${JSON.stringify(field.slice(0, 40))} is not a field name such as id`);
  }
  validate.idField = values['id-field'];
  validate.nameField = values['name-field'];
  const fields: Record<string, string> = {};
  for (const mapping of values.field ?? []) {
    const [variable = '', field = ''] = mapping.split('=', 2);
    if (!isVariableName(variable) || !FIELD.test(field) || !mapping.includes('='))
      return usage(`--field ${JSON.stringify(mapping.slice(0, 60))} is not VARIABLE=field, such as CUSTOMER_TIER=tier`);
    fields[variable] = field;
  }
  validate.fields = fields;
  const maxConnections = whole('max-connections', values['max-connections'], DEFAULT_MAX_CONNECTIONS, 1, 100_000);
  if (typeof maxConnections === 'string') return usage(maxConnections);
  const maxPerPeer = whole('max-per-peer', values['max-per-peer'], DEFAULT_MAX_PER_PEER, 1, 100_000);
  if (typeof maxPerPeer === 'string') return usage(maxPerPeer);
  const idleTimeoutMs = whole('idle-timeout', values['idle-timeout'], DEFAULT_IDLE_TIMEOUT_MS, 1000, 600_000);
  if (typeof idleTimeoutMs === 'string') return usage(idleTimeoutMs);

  const log = (line: string): void => io.err(line);
  let server;
  try {
    server = await startAgiServer({
      port,
      host: bind,
      allow,
      maxConnections,
      maxPerPeer,
      idleTimeoutMs,
      scripts: { validate: validateScript(validate) },
      logger: { info: log, warn: log },
    });
  } catch (error) {
    io.err(`agi: cannot listen on ${bind}:${port}: ${(error as Error).message}`);
    return 1;
  }
  io.err(`agi: listening on ${server.host}:${server.port}, allowed ${allow.join(', ')}; script validate with ${crm}`);
  const release = holdProcess();
  try {
    await untilAborted(io.signal);
  } finally {
    release();
    await server.close();
    io.err('agi: stopped');
  }
  return 0;
}
