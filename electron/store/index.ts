export { Store, openStore, OUTBOX_FROM, type Change, type AppliedChange, type ReceivedChange, type StoreOptions, type StoredValue } from './store';
export { LOG_COLUMNS, entrySize, expandEntry, fieldHistories, fieldKey, type LogEntry, type LoggedChange } from './changeLog';
export { newId } from './ids';
export { defaultDataDir, resolveDataDir, storeFile } from './dataDir';
