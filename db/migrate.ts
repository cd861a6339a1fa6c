// Numbered, forward-only migrations, tracked in PRAGMA user_version.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type Database from 'better-sqlite3';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((name) => /^\d{3}-[\w-]+\.sql$/.test(name))
    .sort()
    .map((name, index) => {
      const version = Number(name.slice(0, 3));
      if (version !== index + 1) throw new Error(`Migration ${name} is out of sequence (expected ${index + 1}).`);
      return { version, name, sql: readFileSync(path.join(dir, name), 'utf8') };
    });
}

export class DatabaseTooNewError extends Error {}

/** Applies every migration the database lacks, each in its own transaction. */
export function migrate(db: Database.Database, migrations = loadMigrations()): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length;
  if (from > latest) {
    throw new DatabaseTooNewError(
      `The database is at schema version ${from}, but this Pitchboard knows only up to ${latest}. ` +
        'Update Pitchboard, or point PITCHBOARD_DB at another file.',
    );
  }
  for (const migration of migrations.slice(from)) {
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return { from, to: latest };
}
