import { closeSync, mkdirSync, openSync, readFileSync, realpathSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { newPushKeyPair, newServerSecret } from './keys.ts';
import { DatabaseTooNewError, migrate } from './migrate.ts';
import { SqliteStore } from './sqlite-store.ts';

export const DEFAULT_DB_PATH = './data/pitchboard.db';
/** `npm run dev`'s own file: a development server beside `npm start` must not share its board. */
export const DEV_DB_PATH = './data/dev.db';

/** Why the database cannot be used, in one sentence that names the file: printed, then exit. */
export class DatabaseUnusableError extends Error {}

/** SQLite's and the file system's error codes, in words a person running the server can act on. */
export function unusable(file: string, error: unknown): DatabaseUnusableError {
  const code = (error as { code?: string }).code ?? '';
  const where = path.resolve(file);
  if (error instanceof DatabaseTooNewError) return new DatabaseUnusableError(`${where}: ${error.message}`);
  if (code === 'EISDIR')
    return new DatabaseUnusableError(`The database ${where} is a folder: set PITCHBOARD_DB to the path of a file (made at the first start).`);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN') {
    return new DatabaseUnusableError(
      `The database ${where} cannot be written (${code}): give this user write access to the file and its folder, or set PITCHBOARD_DB to another path.`,
    );
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_IOERR_SHORT_READ') {
    return new DatabaseUnusableError(`The database ${where} is damaged (${code}): restore it from a backup or move it away to start with a new one.`);
  }
  return new DatabaseUnusableError(`The database ${where} cannot be opened: ${(error as Error).message ?? String(error)}`);
}

/**
 * Opens (creating if needed), checks and migrates the database with the settings durability
 * needs. Anything that makes the file unusable is a DatabaseUnusableError naming the file.
 */
export function openDatabase(file: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    // (For ':memory:' this is the working folder, which is there.)
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    // better-sqlite3 leaves WAL at NORMAL, which can lose the last commits on power loss;
    // an acknowledged change must survive, so every commit is synced.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // A damaged file is found now, not when the first phone asks for a page that lies on it.
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw Object.assign(new Error(String(check)), { code: 'SQLITE_CORRUPT' });
    migrate(db);
    // The server's secret (see migration 008), made once.
    db.prepare('INSERT OR IGNORE INTO server_secret (id, secret) VALUES (1, ?)').run(newServerSecret());
    // The Web Push key pair (see migration 010), made once.
    if (!db.prepare('SELECT 1 FROM push_keys WHERE id = 1').get()) {
      const { publicKey, privateKey } = newPushKeyPair();
      db.prepare('INSERT OR IGNORE INTO push_keys (id, public_key, private_key) VALUES (1, ?, ?)').run(publicKey, privateKey);
    }
    // SQLite opens a file it may not write read-only without a word; every change would fail
    // later. Writing the schema version back as it is finds that out now.
    db.pragma(`user_version = ${Number(db.pragma('user_version', { simple: true }))}`);
    return db;
  } catch (error) {
    db?.close();
    throw unusable(file, error);
  }
}

/** The SQLite store on a file, opened as `openDatabase` does (':memory:' for one that lives as long as the process). */
export function openSqliteStore(file: string): SqliteStore {
  return new SqliteStore(openDatabase(file));
}

/** A running server's claim on its database file; `release` gives it up at shutdown. */
export interface ServerLock {
  release(): void;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as { code?: string }).code === 'EPERM';
  }
}

/**
 * Where the claim on a database file is kept: in the folder the file really lies in (symlinks
 * resolved), named after the file's device and inode, so that every way to the file (a symlink, a
 * symlinked folder, a bind mount) finds the same claim. The file must exist.
 */
export function claimFileOf(file: string): string {
  const real = realpathSync(file);
  const { dev, ino } = statSync(real);
  return path.join(path.dirname(real), `pitchboard-${dev}-${ino}.server-pid`);
}

/**
 * Claims the database file for this server process: a second server on the same file would
 * answer its phones from a board the first one keeps changing. The claim follows the file, not
 * its name (see claimFileOf) and holds the process id; one left by a process that no longer runs
 * (killed, power cut) is taken over. The command-line tools do not claim it: they may change a
 * running server's file (the server reads a changed key from it).
 */
export function claimDatabase(file: string): ServerLock {
  if (file === ':memory:') return { release: () => {} };
  const where = path.resolve(file);
  let lockFile: string;
  let real: string;
  try {
    // The first start of a fresh checkout: the folder is made here.
    mkdirSync(path.dirname(where), { recursive: true });
  } catch (error) {
    // Apart, as a file where the folder should be fails with EEXIST too, which below means a claim.
    throw unusable(file, error);
  }
  try {
    // A first start has no file yet, so nothing to tell its inode by: it is made now (empty, which
    // SQLite opens as a new database; never truncated; through a symlink, its target is made).
    closeSync(openSync(file, 'a'));
    real = realpathSync(file);
    lockFile = claimFileOf(real);
  } catch (error) {
    throw unusable(file, error);
  }
  // SQLite finds its journal (-wal, -shm) by the name it was opened with: a file with a second name
  // (a hard link) can be opened with two journals at once, and a crash loses what the other holds.
  const { nlink } = statSync(real);
  if (nlink > 1) {
    throw new DatabaseUnusableError(
      `The database ${where} has ${nlink} names (hard links), and SQLite under another name would keep another journal and can damage it: remove the other links (find / -xdev -samefile ${real}) and start again.`,
    );
  }
  const named = real === where ? where : `${where} (the file ${real})`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = openSync(lockFile, 'wx');
      writeFileSync(handle, String(process.pid));
      closeSync(handle);
      return {
        release() {
          try {
            if (readFileSync(lockFile, 'utf8') === String(process.pid)) unlinkSync(lockFile);
          } catch {
            // Already gone: nothing to give up.
          }
        },
      };
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw unusable(file, error);
      const holder = Number(readFileSync(lockFile, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder)) {
        throw new DatabaseUnusableError(
          `Another Pitchboard (process ${holder}) is already serving the database ${named}: stop it first, or start this one with PITCHBOARD_DB set to another file.`,
        );
      }
      unlinkSync(lockFile);
    }
  }
  throw new DatabaseUnusableError(`The database ${named} is being claimed by another Pitchboard starting at the same time: try again.`);
}
