/**
 * The app's own origin: the renderer is served as app://companion/... rather than file://, so the
 * IPC guard and the CSP have one exact origin to check, and no page can reach the rest of the disk.
 */
import { extname, join, normalize, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://companion';

/** The file under `root` that an app:// URL names, or null for anything outside it or malformed. */
export function resolveAppFile(root: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (`${url.protocol}//${url.host}` !== APP_ORIGIN) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const relative = normalize(path === '/' || path === '' ? '/index.html' : path).replace(/^[/\\]+/, '');
  const file = join(root, relative);
  const base = root.endsWith(sep) ? root : root + sep;
  return file.startsWith(base) ? file : null;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export function contentType(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The URL a window loads for a route of the renderer (`popover`, `settings`). */
export function appUrl(route: string, base: string = APP_ORIGIN): string {
  return `${base}/index.html#/${encodeURIComponent(route)}`;
}
