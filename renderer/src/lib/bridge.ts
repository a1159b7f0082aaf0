/**
 * `window.companion` as the renderer sees it: the CompanionBridge always, the shell's methods
 * (PreloadBridge: settings, keychain, windows, notices) and the settings helpers (SettingsBridge)
 * where the shell provides them, and listen/whisper (SupervisorBridge) where the core offers them. Every optional method is checked before use (`has`).
 */
import type { CompanionBridge, RendererShell, SettingsBridge, SupervisorBridge } from '@shared/bridge.ts';

export type RendererBridge = CompanionBridge & Partial<RendererShell> & SettingsBridge & SupervisorBridge;

export function windowBridge(): RendererBridge | undefined {
  return (window as { companion?: RendererBridge }).companion;
}

/** Narrows the bridge to one that has `method`. */
export function has<K extends keyof RendererBridge>(bridge: RendererBridge | undefined, method: K): bridge is RendererBridge & Required<Pick<RendererBridge, K>> {
  return typeof bridge?.[method] === 'function';
}
