/** The renderer's words both windows use: the app's name, the language and theme choices, toasts, times. English; the Spanish is electron/shared/phrases/es/ui-common.ts. */
export const uiCommonPhrases = {
  'app.title': 'PBX Companion',
  'lang.en': 'English',
  'lang.es': 'Español',
  'lang.auto': 'System language',
  'prefs.language': 'Language',
  'prefs.theme': 'Theme',
  'theme.auto': 'Match system',
  'theme.light': 'Light',
  'theme.dark': 'Dark',
  'prefs.notSaved': 'Your choice applies here but was not saved: {error}',
  'toast.dismiss': 'Dismiss',
  'toast.noAnswer': 'The app did not answer in time. Try again.',
  'toast.failed': 'That did not work: {error}',
  'time.justNow': 'just now',
  'time.minutesAgo': '{n} min ago',
  'time.hoursAgo': '{n} h ago',
} as const;
