/**
 * The Electron entry: the real Electron API, the keychain, the core's createCompanion, then startApp's
 * flat sequence of setupX() steps (electron/main/app.ts).
 */
import log from 'electron-log/main';
import { companionForSettings } from '../core/startup.ts';
import { KeyringCredentialStore } from '../core/credentials/store.ts';
import type { CompanionFactory } from './app.ts';
import { startApp } from './app.ts';
import { createElectronApi } from './electron-api.ts';

log.initialize();

/** The core for the saved settings (the demo PBX when none is set): the AMI secret comes from the keychain, never from the file. */
const companionFromSettings: CompanionFactory = (settings, secrets, hooks) =>
  companionForSettings(settings, secrets.ami, { onPop: hooks.pop, logger: { warn: (message) => log.warn(message) } });

const api = createElectronApi();
startApp(api, {
  createCompanion: companionFromSettings,
  credentials: new KeyringCredentialStore(),
  argv: process.argv,
  log: (message) => log.info(message),
  ...(process.env['PBX_COMPANION_RENDERER_URL'] ? { rendererUrl: process.env['PBX_COMPANION_RENDERER_URL'] } : {}),
  defaultApp: Boolean((process as NodeJS.Process & { defaultApp?: boolean }).defaultApp),
}).catch((error: unknown) => {
  log.error('start-up failed', error);
  api.app.quit();
});
