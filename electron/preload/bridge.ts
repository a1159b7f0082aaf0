/**
 * Builds `window.companion` from two primitives (invoke a channel, listen to a push channel), so the
 * bridge is plain code a test can drive; index.ts hands it Electron's ipcRenderer. The renderer gets
 * one function per channel (named in shared/ipc.ts), never the primitives themselves; what each
 * answers when main refuses is decided here, always with the refusal's phrase so the page says it in
 * the agent's language.
 */
import type {
  InvokeArgs,
  InvokeChannel,
  InvokeResult,
  IpcRejection,
  IpcResult,
  PreloadBridge,
  PushChannel,
  PushPayloads,
} from '../shared/ipc.ts';
import type { VerbResult } from '../shared/companion.ts';
import type { Snapshot } from '../shared/snapshot.ts';
import { refused } from '../shared/phrases/index.ts';

export interface IpcPrimitives {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  /** Subscribes to a push channel; returns an unsubscribe. */
  on(channel: string, listener: (payload: unknown) => void): () => void;
}

export function createPreloadBridge(ipc: IpcPrimitives): PreloadBridge {
  async function call<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<IpcResult<InvokeResult<C>>> {
    try {
      return (await ipc.invoke(channel, ...args)) as IpcResult<InvokeResult<C>>;
    } catch (error) {
      return refused('ipc.no-answer', { why: error instanceof Error ? error.message : String(error) });
    }
  }
  /** Verbs answer a VerbResult either way: a refusal by the guard reads like any other error. */
  async function verb<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<VerbResult> {
    const result = await call(channel, ...args);
    return result.ok ? (result.value as VerbResult) : { ok: false, error: result.error, phrase: result.phrase };
  }
  /**
   * Reads reject: there is no sensible empty value for a snapshot or the settings. With a plain
   * object (IpcRejection), as contextBridge would strip an Error down to its English message.
   */
  async function read<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<InvokeResult<C>> {
    const result = await call(channel, ...args);
    if (!result.ok) return Promise.reject({ message: result.error, phrase: result.phrase } satisfies IpcRejection);
    return result.value;
  }
  function listen<P extends PushChannel>(channel: P, listener: (payload: PushPayloads[P]) => void): () => void {
    return ipc.on(channel, (payload) => listener(payload as PushPayloads[P]));
  }

  /**
   * The page's first paint needs the snapshot: asked for as the preload starts, while the page's own
   * scripts still load, and then kept from every push (main pushes each change, in order, on the same
   * pipe as the answer), so the page's getSnapshot needs no round trip. A refusal is not kept.
   */
  let kept: Promise<Snapshot> | null = null;
  const askSnapshot = () => {
    const asked = read('snapshot:get');
    kept = asked;
    asked.catch(() => {
      if (kept === asked) kept = null;
    });
    return asked;
  };
  void askSnapshot();
  ipc.on('push:snapshot', (snapshot) => {
    kept = Promise.resolve(snapshot as Snapshot);
  });

  return {
    getSnapshot: () => kept ?? askSnapshot(),
    onSnapshot: (listener) => listen('push:snapshot', listener),
    onPop: (listener) => listen('push:pop', listener),
    onDialRequest: (listener) => listen('push:dial-request', listener),
    onNotice: (listener) => listen('push:notice', listener),
    onCapabilities: (listener) => listen('push:capabilities', listener),
    onFocusCall: (listener) => listen('push:focus-call', listener),
    getCapabilities: async () => {
      const result = await call('app:capabilities');
      return result.ok ? result.value : { supervise: false };
    },
    supervise: (agent, mode) => verb('supervisor:start', agent, mode),
    stopSupervising: () => verb('supervisor:stop'),
    previewDial: async (input) => {
      const result = await call('dial:preview', input);
      return result.ok ? result.value : { ok: false, input, error: result.error, errorPhrase: result.phrase };
    },
    dial: (input) => verb('dial:start', input),
    takePendingDialRequest: async () => {
      const result = await call('dial:take-pending');
      return result.ok ? result.value : null;
    },
    searchContacts: async (query) => {
      const result = await call('contacts:search', query);
      return result.ok ? result.value : { contacts: [], notice: result.phrase };
    },
    pause: (options) => verb('agent:pause', options),
    unpause: (options) => verb('agent:unpause', options),
    queueLogin: (queue) => verb('queue:login', queue),
    queueLogout: (queue) => verb('queue:logout', queue),
    agentLogin: () => verb('agent:login'),
    agentLogout: () => verb('agent:logout'),
    setDisposition: (callId, code, note) => verb('call:disposition', callId, code, note),
    record: (op, callId) => verb('call:record', op, callId),
    hangup: (callId) => verb('call:hangup', callId),
    transfer: (target, options) => verb('call:transfer', target, options),
    dismissMissedCall: (id) => verb('history:dismiss', id),
    getSettings: () => read('settings:get'),
    saveSettings: (settings) => verb('settings:save', settings),
    testConnection: async (target, secret) => {
      const result = await call('settings:test-connection', target, secret);
      return result.ok
        ? result.value
        : {
            ok: false,
            checks: [{ id: 'login', state: 'fail', detail: result.error, detailPhrase: result.phrase }],
            asteriskVersion: null,
            stanza: '',
          };
    },
    testAriConnection: async (target, secret) => {
      const result = await call('settings:test-ari', target, secret);
      return result.ok
        ? result.value
        : {
            ok: false,
            checks: [{ id: 'ari-reachable', state: 'fail', detail: result.error, detailPhrase: result.phrase }],
            asteriskVersion: null,
            stanza: '',
          };
    },
    previewPop: async (template, options) => {
      const result = await call('settings:preview-pop', template, options);
      return result.ok ? result.value : { ok: false, error: result.error, phrase: result.phrase };
    },
    probeTls: async (host) => {
      const result = await call('settings:probe-tls', host);
      return result.ok ? result.value : { offered: false, port: 5039, trusted: null };
    },
    setSecret: (kind, secret) => verb('credentials:set', kind, secret),
    deleteSecret: (kind) => verb('credentials:delete', kind),
    checkShortcut: (accelerator) => verb('shortcut:check', accelerator),
    openSettings: () => verb('window:open-settings'),
    hideWindow: () => verb('window:hide'),
  };
}
