/**
 * The global "dial the selection" shortcut. The old accelerator is unregistered before the new one is
 * registered, register()'s answer is checked, and a combination that is taken, malformed or refused
 * by the Wayland desktop portal is reported in words; when the new one fails the old one is put back.
 */
import { phrase, refusal, refused, verbatim, type Phrase, type Refusal } from '../shared/phrases/index.ts';
import type { ElectronApi } from './api.ts';

/** `error` and `warning` in English, with the phrase to say them in the agent's language. */
export type ShortcutResult = { ok: true; accelerator: string; warning?: Phrase } | Refusal;

const MODIFIERS = new Set([
  'command',
  'cmd',
  'control',
  'ctrl',
  'commandorcontrol',
  'cmdorctrl',
  'alt',
  'option',
  'altgr',
  'shift',
  'super',
  'meta',
]);
const NAMED_KEYS =
  /^(f([1-9]|1[0-9]|2[0-4])|space|tab|capslock|numlock|scrolllock|backspace|delete|insert|return|enter|up|down|left|right|home|end|pageup|pagedown|escape|esc|plus|printscreen|num[0-9]|numdec|numadd|numsub|nummult|numdiv)$/i;

/** Why an accelerator string is not one Electron accepts, or null. */
export function checkAccelerator(accelerator: string): Phrase | null {
  const parts = accelerator.split('+').map((part) => part.trim());
  if (parts.some((part) => part === '')) return phrase('desktop.hotkey-not-combination', { hotkey: accelerator });
  const key = parts[parts.length - 1] ?? '';
  const modifiers = parts.slice(0, -1);
  const unknown = modifiers.find((part) => !MODIFIERS.has(part.toLowerCase()));
  if (unknown) return phrase('desktop.hotkey-bad-modifier', { modifier: unknown });
  if (MODIFIERS.has(key.toLowerCase())) return phrase('desktop.hotkey-no-key', { hotkey: accelerator });
  if (!(key.length === 1 && /[\x21-\x7e]/.test(key)) && !NAMED_KEYS.test(key)) return phrase('desktop.hotkey-unknown-key', { key });
  if (modifiers.length === 0 && !/^f([1-9]|1[0-9]|2[0-4])$/i.test(key)) return phrase('desktop.hotkey-needs-modifier');
  return null;
}

/** A Wayland session, where only the XDG desktop portal can give an app a global shortcut. */
export function isWayland(api: Pick<ElectronApi, 'platform' | 'env'>): boolean {
  return api.platform === 'linux' && (api.env['XDG_SESSION_TYPE'] === 'wayland' || Boolean(api.env['WAYLAND_DISPLAY']));
}

/**
 * On Wayland, asks Chromium for the GlobalShortcutsPortal (Electron 35+; electron/electron #45171),
 * so globalShortcut registers through the desktop portal instead of failing silently. Before ready:
 * Chromium reads its features at launch.
 */
export function enableShortcutPortal(api: Pick<ElectronApi, 'platform' | 'env' | 'app'>): void {
  if (isWayland(api)) api.app.commandLine.appendSwitch('enable-features', 'GlobalShortcutsPortal');
}

function messageOf(error: unknown): Phrase {
  return verbatim(error instanceof Error ? error.message : String(error));
}

export class DialShortcut {
  private current: string | null = null;

  constructor(
    private readonly api: ElectronApi,
    private readonly onPress: () => void,
  ) {}

  get accelerator(): string | null {
    return this.current;
  }

  /** Makes `accelerator` the shortcut (empty = none). */
  apply(accelerator: string): ShortcutResult {
    const wanted = accelerator.trim();
    if (wanted === this.current) return { ok: true, accelerator: wanted };
    if (wanted !== '') {
      const invalid = checkAccelerator(wanted);
      if (invalid) return refusal(invalid);
    }
    const previous = this.current;
    this.release();
    if (wanted === '') return { ok: true, accelerator: '' };
    const result = this.register(wanted);
    if (!result.ok && previous) this.register(previous);
    return result;
  }

  /** Whether `accelerator` could be taken now, without keeping it (the settings window's conflict check). */
  check(accelerator: string): ShortcutResult {
    const wanted = accelerator.trim();
    if (wanted === this.current) return { ok: true, accelerator: wanted };
    const invalid = checkAccelerator(wanted);
    if (invalid) return refusal(invalid);
    let free: boolean;
    try {
      free = this.api.globalShortcut.register(wanted, () => {});
    } catch (error) {
      return refused('desktop.hotkey-failed', { hotkey: wanted, why: messageOf(error) });
    }
    if (!free) return refused('desktop.hotkey-taken', { hotkey: wanted });
    this.api.globalShortcut.unregister(wanted);
    return { ok: true, accelerator: wanted };
  }

  release(): void {
    if (this.current) this.api.globalShortcut.unregister(this.current);
    this.current = null;
  }

  private register(accelerator: string): ShortcutResult {
    const wayland = isWayland(this.api);
    let registered: boolean;
    try {
      registered = this.api.globalShortcut.register(accelerator, this.onPress);
    } catch (error) {
      return refused('desktop.hotkey-failed', { hotkey: accelerator, why: messageOf(error) });
    }
    if (!registered) return refused(wayland ? 'desktop.hotkey-wayland' : 'desktop.hotkey-taken', { hotkey: accelerator });
    this.current = accelerator;
    return wayland ? { ok: true, accelerator, warning: phrase('desktop.hotkey-wayland-portal') } : { ok: true, accelerator };
  }
}
