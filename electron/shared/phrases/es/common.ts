/** Spanish for electron/shared/phrases/common.ts: one template per code, the same {placeholders}. */
import type { Translation } from '../index.ts';
import type { commonPhrases } from '../common.ts';

export const commonEs: Translation<typeof commonPhrases> = {
  text: '{text}',
  country: '{name}',
  'unknown-caller': 'Llamante desconocido',
};
