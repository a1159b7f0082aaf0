/**
 * The Electron entry: the real Electron API, the keychain, the core factory, then startApp's flat
 * sequence of setupX() steps (electron/main/app.ts).
 */
import log from 'electron-log/main';
import { KeyringCredentialStore } from '../core/credentials/store.ts';
import { startApp } from './app.ts';
import { coreFactory } from './core-factory.ts';
import { createElectronApi } from './electron-api.ts';

log.initialize();

const api = createElectronApi();
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
