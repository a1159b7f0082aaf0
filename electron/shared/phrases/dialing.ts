/** Click-to-dial input (electron/core/dialing) and the screen-pop template (electron/core/screenpop). English; the Spanish is renderer/src/i18n/phrases/dialing.ts. */
export const dialingPhrases = {} as const;
