export { CallHistory, HISTORY_LIMIT, HISTORY_MAX_AGE_MS, sameNumber } from './store.ts';
export type { CallHistoryOptions, CallbackState, StoredCall } from './store.ts';
