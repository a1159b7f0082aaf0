/**
 * The Electron entry: the real Electron API, the keychain, the core factory, then startApp's flat
 * sequence of setupX() steps (electron/main/app.ts).
 */
import { join } from 'node:path';
import log from 'electron-log/node';
import { KeyringCredentialStore } from '../core/credentials/store.ts';
import { startApp } from './app.ts';
import { coreFactory } from './core-factory.ts';
import { createElectronApi } from './electron-api.ts';

// electron-log's node entry, not its main one: electron-log/main listens on an IPC channel of its own
// (outside the IPC guard) and its initialize() injects a preload into every session, the screen pop's
// CRM page included. Main only logs to a file, in Electron's logs folder.
const api = createElectronApi();
log.transports.file.resolvePathFn = () => join(api.app.getPath('logs'), 'main.log');
startApp(api, {
  createCompanion: coreFactory({ warn: (message) => log.warn(message) }),
  credentials: new KeyringCredentialStore(),
  argv: process.argv,
  log: (message) => log.info(message),
  ...(process.env['PBX_COMPANION_RENDERER_URL'] ? { rendererUrl: process.env['PBX_COMPANION_RENDERER_URL'] } : {}),
  defaultApp: Boolean((process as NodeJS.Process & { defaultApp?: boolean }).defaultApp),
}).catch((error: unknown) => {
  log.error('start-up failed', error);
  api.app.quit();
});
