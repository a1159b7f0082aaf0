/**
 * Where the app's pages come from: app://companion (the built renderer, with the CSP on every response)
 * or, when not packaged, a dev server's origin. Set up once the app is ready, before any window, with
 * every permission request refused.
 */
import { join } from 'node:path';
import type { ElectronApi } from './api.ts';
import { APP_ORIGIN } from './app-protocol.ts';
import { setupPermissions } from './permissions.ts';
import { CONTENT_SECURITY_POLICY, setupContentSecurityPolicy } from './windows.ts';

/** `baseUrl` is the origin pages load from (the IPC guard checks it); `appRoot` holds renderer/, assets/ and dist/. */
export function setupRendererOrigin(api: ElectronApi, rendererUrl: string | undefined): { appRoot: string; baseUrl: string } {
  const appRoot = api.app.getAppPath();
  const devUrl = !api.app.isPackaged && rendererUrl ? new URL(rendererUrl) : null;
  setupContentSecurityPolicy(api);
  setupPermissions(api);
  api.serveApp(join(appRoot, 'renderer', 'dist'), CONTENT_SECURITY_POLICY);
  return { appRoot, baseUrl: devUrl ? devUrl.origin : APP_ORIGIN };
}
