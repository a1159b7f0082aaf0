/* global window, location */
/**
 * The test bridge, page side: injected with page.addInitScript() before the renderer loads, it defines
 * `window.companion` (the CompanionBridge of electron/shared/bridge.ts) over a WebSocket to
 * bridge-server.ts, on the page's own origin. Calls made before the socket opens wait for it.
 * The shell's methods (settings, keychain, doctor: PreloadBridge in electron/shared/ipc.ts) are left out when
 * the test set `window.__companionCoreOnly`, as a shell without them would, so the page's fallbacks show.
 * The wire format is in bridge-protocol.ts.
 */
(() => {
  if (window.companion || !location.protocol.startsWith('http')) return;
  const socket = new WebSocket(`ws://${location.host}/__companion`);
  const pending = new Map();
  const queued = [];
  const snapshotListeners = new Set();
  /** The newest snapshot the server pushed (it pushes one as the page connects): getSnapshot needs no round trip, as the preload's. */
  let latestSnapshot = null;
  const popListeners = new Set();
  const noticeListeners = new Set();
  const focusCallListeners = new Set();
  let nextId = 1;

  socket.addEventListener('open', () => {
    for (const text of queued.splice(0)) socket.send(text);
  });
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data));
    if (message.event === 'snapshot') {
      latestSnapshot = message.snapshot;
      for (const listener of snapshotListeners) listener(message.snapshot);
    } else if (message.event === 'pop') {
      for (const listener of popListeners) listener(message.pop);
    } else if (message.event === 'notice') {
      for (const listener of noticeListeners) listener(message.notice);
    } else if (message.event === 'focus-call') {
      for (const listener of focusCallListeners) listener(message.focus);
    } else if (pending.has(message.id)) {
      const { resolve, reject } = pending.get(message.id);
      pending.delete(message.id);
      if (message.ok) resolve(message.value);
      else reject(new Error(message.error));
    }
  });
  socket.addEventListener('close', () => {
    for (const { reject } of pending.values()) reject(new Error('The test bridge closed.'));
    pending.clear();
  });

  function call(method, ...args) {
    const id = nextId++;
    const text = JSON.stringify({ id, method, args });
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      if (socket.readyState === WebSocket.OPEN) socket.send(text);
      else if (socket.readyState === WebSocket.CONNECTING) queued.push(text);
      else {
        pending.delete(id);
        reject(new Error('The test bridge is closed.'));
      }
    });
  }

  const subscribe = (set) => (listener) => {
    set.add(listener);
    return () => set.delete(listener);
  };

  const shell = {
    getSettings: () => call('getSettings'),
    saveSettings: (settings) => call('saveSettings', settings),
    setSecret: (kind, secret) => call('setSecret', kind, secret),
    deleteSecret: (kind) => call('deleteSecret', kind),
    checkShortcut: (accelerator) => call('checkShortcut', accelerator),
    dismissMissedCall: async () => ({ ok: false, error: 'The test bridge keeps no history.' }),
    openSettings: () => call('openSettings'),
    hideWindow: () => call('hideWindow'),
    onDialRequest: () => () => {},
    takePendingDialRequest: () => call('takePendingDialRequest'),
    onNotice: subscribe(noticeListeners),
    onFocusCall: subscribe(focusCallListeners),
    testConnection: (target, secret) => call('testConnection', target, secret),
    testAriConnection: (target, secret) => call('testAriConnection', target, secret),
    previewPop: (template, options) => call('previewPop', template, options),
    probeTls: (host) => call('probeTls', host),
    searchContacts: (query) => call('searchContacts', query),
  };

  window.companion = Object.freeze({
    ...(window.__companionCoreOnly ? {} : shell),
    getSnapshot: () => (latestSnapshot ? Promise.resolve(latestSnapshot) : call('getSnapshot')),
    onSnapshot: subscribe(snapshotListeners),
    onPop: subscribe(popListeners),
    previewDial: (input) => call('previewDial', input),
    dial: (input) => call('dial', input),
    pause: (options) => call('pause', options),
    unpause: (options) => call('unpause', options),
    queueLogin: (queue) => call('queueLogin', queue),
    queueLogout: (queue) => call('queueLogout', queue),
    record: (op, callId) => call('record', op, callId),
    hangup: (callId) => call('hangup', callId),
    transfer: (target, options) => call('transfer', target, options),
    getCapabilities: () => call('getCapabilities'),
    onCapabilities: () => () => {},
    supervise: (agent, mode) => call('supervise', agent, mode),
    stopSupervising: () => call('stopSupervising'),
    agentLogin: () => call('agentLogin'),
    agentLogout: () => call('agentLogout'),
    setDisposition: (callId, code, note) => call('setDisposition', callId, code, note),
  });
  console.debug('[test bridge] window.companion defined');
})();
