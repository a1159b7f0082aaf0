/**
 * `window.companion` as the renderer sees it: the CompanionBridge always; every other method of the
 * preload's bridge (electron/shared/ipc.ts PreloadBridge: settings, keychain, windows, notices,
 * listen and whisper) only where the shell provides it. Every optional method is checked before use (`has`).
 */
import type { CompanionBridge } from '@shared/bridge.ts';
import type { PreloadBridge } from '@shared/ipc.ts';

export type RendererBridge = CompanionBridge & Partial<Omit<PreloadBridge, keyof CompanionBridge>>;

export function windowBridge(): RendererBridge | undefined {
  return (window as { companion?: RendererBridge }).companion;
}

/** Narrows the bridge to one that has `method`. */
export function has<K extends keyof RendererBridge>(
  bridge: RendererBridge | undefined,
  method: K,
): bridge is RendererBridge & Required<Pick<RendererBridge, K>> {
  return typeof bridge?.[method] === 'function';
}
