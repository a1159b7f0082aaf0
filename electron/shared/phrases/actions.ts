/** The agent verbs (electron/core/actions, the ARI verbs): refusals, the PBX's replies explained, successes, dial outcomes. English; the Spanish is renderer/src/i18n/phrases/actions.ts. */
export const actionPhrases = {} as const;
