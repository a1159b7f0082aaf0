/**
 * Every window comes from this one factory, hardened the same way: isolated, sandboxed, no Node, web
 * security on, no new windows, no navigation, no webviews, and a strict CSP on every response.
 */
import type { ElectronApi, WebPreferencesLike, WindowLike, WindowOptionsLike } from './api.ts';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // Svelte sets style attributes; no inline scripts are ever allowed.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export function hardenedWebPreferences(preload: string): WebPreferencesLike {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

export interface WindowSpec {
  width: number;
  height: number;
  title: string;
  frame?: boolean;
  resizable?: boolean;
  skipTaskbar?: boolean;
  alwaysOnTop?: boolean;
}

export interface WindowFactoryOptions {
  preload: string;
  /** Links the page tries to open go here (the system browser, for allowed schemes only). */
  openExternal: (url: string) => void;
}

export class WindowFactory {
  private readonly open = new Map<number, WindowLike>();

  constructor(
    private readonly api: ElectronApi,
    private readonly options: WindowFactoryOptions,
  ) {}

  create(spec: WindowSpec): WindowLike {
    const options: WindowOptionsLike = {
      width: spec.width,
      height: spec.height,
      title: spec.title,
      show: false,
      frame: spec.frame ?? true,
      resizable: spec.resizable ?? true,
      skipTaskbar: spec.skipTaskbar ?? false,
      alwaysOnTop: spec.alwaysOnTop ?? false,
      backgroundColor: '#00000000',
      webPreferences: hardenedWebPreferences(this.options.preload),
    };
    const window = this.api.createWindow(options);
    const contents = window.webContents;
    this.open.set(contents.id, window);
    window.on('closed', () => this.open.delete(contents.id));
    contents.setWindowOpenHandler(({ url }) => {
      this.options.openExternal(url);
      return { action: 'deny' };
    });
    const stay = (event: { preventDefault(): void }, url: string) => {
      event.preventDefault();
      this.options.openExternal(url);
    };
    contents.on('will-navigate', stay);
    contents.on('will-redirect', stay);
    contents.on('will-attach-webview', (event) => event.preventDefault());
    return window;
  }

  /** True for the web contents of a window this factory made and that is still open. */
  isOurs(webContentsId: number): boolean {
    const window = this.open.get(webContentsId);
    return window !== undefined && !window.isDestroyed();
  }

  /** Every open window, for pushing snapshots. */
  windows(): WindowLike[] {
    return [...this.open.values()].filter((window) => !window.isDestroyed());
  }
}

/** Adds the CSP to every response the app's windows load (the dev server's included). */
export function setupContentSecurityPolicy(api: ElectronApi, csp: string = CONTENT_SECURITY_POLICY): void {
  api.onHeadersReceived((details, callback) => {
    const headers = { ...(details.responseHeaders ?? {}) };
    for (const key of Object.keys(headers)) if (key.toLowerCase() === 'content-security-policy') delete headers[key];
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });
}
