/**
 * The one file that imports 'electron': builds the ElectronApi every other module receives.
 * Call createElectronApi() before the app is ready (it registers the app:// scheme as privileged).
 */
import { readFile } from 'node:fs/promises';
import {
  BrowserWindow,
  Menu,
  Notification,
  Tray,
  app,
  clipboard,
  globalShortcut,
  ipcMain,
  nativeImage,
  powerMonitor,
  protocol,
  screen,
  session,
  shell,
} from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import type { ElectronApi, MenuItemLike, TrayLike } from './api.ts';
import { APP_SCHEME, contentType, resolveAppFile } from './app-protocol.ts';

export function createElectronApi(): ElectronApi {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  return {
    platform: process.platform,
    env: { ...process.env },
    app,
    createWindow: (options) => new BrowserWindow(options),
    // ImageLike values only ever come from image() below, so they are NativeImages.
    createTray: (image) => new Tray(image as Electron.NativeImage) as unknown as TrayLike,
    image: (path) => nativeImage.createFromPath(path),
    menu: (template) => Menu.buildFromTemplate(template.map(toElectronItem)),
    // MenuLike values only ever come from menu() above, so they are Menus.
    setApplicationMenu: (menu) => Menu.setApplicationMenu(menu as Electron.Menu | null),
    globalShortcut,
    clipboard,
    shell: { openExternal: (url) => shell.openExternal(url) },
    notifications: {
      isSupported: () => Notification.isSupported(),
      show: (options, onClick) => {
        const notification = new Notification(options);
        if (onClick) {
          notification.on('click', onClick);
          notification.on('action', onClick);
        }
        notification.show();
      },
    },
    ipcMain,
    onHeadersReceived: (listener) => session.defaultSession.webRequest.onHeadersReceived(listener),
    screen,
    powerMonitor,
    denyPermissions: (partition) => {
      const chosen = partition === null ? session.defaultSession : session.fromPartition(partition);
      chosen.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
      chosen.setPermissionCheckHandler(() => false);
    },
    serveApp: (root, csp) => {
      protocol.handle(APP_SCHEME, async (request) => {
        const file = resolveAppFile(root, request.url);
        if (!file) return new Response('Not found', { status: 404 });
        try {
          const body = await readFile(file);
          return new Response(body, {
            headers: { 'content-type': contentType(file), 'content-security-policy': csp, 'x-content-type-options': 'nosniff' },
          });
        } catch {
          return new Response('Not found', { status: 404 });
        }
      });
    },
  };
}

function toElectronItem(item: MenuItemLike): MenuItemConstructorOptions {
  const { submenu, ...rest } = item;
  return submenu ? { ...rest, submenu: submenu.map(toElectronItem) } : rest;
}
