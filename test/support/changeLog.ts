/** The change log as field changes (a created row's entry expanded), in log order. */
import type Database from 'better-sqlite3';
import { LOG_COLUMNS, expandEntry, type LogEntry, type LoggedChange } from '../../electron/store/index';

export function loggedChanges(db: Database.Database): LoggedChange[] {
  return (db.prepare(`SELECT ${LOG_COLUMNS} FROM change_log ORDER BY seq`).all() as LogEntry[]).flatMap(expandEntry);
}
