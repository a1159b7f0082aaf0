/**
 * Every IPC handler goes through one guard: the sender must be the main frame of one of our windows,
 * loaded from the app's own origin, and the arguments must match the channel's schema. A refusal or a
 * failing handler answers `{ ok: false, error, phrase }` (the window says the phrase in the agent's
 * language; the log gets the English); nothing throws back into Electron.
 */
import type { InvokeChannel, InvokeHandlers, IpcResult } from '../shared/ipc.ts';
import { invokeChannels } from '../shared/ipc.ts';
import { english, phrase, phraseOfError, refusal, refused, type Phrase } from '../shared/phrases/index.ts';
import { phraseOfIssues } from '../core/settings/schema.ts';
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
export function refuseSender(event: IpcEventLike, options: IpcGuardOptions): Phrase | null {
  const frame = event.senderFrame;
  if (!frame) return phrase('ipc.frame-gone');
  if (frame.parent !== null) return phrase('ipc.sub-frame');
  let origin: string;
  try {
    const url = new URL(frame.url);
    origin = `${url.protocol}//${url.host}`;
  } catch {
    return phrase('ipc.not-a-url', { address: frame.url.slice(0, 100) });
  }
  if (origin !== options.appOrigin) return phrase('ipc.foreign-origin', { origin });
  if (!options.isOurWindow(event.sender.id)) return phrase('ipc.not-our-window');
  return null;
}

export function guardedHandler<C extends InvokeChannel>(channel: C, handler: InvokeHandlers[C], options: IpcGuardOptions) {
  const schema = invokeChannels[channel].args;
  return async (event: IpcEventLike, ...args: unknown[]): Promise<IpcResult<unknown>> => {
    const why = refuseSender(event, options);
    if (why) {
      options.log?.(`ipc: refused ${channel}: ${english(why)}`);
      return refused('ipc.refused', { why });
    }
    const parsed = schema.safeParse(args);
    if (!parsed.success) {
      options.log?.(`ipc: bad arguments for ${channel}`);
      return refused('ipc.invalid-request', { channel, issues: phraseOfIssues(parsed.error.issues) });
    }
    try {
      const value = await (handler as (...a: unknown[]) => unknown)(...(parsed.data as unknown[]));
      return { ok: true, value };
    } catch (error) {
      // A handler should answer a phrased refusal itself; one that throws all the same is said as
      // its error's phrase (a PhrasedError's), or its message verbatim.
      options.log?.(`ipc: ${channel} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return refusal(phraseOfError(error));
    }
  };
}

/** Registers every channel of the contract; returns a function that removes them. */
export function setupIpc(api: ElectronApi, handlers: InvokeHandlers, options: IpcGuardOptions): () => void {
  const channels = Object.keys(invokeChannels) as InvokeChannel[];
  for (const channel of channels) api.ipcMain.handle(channel, guardedHandler(channel, handlers[channel], options));
  return () => channels.forEach((channel) => api.ipcMain.removeHandler(channel));
}
