/** The one way the app opens something outside itself: the system browser, for allowed schemes only. */
import type { VerbResult } from '../shared/companion.ts';
import type { ElectronApi } from './api.ts';

export const DEFAULT_ALLOWED_SCHEMES = ['http', 'https'] as const;

/** Schemes that run code or reach local files: never opened, even when a settings file allows them. */
const NEVER = new Set(['javascript', 'vbscript', 'data', 'file', 'blob', 'about', 'chrome', 'ms-msdt', 'search-ms', 'ms-settings', 'smb']);

export type CheckedUrl = { ok: true; href: string } | { ok: false; error: string };

/** The URL as it will be opened, when it parses and its scheme is allowed; otherwise why not, in words. */
export function checkAllowedUrl(url: string, allowedSchemes: readonly string[] = DEFAULT_ALLOWED_SCHEMES): CheckedUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, error: `"${url.slice(0, 100)}" is not a web address.` };
  }
  const scheme = parsed.protocol.replace(/:$/, '').toLowerCase();
  if (NEVER.has(scheme)) return { ok: false, error: `Links with "${scheme}:" are never opened.` };
  if (!allowedSchemes.includes(scheme)) return { ok: false, error: `Links with "${scheme}:" are not opened (allowed: ${allowedSchemes.join(', ')}).` };
  return { ok: true, href: parsed.href };
}

export async function openExternalSafely(api: ElectronApi, url: string, allowedSchemes: readonly string[] = DEFAULT_ALLOWED_SCHEMES): Promise<VerbResult> {
  const checked = checkAllowedUrl(url, allowedSchemes);
  if (!checked.ok) return checked;
  try {
    await api.shell.openExternal(checked.href);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: `The link could not be opened: ${error instanceof Error ? error.message : String(error)}` };
  }
}
