/**
 * The slice of Electron the main process uses, as plain interfaces. Every module in electron/main takes
 * an `ElectronApi`; electron-api.ts builds the real one (the only file that imports 'electron') and the
 * tests pass a small fake (test/unit/main/fake-electron.ts), since Electron's binary cannot run there.
 */

export interface Point {
  x: number;
  y: number;
}
export interface Rect extends Point {
  width: number;
  height: number;
}

/** A frame as IPC reports it: where it is loaded and whether it is a top-level frame. */
export interface FrameLike {
  url: string;
  parent: FrameLike | null;
}

export interface NavigationEventLike {
  preventDefault(): void;
}

export interface WebContentsLike {
  id: number;
  send(channel: string, ...args: unknown[]): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: NavigationEventLike, url: string) => void): void;
  on(event: 'will-attach-webview', listener: (event: NavigationEventLike) => void): void;
  /** Every input the OS sends the page (a click, a key): a page's own script cannot make one. */
  on(event: 'input-event', listener: (event: unknown, input: InputEventLike) => void): void;
}

/** Electron's InputEvent: `type` is e.g. 'mouseDown', 'rawKeyDown', 'mouseMove'. */
export interface InputEventLike {
  type: string;
}

export interface WebPreferencesLike {
  /** The bridge script; absent for a window that shows someone else's page (the screen pop). */
  preload?: string;
  /** A session of its own (cookies, cache, permissions) apart from the app's; absent: the default session. */
  partition?: string;
  contextIsolation: boolean;
  sandbox: boolean;
  nodeIntegration: boolean;
  nodeIntegrationInSubFrames: boolean;
  webSecurity: boolean;
  allowRunningInsecureContent: boolean;
  webviewTag: boolean;
  spellcheck: boolean;
}

export interface WindowOptionsLike {
  width: number;
  height: number;
  show: boolean;
  frame: boolean;
  resizable: boolean;
  skipTaskbar: boolean;
  alwaysOnTop: boolean;
  title: string;
  backgroundColor: string;
  webPreferences: WebPreferencesLike;
}

export interface WindowLike {
  id: number;
  webContents: WebContentsLike;
  loadURL(url: string): Promise<void>;
  show(): void;
  hide(): void;
  focus(): void;
  isVisible(): boolean;
  isDestroyed(): boolean;
  close(): void;
  setPosition(x: number, y: number): void;
  getBounds(): Rect;
  on(event: 'blur' | 'closed' | 'show', listener: () => void): void;
}

/** An image or a menu built by Electron; opaque here. */
export type ImageLike = object;
export type MenuLike = object;

export interface MenuItemLike {
  label?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
  enabled?: boolean;
  checked?: boolean;
  click?: () => void;
  submenu?: MenuItemLike[];
}

export interface TrayLike {
  setImage(image: ImageLike): void;
  setToolTip(text: string): void;
  setContextMenu(menu: MenuLike | null): void;
  getBounds(): Rect;
  on(event: 'click', listener: (event: unknown, bounds: Rect) => void): void;
  destroy(): void;
}

export interface AppLike {
  readonly isPackaged: boolean;
  requestSingleInstanceLock(): boolean;
  quit(): void;
  whenReady(): Promise<unknown>;
  isReady(): boolean;
  on(event: 'second-instance', listener: (event: unknown, argv: string[], workingDirectory: string) => void): void;
  on(event: 'open-url', listener: (event: NavigationEventLike, url: string) => void): void;
  on(event: 'window-all-closed' | 'will-quit', listener: () => void): void;
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
  getPath(name: 'userData' | 'home' | 'appData' | 'logs'): string;
  getAppPath(): string;
  getLocale(): string;
  /** The OS's regional format (en-GB, es-ES): where the desk is, whatever language the app speaks. */
  getSystemLocale(): string;
  /** The OS's preferred languages with their regions (['en-US', 'es-ES']). */
  getPreferredSystemLanguages(): string[];
  /** Chromium switches, before the app is ready (the Wayland shortcut portal). */
  commandLine: { appendSwitch(name: string, value?: string): void };
}

export interface IpcEventLike {
  sender: { id: number };
  senderFrame: FrameLike | null;
}

export interface HeadersDetailsLike {
  url: string;
  responseHeaders?: Record<string, string[]>;
}

export interface NotificationOptionsLike {
  title: string;
  body: string;
  silent?: boolean;
  /** Buttons, e.g. "Open" (shown on macOS; elsewhere clicking the notification does the same). */
  actions?: { type: 'button'; text: string }[];
}

export interface ElectronApi {
  platform: NodeJS.Platform;
  /** Read once at start: XDG_SESSION_TYPE and friends, for what Wayland cannot do. */
  env: Record<string, string | undefined>;
  app: AppLike;
  createWindow(options: WindowOptionsLike): WindowLike;
  createTray(image: ImageLike): TrayLike;
  /** nativeImage.createFromPath: picks `name@2x.png` beside `name.png` on high-DPI screens. */
  image(path: string): ImageLike;
  menu(template: MenuItemLike[]): MenuLike;
  /** Menu.setApplicationMenu; null: no application menu (Electron's default has Reload and Toggle Developer Tools). */
  setApplicationMenu(menu: MenuLike | null): void;
  globalShortcut: {
    register(accelerator: string, callback: () => void): boolean;
    unregister(accelerator: string): void;
  };
  /** Electron's clipboard is asynchronous; `selection` is the PRIMARY selection, on Linux only. */
  clipboard: { readText(): Promise<string>; selection?: { readText(): Promise<string> } };
  shell: { openExternal(url: string): Promise<void> };
  /** `onClick` runs when the notification or its action button (where the desktop shows one) is clicked. */
  notifications: { isSupported(): boolean; show(options: NotificationOptionsLike, onClick?: () => void): void };
  ipcMain: {
    handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
    removeHandler(channel: string): void;
  };
  /** session.defaultSession.webRequest.onHeadersReceived */
  onHeadersReceived(
    listener: (details: HeadersDetailsLike, callback: (response: { responseHeaders: Record<string, string[]> }) => void) => void,
  ): void;
  screen: {
    getCursorScreenPoint(): Point;
    getDisplayNearestPoint(point: Point): { workArea: Rect };
  };
  /** Electron's powerMonitor: the machine woke, the screen was locked or unlocked. */
  powerMonitor: { on(event: 'resume' | 'suspend' | 'lock-screen' | 'unlock-screen', listener: () => void): void };
  /** Refuses every permission request and check (camera, notifications, location...) in a partition's session; null: the default session. */
  denyPermissions(partition: string | null): void;
  /** Serves `root` as the app's own origin (app://companion/), with the CSP on every response. */
  serveApp(root: string, csp: string): void;
}
