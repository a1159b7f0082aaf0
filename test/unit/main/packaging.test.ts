/**
 * electron-builder cannot run here (it downloads Electron), so its config is checked instead: against
 * electron-builder's own schema, and for what it must hold (targets, protocols, MIME types, the fuses hook).
 * The afterPack hook runs for real against a stand-in binary carrying Electron's fuse wire.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, logger: { isEnabled: boolean; add(): void }): Promise<void>;
};

type Config = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Config;
const debugLogger = { isEnabled: false, add: () => {} };

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", async () => {
    await expect(validateConfiguration(structuredClone(config), debugLogger)).resolves.toBeUndefined();
  });

  it('would be caught by that validation if it were wrong', async () => {
    await expect(
      validateConfiguration({ ...structuredClone(config), linux: { ...config['linux'], mimeType: ['x'] } }, debugLogger),
    ).rejects.toThrow(/Invalid configuration object.*\n[^]*configuration\.linux/);
  });

  it('builds AppImage and deb, NSIS and dmg', () => {
    expect(config['linux'].target).toEqual(['AppImage', 'deb']);
    expect(config['win'].target).toEqual(['nsis']);
    expect(config['mac'].target).toEqual(['dmg']);
  });

  it("claims tel, sip and callto, with the Linux desktop entry's MIME types", () => {
    expect(config['protocols']).toEqual([{ name: 'Phone call', schemes: ['tel', 'sip', 'callto'] }]);
    expect(config['linux'].mimeTypes).toEqual(['x-scheme-handler/tel', 'x-scheme-handler/sip', 'x-scheme-handler/callto']);
    expect(config['linux'].desktop.entry.MimeType).toBe('x-scheme-handler/tel;x-scheme-handler/sip;x-scheme-handler/callto;');
    expect(config['linux'].desktop.desktopActions.DialSelection.Exec).toBe('pbx-companion --dial-selection');
  });

  it('packs what the app loads, in an asar, with the icons that exist', () => {
    expect(config['asar']).toBe(true);
    expect(config['files']).toEqual(expect.arrayContaining(['dist/electron/**', 'renderer/dist/**', 'assets/**', 'package.json']));
    expect(existsSync(join(root, config['icon']))).toBe(true);
    expect(readFileSync(join(root, config['icon'])).subarray(1, 4).toString()).toBe('PNG');
    for (const state of ['offline', 'connecting', 'available', 'ringing', 'oncall', 'paused', 'error']) {
      expect(existsSync(join(root, 'assets', `tray-${state}.png`)), `assets/tray-${state}.png`).toBe(true);
      expect(existsSync(join(root, 'assets', `tray-${state}@2x.png`)), `assets/tray-${state}@2x.png`).toBe(true);
    }
    expect(config['mac'].extendInfo.LSUIElement).toBe(true);
    expect(config['deb'].depends).toContain('libsecret-1-0');
  });

  it('signs and notarizes from the environment only: no certificate, password or Apple credential in the config', () => {
    const text = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    expect(text).not.toMatch(/^\s*(certificateFile|certificatePassword|cscLink|cscKeyPassword|appleId|appleIdPassword)\s*:/im);
    expect(config['win'].signtoolOptions).toMatchObject({
      signingHashAlgorithms: ['sha256'],
      rfc3161TimeStampServer: expect.stringMatching(/^http/),
    });
    expect(config['mac']).toMatchObject({ hardenedRuntime: true, notarize: true, entitlements: 'build/entitlements.mac.plist' });
    // The hardened runtime's only exception is V8's JIT (Electron 12+ needs no unsigned executable memory).
    const plist = readFileSync(join(root, config['mac'].entitlements), 'utf8');
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((m) => m[1]);
    expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
    expect(readFileSync(join(root, 'docs/releases.md'), 'utf8')).toMatch(/WIN_CSC_LINK[^]*CSC_LINK[^]*APPLE_API_KEY/);
  });

  it('runs the fuses hook after packing', () => {
    expect(config['afterPack']).toBe('build/after-pack.cjs');
    expect(existsSync(join(root, config['afterPack']))).toBe(true);
  });
});

describe('build/after-pack.cjs', () => {
  const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
  const [DISABLE, ENABLE] = [48, 49];
  // Electron's defaults: RunAsNode on, cookie encryption off, NODE_OPTIONS on, inspect on, integrity off, asar-only off,
  // browser-process V8 snapshot off, file:// extra privileges on.
  const DEFAULT_WIRE = [ENABLE, DISABLE, ENABLE, ENABLE, DISABLE, DISABLE, DISABLE, ENABLE];

  it('flips the fuses in the packed Linux binary', async () => {
    const hook = require(join(root, 'build/after-pack.cjs')) as (context: object) => Promise<void>;
    const appOutDir = mkdtempSync(join(tmpdir(), 'after-pack-'));
    const binary = join(appOutDir, 'pbx-companion');
    const before = Buffer.concat([
      Buffer.from('\x7fELF…code…'),
      Buffer.from(SENTINEL),
      Buffer.from([1, DEFAULT_WIRE.length, ...DEFAULT_WIRE]),
      Buffer.from('…more code'),
    ]);
    writeFileSync(binary, before);

    await hook({
      appOutDir,
      electronPlatformName: 'linux',
      packager: { appInfo: { productFilename: 'PBX Companion' }, executableName: 'pbx-companion' },
    });

    const after = readFileSync(binary);
    const at = after.indexOf(SENTINEL) + SENTINEL.length + 2;
    const wire = [...after.subarray(at, at + DEFAULT_WIRE.length)];
    expect(wire).toEqual([
      DISABLE, // RunAsNode
      ENABLE, // EnableCookieEncryption
      DISABLE, // EnableNodeOptionsEnvironmentVariable
      DISABLE, // EnableNodeCliInspectArguments
      ENABLE, // EnableEmbeddedAsarIntegrityValidation
      ENABLE, // OnlyLoadAppFromAsar
      DISABLE, // LoadBrowserProcessSpecificV8Snapshot: left as Electron ships it
      DISABLE, // GrantFileProtocolExtraPrivileges: off, the app serves its pages from app://
    ]);
    expect(after.length).toBe(before.length);
    rmSync(appOutDir, { recursive: true, force: true });
  });

  it('finds the binary per platform', () => {
    const { electronBinary } = require(join(root, 'build/after-pack.cjs')) as { electronBinary(context: object): string };
    const packager = { appInfo: { productFilename: 'PBX Companion' }, executableName: 'pbx-companion' };
    expect(electronBinary({ appOutDir: '/o', electronPlatformName: 'win32', packager })).toBe(join('/o', 'PBX Companion.exe'));
    expect(electronBinary({ appOutDir: '/o', electronPlatformName: 'darwin', packager })).toBe(join('/o', 'PBX Companion.app'));
    expect(electronBinary({ appOutDir: '/o', electronPlatformName: 'linux', packager })).toBe(join('/o', 'pbx-companion'));
  });
});

describe('build/bundle-preload.mjs', () => {
  it('makes one CommonJS file that needs nothing but electron (a sandboxed preload can load nothing else)', async () => {
    const { bundlePreload } = (await import(join(root, 'build/bundle-preload.mjs'))) as { bundlePreload(out: string): Promise<string> };
    const folder = mkdtempSync(join(tmpdir(), 'preload-'));
    const out = await bundlePreload(join(folder, 'index.cjs'));
    const code = readFileSync(out, 'utf8');
    rmSync(folder, { recursive: true, force: true });
    expect([...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(code).toContain('exposeInMainWorld');
    expect(code).not.toMatch(/\bimport\s/);
  });
});
