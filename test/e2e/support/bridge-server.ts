/**
 * The test bridge, Node side: serves the built renderer (renderer/dist) over http and exposes a
 * `Companion` (electron/shared/companion.ts) on a WebSocket at the same origin, so the page's
 * `window.companion` (bridge-client.js) reaches a real core the way the Electron preload does over IPC.
 * Only the bridge's methods are callable (BRIDGE_METHODS); anything else is answered with an error.
 */
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/windows.ts';
import { refused, type Phrase } from '../../../electron/shared/phrases/index.ts';
import type { SupervisorDesk } from '../../../electron/core/ari/supervisor-desk.ts';
import type { AgentPoolVerbs, CallLogVerbs, Companion } from '../../../electron/shared/companion.ts';
import { BRIDGE_METHODS, BRIDGE_PATH, SHELL_METHODS, type BridgeMethod, type CoreMethod, type ShellMethod } from './bridge-protocol.ts';
import type { ShellMethods } from './shell-backend.ts';

export const RENDERER_DIST = fileURLToPath(new URL('../../../renderer/dist/', import.meta.url));
/** The page-side script to pass to page.addInitScript({ path }). */
export const BRIDGE_CLIENT_PATH = fileURLToPath(new URL('./bridge-client.js', import.meta.url));

export interface BridgeServerOptions {
  /** The core the page talks to; without one, the core's methods answer with an error. With a supervisor desk (start-up's StartedCore), listen and whisper are offered. */
  companion?: Companion & Partial<AgentPoolVerbs> & Partial<CallLogVerbs> & { supervisor?: SupervisorDesk };
  /** The shell's side (settings, keychain, doctor); without one, those methods answer with an error. */
  shell?: ShellMethods;
  /** Where the built renderer is; renderer/dist by default. */
  root?: string;
  /**
   * The pages load the page side of the bridge themselves (a <script> before the app's), for a plain
   * browser with no Playwright to inject it: `npm run ui`. Same origin, so the CSP lets it run.
   */
  injectClient?: boolean;
  /** The http port; 0 (default) picks a free one. */
  port?: number;
}

