/**
 * A small fake of REAL Electron's main-process API (the shapes of node_modules/electron/electron.d.ts),
 * for booting the compiled app in plain Node: Electron's binary cannot run here. It keeps Electron's
 * rules where breaking them would fail on a desk: no windows, trays, sessions, screen or shortcuts
 * before `ready`; privileged schemes only before it, once; one ipcMain handler per channel; IPC
 * payloads must survive structured clone; a missing image file is an empty image. A broken rule is
 * recorded in `state.misuse` (and thrown where Electron throws). Everything it is asked is recorded in
 * `state` for the harness (harness.mjs). Loaded once, by `import` and `require` alike.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS module: electron-log/main require()s 'electron' */
'use strict';
const { EventEmitter } = require('node:events');
const { mkdirSync, readFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const KEY = Symbol.for('pbx-companion.electron-boot');
if (globalThis[KEY]) {
  module.exports = globalThis[KEY].electron;
  return;
}

const state = {
  ready: false,
  /** Electron rules broken, and images that would be empty: each a sentence. */
  misuse: [],
  /** Names asked of the module that this fake does not model (they answer undefined). */
  unknown: [],
  privilegedSchemes: [],
  protocolHandlers: new Map(),
  sessions: new Map(),
  windows: [],
  trays: [],
  ipcHandlers: new Map(),
  notifications: [],
  shortcuts: new Map(),
  /** Menu.setApplicationMenu: undefined until the app sets one (Electron then builds its default menu at ready). */
  applicationMenu: undefined,
  defaultProtocolClients: [],
  openedExternally: [],
  loginItem: { openAtLogin: false },
  quitRequests: 0,
};

function misuse(sentence, { raise = true } = {}) {
  state.misuse.push(sentence);
  if (raise) throw new Error(sentence);
}

function requireReady(what) {
  if (!state.ready) misuse(`${what} cannot be used before the app is ready`);
}

/** An Electron event: listeners may call preventDefault(). */
function electronEvent() {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

// `electron .` runs the app in the folder named on its command line (register.mjs sets argv to it).
const appPath = path.resolve(process.argv[1] ?? '.');
const pkg = JSON.parse(readFileSync(path.join(appPath, 'package.json'), 'utf8'));

// --- app ---------------------------------------------------------------------------------------

class App extends EventEmitter {
  isPackaged = false;
  get name() {
    return pkg.productName ?? pkg.name;
  }
  getName() {
    return this.name;
  }
  getVersion() {
    return pkg.version;
  }
  whenReady() {
    return readyPromise;
  }
  isReady() {
    return state.ready;
  }
  getAppPath() {
    return appPath;
  }
  getPath(name) {
    // Linux paths, as Electron derives them.
    const appData = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
    const userData = path.join(appData, this.name);
    const paths = {
      home: os.homedir(),
      appData,
      userData,
      sessionData: userData,
      logs: path.join(userData, 'logs'),
      temp: os.tmpdir(),
      exe: process.execPath,
      module: process.execPath,
      crashDumps: path.join(userData, 'Crashpad'),
    };
    if (!(name in paths)) misuse(`app.getPath: Failed to get '${name}' path`);
    return paths[name];
  }
  getLocale() {
    requireReady('app.getLocale');
    return 'en-US';
  }
  // The OS's regional format and preferred languages (the desk country's default): after ready, as Electron documents.
  getSystemLocale() {
    requireReady('app.getSystemLocale');
    return 'en-US';
  }
  getPreferredSystemLanguages() {
    return ['en-US'];
  }
  // Chromium reads its switches at launch: one appended after ready changes nothing.
  commandLine = {
    appendSwitch(name) {
      if (state.ready) misuse(`app.commandLine.appendSwitch('${name}') after ready has no effect`, { raise: false });
    },
  };
  requestSingleInstanceLock() {
    return true;
  }
  setAsDefaultProtocolClient(protocol, executable, args) {
    state.defaultProtocolClients.push({ protocol, path: executable ?? null, args: args ?? null });
    return true;
  }
  setLoginItemSettings(settings) {
    state.loginItem = { ...state.loginItem, ...settings };
  }
  getLoginItemSettings() {
    return { ...state.loginItem };
  }
  quit() {
    state.quitRequests += 1;
    if (state.quitRequests > 1) return;
    // Electron quits on a later tick: before-quit, every window closed, will-quit, quit, exit.
    setImmediate(() => {
      const before = electronEvent();
      this.emit('before-quit', before);
      if (before.defaultPrevented) return void (state.quitRequests = 0);
      for (const window of [...state.windows]) if (!window.isDestroyed()) window.destroy();
      const will = electronEvent();
      this.emit('will-quit', will);
      if (will.defaultPrevented) return void (state.quitRequests = 0);
      this.emit('quit', electronEvent(), 0);
      process.exit(0);
    });
  }
}
const app = new App();

let markReady;
const readyPromise = new Promise((resolve) => (markReady = resolve));
// Electron emits `ready` after the entry script's first synchronous run. This module is evaluated in
// that run (as a dependency of the entry), so a macrotask from here comes after it.
setImmediate(() => {
  mkdirSync(app.getPath('userData'), { recursive: true });
  state.ready = true;
  const created = new Session('');
  state.sessions.set('', created);
  app.emit('session-created', created);
  app.emit('will-finish-launching');
  // Electron's default application menu, unless the app set one (or null) before ready.
  if (state.applicationMenu === undefined) state.applicationMenu = Menu.buildFromTemplate(DEFAULT_MENU);
  app.emit('ready', electronEvent(), {});
  markReady();
});

// --- images and menus --------------------------------------------------------------------------

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function isPng(file) {
  try {
    return path.isAbsolute(file) && readFileSync(file).subarray(0, 8).equals(PNG);
  } catch {
    return false;
  }
}

class NativeImage {
  constructor(file, empty) {
    this.path = file;
    this.empty = empty;
  }
  isEmpty() {
    return this.empty;
  }
  getSize() {
    return this.empty ? { width: 0, height: 0 } : { width: 16, height: 16 };
  }
}

const nativeImage = {
  createFromPath(file) {
    const readable = isPng(file);
    // Electron answers an empty image, silently: the tray would show nothing.
    if (!readable)
      misuse(`nativeImage.createFromPath: ${file} is not a readable absolute PNG (Electron gives an empty image)`, { raise: false });
    return new NativeImage(file, !readable);
  },
  createEmpty: () => new NativeImage('', true),
};

class Menu {
  constructor(items) {
    this.items = items;
  }
  static buildFromTemplate(template) {
    if (!Array.isArray(template)) misuse('Menu.buildFromTemplate: the template must be an array');
    return new Menu(template.map(menuItem));
  }
  static setApplicationMenu(menu) {
    if (menu !== null && !(menu instanceof Menu)) misuse('Menu.setApplicationMenu: a Menu or null');
    state.applicationMenu = menu;
  }
  static getApplicationMenu() {
    return state.applicationMenu ?? null;
  }
}

/** The part of Electron's default menu (lib/browser/default-menu.ts) that matters on a desk: its View menu. */
const DEFAULT_MENU = [
  { role: 'fileMenu' },
  { role: 'editMenu' },
  {
    label: 'View',
    submenu: [
      { role: 'reload', label: 'Reload' },
      { role: 'forceReload', label: 'Force Reload' },
      { role: 'toggleDevTools', label: 'Toggle Developer Tools' },
    ],
  },
  { role: 'windowMenu' },
];

function menuItem(item) {
  if (!item.label && !item.role && !item.type) misuse('Invalid template for MenuItem: must have at least one of label, role or type');
  if (item.click !== undefined && typeof item.click !== 'function') misuse(`MenuItem "${item.label}": click must be a function`);
  if (item.type === 'submenu' && !Array.isArray(item.submenu)) misuse(`MenuItem "${item.label}": a submenu item needs a submenu array`);
  return { ...item, ...(item.submenu ? { submenu: item.submenu.map(menuItem) } : {}) };
}

class Tray extends EventEmitter {
  constructor(image) {
    super();
    requireReady('new Tray()');
    if (!(image instanceof NativeImage)) misuse('new Tray(): the image must be a NativeImage from nativeImage');
    this.image = image;
    this.toolTip = '';
    this.contextMenu = null;
    this.destroyed = false;
    state.trays.push(this);
  }
  setImage(image) {
    if (!(image instanceof NativeImage)) misuse('tray.setImage: the image must be a NativeImage');
    this.image = image;
  }
  setToolTip(text) {
    if (typeof text !== 'string') misuse('tray.setToolTip: the tooltip must be a string');
    this.toolTip = text;
  }
  setContextMenu(menu) {
    if (menu !== null && !(menu instanceof Menu)) misuse('tray.setContextMenu: a Menu or null');
    this.contextMenu = menu;
  }
  getBounds() {
    // What most Linux trays report.
    return { x: 0, y: 0, width: 0, height: 0 };
  }
  destroy() {
    this.destroyed = true;
  }
  isDestroyed() {
    return this.destroyed;
  }
}

// --- sessions and protocols --------------------------------------------------------------------

class Session extends EventEmitter {
  constructor(partition) {
    super();
    this.partition = partition;
    this.preloadScripts = [];
    this.headerListeners = [];
    this.permissionRequestHandler = null;
    this.permissionCheckHandler = null;
    this.webRequest = { onHeadersReceived: (filterOrListener, listener) => this.headerListeners.push(listener ?? filterOrListener) };
  }
  registerPreloadScript(script) {
    if (!path.isAbsolute(script.filePath)) misuse(`session.registerPreloadScript: ${script.filePath} is not absolute`);
    this.preloadScripts.push(script);
    return script.id ?? String(this.preloadScripts.length);
  }
  getPreloadScripts() {
    return [...this.preloadScripts];
  }
  setPermissionRequestHandler(handler) {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler) {
    this.permissionCheckHandler = handler;
  }
}

const session = {
  get defaultSession() {
    if (!state.ready) misuse('Session can only be received when app is ready');
    return state.sessions.get('');
  },
  fromPartition(partition) {
    requireReady('session.fromPartition');
    let found = state.sessions.get(partition);
    if (!found) {
      found = new Session(partition);
      state.sessions.set(partition, found);
      app.emit('session-created', found);
    }
    return found;
  },
};

const protocol = {
  registerSchemesAsPrivileged(schemes) {
    if (state.ready) misuse('protocol.registerSchemesAsPrivileged should be called before app is ready');
    if (state.privilegedSchemes.length > 0) misuse('protocol.registerSchemesAsPrivileged can be called only once');
    state.privilegedSchemes.push(...schemes);
  },
  handle(scheme, handler) {
    requireReady('protocol.handle');
    if (state.protocolHandlers.has(scheme)) misuse(`Failed to register protocol: ${scheme}`);
    state.protocolHandlers.set(scheme, handler);
  },
  unhandle(scheme) {
    state.protocolHandlers.delete(scheme);
  },
  isProtocolHandled(scheme) {
    return state.protocolHandlers.has(scheme);
  },
};

/** What Chromium gets for a URL of a handled scheme: the handler's Response (the fragment never leaves the page). */
async function request(url) {
  const scheme = new URL(url).protocol.slice(0, -1);
  const handler = state.protocolHandlers.get(scheme);
  if (!handler) throw new Error(`ERR_UNKNOWN_URL_SCHEME (-302) loading '${url}'`);
  const response = await handler(new Request(url.split('#')[0]));
  if (!(response instanceof Response)) throw new Error(`protocol.handle('${scheme}'): the handler must answer a Response`);
  return response;
}

// --- windows -----------------------------------------------------------------------------------

let nextId = 1;

class WebFrameMain {
  constructor() {
    this.url = '';
    this.parent = null;
    this.top = this;
    this.frameTreeNodeId = nextId++;
  }
  get origin() {
    try {
      return new URL(this.url).origin;
    } catch {
      return 'null';
    }
  }
}

class WebContents extends EventEmitter {
  constructor(owner) {
    super();
    this.id = nextId++;
    this.session = owner;
    this.mainFrame = new WebFrameMain();
    this.windowOpenHandler = null;
    this.sent = new Map();
    this.destroyed = false;
  }
  setWindowOpenHandler(handler) {
    if (typeof handler !== 'function') misuse('webContents.setWindowOpenHandler: a function');
    this.windowOpenHandler = handler;
  }
  send(channel, ...args) {
    if (this.destroyed) misuse(`webContents.send('${channel}') on a destroyed WebContents`);
    // Electron serialises IPC with structured clone: functions, symbols and class instances' methods fail or vanish.
    try {
      structuredClone(args);
    } catch (error) {
      misuse(`webContents.send('${channel}'): ${error.message}`);
    }
    this.sent.set(channel, (this.sent.get(channel) ?? 0) + 1);
  }
  getURL() {
    return this.mainFrame.url;
  }
  isDestroyed() {
    return this.destroyed;
  }
  isCrashed() {
    return false;
  }
  isLoading() {
    return false;
  }
}

class BrowserWindow extends EventEmitter {
  constructor(options = {}) {
    super();
    requireReady('new BrowserWindow()');
    const prefs = options.webPreferences ?? {};
    if (prefs.preload !== undefined && !path.isAbsolute(prefs.preload))
      misuse(`BrowserWindow: webPreferences.preload must be an absolute path, got ${prefs.preload}`);
    this.id = nextId++;
    this.options = options;
    this.loads = [];
    this.visible = false;
    this.destroyed = false;
    this.bounds = { x: 0, y: 0, width: options.width ?? 800, height: options.height ?? 600 };
    this.webContents = new WebContents(prefs.partition ? session.fromPartition(prefs.partition) : session.defaultSession);
    state.windows.push(this);
    app.emit('web-contents-created', electronEvent(), this.webContents);
    app.emit('browser-window-created', electronEvent(), this);
  }
  static getAllWindows() {
    return state.windows.filter((window) => !window.isDestroyed());
  }
  static fromWebContents(contents) {
    return state.windows.find((window) => window.webContents === contents) ?? null;
  }
  async loadURL(url) {
    if (this.destroyed) misuse('loadURL on a destroyed BrowserWindow');
    const load = { url, status: null, headers: {}, body: null, error: null };
    this.loads.push(load);
    const scheme = new URL(url).protocol.slice(0, -1);
    // Pages of a handled scheme are fetched through its handler; the web is not reached from here.
    if (state.protocolHandlers.has(scheme)) {
      const response = await request(url);
      load.status = response.status;
      load.headers = Object.fromEntries(response.headers);
      load.body = await response.text();
    } else if (!['http', 'https', 'file', 'about', 'data'].includes(scheme)) {
      load.error = `ERR_UNKNOWN_URL_SCHEME (-302) loading '${url}'`;
      throw new Error(load.error);
    }
    this.webContents.mainFrame.url = url;
    this.webContents.emit('did-finish-load');
  }
  loadFile(file) {
    return this.loadURL(pathToFileURL(path.resolve(appPath, file)).href);
  }
  show() {
    this.visible = true;
    this.emit('show');
  }
  hide() {
    this.visible = false;
    this.emit('hide');
  }
  focus() {
    this.emit('focus');
  }
  isVisible() {
    return this.visible;
  }
  isDestroyed() {
    return this.destroyed;
  }
  close() {
    const event = electronEvent();
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroy();
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
  setPosition(x, y) {
    if (!Number.isInteger(x) || !Number.isInteger(y)) misuse(`BrowserWindow.setPosition: integers, got ${x}, ${y}`);
    this.bounds = { ...this.bounds, x, y };
  }
  getBounds() {
    return { ...this.bounds };
  }
}

const webContents = {
  getAllWebContents: () => state.windows.filter((window) => !window.isDestroyed()).map((window) => window.webContents),
  fromId: (id) => state.windows.find((window) => window.webContents.id === id)?.webContents,
};

// --- IPC, shortcuts, notifications, the desktop ------------------------------------------------

class IpcMain extends EventEmitter {
  handle(channel, listener) {
    if (state.ipcHandlers.has(channel)) misuse(`Attempted to register a second handler for '${channel}'`);
    state.ipcHandlers.set(channel, listener);
  }
  handleOnce(channel, listener) {
    this.handle(channel, (...args) => {
      state.ipcHandlers.delete(channel);
      return listener(...args);
    });
  }
  removeHandler(channel) {
    state.ipcHandlers.delete(channel);
  }
}
const ipcMain = new IpcMain();

const globalShortcut = {
  register(accelerator, callback) {
    requireReady('globalShortcut.register');
    if (typeof callback !== 'function') misuse('globalShortcut.register: a callback');
    if (state.shortcuts.has(accelerator)) return false;
    state.shortcuts.set(accelerator, callback);
    return true;
  },
  unregister(accelerator) {
    requireReady('globalShortcut.unregister');
    state.shortcuts.delete(accelerator);
  },
  unregisterAll() {
    state.shortcuts.clear();
  },
  isRegistered(accelerator) {
    return state.shortcuts.has(accelerator);
  },
};

class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options = {}) {
    super();
    requireReady('new Notification()');
    this.options = options;
  }
  show() {
    state.notifications.push({ title: this.options.title, body: this.options.body });
  }
  close() {}
}

const screen = {
  getCursorScreenPoint() {
    requireReady('screen');
    return { x: 960, y: 10 };
  },
  getPrimaryDisplay() {
    requireReady('screen');
    return {
      id: 1,
      bounds: { x: 0, y: 0, width: 1920, height: 1080 },
      workArea: { x: 0, y: 32, width: 1920, height: 1048 },
      scaleFactor: 1,
    };
  },
  getDisplayNearestPoint() {
    return screen.getPrimaryDisplay();
  },
  getAllDisplays() {
    return [screen.getPrimaryDisplay()];
  },
};

// Electron: "The powerMonitor module cannot be used until the ready event of the app module is emitted."
const powerMonitor = new (class extends EventEmitter {
  on(event, listener) {
    requireReady('powerMonitor');
    return super.on(event, listener);
  }
})();

const shell = {
  async openExternal(url) {
    state.openedExternally.push(url);
  },
};

// Electron 45's clipboard is asynchronous; on Linux `selection` is the PRIMARY selection.
const clipboardOf = () => {
  let text = '';
  return { readText: async () => text, writeText: async (value) => void (text = value), clear: async () => void (text = '') };
};
const clipboard = { ...clipboardOf(), ...(process.platform === 'linux' ? { selection: clipboardOf() } : {}) };

const dialog = {
  showErrorBox(title, content) {
    misuse(`dialog.showErrorBox: ${title}: ${content}`, { raise: false });
  },
};

const electron = {
  app,
  BrowserWindow,
  Menu,
  Notification,
  Tray,
  clipboard,
  dialog,
  globalShortcut,
  ipcMain,
  nativeImage,
  powerMonitor,
  protocol,
  screen,
  session,
  shell,
  webContents,
};

// Anything else is undefined, as the renderer's modules are in Electron's main process (electron-log's
// preload file, loaded in main too, checks for ipcRenderer). Other names are kept so the test can say
// what the app asked for that this fake does not model.
const RENDERER_ONLY = new Set(['ipcRenderer', 'contextBridge', 'webFrame', 'webUtils']);
const exported = new Proxy(electron, {
  get(target, key) {
    if (typeof key === 'string' && !(key in target) && !RENDERER_ONLY.has(key) && !state.unknown.includes(key)) state.unknown.push(key);
    return target[key];
  },
});

globalThis[KEY] = { state, electron: exported, request };
module.exports = exported;
