/** The one way the app opens something outside itself: the system browser, for allowed schemes only. */
import type { VerbResult } from '../shared/companion.ts';
import { refused, verbatim, type Refusal } from '../shared/phrases/index.ts';
import type { ElectronApi } from './api.ts';

export const DEFAULT_ALLOWED_SCHEMES = ['http', 'https'] as const;

/** Schemes that run code or reach local files: never opened, even when a settings file allows them. */
const NEVER = new Set(['javascript', 'vbscript', 'data', 'file', 'blob', 'about', 'chrome', 'ms-msdt', 'search-ms', 'ms-settings', 'smb']);

export type CheckedUrl = { ok: true; href: string } | Refusal;

/** The URL as it will be opened, when it parses and its scheme is allowed; otherwise why not, in words. */
export function checkAllowedUrl(url: string, allowedSchemes: readonly string[] = DEFAULT_ALLOWED_SCHEMES): CheckedUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refused('desktop.link-not-web', { url: url.slice(0, 100) });
  }
  const scheme = parsed.protocol.replace(/:$/, '').toLowerCase();
  if (NEVER.has(scheme)) return refused('desktop.link-never', { scheme });
  if (!allowedSchemes.includes(scheme)) return refused('desktop.link-not-allowed', { scheme, allowed: allowedSchemes.join(', ') });
  return { ok: true, href: parsed.href };
}

export async function openExternalSafely(
  api: ElectronApi,
  url: string,
  allowedSchemes: readonly string[] = DEFAULT_ALLOWED_SCHEMES,
): Promise<VerbResult> {
  const checked = checkAllowedUrl(url, allowedSchemes);
  if (!checked.ok) return checked;
  try {
    await api.shell.openExternal(checked.href);
    return { ok: true };
  } catch (error) {
    return refused('desktop.link-failed', { why: verbatim(error instanceof Error ? error.message : String(error)) });
  }
}
