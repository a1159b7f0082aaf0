/**
 * The text the hotkey dials. On Linux it is the PRIMARY selection (whatever is highlighted, no copy
 * needed). Windows and macOS have no selection an app may read: the only way would be to simulate
 * Ctrl+C / Cmd+C, which needs a native module (and an accessibility permission on macOS) that this app
 * does not ship. There the hotkey reads the clipboard, so the agent copies the number first; the
 * clipboard is only read, never changed, so there is nothing to restore.
 */
import type { ElectronApi } from './api.ts';

export type SelectionSource = 'primary-selection' | 'clipboard';
export type SelectionResult = { ok: true; text: string; source: SelectionSource } | { ok: false; error: string };

export async function readSelectedText(api: ElectronApi): Promise<SelectionResult> {
  const primary = api.platform === 'linux' ? api.clipboard.selection : undefined;
  const source: SelectionSource = primary ? 'primary-selection' : 'clipboard';
  let text: string;
  try {
    text = primary ? await primary.readText() : await api.clipboard.readText();
  } catch (error) {
    return { ok: false, error: `The selected text could not be read (${error instanceof Error ? error.message : String(error)}).` };
  }
  if (text.trim() === '') {
    return {
      ok: false,
      error: primary
        ? 'Nothing is selected: highlight a phone number, then press the hotkey.'
        : 'The clipboard is empty: copy the phone number (Ctrl+C or Cmd+C), then press the hotkey.',
    };
  }
  return { ok: true, text, source };
}
