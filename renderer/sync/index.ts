/** Team sync in the window: background sync, header status, conflicts, server settings. */
export { SyncProvider, type SyncLinks } from './SyncProvider';
export { SyncStatusIndicator } from './SyncStatusIndicator';
export { ConflictsScreen } from './ConflictsScreen';
export { ConflictsPanel } from './ConflictsPanel';
export { SyncSettingsScreen } from './SyncSettingsScreen';
export { ConflictsNavLabel, DossierConflictsTabLabel, useDossierConflictCount } from './ConflictBadges';
