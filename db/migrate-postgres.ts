// PostgreSQL's numbered, forward-only migrations (db/migrations-postgres/), tracked in the table
// schema_migrations. Several processes may start at once on one database: the whole run holds an
// advisory lock, so the first one migrates and the others find it done.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type pg from 'pg';
import { DatabaseTooNewError, loadMigrations, type Migration } from './migrate.ts';

export const POSTGRES_MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations-postgres');

/** The advisory lock a migration run holds (any number; the same in every Pitchboard): "pitchmig" in ASCII. */
export const MIGRATION_LOCK = 0x70697463686d6967n;

/**
 * Applies every migration the database lacks, each in its own transaction, on one connection that
 * holds the migration lock throughout. Refuses a database that has migrations this code does not know.
 */
export async function migratePostgres(
  client: pg.ClientBase,
  migrations: Migration[] = loadMigrations(POSTGRES_MIGRATIONS_DIR),
): Promise<{ from: number; to: number }> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
  try {
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const { rows } = await client.query<{ version: number }>('SELECT COALESCE(MAX(version), 0)::int AS version FROM schema_migrations');
    const from = rows[0]!.version;
    const latest = migrations.length;
    if (from > latest) {
      throw new DatabaseTooNewError(
        `The database is at schema version ${from}, but this Pitchboard knows only up to ${latest}. ` +
          'Update Pitchboard, or point DATABASE_URL at another database.',
      );
    }
    for (const migration of migrations.slice(from)) {
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    }
    return { from, to: latest };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]).catch(() => undefined);
  }
}
