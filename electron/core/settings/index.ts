export { writeFileAtomic } from './atomic-write.ts';
export type { AtomicWriteOptions } from './atomic-write.ts';
export { adminDefaultsPath, loadAdminDefaults, checkAdminDefaults } from './admin-defaults.ts';
export type { AdminDefaults } from './admin-defaults.ts';
export { migrate } from './migrations.ts';
export { SETTINGS_VERSION, DEFAULT_PAUSE_REASONS, defaultSettings, findSecretKey, parseSettings, settingsSchema } from './schema.ts';
export type { Settings } from './schema.ts';
export { SettingsStore } from './store.ts';
export type { SaveResult, SettingsNotice, SettingsStoreOptions } from './store.ts';
