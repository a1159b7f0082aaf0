/**
 * Where the call log goes: https only (http to this machine, for a CRM on the desk or a test), no
 * user name or password in the URL (a URL ends up in logs and settings files; the shared secret signs instead).
 */
import { CONTROL_CHARACTERS } from './control-characters.ts';
import { isLoopbackHost } from './network.ts';
import { phrase, type Phrase } from './phrases/index.ts';

export function checkCallLogUrl(text: string): { ok: true; url: URL } | { ok: false; phrase: Phrase } {
  const shown = text.slice(0, 200);
  if (text.trim() === '') return { ok: false, phrase: phrase('calllog.url-empty') };
  if (CONTROL_CHARACTERS.test(text)) return { ok: false, phrase: phrase('calllog.url-control') };
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, phrase: phrase('calllog.url-invalid', { url: shown }) };
  }
  if (url.username || url.password) return { ok: false, phrase: phrase('calllog.url-credentials') };
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  if (!secure) return { ok: false, phrase: phrase('calllog.url-scheme', { url: shown }) };
  return { ok: true, url };
}
