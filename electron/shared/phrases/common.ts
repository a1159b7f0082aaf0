/** Phrases every area uses. */
export const commonPhrases = {
  /** Words that are not ours (the PBX's, the OS's), passed through. */
  text: '{text}',
  /** A country: its name in the language the phrase is said in (Intl), this English name otherwise. */
  country: '{name}',
  /** A call whose caller sent neither a name nor a number (the tray's notifications, the popover). */
  'unknown-caller': 'Unknown caller',
} as const;
