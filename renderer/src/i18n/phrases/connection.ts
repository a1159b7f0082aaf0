/** Spanish for electron/shared/phrases/connection.ts: one template per code, the same {placeholders}. */
import type { Translation } from '@shared/phrases/index.ts';
import type { connectionPhrases } from '@shared/phrases/connection.ts';

export const connectionEs: Translation<typeof connectionPhrases> = {};
