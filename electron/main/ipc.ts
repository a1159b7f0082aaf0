/**
 * Every IPC handler goes through one guard: the sender must be the main frame of one of our windows,
 * loaded from the app's own origin, and the arguments must match the channel's schema. A refusal or a
 * failing handler answers `{ ok: false, error }`; nothing throws back into Electron.
 */
import type { InvokeChannel, InvokeHandlers, IpcResult } from '../shared/ipc.ts';
import { invokeChannels } from '../shared/ipc.ts';
import { describeIssues } from '../core/settings/schema.ts';
import type { ElectronApi, IpcEventLike } from './api.ts';

export interface IpcGuardOptions {
  /** The origin the app's pages load from: `app://companion` (or the dev server's). */
  appOrigin: string;
  /** True for the web contents of one of our windows. */
  isOurWindow: (webContentsId: number) => boolean;
  /** Where refusals are logged for the admin. */
  log?: (message: string) => void;
}

/** Why a sender is refused, or null when it is ours. */
export function refuseSender(event: IpcEventLike, options: IpcGuardOptions): string | null {
  const frame = event.senderFrame;
  if (!frame) return 'the sending frame is gone';
  if (frame.parent !== null) return "only a window's main frame may call the app";
  let origin: string;
  try {
    const url = new URL(frame.url);
    origin = `${url.protocol}//${url.host}`;
  } catch {
    return `the sender's address "${frame.url.slice(0, 100)}" is not a URL`;
  }
  if (origin !== options.appOrigin) return `the sender's origin ${origin} is not the app's`;
  if (!options.isOurWindow(event.sender.id)) return "the sender is not one of the app's windows";
  return null;
}

export function guardedHandler<C extends InvokeChannel>(channel: C, handler: InvokeHandlers[C], options: IpcGuardOptions) {
  const schema = invokeChannels[channel].args;
  return async (event: IpcEventLike, ...args: unknown[]): Promise<IpcResult<unknown>> => {
    const refused = refuseSender(event, options);
    if (refused) {
      options.log?.(`ipc: refused ${channel}: ${refused}`);
      return { ok: false, error: `Refused: ${refused}.` };
    }
    const parsed = schema.safeParse(args);
    if (!parsed.success) {
      options.log?.(`ipc: bad arguments for ${channel}`);
      return { ok: false, error: `Invalid request for ${channel}: ${describeIssues(parsed.error.issues)}` };
    }
    try {
      const value = await (handler as (...a: unknown[]) => unknown)(...(parsed.data as unknown[]));
      return { ok: true, value };
    } catch (error) {
      options.log?.(`ipc: ${channel} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  };
}

/** Registers every channel of the contract; returns a function that removes them. */
export function setupIpc(api: ElectronApi, handlers: InvokeHandlers, options: IpcGuardOptions): () => void {
  const channels = Object.keys(invokeChannels) as InvokeChannel[];
  for (const channel of channels) api.ipcMain.handle(channel, guardedHandler(channel, handlers[channel], options));
  return () => channels.forEach((channel) => api.ipcMain.removeHandler(channel));
}
