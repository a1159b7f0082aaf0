/**
 * What main pushes to every app window (shared/ipc.ts pushChannels): each snapshot (the tray shows it
 * too), and what the core offers whenever that changes.
 */
import { isDeepStrictEqual } from 'node:util';
import type { PushChannel, PushPayloads } from '../shared/ipc.ts';
import type { Snapshot } from '../shared/snapshot.ts';
import type { CompanionHost } from './companion-host.ts';
import type { WindowFactory } from './windows.ts';

export type Push = <P extends PushChannel>(channel: P, payload: PushPayloads[P]) => void;

export function createPush(factory: WindowFactory): Push {
  return (channel, payload) => factory.windows().forEach((window) => window.webContents.send(channel, payload));
}

/** Every snapshot to the tray and the windows; what the core offers (listen and whisper) when it changes. */
export function setupSnapshotPush(host: CompanionHost, tray: { update(snapshot: Snapshot): void }, push: Push): void {
  // What the core offers changes only with a new core, which always shows a snapshot.
  let offered = host.capabilities();
  host.subscribe((snapshot) => {
    tray.update(snapshot);
    push('push:snapshot', snapshot);
    const now = host.capabilities();
    if (!isDeepStrictEqual(now, offered)) {
      offered = now;
      push('push:capabilities', now);
    }
  });
}
