import electron from './electron.cjs';
export const {
  app,
  BrowserWindow,
  Menu,
  Notification,
  Tray,
  clipboard,
  globalShortcut,
  ipcMain,
  nativeImage,
  powerMonitor,
  protocol,
  screen,
  session,
  shell,
  contextBridge,
  ipcRenderer,
} = electron;
export default electron;
