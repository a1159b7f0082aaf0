/**
 * The call-log options shared by `watch` and `disposition`: --call-log-url and --state-dir, the secret
 * from CALL_LOG_SECRET. Checked before anything connects; the verb prints the refusal and exits 2.
 */
import { english } from '../../shared/phrases/index.ts';
import { checkCallLogUrl } from '../calllog/index.ts';
import type { CliIO } from './io.ts';

export const CALL_LOG_OPTIONS = {
  'call-log-url': { type: 'string' },
  'state-dir': { type: 'string' },
} as const;

export interface CallLogTarget {
  url: string;
  secret: string;
  stateDir: string;
}

/** The call log's target, or the exit code after saying what is wrong. */
export function callLogTarget(verb: string, values: { 'call-log-url'?: string; 'state-dir'?: string }, io: CliIO): CallLogTarget | number {
  const url = values['call-log-url'];
  if (url === undefined) {
    io.err(`${verb}: give --call-log-url (and --state-dir for the outbox)`);
    return 2;
  }
  const checked = checkCallLogUrl(url);
  if (!checked.ok) {
    io.err(`${verb}: --call-log-url: ${english(checked.phrase)}`);
    return 2;
  }
  if (!values['state-dir']) {
    io.err(`${verb}: give --state-dir DIR: the folder of the call log's outbox`);
    return 2;
  }
  const secret = io.env.CALL_LOG_SECRET;
  if (!secret) {
    io.err(`${verb}: no secret: set CALL_LOG_SECRET (the CRM checks each record's signature with it)`);
    return 2;
  }
  return { url, secret, stateDir: values['state-dir'] };
}
