/** Spanish for electron/shared/phrases/desktop.ts: one template per code, the same {placeholders}. */
import type { Translation } from '@shared/phrases/index.ts';
import type { desktopPhrases } from '@shared/phrases/desktop.ts';

export const desktopEs: Translation<typeof desktopPhrases> = {};