export interface BridgeServer {
  /** http://127.0.0.1:PORT/ */
  origin: string;
  /** The popover page (index.html). */
  popoverUrl: string;
  /** The settings page (settings.html). */
  settingsUrl: string;
  /** Sends a screen pop to every connected page. */
  emitPop(pop: { callId: string; url: string | null }): void;
  /** Sends a notice (a toast in the popover) to every connected page. */
  emitNotice(message: string, phrase?: Phrase): void;
  /** As main does when a call's notification is clicked: the popover shows that call. */
  emitFocusCall(callId: string): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export async function startBridgeServer(options: BridgeServerOptions): Promise<BridgeServer> {
  const root = resolve(options.root ?? RENDERER_DIST);
  await stat(join(root, 'index.html')).catch(() => {
    throw new Error(`No built renderer in ${root}: run \`npm run build:renderer\` first.`);
  });

  const http = createServer((request, response) => {
    const url = request.url ?? '/';
    const served = options.injectClient && url === CLIENT_URL ? serveClient() : serveFile(root, url, options.injectClient ?? false);
    void served.then(({ status, type, body }) => {
      // The pages get the CSP header main gives them (electron/main/windows.ts), on top of their own <meta>.
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-security-policy': CONTENT_SECURITY_POLICY });
      response.end(body);
    });
  });
  const sockets = new WebSocketServer({ server: http, path: BRIDGE_PATH });
  sockets.on('connection', (socket) => serveBridge(socket, options));

  await new Promise<void>((ready, fail) => {
    http.once('error', fail);
    http.listen(options.port ?? 0, '127.0.0.1', ready);
  });
  const { port } = http.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}/`;

  return {
    origin,
    popoverUrl: `${origin}index.html`,
    settingsUrl: `${origin}settings.html`,
    emitPop(pop) {
      const text = JSON.stringify({ event: 'pop', pop });
      for (const client of sockets.clients) client.send(text);
    },
    emitNotice(message, phrase) {
      const text = JSON.stringify({ event: 'notice', notice: { message, phrase } });
      for (const client of sockets.clients) client.send(text);
    },
    emitFocusCall(callId) {
      const text = JSON.stringify({ event: 'focus-call', focus: { callId } });
      for (const client of sockets.clients) client.send(text);
    },
    close: () => closeAll(http, sockets),
  };
}

const CLIENT_URL = '/__bridge-client.js';

async function serveClient(): Promise<{ status: number; type: string; body: Buffer }> {
  return { status: 200, type: TYPES['.js']!, body: await readFile(BRIDGE_CLIENT_PATH) };
}

async function serveFile(
  root: string,
  url: string,
  injectClient: boolean,
): Promise<{ status: number; type: string; body: Buffer | string }> {
  const path = decodeURIComponent(new URL(url, 'http://x').pathname);
  const file = normalize(join(root, path === '/' ? 'index.html' : path));
  if (!file.startsWith(root + sep)) return { status: 403, type: 'text/plain', body: 'forbidden' };
  try {
    const body = await readFile(file);
    if (injectClient && extname(file) === '.html')
      return {
        status: 200,
        type: TYPES['.html']!,
        body: body.toString('utf8').replace('<script', `<script src="${CLIENT_URL}"></script><script`),
      };
    return { status: 200, type: TYPES[extname(file)] ?? 'application/octet-stream', body };
  } catch {
    return { status: 404, type: 'text/plain', body: 'not found' };
  }
}

function serveBridge(socket: WebSocket, { companion, shell }: BridgeServerOptions): void {
  const send = (message: unknown) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  if (companion) {
    const unsubscribe = companion.subscribe((snapshot) => send({ event: 'snapshot', snapshot }));
    socket.on('close', unsubscribe);
    send({ event: 'snapshot', snapshot: companion.snapshot() });
  }

  socket.on('message', (data) => {
    let request: { id?: unknown; method?: unknown; args?: unknown };
    try {
      request = JSON.parse(String(data)) as typeof request;
    } catch {
      return send({ id: null, ok: false, error: 'The test bridge got a message that is not JSON.' });
    }
    const { id, method, args } = request;
    if (!BRIDGE_METHODS.includes(method as BridgeMethod) || !Array.isArray(args)) {
      return send({ id, ok: false, error: `The bridge has no method ${JSON.stringify(method)}.` });
    }
    void call({ companion, shell }, method as BridgeMethod, args).then(
      (value) => send({ id, ok: true, value }),
      (error: unknown) => send({ id, ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  });
}

async function call({ companion, shell }: BridgeServerOptions, method: BridgeMethod, args: unknown[]): Promise<unknown> {
  if ((SHELL_METHODS as readonly string[]).includes(method)) {
    if (!shell) throw new Error('The test bridge has no settings backend.');
    const fn = shell[method as ShellMethod] as (...params: unknown[]) => Promise<unknown>;
    return fn.apply(shell, args);
  }
  if (!companion) throw new Error('The test bridge has no core.');
  if (method === 'getSnapshot') return companion.snapshot();
  // As main answers them (CompanionHost): only a supervisor's core offers listen and whisper.
  const desk = companion.supervisor;
  if (method === 'getCapabilities') return { supervise: desk !== undefined };
  if (method === 'supervise')
    return desk ? desk.supervise(args[0] as string, args[1] as 'listen' | 'whisper') : refused('desktop.not-a-supervisor');
  if (method === 'stopSupervising') return desk ? desk.stopSupervising() : refused('desktop.not-a-supervisor');
  if (method === 'agentLogin' || method === 'agentLogout') return companion[method]?.() ?? refused('agent.not-here');
  if (method === 'setDisposition')
    return companion.setDisposition?.(args[0] as string, args[1] as string, args[2] as string | undefined) ?? refused('calllog.url-empty');
  const verb = companion[
    method as Exclude<
      CoreMethod,
      'getSnapshot' | 'getCapabilities' | 'supervise' | 'stopSupervising' | 'agentLogin' | 'agentLogout' | 'setDisposition'
    >
  ] as (...params: unknown[]) => Promise<unknown>;
  return verb.apply(companion, args);
}

function closeAll(http: Server, sockets: WebSocketServer): Promise<void> {
  for (const client of sockets.clients) client.terminate();
  return new Promise((done) => sockets.close(() => http.close(() => done())));
}
