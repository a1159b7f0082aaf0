/**
 * Start at login. macOS and Windows: Electron's login item. Linux has no such API: an XDG autostart
 * entry (~/.config/autostart/pbx-companion.desktop) does the same on every desktop that follows XDG.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/settings/atomic-write.ts';
import type { ElectronApi } from './api.ts';

export function linuxAutostartEntry(exec: string): string {
  // Exec quoting per the Desktop Entry spec: the path in double quotes, with " ` $ \ escaped.
  const quoted = `"${exec.replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=PBX Companion',
    `Exec=${quoted} --hidden`,
    'X-GNOME-Autostart-enabled=true',
    'NoDisplay=false',
    '',
  ].join('\n');
}

export async function applyAutostart(
  api: ElectronApi,
  enabled: boolean,
  options: { configHome?: string; exec?: string } = {},
): Promise<void> {
  if (api.platform !== 'linux') {
    api.app.setLoginItemSettings({ openAtLogin: enabled });
    return;
  }
  const configHome = options.configHome ?? api.env['XDG_CONFIG_HOME'] ?? join(api.app.getPath('home'), '.config');
  const file = join(configHome, 'autostart', 'pbx-companion.desktop');
  if (!enabled) {
    await rm(file, { force: true });
    return;
  }
  // An AppImage runs from a temporary mount: the stable path is $APPIMAGE.
  const exec = options.exec ?? api.env['APPIMAGE'] ?? process.execPath;
  await writeFileAtomic(file, linuxAutostartEntry(exec), { mode: 0o644 });
}
