/** The core's phrases in Spanish: every code (the type says so), one file per area of the core and per window of the renderer. */
import type { PhraseCatalog } from '../index.ts';
import { actionsEs } from './actions.ts';
import { agentPoolEs } from './agent-pool.ts';
import { callLogEs } from './call-log.ts';
import { commonEs } from './common.ts';
import { connectionEs } from './connection.ts';
import { contactsEs } from './contacts.ts';
import { desktopEs } from './desktop.ts';
import { dialingEs } from './dialing.ts';
import { doctorEs } from './doctor.ts';
import { ipcEs } from './ipc.ts';
import { securityEs } from './security.ts';
import { settingsEs } from './settings.ts';
import { statusEs } from './status.ts';
import { uiCommonEs } from './ui-common.ts';
import { uiPopoverEs } from './ui-popover.ts';
import { uiSettingsEs } from './ui-settings.ts';

export const spanishPhrases: PhraseCatalog = {
  ...commonEs,
  ...actionsEs,
  ...agentPoolEs,
  ...callLogEs,
  ...connectionEs,
  ...contactsEs,
  ...dialingEs,
  ...settingsEs,
  ...desktopEs,
  ...doctorEs,
  ...securityEs,
  ...statusEs,
  ...ipcEs,
  ...uiCommonEs,
  ...uiPopoverEs,
  ...uiSettingsEs,
};
