/**
 * `disposition --call LINKEDID --code CODE [--note TEXT] --call-log-url URL --state-dir DIR`: the
 * agent's disposition of an ended call, as the record's next version, written to the outbox of DIR
 * and sent to the CRM (signed with CALL_LOG_SECRET). Everything is checked before the CRM is asked.
 * Exit 0 once the CRM took it, 1 when it is kept in the outbox (the CRM did not answer in time; a
 * later watch or disposition sends it) or refused, 2 on bad input.
 */
import { parseArgs } from 'node:util';
import { english } from '../../shared/phrases/index.ts';
import { CallLog, checkCallId, checkCode, checkNote, idempotencyKey } from '../calllog/index.ts';
import type { CliIO } from './io.ts';
import { CALL_LOG_OPTIONS, callLogTarget } from './call-log-options.ts';

const DEFAULT_TIMEOUT_MS = 10_000;

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      call: { type: 'string' },
      code: { type: 'string' },
      note: { type: 'string' },
      codes: { type: 'string' },
      timeout: { type: 'string' },
      ...CALL_LOG_OPTIONS,
    },
  });
  if (values.call === undefined || values.code === undefined) {
    io.err('disposition: give --call LINKEDID and --code CODE');
    return 2;
  }
  const codes = (values.codes ?? '')
    .split(',')
    .map((code) => code.trim())
    .filter(Boolean);
  const note = checkNote(values.note ?? '');
  const refusal =
    checkCallId(values.call) ?? checkCode(values.code) ?? codes.map(checkCode).find(Boolean) ?? (note.ok ? null : note.phrase);
  if (refusal) {
    io.err(`disposition: ${english(refusal)}`);
    return 2;
  }
  const timeoutMs = values.timeout === undefined ? DEFAULT_TIMEOUT_MS : Number(values.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 0 || timeoutMs > 600_000) {
    io.err('disposition: --timeout is milliseconds, 0 to 600000');
    return 2;
  }
  const target = callLogTarget('disposition', values, io);
  if (typeof target === 'number') return target;

  let log: CallLog;
  try {
    log = await CallLog.open({
      ...target,
      agentExtension: '',
      dispositions: codes.map((code) => ({ code, label: { en: code } })),
      onNotice: (text) => io.err(`disposition: ${text}`),
    });
  } catch (error) {
    io.err(`disposition: ${(error as Error).message}`);
    return 1;
  }
  try {
    const result = await log.dispose(values.call, values.code, values.note ?? '');
    if (!result.ok) {
      io.err(`disposition: ${result.error}`);
      return result.phrase.code === 'calllog.no-such-call' ? 2 : 1;
    }
    io.out(`Disposition saved: ${values.code} (call ${values.call}, version ${result.record.version}).`);
    const deadline = wait(timeoutMs, io.signal);
    const sent = await Promise.race([log.sender.drained().then(() => true), deadline.done]);
    deadline.cancel();
    const key = idempotencyKey(result.record);
    if (sent && log.outbox.aside().some((item) => item.key === key)) return 1;
    if (!sent) {
      io.err(
        `disposition: the CRM did not take it within ${timeoutMs} ms: it stays in the outbox of ${target.stateDir}, sent by the next watch or disposition`,
      );
      return 1;
    }
    io.out('Sent to the CRM.');
    return 0;
  } finally {
    await log.close();
  }
}

/** False after `ms` or on Ctrl+C; cancel() frees the timer so the process can exit at once. */
function wait(ms: number, signal: AbortSignal): { done: Promise<false>; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const done = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    signal.addEventListener('abort', () => resolve(false), { once: true });
  });
  return { done, cancel: () => clearTimeout(timer) };
}
