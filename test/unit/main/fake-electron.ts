/**
 * A small fake of the Electron API (electron/main/api.ts) for the main-process tests: Electron's binary
 * cannot run here. It records what main asks of Electron and lets a test play the OS's part (the app
 * becomes ready, a second instance starts, macOS sends open-url, a window is blurred, IPC arrives).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type {
  AppLike,
  ElectronApi,
  FrameLike,
  HeadersDetailsLike,
  IpcEventLike,
  MenuItemLike,
  NavigationEventLike,
  NotificationOptionsLike,
  Point,
  Rect,
  TrayLike,
  WebContentsLike,
  WindowLike,
  WindowOptionsLike,
} from '../../../electron/main/api.ts';

type Listener = (...args: never[]) => unknown;

/** Every fake app's user data folder lives under one folder, removed after the test file. */
const USER_DATA_ROOT = mkdtempSync(join(tmpdir(), 'fake-electron-'));
afterAll(() => rmSync(USER_DATA_ROOT, { recursive: true, force: true }));

class Emitter {
  private readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => unknown)(...args);
  }
  count(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

export class FakeNavigationEvent implements NavigationEventLike {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

let nextContentsId = 1;

export class FakeWebContents extends Emitter implements WebContentsLike {
  readonly id = nextContentsId++;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  mainFrame: FrameLike = { url: '', parent: null };
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
  /** What the page would get if it navigated to `url`: true when main stopped it. */
  navigate(url: string, event: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    const navigation = new FakeNavigationEvent();
    this.emit(event, navigation, url);
    return navigation.defaultPrevented;
  }
  messages(channel: string): unknown[] {
    return this.sent.filter((m) => m.channel === channel).map((m) => m.args[0]);
  }
  /** The OS sends the page an input (Electron's 'input-event'), e.g. 'mouseDown', 'rawKeyDown', 'mouseMove'. */
  input(type: string): void {
    this.emit('input-event', {}, { type });
  }
}

export class FakeWindow extends Emitter implements WindowLike {
  readonly webContents = new FakeWebContents();
  url = '';
  visible = false;
  destroyed = false;
  position: Point = { x: 0, y: 0 };
  focused = 0;
  constructor(
    readonly id: number,
    readonly options: WindowOptionsLike,
  ) {
    super();
  }
  async loadURL(url: string): Promise<void> {
    this.url = url;
    this.webContents.mainFrame = { url, parent: null };
  }
  show(): void {
    this.visible = true;
    this.emit('show');
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focused++;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setPosition(x: number, y: number): void {
    this.position = { x, y };
  }
  getBounds(): Rect {
    return { ...this.position, width: this.options.width, height: this.options.height };
  }
  close(): void {
    this.destroyed = true;
    this.emit('closed');
  }
  /** An IPC event as Electron would build it for this window's main frame. */
  ipcEvent(frame: FrameLike = this.webContents.mainFrame): IpcEventLike {
    return { sender: { id: this.webContents.id }, senderFrame: frame };
  }
}

export interface FakeImage {
  path: string;
}
export interface FakeMenu {
  template: MenuItemLike[];
}

export class FakeTray extends Emitter implements TrayLike {
  image: FakeImage;
  tooltip = '';
  menu: FakeMenu | null = null;
  readonly images: string[] = [];
  destroyed = false;
  bounds: Rect = { x: 1800, y: 0, width: 24, height: 24 };
  constructor(image: FakeImage) {
    super();
    this.image = image;
    this.images.push(image.path);
  }
  setImage(image: object): void {
    this.image = image as FakeImage;
    this.images.push(this.image.path);
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: object | null): void {
    this.menu = menu as FakeMenu | null;
  }
  getBounds(): Rect {
    return this.bounds;
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** The menu item with this label, searching submenus. */
  item(label: string): MenuItemLike | undefined {
    const find = (items: MenuItemLike[]): MenuItemLike | undefined => {
      for (const item of items) {
        if (item.label === label) return item;
        const inner = item.submenu && find(item.submenu);
        if (inner) return inner;
      }
      return undefined;
    };
    return this.menu ? find(this.menu.template) : undefined;
  }
}

export class FakeApp extends Emitter implements AppLike {
  isPackaged = true;
  /** False: another instance holds the single-instance lock. */
  lockAvailable = true;
  quitCalls = 0;
  readonly protocols: { protocol: string; path?: string; args?: string[] }[] = [];
  readonly loginItems: { openAtLogin: boolean }[] = [];
  locale = 'en-US';
  /** The OS's regional format and preferred languages (app.getSystemLocale(), getPreferredSystemLanguages()). */
  systemLocale = 'en-US';
  preferredSystemLanguages = ['en-US'];
  readonly userData = mkdtempSync(join(USER_DATA_ROOT, 'userdata-'));
  appPath = '/opt/pbx-companion/resources/app.asar';
  private ready = false;
  private resolveReady!: () => void;
  private readonly readyPromise = new Promise<void>((resolve) => (this.resolveReady = resolve));

  requestSingleInstanceLock(): boolean {
    return this.lockAvailable;
  }
  quit(): void {
    this.quitCalls++;
  }
  whenReady(): Promise<unknown> {
    return this.readyPromise;
  }
  isReady(): boolean {
    return this.ready;
  }
  /** The OS finished launching the app. */
  becomeReady(): void {
    this.ready = true;
    this.resolveReady();
  }
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean {
    this.protocols.push({ protocol, ...(path ? { path } : {}), ...(args ? { args } : {}) });
    return true;
  }
  setLoginItemSettings(settings: { openAtLogin: boolean }): void {
    this.loginItems.push(settings);
  }
  getPath(name: 'userData' | 'home' | 'appData'): string {
    return name === 'userData' ? this.userData : join(this.userData, name);
  }
  getAppPath(): string {
    return this.appPath;
  }
  getLocale(): string {
    return this.locale;
  }
  getSystemLocale(): string {
    return this.systemLocale;
  }
  getPreferredSystemLanguages(): string[] {
    return this.preferredSystemLanguages;
  }
  /** Chromium switches main appended, in order, e.g. ['enable-features=GlobalShortcutsPortal']. */
  readonly switches: string[] = [];
  readonly commandLine = {
    appendSwitch: (name: string, value?: string): void => {
      if (this.ready) throw new Error(`--${name} appended after ready: Chromium reads switches at launch`);
      this.switches.push(value === undefined ? name : `${name}=${value}`);
    },
  };
  /** A second launch, e.g. a tel: link clicked while the app runs. */
  secondInstance(argv: string[]): void {
    this.emit('second-instance', {}, argv, '/');
  }
  /** macOS: a link opened with the app. Returns whether main took it (prevented the default). */
  openUrl(url: string): boolean {
    const event = new FakeNavigationEvent();
    this.emit('open-url', event, url);
    return event.defaultPrevented;
  }
}

export class FakeElectron implements ElectronApi {
  platform: NodeJS.Platform = 'linux';
  env: Record<string, string | undefined> = {};
  readonly app = new FakeApp();
  readonly windows: FakeWindow[] = [];
  readonly trays: FakeTray[] = [];
  /** Every notification shown; `click` is what clicking it (or its button) does, `actions` its buttons' labels. */
  readonly notificationsShown: { title: string; body: string; actions: string[]; click: (() => void) | null }[] = [];
  /** Sessions whose permission requests and checks main refused: a partition, or null for the default session. */
  readonly permissionsDenied: (string | null)[] = [];
  /** Every Menu.setApplicationMenu call, in order (null: no application menu). */
  readonly applicationMenus: (FakeMenu | null)[] = [];
  readonly opened: string[] = [];
  readonly served: { root: string; csp: string }[] = [];
  readonly handlers = new Map<string, (event: IpcEventLike, ...args: unknown[]) => unknown>();
  headersListener: Parameters<ElectronApi['onHeadersReceived']>[0] | null = null;

  /** Accelerators another app holds: register() answers false for them. */
  readonly takenAccelerators = new Set<string>();
  readonly registered = new Map<string, () => void>();
  /** register/unregister calls in order, e.g. `unregister:Ctrl+Alt+D`. */
  readonly shortcutLog: string[] = [];

  clipboardText = '';
  selectionText = '';
  cursor: Point = { x: 1810, y: 10 };
  workArea: Rect = { x: 0, y: 28, width: 1920, height: 1052 };

  createWindow = (options: WindowOptionsLike): WindowLike => {
    const window = new FakeWindow(this.windows.length + 1, options);
    this.windows.push(window);
    return window;
  };
  createTray = (image: object): TrayLike => {
    const tray = new FakeTray(image as FakeImage);
    this.trays.push(tray);
    return tray;
  };
  image = (path: string): object => ({ path }) satisfies FakeImage;
  menu = (template: MenuItemLike[]): object => ({ template }) satisfies FakeMenu;
  setApplicationMenu = (menu: object | null): void => {
    this.applicationMenus.push(menu as FakeMenu | null);
  };
  globalShortcut = {
    register: (accelerator: string, callback: () => void): boolean => {
      this.shortcutLog.push(`register:${accelerator}`);
      if (accelerator.includes('Bogus')) throw new TypeError(`conversion failure: ${accelerator}`);
      if (this.takenAccelerators.has(accelerator) || this.registered.has(accelerator)) return false;
      this.registered.set(accelerator, callback);
      return true;
    },
    unregister: (accelerator: string): void => {
      this.shortcutLog.push(`unregister:${accelerator}`);
      this.registered.delete(accelerator);
    },
  };
  get clipboard(): ElectronApi['clipboard'] {
    const selection = { readText: async () => this.selectionText };
    return this.platform === 'linux'
      ? { readText: async () => this.clipboardText, selection }
      : { readText: async () => this.clipboardText };
  }
  shell = {
    openExternal: async (url: string): Promise<void> => {
      this.opened.push(url);
    },
  };
  notifications = {
    isSupported: () => true,
    show: (options: NotificationOptionsLike, onClick?: () => void) => {
      this.notificationsShown.push({
        title: options.title,
        body: options.body,
        actions: (options.actions ?? []).map((a) => a.text),
        click: onClick ?? null,
      });
    },
  };
  ipcMain = {
    handle: (channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void => {
      if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      this.handlers.set(channel, listener);
    },
    removeHandler: (channel: string): void => {
      this.handlers.delete(channel);
    },
  };
  onHeadersReceived = (listener: Parameters<ElectronApi['onHeadersReceived']>[0]): void => {
    this.headersListener = listener;
  };
  /** The OS's power events: `fake.powerMonitor.emit('resume')` plays a wake from sleep. */
  readonly powerMonitor = new Emitter();
  screen = {
    getCursorScreenPoint: (): Point => this.cursor,
    getDisplayNearestPoint: (_point: Point) => ({ workArea: this.workArea }),
  };
  denyPermissions = (partition: string | null): void => {
    this.permissionsDenied.push(partition);
  };
  serveApp = (root: string, csp: string): void => {
    this.served.push({ root, csp });
  };

  /** What ipcRenderer.invoke would resolve to, sent from `event`. */
  async invoke(event: IpcEventLike, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }

  /** The response headers main would let through for a response of `url`. */
  headersFor(details: HeadersDetailsLike): Record<string, string[]> {
    let out: Record<string, string[]> = {};
    this.headersListener?.(details, (response) => (out = response.responseHeaders));
    return out;
  }

  /** The user pressed a registered global shortcut. */
  press(accelerator: string): void {
    const callback = this.registered.get(accelerator);
    if (!callback) throw new Error(`${accelerator} is not registered`);
    callback();
  }
}
