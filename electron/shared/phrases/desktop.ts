/** The desktop shell's own words (electron/main): links, hotkeys, windows. English; the Spanish is renderer/src/i18n/phrases/desktop.ts. */
export const desktopPhrases = {} as const;
