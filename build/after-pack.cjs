/* eslint-disable @typescript-eslint/no-require-imports -- electron-builder loads hooks as CommonJS */
/**
 * electron-builder afterPack hook: flips Electron's fuses in the packaged binary before it is signed.
 *   RunAsNode off                         ELECTRON_RUN_AS_NODE cannot turn the app into a plain Node
 *   EnableNodeOptionsEnvironmentVariable  NODE_OPTIONS cannot inject code
 *   EnableNodeCliInspectArguments off     no --inspect debugger on an agent's desk
 *   EnableEmbeddedAsarIntegrityValidation the app.asar is checked against the hash built into the binary
 *   OnlyLoadAppFromAsar                   the app is loaded from app.asar only, never a loose folder
 *   EnableCookieEncryption                cookies on disk are encrypted with the OS keychain key
 *   GrantFileProtocolExtraPrivileges off  file:// pages get no powers beyond a browser's (the app serves from app://)
 * @electron/fuses comes with electron-builder (app-builder-lib depends on it).
 */
const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

const FUSES = {
  version: FuseVersion.V1,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

/** The Electron binary inside the packed app, per platform. */
function electronBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return path.join(appOutDir, `${name}.app`);
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${name}.exe`);
  return path.join(appOutDir, packager.executableName);
}

async function afterPack(context) {
  const binary = electronBinary(context);
  // macOS: the ad-hoc signature is invalidated by flipping; reset it so the app still launches unsigned.
  await flipFuses(binary, {
    ...FUSES,
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas',
  });
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
module.exports.electronBinary = electronBinary;
