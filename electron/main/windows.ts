/**
 * Every window comes from this one factory, hardened the same way: isolated, sandboxed, no Node, web
 * security on, no new windows, no navigation, no webviews, and a strict CSP on every response.
 * The app's own windows get the bridge (preload). A page that is not ours (the screen pop's CRM page)
 * gets a content window: no preload, a session of its own, navigation only within its origin, links
 * to the browser only after the agent's click or key and a few a minute (outbound-gate.ts), and it is
 * never counted among the app's windows (no IPC, no pushed snapshots).
 */
import type { ElectronApi, WebContentsLike, WebPreferencesLike, WindowLike, WindowOptionsLike } from './api.ts';
import { OPENS_PER_MINUTE, OutboundGate } from './outbound-gate.ts';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // No inline script or style at all (the pages' own <meta> CSP says the same; both are enforced).
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export function hardenedWebPreferences(preload?: string): WebPreferencesLike {
  return {
    ...(preload ? { preload } : {}),
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

export interface ContentWindowSpec extends WindowSpec {
  /** The origin the page may navigate within, e.g. `https://crm.example.com`. */
  origin: string;
  /** Other origins it may go to as well (the CRM's sign-in pages). */
  alsoOrigins?: readonly string[];
  /** The session the page runs in, apart from the app's (cookies, cache, permissions). */
  partition: string;
}

export interface WindowFactoryOptions {
  preload: string;
  /** Links the page tries to open go here (the system browser, for allowed schemes only). */
  openExternal: (url: string) => void;
  /** The clock of the content windows' rate limit. */
  now?: () => number;
  /** Where a content window's refused link is noted. */
  log?: (message: string) => void;
}

export class WindowFactory {
  private readonly open = new Map<number, WindowLike>();
  private readonly gate: OutboundGate;

  constructor(
    private readonly api: ElectronApi,
    private readonly options: WindowFactoryOptions,
  ) {
    this.gate = new OutboundGate(options.now ?? Date.now);
  }

  /** One of the app's own windows: the bridge, the app's origin, no navigation at all. */
  create(spec: WindowSpec): WindowLike {
    const window = this.build(spec, hardenedWebPreferences(this.options.preload), () => false, false);
    const contents = window.webContents;
    this.open.set(contents.id, window);
    window.on('closed', () => this.open.delete(contents.id));
    return window;
  }

  /** A window for someone else's page: no preload, its own session, navigation within its origins only. */
  createContent(spec: ContentWindowSpec): WindowLike {
    const origins = new Set([spec.origin, ...(spec.alsoOrigins ?? [])]);
    return this.build(spec, { ...hardenedWebPreferences(), partition: spec.partition }, (url) => origins.has(originOf(url) ?? ''), true);
  }

  private build(spec: WindowSpec, webPreferences: WebPreferencesLike, mayNavigate: (url: string) => boolean, gated: boolean): WindowLike {
    const options: WindowOptionsLike = {
      width: spec.width,
      height: spec.height,
      title: spec.title,
      show: false,
      frame: spec.frame ?? true,
      resizable: spec.resizable ?? true,
      skipTaskbar: spec.skipTaskbar ?? false,
      alwaysOnTop: spec.alwaysOnTop ?? false,
      // The app's pages draw their own (rounded, themed) background; someone else's page gets white.
      backgroundColor: webPreferences.preload ? '#00000000' : '#ffffff',
      webPreferences,
    };
    const window = this.api.createWindow(options);
    const contents = window.webContents;
    const sendOut = gated ? this.gatedOpener(contents) : this.options.openExternal;
    contents.setWindowOpenHandler(({ url }) => {
      sendOut(url);
      return { action: 'deny' };
    });
    const stay = (event: { preventDefault(): void }, url: string) => {
      if (mayNavigate(url)) return;
      event.preventDefault();
      sendOut(url);
    };
    contents.on('will-navigate', stay);
    contents.on('will-redirect', stay);
    contents.on('will-attach-webview', (event) => event.preventDefault());
    return window;
  }

  /** Someone else's page sends a link out only after the agent's click or key, a few a minute. */
  private gatedOpener(contents: WebContentsLike): (url: string) => void {
    const verdict = this.gate.watch(contents);
    return (url) => {
      const said = verdict();
      if (said === 'open') return this.options.openExternal(url);
      const why = said === 'no-gesture' ? 'the page tried it without a click or key press' : `more than ${OPENS_PER_MINUTE} links a minute`;
      this.options.log?.(`pop window: not opened in the browser (${why}): ${originOf(url) ?? url.slice(0, 100)}`);
    };
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

/** `https://crm.example.com` for any URL there; null for what is not a URL or has no origin. */
export function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
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
