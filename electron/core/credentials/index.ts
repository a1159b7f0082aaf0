export {
  CREDENTIAL_SERVICE,
  CredentialStoreError,
  KeyringCredentialStore,
  amiAccount,
  ariAccount,
  checkCredentialStore,
  explain,
} from './store.ts';
export type { CredentialErrorCode, CredentialStore, KeyringStoreOptions } from './store.ts';
