/**
 * The global "dial the selection" shortcut. The old accelerator is unregistered before the new one is
 * registered, register()'s answer is checked, and a combination that is taken, malformed or impossible
 * (Wayland) is reported in words; when the new one fails the old one is put back.
 */
import type { ElectronApi } from './api.ts';

export type ShortcutResult = { ok: true; accelerator: string; warning?: string } | { ok: false; error: string };

const MODIFIERS = new Set(['command', 'cmd', 'control', 'ctrl', 'commandorcontrol', 'cmdorctrl', 'alt', 'option', 'altgr', 'shift', 'super', 'meta']);
const NAMED_KEYS = /^(f([1-9]|1[0-9]|2[0-4])|space|tab|capslock|numlock|scrolllock|backspace|delete|insert|return|enter|up|down|left|right|home|end|pageup|pagedown|escape|esc|plus|printscreen|num[0-9]|numdec|numadd|numsub|nummult|numdiv)$/i;

/** Why an accelerator string is not one Electron accepts, or null. */
export function checkAccelerator(accelerator: string): string | null {
  const parts = accelerator.split('+').map((part) => part.trim());
  if (parts.some((part) => part === '')) return `"${accelerator}" is not a key combination (use e.g. CommandOrControl+Alt+D)`;
  const key = parts[parts.length - 1] ?? '';
  const modifiers = parts.slice(0, -1);
  const unknown = modifiers.find((part) => !MODIFIERS.has(part.toLowerCase()));
  if (unknown) return `"${unknown}" is not a modifier key (use Ctrl, Alt, Shift, Super or CommandOrControl)`;
  if (MODIFIERS.has(key.toLowerCase())) return `"${accelerator}" has no key after the modifiers`;
  if (!(key.length === 1 && /[\x21-\x7e]/.test(key)) && !NAMED_KEYS.test(key)) return `"${key}" is not a key Electron knows`;
  if (modifiers.length === 0 && !/^f([1-9]|1[0-9]|2[0-4])$/i.test(key)) return 'A global shortcut needs a modifier (Ctrl, Alt, …) or a function key, or it would take that key from every app';
  return null;
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
      if (invalid) return { ok: false, error: invalid };
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
    if (invalid) return { ok: false, error: invalid };
    let free: boolean;
    try {
      free = this.api.globalShortcut.register(wanted, () => {});
    } catch (error) {
      return { ok: false, error: `"${wanted}" could not be registered: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (!free) return { ok: false, error: `"${wanted}" is already taken by another app or by the system: choose another combination.` };
    this.api.globalShortcut.unregister(wanted);
    return { ok: true, accelerator: wanted };
  }

  release(): void {
    if (this.current) this.api.globalShortcut.unregister(this.current);
    this.current = null;
  }

  private register(accelerator: string): ShortcutResult {
    const wayland = this.api.platform === 'linux' && (this.api.env['XDG_SESSION_TYPE'] === 'wayland' || Boolean(this.api.env['WAYLAND_DISPLAY']));
    let registered: boolean;
    try {
      registered = this.api.globalShortcut.register(accelerator, this.onPress);
    } catch (error) {
      return { ok: false, error: `"${accelerator}" could not be registered: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (!registered) {
      return {
        ok: false,
        error: wayland
          ? `"${accelerator}" could not be registered: this Wayland session does not let apps take global shortcuts. Bind the key in your desktop's keyboard settings to run "pbx-companion --dial-selection", or use an X11 session.`
          : `"${accelerator}" is already taken by another app or by the system: choose another combination.`,
      };
    }
    this.current = accelerator;
    return wayland ? { ok: true, accelerator, warning: 'On Wayland global shortcuts may only work while an app window is focused.' } : { ok: true, accelerator };
  }
}
