export { Store, openStore, type Change, type AppliedChange, type ReceivedChange, type StoreOptions, type StoredValue } from './store';
export { newId } from './ids';
export { defaultDataDir, resolveDataDir, storeFile } from './dataDir';
