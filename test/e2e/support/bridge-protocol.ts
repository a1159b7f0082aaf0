/**
 * The test bridge's wire format: what bridge-client.js (in the page) and bridge-server.ts (in Node)
 * say to each other over the WebSocket. JSON text frames.
 *
 *   page -> server  { id: number, method: BridgeMethod, args: unknown[] }
 *   server -> page  { id, ok: true, value } | { id, ok: false, error: string }   (the answer to one call)
 *                   { event: 'snapshot', snapshot }                               (on connect and every change)
 *                   { event: 'pop', pop: { callId, url } }                        (every screen pop)
 */
import type { CompanionVerbs } from '../../../electron/shared/companion.ts';

/** Every method the page may call: the bridge's getSnapshot plus the Companion verbs, nothing else. */
export const BRIDGE_METHODS = [
  'getSnapshot',
  'previewDial',
  'dial',
  'pause',
  'unpause',
  'queueLogin',
  'queueLogout',
  'record',
  'hangup',
  'transfer',
] as const satisfies readonly ('getSnapshot' | keyof CompanionVerbs)[];

export type BridgeMethod = (typeof BRIDGE_METHODS)[number];

/** The path of the WebSocket on the bridge server (same origin as the page, so CSP connect-src 'self' allows it). */
export const BRIDGE_PATH = '/__companion';
