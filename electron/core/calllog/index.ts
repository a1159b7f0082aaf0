export { CallLog, CallLogInputError } from './call-log.ts';
export type { CallLogOptions, DispositionResult } from './call-log.ts';
export { Outbox, OUTBOX_FILE } from './outbox.ts';
export { CallLogSender, SIGNATURE_HEADER, signature } from './sender.ts';
export { checkCallId, checkCode, checkNote, idempotencyKey, NOTE_MAX_CHARS, recordOfCall, withDisposition } from './record.ts';
export type { CallLogRecord, Disposition } from './record.ts';
export { checkCallLogUrl } from '../../shared/call-log-url.ts';
