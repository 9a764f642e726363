/** The synced tables and their writable columns, defined once in shared/sync/schema.ts (the sync server checks against it too). */
export { ENTITIES, isEntityName, type EntityName } from '../../shared/sync/schema';
