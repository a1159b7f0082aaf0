/** The settings file, the admin defaults and the keychain (electron/core/settings, electron/core/credentials). English; the Spanish is renderer/src/i18n/phrases/settings.ts. */
export const settingsPhrases = {} as const;
