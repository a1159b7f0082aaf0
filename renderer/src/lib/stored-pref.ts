/**
 * A UI preference kept in localStorage, shared by the popover and the settings window (same origin,
 * so a change in one reaches the other through the `storage` event). Unknown values read as the fallback.
 */
export function readPref<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
  try {
    const value = globalThis.localStorage?.getItem(`pbx-companion.${key}`);
    return allowed.includes(value as T) ? (value as T) : fallback;
  } catch {
    return fallback; // storage may be disabled; the preference then lasts for this window only
  }
}

export function writePref(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(`pbx-companion.${key}`, value);
  } catch {
    // ignored: see readPref
  }
}

export function onPrefChange(key: string, listener: (value: string | null) => void): () => void {
  const handler = (event: StorageEvent) => {
    if (event.key === `pbx-companion.${key}`) listener(event.newValue);
  };
  window.addEventListener('storage', handler);
  return () => window.removeEventListener('storage', handler);
}
