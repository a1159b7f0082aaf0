/** Spanish for electron/shared/phrases/dialing.ts: one template per code, the same {placeholders}. */
import type { Translation } from '@shared/phrases/index.ts';
import type { dialingPhrases } from '@shared/phrases/dialing.ts';

export const dialingEs: Translation<typeof dialingPhrases> = {};
