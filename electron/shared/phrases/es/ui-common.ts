/** Spanish for electron/shared/phrases/ui-common.ts: one template per code, the same {placeholders}. */
import type { Translation } from '../index.ts';
import type { uiCommonPhrases } from '../ui-common.ts';

export const uiCommonEs: Translation<typeof uiCommonPhrases> = {
  'app.title': 'PBX Companion',
  'lang.en': 'English',
  'lang.es': 'Español',
  'lang.auto': 'Idioma del sistema',
  'prefs.language': 'Idioma',
  'prefs.theme': 'Tema',
  'theme.auto': 'Como el sistema',
  'theme.light': 'Claro',
  'theme.dark': 'Oscuro',
  'prefs.notSaved': 'Tu elección se aplica aquí pero no se guardó: {error}',
  'toast.dismiss': 'Cerrar',
  'toast.noAnswer': 'La aplicación no respondió a tiempo. Inténtalo de nuevo.',
  'toast.failed': 'No se pudo: {error}',
  'time.justNow': 'ahora mismo',
  'time.minutesAgo': 'hace {n} min',
  'time.hoursAgo': 'hace {n} h',
};
