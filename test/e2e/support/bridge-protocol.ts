/**
 * The test bridge's wire format: what bridge-client.js (in the page) and bridge-server.ts (in Node)
 * say to each other over the WebSocket. JSON text frames.
 *
 *   page -> server  { id: number, method: BridgeMethod, args: unknown[] }
 *   server -> page  { id, ok: true, value } | { id, ok: false, error: string }   (the answer to one call)
 *                   { event: 'snapshot', snapshot }                               (on connect and every change)
 *                   { event: 'pop', pop: { callId, url } }                        (every screen pop)
 *                   { event: 'notice', notice: { message } }                      (news for the agent)
 *                   { event: 'focus-call', focus: { callId } }                   (a call's notification clicked)
 */
import type { AgentPoolVerbs, CallLogVerbs, CompanionVerbs } from '../../../electron/shared/companion.ts';
import type { ShellMethods } from './shell-backend.ts';

/** The Companion's calls: the bridge's getSnapshot plus the verbs (need a core). */
export const CORE_METHODS = [
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
  // Listen and whisper: answered from the core's supervisor desk (start-up's StartedCore), when it has one.
  'getCapabilities',
  'supervise',
  'stopSupervising',
  // The agent pool's log-in and out: the AMI core's (AgentPoolVerbs).
  'agentLogin',
  'agentLogout',
  // The call log's disposition: the AMI core's (CallLogVerbs).
  'setDisposition',
] as const satisfies readonly (
  'getSnapshot' | keyof CompanionVerbs | keyof AgentPoolVerbs | keyof CallLogVerbs | 'getCapabilities' | 'supervise' | 'stopSupervising'
)[];

/** The shell's calls (settings, keychain, windows, doctor, pop preview): no core needed. */
export const SHELL_METHODS = [
  'getSettings',
  'saveSettings',
  'setSecret',
  'deleteSecret',
  'checkShortcut',
  'openSettings',
  'hideWindow',
  'takePendingDialRequest',
  'testConnection',
  'testAriConnection',
  'previewPop',
  'probeTls',
  // The contacts directory the saved settings name (core/contacts), as main answers it.
  'searchContacts',
] as const satisfies readonly (keyof ShellMethods)[];

/** Every method the page may call, nothing else. */
export const BRIDGE_METHODS = [...CORE_METHODS, ...SHELL_METHODS] as const;

export type CoreMethod = (typeof CORE_METHODS)[number];
export type ShellMethod = (typeof SHELL_METHODS)[number];
export type BridgeMethod = CoreMethod | ShellMethod;

/** The path of the WebSocket on the bridge server (same origin as the page, so CSP connect-src 'self' allows it). */
export const BRIDGE_PATH = '/__companion';
