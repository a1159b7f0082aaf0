/**
 * tel:, sip: and callto: links from the OS: registered as the app's schemes, taken from the first
 * launch's argv, from a second instance's argv and from macOS open-url. Links that arrive before the
 * app can dial are queued, then each is handed on exactly once.
 */
import { resolve } from 'node:path';
import type { ElectronApi } from './api.ts';

export const DIAL_SCHEMES = ['tel', 'sip', 'callto'] as const;
/** sips: is read too but not claimed: the OS may route it to a softphone. */
const ACCEPTED = /^(tel|sips?|callto):/i;

/** The dial links among command-line arguments (Windows and Linux pass the link as an argument). */
export function linksFromArgv(argv: readonly string[]): string[] {
  return argv.filter((arg) => ACCEPTED.test(arg));
}

/** Holds links until a handler is ready, then delivers each once, in order. */
export class LinkInbox {
  private queued: string[] = [];
  private handler: ((link: string) => void) | null = null;

  push(link: string): void {
    if (this.handler) this.handler(link);
    else this.queued.push(link);
  }

  /** Starts delivery: queued links first. */
  start(handler: (link: string) => void): void {
    this.handler = handler;
    const queued = this.queued;
    this.queued = [];
    for (const link of queued) handler(link);
  }

  get pending(): readonly string[] {
    return this.queued;
  }
}

/**
 * Claims the schemes and wires every way a link arrives into the inbox. Call before the app is
 * ready: macOS sends open-url for the launching link before `ready`.
 */
export function setupProtocolHandler(
  api: ElectronApi,
  inbox: LinkInbox,
  argv: readonly string[],
  options: { defaultApp?: boolean; appEntry?: string } = {},
): { registered: string[]; refused: string[] } {
  const registered: string[] = [];
  const refused: string[] = [];
  for (const scheme of DIAL_SCHEMES) {
    // Run from source (`electron .`), the OS must be told how to start the app: electron + the entry,
    // as an absolute path (the OS starts it from another folder).
    const ok =
      options.defaultApp && options.appEntry
        ? api.app.setAsDefaultProtocolClient(scheme, process.execPath, [resolve(options.appEntry)])
        : api.app.setAsDefaultProtocolClient(scheme);
    (ok ? registered : refused).push(scheme);
  }
  api.app.on('open-url', (event, url) => {
    event.preventDefault();
    inbox.push(url);
  });
  for (const link of linksFromArgv(argv)) inbox.push(link);
  return { registered, refused };
}
