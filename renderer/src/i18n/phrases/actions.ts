/** Spanish for electron/shared/phrases/actions.ts: one template per code, the same {placeholders}. */
import type { Translation } from '@shared/phrases/index.ts';
import type { actionPhrases } from '@shared/phrases/actions.ts';

export const actionsEs: Translation<typeof actionPhrases> = {};
