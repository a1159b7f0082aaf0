/** The contacts search over IPC: the directory the saved settings name, built again when they change. */
import { followingDirectory } from '../../core/contacts/directory.ts';
import type { SettingsStore } from '../../core/settings/store.ts';
import type { InvokeHandlers } from '../../shared/ipc.ts';

export function contactsHandlers(settings: SettingsStore): Pick<InvokeHandlers, 'contacts:search'> {
  const directory = followingDirectory(() => settings.settings.contacts);
  return { 'contacts:search': (query) => directory.search(query) };
}
