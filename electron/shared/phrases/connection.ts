/** The connection to the PBX (electron/core/ami, agent/sync, startup): login and network errors, sync problems, notices. English; the Spanish is renderer/src/i18n/phrases/connection.ts. */
export const connectionPhrases = {} as const;
