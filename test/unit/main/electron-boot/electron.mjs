// `import ... from 'electron'` gets the same fake as `require('electron')` (electron-log/main requires it).
import electron from './electron.cjs';
export const {
  app,
  BrowserWindow,
  Menu,
  Notification,
  Tray,
  clipboard,
  dialog,
  globalShortcut,
  ipcMain,
  nativeImage,
  powerMonitor,
  protocol,
  screen,
  session,
  shell,
  webContents,
} = electron;
export default electron;
