/**
 * The preload script: exposes `window.companion` (electron/shared/ipc.ts PreloadBridge) through
 * contextBridge. It runs sandboxed, so it is bundled into one CommonJS file (build/bundle-preload.mjs).
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { createPreloadBridge } from './bridge.ts';

contextBridge.exposeInMainWorld(
  'companion',
  createPreloadBridge({
    invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
    on: (channel, listener) => {
      const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, forward);
      return () => {
        ipcRenderer.removeListener(channel, forward);
      };
    },
  }),
);
