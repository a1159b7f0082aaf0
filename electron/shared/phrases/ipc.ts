/**
 * Why a call from a window did not reach the app: main's IPC guard (electron/main/ipc.ts) and the
 * preload bridge (electron/preload/bridge.ts). English; the Spanish is electron/shared/phrases/es/ipc.ts.
 */
export const ipcPhrases = {
  'ipc.refused': 'Refused: {why}.',
  'ipc.frame-gone': 'the sending frame is gone',
  'ipc.sub-frame': "only a window's main frame may call the app",
  'ipc.not-a-url': 'the sender\'s address "{address}" is not a URL',
  'ipc.foreign-origin': "the sender's origin {origin} is not the app's",
  'ipc.not-our-window': "the sender is not one of the app's windows",
  /** {issues}: the schema's refusals, as settings.issue and settings.issues.N word them. */
  'ipc.invalid-request': 'Invalid request for {channel}: {issues}',
  'ipc.no-answer': 'The app did not answer ({why})',
} as const;
