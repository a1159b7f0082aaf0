/** Spanish for electron/shared/phrases/settings.ts: one template per code, the same {placeholders}. */
import type { Translation } from '@shared/phrases/index.ts';
import type { settingsPhrases } from '@shared/phrases/settings.ts';

export const settingsEs: Translation<typeof settingsPhrases> = {};
