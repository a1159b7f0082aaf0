/**
 * After sleep, an unlock or a network change the PBX session may be dead without the socket knowing
 * (no FIN crosses a suspended laptop or a Wi-Fi switch), and the keepalive would find out only after
 * its interval. So the core checks at once: on powerMonitor's `resume` and `unlock-screen`, and when
 * the machine's network addresses change (polled: Electron's main process has no network-change
 * event, and a new address is what breaks a TCP session). The core answers bursts as one check.
 */
import { networkInterfaces } from 'node:os';
import type { ElectronApi } from './api.ts';

export interface WakeOptions {
  /** The machine's non-loopback addresses, sorted; default from os.networkInterfaces(). */
  addresses?: () => string[];
  /** How often the addresses are compared. Default 5 s. */
  everyMs?: number;
  log?: (message: string) => void;
}

/** Every non-internal address of every interface, sorted, as one comparable string list. */
export function currentAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((entry) => !entry.internal)
    .map((entry) => entry.address)
    .sort();
}

/** Calls `check` on wake, unlock and network change; returns a stop. */
export function setupWakeChecks(api: ElectronApi, check: () => void, options: WakeOptions = {}): () => void {
  const addresses = options.addresses ?? currentAddresses;
  const log = options.log ?? (() => {});
  const onPower = (why: string) => () => {
    log(`${why}: checking the PBX connection now`);
    check();
  };
  api.powerMonitor.on('resume', onPower('resumed from sleep'));
  api.powerMonitor.on('unlock-screen', onPower('screen unlocked'));
  let known = addresses().join(' ');
  const timer = setInterval(() => {
    const now = addresses().join(' ');
    if (now === known) return;
    known = now;
    log('the network changed: checking the PBX connection now');
    check();
  }, options.everyMs ?? 5000);
  timer.unref?.();
  return () => clearInterval(timer);
}
