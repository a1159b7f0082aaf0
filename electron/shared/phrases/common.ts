/** Phrases every area uses. */
export const commonPhrases = {
  /** Words that are not ours (the PBX's, the OS's), passed through. */
  text: '{text}',
} as const;
