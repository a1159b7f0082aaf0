/**
 * Click-to-dial's Originate, as a real Asterisk 22 accepted it (fixture 08): the agent's own phone
 * rings first (Channel), and when it answers the PBX dials Exten in Context at Priority 1.
 *
 *   Channel: PJSIP/1001            (or Local/1001@originate-skipvm on FreePBX and Issabel)
 *   Context: from-internal
 *   Exten: 0912345678
 *   Priority: 1
 *   CallerID: "+34 912 34 56 78" <0912345678>   (what the agent's phone shows while it rings)
 *   Timeout: 30000
 *   Async: true                    (never false: a synchronous Originate holds the AMI session)
 *   Variable: CUSTOMER_ID=C-1042   (one header per variable)
 *   Account: crm-click
 */
import { CONTROL_CHARACTERS } from '../../shared/control-characters.ts';
import { AmiAction } from '../ami/action.ts';
import { ActionInputError, channel, context, exten, integer } from './validate.ts';

/**
 * Headers that make a desk phone answer by itself, by what the phone understands (off by default:
 * an agent must want it). `call-info`: Yealink, Snom, Grandstream, Fanvil, Cisco SPA;
 * `alert-info`: Polycom; `answer-mode`: phones following RFC 5373.
 */
export type AutoAnswer = 'off' | 'call-info' | 'alert-info' | 'answer-mode';

export interface OriginateRequest {
  /** The agent's phone: its device (`PJSIP/1001`) or the configured form (`Local/1001@originate-skipvm`). */
  channel: string;
  /** The dial string (normalizeNumber's `dialString`). */
  exten: string;
  /** Default `from-internal`. */
  context?: string;
  /** What the agent's phone shows while it rings, e.g. the number being called. */
  callerId?: { name?: string; number?: string };
  /** How long the agent's phone may ring, ms; default 30000, from 5000 to 120000. */
  timeoutMs?: number;
  /** Channel variables for the dialplan and the CRM (e.g. CUSTOMER_ID). */
  variables?: Readonly<Record<string, string>>;
  /** The CDR's accountcode. */
  account?: string;
  autoAnswer?: AutoAnswer;
}

export const DEFAULT_ORIGINATE_CONTEXT = 'from-internal';
export const DEFAULT_ORIGINATE_TIMEOUT_MS = 30_000;

// `_` and `__` make a variable inherited by the channels the call creates.
const VARIABLE_NAME = /^_{0,2}[A-Za-z][A-Za-z0-9_]{0,63}$/;
const MAX_VARIABLES = 20;
const MAX_VARIABLE_VALUE = 256;

const AUTO_ANSWER_HEADERS: Record<Exclude<AutoAnswer, 'off'>, readonly [string, string]> = {
  'call-info': ['Call-Info', '<sip:127.0.0.1>;answer-after=0'],
  'alert-info': ['Alert-Info', '<http://127.0.0.1>;info=alert-autoanswer;delay=0'],
  'answer-mode': ['Answer-Mode', 'Auto'],
};

export function originate(request: OriginateRequest): AmiAction {
  const device = channel(request.channel);
  const variables = Object.entries(request.variables ?? {});
  if (variables.length > MAX_VARIABLES) throw ActionInputError.refuse('Variable', 'input.too-many-variables', { max: MAX_VARIABLES });
  const variableHeaders = variables.map(([name, value]) => variableHeader(name, value));
  const autoAnswer = autoAnswerVariable(device, request.autoAnswer ?? 'off');
  if (autoAnswer) variableHeaders.push(autoAnswer);
  return AmiAction.build('Originate', {
    Channel: device,
    Context: context(request.context ?? DEFAULT_ORIGINATE_CONTEXT),
    Exten: exten(request.exten),
    Priority: 1,
    CallerID: request.callerId ? callerId(request.callerId) : undefined,
    Timeout: integer(request.timeoutMs ?? DEFAULT_ORIGINATE_TIMEOUT_MS, 'Timeout', 'input.field.ring-time', 5000, 120_000),
    Async: true,
    Variable: variableHeaders.length ? variableHeaders : undefined,
    Account: request.account === undefined ? undefined : account(request.account),
  });
}

/**
 * `NAME=value`. Asterisk splits each Variable header on commas and strips quotes and backslashes
 * (ast_app_separate_args), so a CRM value such as `Lovelace, Ada` would be cut, and `x,EVIL=1`
 * would set a second variable: `\`, `"` and `,` are escaped with a backslash.
 */
function variableHeader(name: string, value: string): string {
  if (!VARIABLE_NAME.test(name))
    throw ActionInputError.refuse('Variable', 'input.bad-variable-name', { name: JSON.stringify(name.slice(0, 40)) });
  if (typeof value !== 'string') throw ActionInputError.refuse('Variable', 'input.variable-not-text', { name });
  if (value.length > MAX_VARIABLE_VALUE)
    throw ActionInputError.refuse('Variable', 'input.variable-too-long', { name, max: MAX_VARIABLE_VALUE });
  if (CONTROL_CHARACTERS.test(value)) throw ActionInputError.refuse('Variable', 'input.variable-control', { name });
  return `${name}=${value.replace(/[\\",]/g, (c) => `\\${c}`)}`;
}

/** `"Name" <number>`: quotes and angle brackets would end the name early. */
function callerId(id: { name?: string; number?: string }): string | undefined {
  const name = id.name?.trim() ?? '';
  const number = id.number?.trim() ?? '';
  if (name.length > 64 || /["<>\\]/.test(name) || CONTROL_CHARACTERS.test(name)) {
    throw ActionInputError.refuse('CallerID', 'input.bad-caller-id-name');
  }
  if (!/^\+?[0-9*#]{0,40}$/.test(number)) throw ActionInputError.refuse('CallerID', 'input.bad-caller-id-number');
  if (!name && !number) return undefined;
  if (!number) return `"${name}"`;
  return name ? `"${name}" <${number}>` : `<${number}>`;
}

function account(value: string): string {
  if (!/^[A-Za-z0-9_.@-]{1,80}$/.test(value)) throw ActionInputError.refuse('Account', 'input.bad-account');
  return value;
}

/**
 * The SIP header goes on the agent's own leg, set before the INVITE: PJSIP_HEADER(add,...) for
 * chan_pjsip, SIPADDHEADER for chan_sip (Asterisk 18 / Issabel). A Local channel has no SIP leg
 * of its own to carry it: the dialplan behind it (FreePBX's intercom) must do it instead.
 */
function autoAnswerVariable(device: string, mode: AutoAnswer): string | null {
  if (mode === 'off') return null;
  const header = AUTO_ANSWER_HEADERS[mode];
  if (!header) throw ActionInputError.refuse('Variable', 'input.bad-auto-answer', { mode: JSON.stringify(String(mode)) });
  const technology = device.slice(0, device.indexOf('/')).toUpperCase();
  if (technology === 'PJSIP') return `PJSIP_HEADER(add,${header[0]})=${header[1]}`;
  if (technology === 'SIP') return `SIPADDHEADER=${header[0]}: ${header[1]}`;
  throw ActionInputError.refuse('Variable', 'input.auto-answer-needs-sip', { technology });
}
