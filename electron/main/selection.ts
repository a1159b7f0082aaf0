/**
 * The text the hotkey dials. On Linux it is the PRIMARY selection (whatever is highlighted, no copy
 * needed). Windows and macOS have no selection an app may read: the only way would be to simulate
 * Ctrl+C / Cmd+C, which needs a native module (and an accessibility permission on macOS) that this app
 * does not ship. There the hotkey reads the clipboard, so the agent copies the number first; the
 * clipboard is only read, never changed, so there is nothing to restore.
 */
import { refused, verbatim, type Refusal } from '../shared/phrases/index.ts';
import type { ElectronApi } from './api.ts';

export type SelectionSource = 'primary-selection' | 'clipboard';
export type SelectionResult = { ok: true; text: string; source: SelectionSource } | Refusal;

export async function readSelectedText(api: ElectronApi): Promise<SelectionResult> {
  const primary = api.platform === 'linux' ? api.clipboard.selection : undefined;
  const source: SelectionSource = primary ? 'primary-selection' : 'clipboard';
  let text: string;
  try {
    text = primary ? await primary.readText() : await api.clipboard.readText();
  } catch (error) {
    return refused('desktop.selection-unreadable', { why: verbatim(error instanceof Error ? error.message : String(error)) });
  }
  if (text.trim() === '') return refused(primary ? 'desktop.selection-empty' : 'desktop.clipboard-empty');
  return { ok: true, text, source };
}
