/**
 * The server stores every sync test runs against: SQLite always, PostgreSQL when its binaries are
 * installed (a throwaway cluster per test file). Each test gets a fresh, empty database.
 */
import path from 'node:path';
import { createDatabase, postgresBinDir, startPostgres, type PostgresCluster } from './sync-harness';
import { tempDir } from '../support/tempData';

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A new empty database URL for `--db`. */
  freshDb(): string;
  setup(): Promise<void>;
  teardown(): void;
}

let counter = 0;

function sqliteBackend(): Backend {
  return {
    name: 'sqlite',
    freshDb: () => `sqlite:${path.join(tempDir('pcr-sync-srv-'), 'sync.sqlite')}`,
    setup: async () => undefined,
    teardown: () => undefined,
  };
}

function postgresBackend(): Backend {
  let cluster: PostgresCluster | undefined;
  return {
    name: 'postgres',
    freshDb: () => createDatabase(cluster!.url, `sync_${process.pid}_${++counter}`),
    setup: async () => {
      cluster = await startPostgres();
    },
    teardown: () => cluster?.stop(),
  };
}

export const POSTGRES_AVAILABLE = postgresBinDir() !== null;
/** Why PostgreSQL runs are skipped, for the test names. */
export const POSTGRES_SKIP_REASON = 'PostgreSQL is not installed here (apt-get install postgresql; .ci/run does it)';

export function backends(): Backend[] {
  return POSTGRES_AVAILABLE ? [sqliteBackend(), postgresBackend()] : [sqliteBackend()];
}
