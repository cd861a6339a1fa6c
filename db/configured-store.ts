// The store a server or the command line opens: the one the environment names.
import { openSqliteStore } from './open.ts';
import { PostgresStore, serverOf } from './postgres-store.ts';
import type { Store } from './store.ts';

/**
 * The store the environment names: PostgreSQL when `databaseUrl` is set (DATABASE_URL: shared by
 * any number of processes), else the SQLite file. Says in `where` which, never with a password.
 */
export async function openConfiguredStore(config: { databaseUrl?: string; sqliteFile: string }): Promise<{ store: Store; where: string }> {
  if (config.databaseUrl) {
    const store = await PostgresStore.open(config.databaseUrl);
    return { store, where: `PostgreSQL at ${serverOf(config.databaseUrl)}` };
  }
  return { store: openSqliteStore(config.sqliteFile), where: config.sqliteFile };
}
